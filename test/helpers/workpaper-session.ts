// A real sampling session to export and import workpapers from: a generated bundle imported and verified
// into a fresh workspace, a population of the auth stream, a simple-random sample (or every member).
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Workspace, generateBundle, importBundle, pinKey } from '../../electron/engine/index';
import { definePopulation } from '../../electron/engine/population';
import { createSession, sessionView } from '../../electron/engine/sessions';
import type { SessionView } from '../../shared/session';

export interface RealSession {
  dir: string;
  ws: Workspace;
  sessionId: number;
  view: () => SessionView;
}

export async function realSession(o: { events?: number; all?: boolean; attributes?: string[]; seed?: string } = {}): Promise<RealSession> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tickmark-wp-session-'));
  const g = await generateBundle({ out: path.join(dir, 'bundle'), events: o.events ?? 300, seed: o.seed ?? 'wp-session' });
  const ws = Workspace.open(path.join(dir, 'w.tickmark'), { create: true });
  pinKey(ws, g.vendorKey, 'vendor', 'test');
  await importBundle(ws, g.dir, { verify: {}, actor: 'test' });
  const pop = definePopulation(ws, 'sign-ins', { streams: ['auth'] }, 'test');
  const v = createSession(ws, {
    populationId: pop.id,
    name: 'CC6.1 access',
    attributes: (o.attributes ?? ['MFA present', 'Purpose recorded']).map((name) => ({ name })),
    plan: { confidence: 0.9, tolerableRate: 0.1 },
    selection: { method: o.all ? 'all' : 'simple-random' },
    auditorValue: 'fixture',
    actor: 'test',
  });
  return { dir, ws, sessionId: v.id, view: () => sessionView(ws, v.id) };
}
