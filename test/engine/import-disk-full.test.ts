// Disk full during an import (hardening issue #11, item 2). `PRAGMA max_page_count` makes SQLite answer
// SQLITE_FULL exactly as a full disk does, on any machine: when the failing statement is a single-row
// INSERT, SQLite rolls the whole transaction back by itself. The import must then write nothing more
// (no rows outside a transaction), and the workspace must be exactly as it was, in memory and on disk.
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { generateBundle, importBundle, verifyWorkspace, Workspace, WorkspaceError } from '../../electron/engine/index';
import type { ImportOptions } from '../../electron/engine/import';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'tickmark-full-'));
const WEEK = 7 * 24 * 3600 * 1000;
const TABLES = [
  'activity_log',
  'engagements',
  'pinned_keys',
  'bundles',
  'bundle_files',
  'streams',
  'events',
  'evidence',
  'verification_runs',
  'findings',
];
let first: Awaited<ReturnType<typeof generateBundle>>;
let second: Awaited<ReturnType<typeof generateBundle>>;

function counts(db: Database.Database): Record<string, number> {
  return Object.fromEntries(TABLES.map((t) => [t, (db.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n]));
}

beforeAll(async () => {
  first = await generateBundle({ out: path.join(tmp, 'first'), events: 150, seed: 'full-first', evidence: false });
  second = await generateBundle({ out: path.join(tmp, 'second'), events: 1500, seed: 'full-second' });
});

describe('a full disk during an import', () => {
  // Small batches (about 8 events each) are written by single-row INSERTs, the statements after which
  // SQLite rolls the transaction back itself; on worker threads a few batches are still in flight then.
  const cases: [string, ImportOptions][] = [
    ['rows checked on a worker, several batches in flight', { parallel: true, batchBytes: 4096 }],
    ['a bulk load (indexes dropped in the transaction, rollback journal)', { parallel: true, batchBytes: 4096, bulk: true }],
    ['verifying in the same reading', { parallel: true, batchBytes: 4096, verify: { silentIntervalMs: WEEK } }],
    ['rows checked on this thread', { parallel: false, batchBytes: 4096 }],
  ];
  for (const [name, opts] of cases) {
    it(`leaves the workspace exactly as it was: ${name}`, async () => {
      const file = path.join(tmp, `${name.replace(/\W+/g, '-')}.tickmark`);
      const ws = Workspace.open(file, { create: true });
      await importBundle(ws, first.dir);
      const before = counts(ws.db);
      const maxId = (ws.db.prepare('SELECT MAX(id) AS m FROM streams').get() as { m: number }).m;
      // room for a few hundred of the second bundle's 1,500 events, then the "disk" is full
      const pages = ws.db.pragma('page_count', { simple: true }) as number;
      ws.db.pragma(`max_page_count = ${pages + 12}`);

      const err = await importBundle(ws, second.dir, opts).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(WorkspaceError);
      expect((err as Error).message).toMatch(/disk is full.*nothing was added/is);
      expect(ws.db.inTransaction).toBe(false);
      expect(counts(ws.db)).toEqual(before);
      // no row refers to a stream the rolled-back import had made (the next import would take over its id)
      expect(ws.db.prepare('SELECT COUNT(*) AS n FROM events WHERE stream_id > ?').get(maxId)).toEqual({ n: 0 });
      expect(ws.db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events' ORDER BY name").pluck().all()).toEqual([
        'events_action_ts',
        'events_actor_ts',
        'events_auth_actor',
        'events_category_ts',
        'events_stream_line',
        'events_stream_ts',
        'events_ts',
      ]);
      expect(ws.db.pragma('journal_mode', { simple: true })).toBe('wal');
      ws.close();

      // the file as another process sees it
      const raw = new Database(file, { readonly: true });
      expect(counts(raw)).toEqual(before);
      expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(raw.pragma('foreign_key_check')).toEqual([]);
      raw.close();

      // with room again, the same bundle imports and the whole workspace verifies
      const again = Workspace.open(file);
      const r = await importBundle(again, second.dir, opts);
      expect(r.events).toBe(1500);
      const runs = await verifyWorkspace(again, { pins: [first.vendorKey, second.vendorKey], silentIntervalMs: WEEK });
      expect(runs.map((x) => x.report.verdict)).toEqual(['verified', 'verified']);
      expect(again.db.pragma('integrity_check', { simple: true })).toBe('ok');
      again.close();
    });
  }
});
