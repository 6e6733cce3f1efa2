// `tickmark coverage <workspace> [--json]` (#15 Completeness) on a workspace holding a FHIR AuditEvent export
// with planted silent days, a record whose local date is not its UTC day, records outside the window and
// repeated resource ids, beside a verified Tickmark bundle: the silent days found are exactly those planted,
// the SQL's day counts agree with shared/coverage's reference for every stream, and the exit codes hold.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from '../../electron/cli/main';
import { Workspace } from '../../electron/engine/index';
import { DAY_COUNTS_SQL, dayCountsByStream } from '../../electron/engine/coverage/day-counts';
import { tallyDays } from '../../shared/coverage/counts';
import type { CoverageReport } from '../../shared/coverage/coverage';
import { COVERAGE_WINDOW, PLANTED_SILENT_DAYS, coverageWorkspace, plantedRecordedTimes } from '../helpers/coverage-fixture';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'tickmark-coverage-'));
const WINDOW = COVERAGE_WINDOW;
const PLANTED = PLANTED_SILENT_DAYS;
let wsFile: string;
let bundleDir: string;

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (s) => void out.push(s), err: (s) => void err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

beforeAll(async () => {
  ({ workspace: wsFile, bundleDir } = await coverageWorkspace(tmp));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('tickmark coverage', () => {
  it('finds exactly the planted silent days, the records outside the window and the repeated ids (--json)', async () => {
    const r = await run('coverage', wsFile, '--json');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out) as CoverageReport & { workspace: string };
    expect(report).toMatchObject({
      format: 'tickmark-coverage/1',
      workspace: wsFile,
      framework: 'HIPAA',
      window: {
        start: '2026-01-01T00:00:00.000Z',
        end: '2026-01-31T23:59:59.000Z',
        basis: 'engagement',
        firstDay: '2026-01-01',
        lastDay: '2026-01-31',
        days: 31,
      },
    });
    const fhir = report.sources.find((s) => s.source.kind === 'fhir-audit-event')!;
    expect(fhir.source).toMatchObject({
      stream: 'fhir-audit',
      grade: 'custody-only',
      verdict: 'unverifiable',
      label: 'audit-events.ndjson (bundle #1)',
    });
    expect(fhir.silentDays).toEqual(PLANTED);
    expect(fhir.counts).toHaveLength(31);
    expect(fhir.counts[3]).toBe(4); // the 4th: its three, and the one written on the 5th at +02:00
    expect(fhir.counts[0]).toBe(3);
    expect(fhir.counts[30]).toBe(2); // 23:59:59.999 on the last day is after the window's end (23:59:59)
    expect(fhir.longestSilences.map((s) => [s.from, s.to, s.days])).toEqual([
      ['2026-01-05', '2026-01-07', 3],
      ['2026-01-20', '2026-01-20', 1],
    ]);
    expect({ before: fhir.beforeWindow, after: fhir.afterWindow, total: fhir.total }).toEqual({
      before: 1,
      after: 2,
      total: plantedRecordedTimes().length,
    });
    expect(fhir.duplicates).toMatchObject({ basis: 'resource id', checked: true, extra: 2 });
    expect(fhir.duplicates.examples[0]!.where).toMatch(/audit-events\.ndjson: 3 records, the first at line 1, the last at line 21/);
    expect(fhir.retention).toMatchObject({ years: 6, firstDay: '2025-12-31', lastDay: '2026-02-01', met: false });
    // the bundle's streams are sources of their own, graded producer-signed, their duplicates from verification
    const bundle = report.sources.filter((s) => s.source.kind === 'tickmark-bundle');
    expect(bundle.length).toBeGreaterThan(1);
    for (const b of bundle) {
      expect(b.source.grade).toBe('producer-signed');
      expect(b.duplicates).toMatchObject({ basis: 'seq', checked: true, extra: 0 });
    }
    expect(report.retention.text).toMatch(/HIPAA: documentation retained 6 years/);
  });

  it('says it in words: the silent days, the longest silences, the counts per day and the retention', async () => {
    const r = await run('coverage', wsFile);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/2026-01-01 – 2026-01-31 \(31 UTC days, the engagement's audit window\), framework HIPAA/);
    expect(r.out).toMatch(/Source {3}audit-events\.ndjson \(bundle #1\): integrity grade custody only, latest verification unverifiable/);
    expect(r.out).toMatch(/Source {3}Northwind Health · auth \(bundle #2\): integrity grade producer-signed, latest verification unverifiable/);
    expect(r.out).toMatch(/27 of 31 with records; 4 silent days in 2 silences, the longest 3 d \(2026-01-05 – 2026-01-07\)/);
    expect(r.out).toMatch(/Silence {2}2026-01-05 – 2026-01-07 \(3 days\)\nSilence {2}2026-01-20 \(1 day\)/);
    expect(r.out).toMatch(/Dupl\. {4}2 record\(s\) repeat an earlier one \(same resource id\)/);
    expect(r.out).toMatch(/ {2}2026-01 {2}3 3 3 4 · · · 3/);
    expect(r.out).toMatch(/Retention, all sources: .*SHORT of the retention required \(HIPAA/);
  });

  it('counts days in SQL exactly as the reference does, for every stream', () => {
    const ws = Workspace.open(wsFile);
    try {
      const w = { startMs: Date.parse(WINDOW.start), endMs: Date.parse(WINDOW.end) };
      const sql = dayCountsByStream(ws.db, w);
      const streams = ws.db.prepare('SELECT id FROM streams').pluck().all() as number[];
      expect(streams.length).toBeGreaterThan(2);
      for (const id of streams) {
        const ts = ws.db.prepare('SELECT ts_ms FROM events WHERE stream_id = ?').pluck().all(id) as number[];
        const got = [...(sql.get(id) ?? [])].sort((a, b) => a.day - b.day || a.side - b.side);
        expect(got).toEqual(tallyDays(ts, w));
      }
      // one pass over the (stream, time) index, never a walk of events_stream_line with a lookup per row
      const plan = (ws.db.prepare(`EXPLAIN QUERY PLAN ${DAY_COUNTS_SQL}`).all({ start: 0, end: 0 }) as { detail: string }[]).map((p) => p.detail);
      expect(plan[0]).toBe('SCAN events USING COVERING INDEX events_stream_ts');
    } finally {
      ws.close();
    }
  });

  it('takes a window given on the command line', async () => {
    const r = await run('coverage', wsFile, '--json', '--window', '2026-01-05T00:00:00Z/2026-01-07T23:59:59Z');
    const report = JSON.parse(r.out) as CoverageReport;
    expect(report.window).toMatchObject({ basis: 'given', days: 3 });
    expect(report.sources.find((s) => s.source.kind === 'fhir-audit-event')!.silentDays).toEqual(['2026-01-05', '2026-01-06', '2026-01-07']);
  });

  it('exit 2 for what is not a workspace, a window that is not one, or no workspace named', async () => {
    const missing = await run('coverage', path.join(tmp, 'nope.tickmark'));
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/There is no workspace at .*nope\.tickmark/);
    const notSqlite = await run('coverage', path.join(bundleDir, 'manifest.json'));
    expect(notSqlite.code).toBe(2);
    expect(notSqlite.err).toMatch(/is not a Tickmark workspace/);
    const backwards = await run('coverage', wsFile, '--window', '2026-02-01T00:00:00Z/2026-01-01T00:00:00Z');
    expect(backwards.code).toBe(2);
    expect(backwards.err).toMatch(/its end is before its start/);
    const badInstant = await run('coverage', wsFile, '--window', '2026-01-01/2026-01-31');
    expect(badInstant.code).toBe(2);
    expect(badInstant.err).toMatch(/"2026-01-01" is not an RFC 3339 instant/);
    expect((await run('coverage')).code).toBe(2);
  });
});
