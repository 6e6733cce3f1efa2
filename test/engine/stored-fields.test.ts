// Hardening #11 item 3: the columns populations are built from are bound to the verified lines. Each test
// edits the workspace file directly with SQLite (what an attacker with the file can do) and expects the
// workspace's verification to fail, naming the row and the column.
import { beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Workspace, generateBundle, importBundle, verifyWorkspace, latestRun } from '../../electron/engine/index';
import type { Finding, VerificationReport } from '../../shared/types';

const root = path.resolve(__dirname, '../..');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'tickmark-stored-fields-'));
const WEEK = 7 * 24 * 3600 * 1000;
let pristine = '';
let key = '';
let n = 0;

beforeAll(async () => {
  const g = await generateBundle({ out: path.join(tmp, 'bundle'), events: 400, seed: 'stored-fields' });
  key = g.vendorKey;
  pristine = path.join(tmp, 'pristine.tickmark');
  const ws = Workspace.open(pristine, { create: true });
  await importBundle(ws, g.dir);
  ws.close();
});

/** A fresh copy of the imported workspace, edited with plain SQLite as `edit` says. */
function tampered(edit: (db: Database.Database) => void): string {
  const file = path.join(tmp, `copy-${++n}.tickmark`);
  copyFileSync(pristine, file);
  const db = new Database(file);
  edit(db);
  db.close();
  return file;
}

async function verify(file: string, opts: { parallel?: boolean } = {}): Promise<VerificationReport> {
  const ws = Workspace.open(file);
  try {
    const [r] = await verifyWorkspace(ws, { pins: [key], silentIntervalMs: WEEK, ...opts });
    // the run recorded is the report returned
    expect(latestRun(ws, r!.bundleId)!.report).toEqual(JSON.parse(JSON.stringify(r!.report)));
    return r!.report;
  } finally {
    ws.close();
  }
}

const all = (r: VerificationReport): Finding[] => [...r.findings, ...r.streams.flatMap((s) => s.findings)];
const stored = (r: VerificationReport): Finding[] => all(r).filter((f) => f.code.startsWith('stored-'));

/** The row at `line` of the auth stream's first file: its id and stored columns. */
function rowAt(file: string, line: number): Record<string, unknown> {
  const db = new Database(file, { readonly: true });
  const r = db
    .prepare("SELECT e.* FROM events e JOIN streams s ON s.id = e.stream_id WHERE s.stream_key = 'auth' AND e.file_no = 0 AND e.line = ?")
    .get(line) as Record<string, unknown>;
  db.close();
  return r;
}

// a different value for each column, in SQL
const EDITS: Record<string, string> = {
  category: "CASE category WHEN 'admin' THEN 'auth' ELSE 'admin' END",
  actor_id: "'intruder@example.com'",
  outcome: "CASE outcome WHEN 'success' THEN 'failure' ELSE 'success' END",
  seq: 'seq + 1000',
  ts: "'2020-01-01T00:00:00Z'",
  ts_ms: 'ts_ms + 1',
  action: "action || '.renamed'",
  actor_type: "actor_type || '-x'",
  target: "COALESCE(target || '-x', 'x')",
  mfa: 'CASE WHEN mfa IS NULL THEN 1 ELSE 1 - mfa END',
};

describe('verifying a workspace binds the stored columns to the verified lines', () => {
  it('an untouched workspace verifies, with no finding about its rows', async () => {
    const r = await verify(tampered(() => undefined));
    expect(r.verdict).toBe('verified');
    expect(stored(r)).toEqual([]);
  });

  for (const [column, expr] of Object.entries(EDITS)) {
    it(`an edit of ${column} on one row fails the verification, naming the stream, seq, line, column and both values`, async () => {
      const before = rowAt(pristine, 7);
      const file = tampered((db) => db.prepare(`UPDATE events SET ${column} = ${expr} WHERE id = ?`).run(before.id));
      const after = rowAt(file, 7);
      expect(after[column]).not.toEqual(before[column]);
      const r = await verify(file);
      expect(r.verdict).toBe('failed');
      const auth = r.streams.find((s) => s.id === 'auth')!;
      expect(auth.verdict).toBe('failed');
      const show = (v: unknown): string => (v === null ? 'null' : typeof v === 'string' ? JSON.stringify(v) : String(v));
      expect(stored(r)).toEqual([
        expect.objectContaining({
          code: 'stored-field-mismatch',
          severity: 'error',
          stream: 'auth',
          seq: before.seq,
          file: 'streams/auth.jsonl',
          line: 7,
          expected: `${column} = ${show(before[column])}`,
          found: `${column} = ${show(after[column])}`,
        }),
      ]);
      expect(stored(r)[0]!.message).toContain(`Stream auth seq ${before.seq as number} (streams/auth.jsonl line 7): the workspace stores ${column}`);
      // the verification of the lines themselves still holds: only the column is at fault
      expect(all(r).filter((f) => f.severity === 'error' && !f.code.startsWith('stored-'))).toEqual([]);
      expect(r.totals.errors).toBe(1);
    });
  }

  it('the same on worker threads', async () => {
    const before = rowAt(pristine, 120);
    const r = await verify(
      tampered((db) => db.prepare(`UPDATE events SET outcome = ${EDITS.outcome} WHERE id = ?`).run(before.id)),
      { parallel: true },
    );
    expect(r.verdict).toBe('failed');
    expect(stored(r)).toEqual([
      expect.objectContaining({
        code: 'stored-field-mismatch',
        stream: 'auth',
        seq: before.seq,
        line: 120,
        expected: `outcome = "${before.outcome as string}"`,
      }),
    ]);
    expect(
      stored(
        await verify(
          tampered(() => undefined),
          { parallel: true },
        ),
      ),
    ).toEqual([]);
  });

  it('rows past a line the verification stops at are compared all the same', async () => {
    const later = rowAt(pristine, 90);
    const file = tampered((db) => {
      db.prepare("UPDATE events SET raw = 'not an event' WHERE id = ?").run(rowAt(pristine, 30).id as number);
      db.prepare("UPDATE events SET category = 'system' WHERE id = ?").run(later.id);
    });
    const r = await verify(file);
    expect(r.verdict).toBe('failed');
    const mine = stored(r);
    expect(mine.map((f) => [f.line, f.expected ?? null])).toEqual([
      [30, null],
      [90, `category = ${JSON.stringify(later.category)}`],
    ]);
    expect(mine[0]!.message).toMatch(/line 30: the stored line is not valid JSON/);
  });

  it('a row copied into a file the manifest does not have, or renumbered, is reported', async () => {
    const src = rowAt(pristine, 5);
    const extra = await verify(
      tampered((db) => {
        db.prepare(
          'INSERT INTO events (stream_id, file_no, line, seq, ts, ts_ms, category, action, actor_id, actor_type, target, outcome, mfa, raw) SELECT stream_id, 3, line, seq, ts, ts_ms, category, action, actor_id, actor_type, target, outcome, mfa, raw FROM events WHERE id = ?',
        ).run(src.id);
      }),
    );
    expect(extra.verdict).toBe('failed');
    expect(stored(extra)).toEqual([expect.objectContaining({ code: 'stored-row-unverified', stream: 'auth', found: '1 row with file_no 3' })]);

    const last = new Database(pristine, { readonly: true })
      .prepare("SELECT MAX(line) FROM events e JOIN streams s ON s.id = e.stream_id WHERE s.stream_key = 'auth'")
      .pluck()
      .get() as number;
    const gap = await verify(tampered((db) => db.prepare('UPDATE events SET line = line + 1 WHERE id = ?').run(rowAt(pristine, last).id)));
    expect(gap.verdict).toBe('failed');
    expect(stored(gap)).toEqual([
      expect.objectContaining({
        code: 'stored-field-mismatch',
        stream: 'auth',
        line: last + 1,
        expected: `line = ${last}`,
        found: `line = ${last + 1}`,
      }),
    ]);
  });

  it("a stream row's origin edited is reported against the verified manifest", async () => {
    const r = await verify(tampered((db) => db.prepare("UPDATE streams SET origin = 'elsewhere.example/log' WHERE stream_key = 'admin'").run()));
    expect(r.verdict).toBe('failed');
    expect(stored(r)).toEqual([
      expect.objectContaining({ code: 'stored-field-mismatch', stream: 'admin', found: 'origin = "elsewhere.example/log"' }),
    ]);
  });

  it('tickmark verify WS.tickmark: exit 1 and the finding, INTEGRITY failed', () => {
    const before = rowAt(pristine, 11);
    const file = tampered((db) => db.prepare("UPDATE events SET actor_id = 'intruder@example.com' WHERE id = ?").run(before.id));
    const cli = spawnSync(process.execPath, [path.join(root, 'bin/tickmark.mjs'), 'verify', file, '--pin', key, '--silent-hours', '168'], {
      encoding: 'utf8',
    });
    expect(cli.status).toBe(1);
    expect(cli.stdout).toContain(
      `stored-field-mismatch (auth): Stream auth seq ${before.seq as number} (streams/auth.jsonl line 11): the workspace stores actor_id "intruder@example.com", but the verified line says ${JSON.stringify(before.actor_id)}`,
    );
    expect(cli.stdout).toMatch(/Result {3}FAILED/);
  });
});
