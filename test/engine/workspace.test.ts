import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Workspace, WorkspaceError } from '../../electron/engine/store/workspace';
import { MIGRATIONS } from '../../electron/engine/store/migrations';
import { SCHEMA_MIGRATIONS_SQL } from '../../electron/engine/store/schema';
import { generateBundle, importBundle, verifyWorkspace } from '../../electron/engine/index';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'tickmark-workspace-'));
const latest = MIGRATIONS[MIGRATIONS.length - 1]!.version;
const WEEK = 7 * 24 * 3600 * 1000;

describe('Workspace.open', () => {
  it('makes a new workspace in WAL mode, with 16 KiB pages, at the latest schema', () => {
    const ws = Workspace.open(path.join(tmp, 'new.tickmark'), { create: true });
    expect(ws.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(ws.db.pragma('page_size', { simple: true })).toBe(16384);
    expect(ws.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(ws.schemaVersion()).toBe(latest);
    ws.close();
  });

  it('keeps the page size of a workspace made with another, and imports and verifies in it', async () => {
    const file = path.join(tmp, 'old-pages.tickmark');
    const old = new Database(file);
    old.pragma('page_size = 4096');
    // the file exists with 4 KiB pages, and nothing in it, before Tickmark opens it
    old.exec('CREATE TABLE placeholder (x); DROP TABLE placeholder');
    old.close();
    const ws = Workspace.open(file);
    expect(ws.db.pragma('page_size', { simple: true })).toBe(4096);
    expect(ws.schemaVersion()).toBe(latest);
    const g = await generateBundle({ out: path.join(tmp, 'old-pages-bundle'), events: 300, seed: 'old-pages' });
    await importBundle(ws, g.dir, { bulk: true });
    const [v] = await verifyWorkspace(ws, { pins: [g.vendorKey], silentIntervalMs: WEEK });
    expect(v!.report.verdict).toBe('verified');
    expect(ws.db.pragma('integrity_check', { simple: true })).toBe('ok');
    ws.close();
  });

  it('opens and migrates a workspace an earlier Tickmark wrote (its schema checked against that version)', () => {
    for (const version of MIGRATIONS.map((m) => m.version).slice(0, -1)) {
      const file = path.join(tmp, `schema-${version}.tickmark`);
      const old = new Database(file);
      old.exec(SCHEMA_MIGRATIONS_SQL);
      for (const m of MIGRATIONS.filter((x) => x.version <= version)) {
        old.exec(m.sql);
        old
          .prepare('INSERT INTO schema_migrations (version, description, applied_at) VALUES (?, ?, ?)')
          .run(m.version, m.description, '2026-01-01T00:00:00Z');
      }
      old.close();
      const ro = Workspace.open(file, { readonly: true });
      expect(ro.schemaVersion()).toBe(version);
      ro.close();
      const ws = Workspace.open(file);
      expect(ws.schemaVersion()).toBe(latest);
      ws.close();
      Workspace.open(file).close();
    }
  });

  it('refuses a file that is not SQLite, a missing one, and one written by a newer Tickmark', () => {
    const notDb = path.join(tmp, 'notes.tickmark');
    writeFileSync(notDb, 'meeting notes, not a workspace\n');
    expect(() => Workspace.open(notDb)).toThrow(/not a Tickmark workspace/);
    expect(() => Workspace.open(path.join(tmp, 'absent.tickmark'))).toThrow(WorkspaceError);
    const newer = path.join(tmp, 'newer.tickmark');
    Workspace.open(newer, { create: true }).close();
    const db = new Database(newer);
    db.prepare('INSERT INTO schema_migrations (version, description, applied_at) VALUES (?, ?, ?)').run(
      latest + 1,
      'from the future',
      '2030-01-01T00:00:00Z',
    );
    db.close();
    expect(() => Workspace.open(newer)).toThrow(/newer Tickmark/);
    expect(() => Workspace.open(newer, { readonly: true })).toThrow(/newer Tickmark/);
  });
});
