// `tickmark import <kit> --workspace WS --pin-file …` (#14): CloudTrail records become events with their log
// file and index, the kit is verified in the same step, and the workspace's own verification re-checks the
// kit from the bytes it kept and every stored row against its log file.
import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { generateKit, type GeneratedKit } from '../helpers/cloudtrail-kit';
import { Workspace } from '../../electron/engine/store/workspace';
import { importCloudTrailKit } from '../../electron/engine/sources/cloudtrail/import-kit';
import { readPinFiles } from '../../electron/engine/sources/cloudtrail/keys';
import { verifyWorkspace } from '../../electron/engine/index';
import { latestRun } from '../../electron/engine/store/runs';
import type { CloudTrailVerificationReport } from '../../shared/cloudtrail/as-verification';

const root = path.resolve(__dirname, '../..');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'tickmark-ct-import-'));

function tickmark(...args: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [path.join(root, 'bin/tickmark.mjs'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, FORCE_COLOR: '0' },
  });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

/** Every log file of a kit folder with its records, read straight from the files (not through Tickmark). */
function logFilesOf(dir: string): { rel: string; records: Record<string, unknown>[] }[] {
  const out: { rel: string; records: Record<string, unknown>[] }[] = [];
  const walk = (d: string): void => {
    for (const n of readdirSync(d)) {
      const p = path.join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (/_CloudTrail_[a-z0-9-]+_\d{8}T\d{4}Z_\w+\.json\.gz$/.test(n))
        out.push({
          rel: path.relative(dir, p).split(path.sep).join('/'),
          records: (JSON.parse(gunzipSync(readFileSync(p)).toString()) as { Records: Record<string, unknown>[] }).Records,
        });
    }
  };
  walk(dir);
  return out;
}

let kit: GeneratedKit;
let edited: GeneratedKit;
beforeAll(() => {
  kit = generateKit({ dir: path.join(tmp, 'clean') });
  edited = generateKit({ dir: path.join(tmp, 'edited'), tamper: 'edit-log' });
});

function fresh(name: string): Workspace {
  return Workspace.open(path.join(tmp, `${name}.tickmark`), { create: true });
}

describe('importing a CloudTrail kit', () => {
  it('imports every record as an event with its log file and index, verified under the pinned keys', async () => {
    const ws = fresh('clean');
    try {
      const r = await importCloudTrailKit(ws, kit.dir, { pins: readPinFiles([kit.pinFile]) });
      const logs = logFilesOf(kit.dir);
      const total = logs.reduce((n, l) => n + l.records.length, 0);
      expect(total).toBeGreaterThan(0);
      expect(r.status).toBe('imported');
      expect(r.events).toBe(total);
      expect(r.verification?.verdict).toBe('verified');
      // one stream per account and Region, each event leading back to its file and Records[] index
      const streams = ws.db.prepare('SELECT stream_key FROM streams WHERE bundle_id = ? ORDER BY 1').pluck().all(r.bundleId);
      expect(streams).toEqual(['123456789012/us-east-1', '123456789012/us-west-2']);
      const some = logs[3]!;
      const row = ws.db
        .prepare(
          'SELECT s.files, e.file_no, e.line, e.raw, e.action, e.outcome, e.ts FROM events e JOIN streams s ON s.id = e.stream_id WHERE e.raw = ?',
        )
        .get(JSON.stringify(some.records[1])) as {
        files: string;
        file_no: number;
        line: number;
        raw: string;
        action: string;
        outcome: string;
        ts: string;
      };
      expect(JSON.parse(row.files)[row.file_no]).toBe(some.rel);
      expect(row.line).toBe(2);
      const rec = some.records[1] as { eventSource: string; eventName: string; eventTime: string; errorCode?: string };
      expect(row.action).toBe(`${rec.eventSource}:${rec.eventName}`);
      expect(row.ts).toBe(rec.eventTime);
      expect(row.outcome).toBe(rec.errorCode ? 'failure' : 'success');
      // the run is recorded with the kit's own report inside
      const run = latestRun(ws, r.bundleId)!.report as CloudTrailVerificationReport;
      expect(run.cloudtrail.format).toBe('tickmark-cloudtrail-verification/1');
      expect(run.streams.map((s) => s.id).sort()).toEqual(run.cloudtrail.chains.map((c) => `${c.account}/${c.trail}/${c.region}`).sort());
      // a second import of the same kit adds nothing
      expect((await importCloudTrailKit(ws, kit.dir, { pins: [] })).status).toBe('duplicate');
    } finally {
      ws.close();
    }
  });

  it('verifies the workspace from the kept bytes: verified with the pins, unpinned without, failed when a row is edited', async () => {
    const file = path.join(tmp, 'rows.tickmark');
    const ws = Workspace.open(file, { create: true });
    const pins = readPinFiles([kit.pinFile]);
    await importCloudTrailKit(ws, kit.dir, { pins });
    expect((await verifyWorkspace(ws, { cloudTrailPins: pins }))[0]!.report.verdict).toBe('verified');
    expect((await verifyWorkspace(ws))[0]!.report.verdict).toBe('unverifiable');
    ws.close();
    // someone edits one event's actor in the workspace file
    const db = new Database(file);
    const victim = db.prepare('SELECT id, line FROM events ORDER BY id LIMIT 1 OFFSET 7').get() as { id: number; line: number };
    db.prepare("UPDATE events SET actor_id = 'arn:aws:iam::123456789012:user/nobody' WHERE id = ?").run(victim.id);
    db.close();
    const again = Workspace.open(file);
    try {
      const report = (await verifyWorkspace(again, { cloudTrailPins: pins }))[0]!.report;
      expect(report.verdict).toBe('failed');
      const f = report.findings.find((x) => x.code === 'stored-field-mismatch')!;
      expect(f.message).toMatch(/record \d+: the workspace row differs from the stored log file in actor_id/);
      expect(f.line).toBe(victim.line);
    } finally {
      again.close();
    }
  });

  it('records a failed verification for an edited log file, and still imports its records for the auditor to examine', async () => {
    const ws = fresh('edited');
    try {
      const r = await importCloudTrailKit(ws, edited.dir, { pins: readPinFiles([edited.pinFile]) });
      expect(r.verification?.verdict).toBe('failed');
      const report = latestRun(ws, r.bundleId)!.report as CloudTrailVerificationReport;
      const altered = report.streams.flatMap((s) => s.findings).find((f) => f.code === 'cloudtrail-log-altered')!;
      expect(altered.message).toContain(edited.tampered!.key.split('/').pop()!);
    } finally {
      ws.close();
    }
  });
});

describe('tickmark import <kit>', () => {
  it('exit 0 with --verify and pinned keys, 3 without pins; a broken log file is exit 2 naming it, nothing imported', () => {
    const ws = path.join(tmp, 'cli.tickmark');
    const ok = tickmark('import', kit.dir, '--workspace', ws, '--pin-file', kit.pinFile, '--verify');
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out).toMatch(/Imported \d+ CloudTrail records from 40 log files in 2 account\/Region streams/);
    expect(ok.out).toMatch(/Result {3}VERIFIED/);
    expect(tickmark('verify', ws, '--pin-file', kit.pinFile).code).toBe(0);
    expect(tickmark('verify', ws).code).toBe(3);

    const unpinned = tickmark('import', kit.dir, '--workspace', path.join(tmp, 'cli-unpinned.tickmark'), '--verify');
    expect(unpinned.code).toBe(3);
    expect(unpinned.err).toMatch(/no key is pinned/);

    const broken = generateKit({ dir: path.join(tmp, 'broken') });
    const victim = logFilesOf(broken.dir)[0]!.rel;
    writeFileSync(path.join(broken.dir, victim), 'not gzip at all');
    const bad = path.join(tmp, 'cli-broken.tickmark');
    const r = tickmark('import', broken.dir, '--workspace', bad, '--pin-file', broken.pinFile);
    expect(r.code).toBe(2);
    expect(r.err).toContain(victim);
    const db = new Database(bad, { readonly: true });
    expect(db.prepare('SELECT COUNT(*) FROM bundles').pluck().get()).toBe(0);
    expect(db.prepare('SELECT COUNT(*) FROM events').pluck().get()).toBe(0);
    db.close();
  });
});
