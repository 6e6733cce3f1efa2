// The bundled sample engagement as a newcomer first sees it (#13 item 11): the sample bundle imported and
// verified under the pinned sample vendor key, one population of ePHI reads, and one sampling session in
// progress with its first results recorded, and the soc2-healthcare pack run once over its planted evidence
// tables (#16 item 5, docs/sample-engagement.md) — the product at work, not an empty screen. Everything goes
// through the same engine calls an auditor's own work does, so it lands in the activity log like theirs.
import path from 'node:path';
import { loadRulePack, runRulePack } from './analytics/index';
import { importBundle } from './import';
import { definePopulation } from './population';
import { createSession, recordResult } from './sessions';
import type { Workspace } from './store/workspace';

/** Results recorded on the first items, so the session shows work in progress (and one deviation). */
const STARTED_ITEMS = 8;

export async function prepareSampleEngagement(ws: Workspace, bundleDir: string, actor: string): Promise<void> {
  await importBundle(ws, bundleDir, { actor, verify: {} });
  const population = definePopulation(ws, 'ePHI record reads', { categories: ['phi_access'], actions: ['record.read'] }, actor);
  const session = createSession(ws, {
    populationId: population.id,
    name: 'CC6.1 ePHI access (sample)',
    control: {
      id: 'CC6.1',
      description: 'Access to ePHI is restricted to authorised users',
      objective: 'Reads of patient records are by care-team members for a permitted purpose',
    },
    attributes: [
      { name: 'Purpose of use recorded', description: 'Deviation: the event carries no purpose of use, or one outside the permitted list' },
      {
        name: 'Role permits the read',
        description: "Deviation: the reader's role (actor.role) is not a care-team role (billing staff read clinical records)",
      },
    ],
    plan: { confidence: 0.95, tolerableRate: 0.05, expectedRate: 0 },
    selection: { method: 'stratified', period: 'month' },
    auditorValue: 'sample engagement, dice 3-5-2',
    actor,
  });
  const [purpose, role] = session.attributes;
  for (const item of session.items.slice(0, STARTED_ITEMS)) {
    const record = JSON.parse(item.event.raw) as { actor?: { role?: string }; details?: { purpose?: string } };
    recordResult(ws, item.id, purpose!.id, record.details?.purpose ? 'pass' : 'deviation', actor);
    recordResult(ws, item.id, role!.id, record.actor?.role === 'billing' ? 'deviation' : 'pass', actor);
  }
  // the pack that ships beside the sample bundle: resources/ in a checkout, resourcesPath when packaged
  runRulePack(ws, loadRulePack(path.join(path.dirname(bundleDir), 'rule-packs', 'soc2-healthcare.json')), { actor });
}
