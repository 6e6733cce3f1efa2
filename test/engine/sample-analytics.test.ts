// The sample engagement's planted control-analytics answers (#16 item 5 and its proof). Three things:
// 1. the shipped bundle (resources/sample-engagement) is byte for byte what the generator writes with
//    `planted`, so the answers the generator returns are the answers for the bundle a newcomer opens;
// 2. the answers are right and complete: the nine soc2-healthcare rules, re-read from issue 16 and
//    evidence-tables.md and written here over the bundle's own files (JSONL lines, CSV, XLSX) — never the
//    generator's plan nor the engine's rules — find exactly the planted findings, so the background is clean
//    and every boundary case sits exactly on its boundary;
// 3. the engine reads the sample's tables as declared (h-evidence), and its rule runner (h-rules) on the
//    imported, verified sample reports exactly the planted findings: precision and recall 100 %.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { generateBundle, type GeneratedBundle } from '../../electron/engine/fixtures/generate';
import { importBundle, pinKey, Workspace } from '../../electron/engine/index';
import { listEvidenceTables } from '../../electron/engine/evidence/index';
import { loadRulePack, runRulePack } from '../../electron/engine/analytics/index';
import type { PlantedCase, PlantedRef } from '../../electron/engine/fixtures/planted-evidence';
import type { Manifest } from '../../shared/types';

const root = path.resolve(__dirname, '../..');
const shipped = path.join(root, 'resources/sample-engagement');
const DAY = 86_400_000;
const HOUR = 3_600_000;

let g: GeneratedBundle;
beforeAll(async () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'tickmark-sample-analytics-'));
  g = await generateBundle({ out: path.join(tmp, 'sample'), events: 3000, seed: 'tickmark-sample', planted: true });
}, 60_000);

function filesUnder(dir: string, rel = ''): string[] {
  return readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? filesUnder(dir, path.join(rel, d.name)) : [path.join(rel, d.name)],
  );
}

const key = (c: { rule: string; severity: string; refs: unknown[] }): string =>
  `${c.rule} ${c.severity} ${JSON.stringify(c.refs.map((r) => JSON.stringify(r)).sort())}`;

// ---- the bundle's own files, read as the spec says ------------------------------------------------------
interface Ev {
  stream: string;
  seq: number;
  ms: number;
  category: string;
  action: string;
  actor: { id: string; type: string };
  mfa?: boolean;
  details?: { mfa?: boolean };
}
type Row = { row: number } & Record<string, string>;

function readEvents(dir: string, m: Manifest): Ev[] {
  return m.streams.flatMap((s) =>
    readFileSync(path.join(dir, s.files[0]!), 'utf8')
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => {
        const e = JSON.parse(l) as Omit<Ev, 'stream' | 'ms'> & { ts: string };
        return { ...e, stream: s.id, ms: Date.parse(e.ts) };
      }),
  );
}

/** Rows of every file of a kind, with standard column names (mapping applied, headers without case). */
async function readTable(dir: string, m: Manifest, kind: string): Promise<(Row & { path: string })[]> {
  const out: (Row & { path: string })[] = [];
  for (const e of m.evidence) {
    if (e.table?.kind !== kind) continue;
    const bytes = readFileSync(path.join(dir, e.path));
    let cells: string[][];
    if (e.path.endsWith('.xlsx')) {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(bytes as unknown as ArrayBuffer);
      cells = [];
      wb.worksheets[0]!.eachRow((r, n) => {
        cells[n - 1] = (r.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v as string | number)));
      });
    } else cells = parse(bytes, { bom: true }) as string[][];
    const header = cells[0]!.map((h) => h.toLowerCase());
    const col = (std: string): number => header.indexOf((e.table!.columns?.[std] ?? std).toLowerCase());
    const names = [...new Set([...header, ...Object.keys(e.table.columns ?? {})])];
    cells.slice(1).forEach((r, i) => {
      const row: Row & { path: string } = { row: i + 2, path: e.path } as Row & { path: string };
      for (const n of names) if (col(n) >= 0) row[n] = r[col(n)] ?? '';
      out.push(row);
    });
  }
  return out;
}

/** [from, to] instants: a date is its whole UTC day, a timestamp its instant. */
const span = (t: string): [number, number] =>
  /^\d{4}-\d{2}-\d{2}$/.test(t) ? [Date.parse(`${t}T00:00:00Z`), Date.parse(`${t}T00:00:00Z`) + DAY] : [Date.parse(t), Date.parse(t)];
const yes = (v: string | undefined): boolean => /^(true|yes|1)$/i.test(v ?? '');

function isoWeek(ms: number): string {
  const d = new Date(ms);
  const thursday = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 3 - ((d.getUTCDay() + 6) % 7)));
  const y = thursday.getUTCFullYear();
  return `${y}-W${String(1 + Math.floor((thursday.getTime() - Date.UTC(y, 0, 1)) / (7 * DAY))).padStart(2, '0')}`;
}

/** The nine rules of issue 16 item 2, plainly, over the files. */
async function reperform(dir: string): Promise<{ rule: string; severity: string; refs: PlantedRef[] }[]> {
  const m = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Manifest;
  const events = readEvents(dir, m).sort((a, b) => a.ms - b.ms || a.stream.localeCompare(b.stream) || a.seq - b.seq);
  const roster = await readTable(dir, m, 'hr_roster');
  const reviews = await readTable(dir, m, 'access_review');
  const changes = await readTable(dir, m, 'change_log');
  const restores = await readTable(dir, m, 'restore_test');
  const idmap = new Map((await readTable(dir, m, 'identity_map')).map((r) => [r.actor_id!, r.user_id!]));
  const who = (e: Ev): string => idmap.get(e.actor.id) ?? e.actor.id;
  const ref = (e: Ev): PlantedRef => ({ stream: e.stream, seq: e.seq });
  const row = (r: Row & { path: string }): PlantedRef => ({ evidence: r.path, row: r.row });
  const out: { rule: string; severity: string; refs: PlantedRef[] }[] = [];
  const x = (rule: string, refs: PlantedRef[], severity = 'exception'): void => void out.push({ rule, severity, refs });
  const firstBy = (user: string, after: number): Ev | undefined => events.find((e) => who(e) === user && e.ms > after);

  for (const r of roster) {
    if (r.terminated_on === '') continue;
    const e = firstBy(r.user_id!, span(r.terminated_on!)[1] + DAY);
    if (e) x('cc6.3-access-after-termination', [ref(e), row(r)]);
  }
  for (const r of reviews) {
    if (r.decision!.toLowerCase() !== 'revoke') continue;
    const e = firstBy(r.user_id!, span(r.reviewed_on!)[1] + 7 * DAY);
    if (e) x('cc6.3-revoke-not-actioned', [row(r), ref(e)]);
  }
  const inRoster = new Set(roster.map((r) => r.user_id));
  const seen = new Set<string>();
  for (const e of events) {
    if (e.actor.type !== 'user' || inRoster.has(who(e)) || seen.has(e.actor.id)) continue;
    seen.add(e.actor.id);
    x('cc6.1-actor-not-in-roster', [ref(e)]);
  }
  const privileged = new Set(roster.filter((r) => yes(r.privileged)).map((r) => r.user_id));
  for (const e of events)
    if (e.category === 'auth' && e.action === 'login' && privileged.has(who(e)) && (e.mfa ?? e.details?.mfa) !== true)
      x('cc6.2-privileged-without-mfa', [ref(e)]);
  for (const r of changes) {
    const at = span(r.change_ts!)[0];
    if (r.changed_by === r.approved_by) x('cc8.1-self-approved-change', [row(r)]);
    const late = r.approved_ts !== '' && span(r.approved_ts!)[0] > at;
    if ((late && !yes(r.emergency)) || (r.approved_by === '' && r.approved_ts === '')) x('cc8.1-change-before-approval', [row(r)]);
    if (late && yes(r.emergency)) x('cc8.1-emergency-change', [row(r)], 'info');
    const admin = (e: Ev): boolean => (e.category === 'admin' || e.category === 'config_change') && Math.abs(e.ms - at) <= HOUR;
    if (['DDL', 'ACCESS', 'INFRASTRUCTURE'].includes(r.change_type!.toUpperCase()) && !events.some(admin)) x('cc8.1-change-without-event', [row(r)]);
  }
  const passed = new Set(restores.filter((r) => r.result!.toLowerCase() === 'pass').map((r) => isoWeek(span(r.performed_on!)[0])));
  const [w0, w1] = [Date.parse(m.audit_window.start), Date.parse(m.audit_window.end)];
  const weeks = new Set<string>();
  for (let t = w0; t <= w1; t += DAY) weeks.add(isoWeek(t));
  weeks.add(isoWeek(w1));
  for (const w of [...weeks].sort()) if (!passed.has(w)) x('a1.2-restore-test-missing', [{ period: w }]);
  for (const s of m.streams) {
    const evs = events.filter((e) => e.stream === s.id).sort((a, b) => a.seq - b.seq);
    for (let i = 1; i < evs.length; i++) if (evs[i]!.ms - evs[i - 1]!.ms > DAY) x('cc7.2-logging-gap', [ref(evs[i - 1]!), ref(evs[i]!)]);
  }
  return out;
}

// ---- 1 and 2 ---------------------------------------------------------------------------------------------
describe('the sample engagement’s planted analytics answers', () => {
  it('are for the bundle that ships: the generator writes resources/sample-engagement byte for byte', () => {
    const files = filesUnder(shipped).sort();
    expect(filesUnder(g.dir).sort()).toEqual(files);
    for (const f of files) expect(readFileSync(path.join(g.dir, f)).equals(readFileSync(path.join(shipped, f))), f).toBe(true);
  });

  it('declare a table of every kind in the manifest, one through a column mapping and one XLSX', () => {
    const tables = g.manifest.evidence.filter((e) => e.table);
    expect(new Set(tables.map((t) => t.table!.kind))).toEqual(
      new Set(['hr_roster', 'access_review', 'approved_access', 'change_log', 'restore_test', 'identity_map']),
    );
    expect(tables.some((t) => t.table!.columns && Object.entries(t.table!.columns).some(([std, header]) => std !== header.toLowerCase()))).toBe(true);
    expect(tables.some((t) => t.path.endsWith('.xlsx'))).toBe(true);
  });

  it('plant a few findings for each of the nine rules, and the emergency change as info', () => {
    const a = g.planted!;
    const per = new Map<string, PlantedCase[]>();
    for (const f of a.findings) per.set(f.rule, [...(per.get(f.rule) ?? []), f]);
    for (const rule of [
      'cc6.3-access-after-termination',
      'cc6.3-revoke-not-actioned',
      'cc6.1-actor-not-in-roster',
      'cc6.2-privileged-without-mfa',
      'cc8.1-self-approved-change',
      'cc8.1-change-before-approval',
      'cc8.1-change-without-event',
      'a1.2-restore-test-missing',
      'cc7.2-logging-gap',
    ]) {
      expect(per.get(rule)?.length, rule).toBeGreaterThanOrEqual(2);
      expect(per.get(rule)!.every((f) => f.severity === 'exception')).toBe(true);
    }
    expect(per.get('cc8.1-emergency-change')).toEqual([expect.objectContaining({ severity: 'info' })]);
    // every reference names a real line or row: a stream seq in range, a row of a declared table
    for (const f of [...a.findings, ...a.boundaries])
      for (const r of f.refs) {
        if ('stream' in r) expect(r.seq).toBeLessThan(g.manifest.streams.find((s) => s.id === r.stream)!.event_count);
        if ('evidence' in r) expect(g.manifest.evidence.map((e) => e.path)).toContain(r.evidence);
        if ('period' in r) expect(r.period).toMatch(/^2026-W\d\d$/);
      }
    // no finding twice, and no boundary case among the findings
    const keys = a.findings.map(key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const b of a.boundaries) expect(keys).not.toContain(key(b));
  });

  it('are exactly what the nine rules, re-performed on the bundle’s files, find: a clean background', async () => {
    const found = (await reperform(g.dir)).map(key).sort();
    expect(found).toEqual(g.planted!.findings.map(key).sort());
  });

  it('put each boundary case exactly on its boundary', () => {
    const m = g.manifest;
    const events = new Map(readEvents(g.dir, m).map((e) => [`${e.stream}:${e.seq}`, e]));
    const ev = (r: PlantedRef): Ev => events.get(`${(r as { stream: string }).stream}:${(r as { seq: number }).seq}`)!;
    const b = (rule: string): PlantedCase[] => g.planted!.boundaries.filter((x) => x.rule === rule);
    // 24 h after the end of the termination day (2026-03-06 → 2026-03-07T00:00Z + 24 h)
    expect(new Date(ev(b('cc6.3-access-after-termination')[0]!.refs[0]!).ms).toISOString()).toBe('2026-03-08T00:00:00.000Z');
    // 7 days after the end of the Q1 review day (2026-03-28)
    expect(new Date(ev(b('cc6.3-revoke-not-actioned')[0]!.refs[1]!).ms).toISOString()).toBe('2026-04-05T00:00:00.000Z');
    const gap = b('cc7.2-logging-gap')[0]!.refs.map(ev);
    expect(gap[1]!.seq - gap[0]!.seq).toBe(1);
    expect(gap[1]!.ms - gap[0]!.ms).toBe(DAY);
    const mfa = ev(b('cc6.2-privileged-without-mfa')[0]!.refs[0]!);
    expect(mfa.mfa).toBeUndefined();
    expect(mfa.details?.mfa).toBe(true);
  });

  it('change with every planted run (the seed decides everything)', async () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'tickmark-sample-analytics-'));
    const other = await generateBundle({ out: path.join(tmp, 'other'), events: 3000, seed: 'another-sample', planted: true });
    expect((await reperform(other.dir)).map(key).sort()).toEqual(other.planted!.findings.map(key).sort());
    expect(other.planted!.findings.map(key)).not.toEqual(g.planted!.findings.map(key));
  }, 60_000);
});

// ---- 3: the engine on the imported sample ---------------------------------------------------------------
describe('the sample engagement imported', () => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = Workspace.open(path.join(mkdtempSync(path.join(os.tmpdir(), 'tickmark-sample-run-')), 'sample.tickmark'), { create: true });
    pinKey(ws, g.vendorKey, 'sample vendor key', 'a.auditor');
    await importBundle(ws, g.dir, { actor: 'a.auditor', verify: {} });
  }, 60_000);
  afterAll(() => ws?.close());

  it('holds every declared table, row for row, and each planted row reference names a typed row', async () => {
    const tables = listEvidenceTables(ws);
    const declared = g.manifest.evidence.filter((e) => e.table);
    expect(tables.map((t) => [t.path, t.kind]).sort()).toEqual(declared.map((e) => [e.path, e.table!.kind]).sort());
    for (const t of tables) expect(t.rowCount, t.path).toBe((await readTable(g.dir, g.manifest, t.kind)).filter((r) => r.path === t.path).length);
    for (const f of [...g.planted!.findings, ...g.planted!.boundaries])
      for (const r of f.refs) {
        if (!('evidence' in r)) continue;
        const t = tables.find((x) => x.path === r.evidence)!;
        expect(
          ws.db.prepare(`SELECT count(*) AS n FROM et_${t.kind} WHERE table_id = ? AND row_no = ?`).get(t.id, r.row),
          `${f.rule} ${r.evidence}:${r.row}`,
        ).toEqual({ n: 1 });
      }
    // the typed values the rules lean on: a termination at an instant, an emergency flag, a lower-case result
    const instant = Date.parse('2026-05-15T17:00:00Z');
    expect(
      ws.db.prepare('SELECT terminated_from_ms AS f, terminated_to_ms AS t FROM et_hr_roster WHERE terminated_on LIKE ?').get('%T17:00:00Z'),
    ).toEqual({ f: instant, t: instant });
    expect(ws.db.prepare('SELECT count(*) AS n FROM et_change_log WHERE emergency = 1').get()).toEqual({ n: 1 });
    expect(ws.db.prepare("SELECT count(*) AS n FROM et_restore_test WHERE result = 'fail'").get()).toEqual({ n: 2 });
  });

  it('soc2-healthcare reports exactly the planted findings: precision and recall 100 %', async () => {
    const run = runRulePack(ws, loadRulePack('soc2-healthcare'), { actor: 'a.auditor' });
    expect(run.data.bundles.map((b) => b.included)).toEqual([true]);
    const reported = run.exceptions.map(key);
    const planted = g.planted!.findings.map(key);
    const hits = reported.filter((k) => planted.includes(k));
    // the lists first, so a miss or a false positive is named, then the two rates
    expect(
      reported.filter((k) => !planted.includes(k)),
      'false positives',
    ).toEqual([]);
    expect(
      planted.filter((k) => !reported.includes(k)),
      'missed',
    ).toEqual([]);
    expect(hits.length / reported.length).toBe(1);
    expect(hits.length / planted.length).toBe(1);
  }, 120_000);
});
