// The soc2-healthcare pack over the synthetic workspace (synthetic.ts): evidence tables sized like a mid-size
// vendor's (a roster of every actor, some terminated and some privileged; quarterly reviews; a change log;
// weekly restore tests; an identity map) are added once, then the pack runs and each rule's time is printed.
import { Workspace } from '../../electron/engine/store/workspace';
import { importEvidenceTable } from '../../electron/engine/evidence/index';
import { loadRulePack, runRulePack } from '../../electron/engine/analytics/index';

const ACTORS = 997; // synthetic.ts: actors u-1000 … u-1996
const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');
const START = Date.parse('2026-01-01T00:00:00Z');
const DAY = 86_400_000;

function csv(rows: (string | number)[][]): Uint8Array {
  return Buffer.from(rows.map((r) => r.join(',')).join('\r\n') + '\r\n');
}

export async function addEvidence(ws: Workspace): Promise<void> {
  const roster: (string | number)[][] = [['user_id', 'user_name', 'hired_on', 'terminated_on', 'privileged']];
  for (let i = 0; i < ACTORS; i++)
    roster.push([`u-${1000 + i}`, `User ${i}`, '2020-01-01', i % 100 === 7 ? day(START + (i % 150) * DAY) : '', i % 20 === 0 ? 'true' : 'false']);
  const review: (string | number)[][] = [['user_id', 'role', 'reviewer', 'decision', 'reviewed_on']];
  for (const q of [0, 91])
    for (let i = 0; i < ACTORS; i++)
      review.push([`u-${1000 + i}`, 'clinician', 'u-1000', i % 97 === 3 ? 'revoke' : 'retain', day(START + (q + 80) * DAY)]);
  const changes: (string | number)[][] = [['change_id', 'change_ts', 'changed_by', 'approved_by', 'approved_ts', 'change_type', 'change_desc']];
  for (let i = 0; i < 400; i++) {
    const at = START + i * 10 * 3_600_000;
    changes.push([
      `CHG-${i}`,
      iso(at),
      `u-${1000 + (i % 50)}`,
      `u-${1050 + (i % 50)}`,
      iso(at - 3_600_000),
      ['DDL', 'PIPELINE', 'ACCESS', 'INFRASTRUCTURE'][i % 4]!,
      'change',
    ]);
  }
  const restores: (string | number)[][] = [['test_id', 'performed_on', 'system', 'result']];
  for (let w = 0; w < 27; w++) restores.push([`RT-${w}`, day(START + w * 7 * DAY + 2 * DAY), 'prod-db', w % 9 === 4 ? 'fail' : 'pass']);
  const idmap: (string | number)[][] = [
    ['user_id', 'actor_id'],
    ['u-1000', 'okta:00u1000'],
    ['u-1001', 'okta:00u1001'],
  ];
  for (const [path, kind, rows] of [
    ['evidence/hr-roster.csv', 'hr_roster', roster],
    ['evidence/access-review.csv', 'access_review', review],
    ['evidence/change-log.csv', 'change_log', changes],
    ['evidence/restore-tests.csv', 'restore_test', restores],
    ['evidence/identity-map.csv', 'identity_map', idmap],
  ] as const)
    await importEvidenceTable(ws, { bytes: csv(rows as (string | number)[][]), path, kind }, { actor: 'bench' });
}

export async function benchAnalytics(file: string): Promise<{ total: number; rules: { rule: string; ms: number; count: number; status: string }[] }> {
  const ws = Workspace.open(file);
  try {
    await addEvidence(ws); // a second time is a duplicate: nothing added
    const t = process.hrtime.bigint();
    const report = runRulePack(ws, loadRulePack('soc2-healthcare'), { actor: 'bench' });
    const total = Number(process.hrtime.bigint() - t) / 1e9;
    return { total, rules: report.rules.map((r) => ({ rule: r.rule, ms: r.ms, count: r.count, status: r.status })) };
  } finally {
    ws.close();
  }
}
