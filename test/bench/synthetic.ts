// A synthetic engagement for the sampling benchmark: N events generated inside SQLite (fast, no hashing),
// one stream marked verified, so that population, filtering, drawing and workpaper speed can be measured
// at 10M events without a 10M-event import first.
import { Workspace } from '../../electron/engine/store/workspace';
import { definePopulation } from '../../electron/engine/population';
import { createSession } from '../../electron/engine/sessions';
import { exportWorkpaper } from '../../electron/engine/workpaper/index';
import { whereFor } from '../../electron/engine/query';

const START = Date.parse('2026-01-01T00:00:00Z');
const SPAN = Date.parse('2026-07-01T00:00:00Z') - START;
const HEAD = 'ab'.repeat(32);

export function buildSyntheticWorkspace(file: string, n: number): number {
  const ws = Workspace.open(file, { create: true });
  const eng = ws.engagement({ name: 'Synthetic 10M', windowStart: '2026-01-01T00:00:00Z', windowEnd: '2026-06-30T23:59:59Z' });
  const db = ws.db;
  db.exec('BEGIN');
  db.prepare(
    "INSERT INTO bundles (engagement_id, source_path, source_kind, manifest_sha256, tenant_id, tenant_name, window_start, window_end, event_count, imported_at) VALUES (?, 'synthetic', 'folder', ?, 't', 'Synthetic', '2026-01-01T00:00:00Z', '2026-06-30T23:59:59Z', ?, ?)",
  ).run(eng.id, 'cd'.repeat(32), n, new Date().toISOString());
  db.prepare(
    "INSERT INTO streams (bundle_id, stream_key, origin, files, first_seq, declared_count, imported_count) VALUES (1, 'events', 'synthetic/events', '[\"streams/events.jsonl\"]', 0, ?, ?)",
  ).run(n, n);
  db.prepare(
    `WITH RECURSIVE c(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM c WHERE i < ? - 1)
     INSERT INTO events (stream_id, file_no, line, seq, ts, ts_ms, category, action, actor_id, actor_type, target, outcome, mfa, raw)
     SELECT 1, 0, i + 1, i, strftime('%Y-%m-%dT%H:%M:%fZ', (? + i * ?) / 1000.0, 'unixepoch'), ? + i * ?,
            CASE i % 6 WHEN 0 THEN 'auth' WHEN 1 THEN 'phi_access' WHEN 2 THEN 'phi_access' WHEN 3 THEN 'admin' WHEN 4 THEN 'config_change' ELSE 'system' END,
            CASE i % 7 WHEN 0 THEN 'login' WHEN 1 THEN 'record.read' WHEN 2 THEN 'record.update' WHEN 3 THEN 'role.grant' WHEN 4 THEN 'setting.update' WHEN 5 THEN 'logout' ELSE 'backup.completed' END,
            'u-' || (1000 + i % 997), 'user', 'pt-' || (i % 40000), CASE WHEN i % 50 = 0 THEN 'failure' ELSE 'success' END, NULL,
            '{"seq":' || i || '}'
     FROM c`,
  ).run(n, START, SPAN / n, START, SPAN / n);
  const report = { streams: [{ id: 'events', verdict: 'verified', chainHead: HEAD, findings: [] }], verdict: 'verified' };
  db.prepare(
    "INSERT INTO verification_runs (bundle_id, started_at, finished_at, verdict, pinned_keys, tool_version, report) VALUES (1, ?, ?, 'verified', '[]', 'synthetic', ?)",
  ).run(new Date().toISOString(), new Date().toISOString(), JSON.stringify(report));
  db.exec('COMMIT');
  definePopulation(ws, 'all events', {}, 'bench');
  ws.close();
  return n;
}

function timed<T>(f: () => T): [T, number] {
  const t = process.hrtime.bigint();
  const r = f();
  return [r, Number(process.hrtime.bigint() - t) / 1e9];
}

export async function benchSampling(file: string, xlsx: string): Promise<Record<string, number>> {
  const ws = Workspace.open(file);
  const count = (f: Parameters<typeof whereFor>[0]): number => {
    const w = whereFor(f);
    return (ws.db.prepare(`SELECT COUNT(*) AS n FROM events e ${w.sql}`).get(...w.params) as { n: number }).n;
  };
  const firstPage = (f: Parameters<typeof whereFor>[0]): number => {
    const w = whereFor(f);
    return (
      ws.db
        .prepare(`SELECT e.id FROM events e JOIN streams s ON s.id = e.stream_id ${w.sql} ORDER BY e.ts_ms, e.id LIMIT 200`)
        .all(...w.params) as unknown[]
    ).length;
  };
  const [, pageCategory] = timed(() => firstPage({ categories: ['admin'] }));
  const [, pageActor] = timed(() => firstPage({ actors: ['u-1234'] }));
  const [, filterCategory] = timed(() => count({ categories: ['admin'] }));
  const [, filterActor] = timed(() => count({ actors: ['u-1234'] }));
  const [, filterTime] = timed(() => count({ from: '2026-03-01T00:00:00Z', to: '2026-03-08T00:00:00Z' }));
  const popId = (ws.db.prepare("SELECT id FROM populations WHERE name = 'all events'").get() as { id: number }).id;
  const [session, draw] = timed(() =>
    createSession(ws, {
      populationId: popId,
      name: `bench ${Date.now()}`,
      attributes: [{ name: 'A' }],
      plan: { confidence: 0.95, tolerableRate: 0.05 },
      override: { size: 60, reason: 'benchmark: 60 items' },
      selection: { method: 'stratified', period: 'month', allocation: 'at-least-one' },
      auditorValue: 'bench',
      actor: 'bench',
    }),
  );
  const t = process.hrtime.bigint();
  await exportWorkpaper(ws, session.id, xlsx, 'bench');
  const workpaper = Number(process.hrtime.bigint() - t) / 1e9;
  ws.close();
  return {
    populationSize: session.population.size,
    items: session.items.length,
    pageCategory,
    pageActor,
    filterCategory,
    filterActor,
    filterTime,
    draw,
    workpaper,
  };
}
