// SQLite's failures as messages an auditor understands (store/errors.ts), from errors SQLite really raises.
import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { storageError, WorkspaceError, WorkspaceStorageError } from '../../electron/engine/store/errors';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'tickmark-store-errors-'));

function thrownBy(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('nothing was thrown');
}

describe('storageError', () => {
  const file = path.join(tmp, 'w.tickmark');
  const db = new Database(file);
  db.exec('CREATE TABLE t (k TEXT PRIMARY KEY, v TEXT NOT NULL)');

  it('a broken constraint names the constraint and what became of the work', () => {
    db.prepare("INSERT INTO t VALUES ('a', 'x')").run();
    const e = storageError(
      thrownBy(() => db.prepare("INSERT INTO t VALUES ('a', 'y')").run()),
      file,
      'Nothing was added',
    );
    expect(e).toBeInstanceOf(WorkspaceStorageError);
    expect(e).toBeInstanceOf(WorkspaceError);
    expect((e as WorkspaceStorageError).code).toBe('SQLITE_CONSTRAINT_PRIMARYKEY');
    expect((e as Error).message).toBe(
      `${file}: what was to be written conflicts with what the workspace holds (UNIQUE constraint failed: t.k). Nothing was added. This is a fault in the input or in Tickmark; report it with the input that caused it.`,
    );
  });

  it('a full disk and a workspace another connection is writing', () => {
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
    const full = storageError(
      thrownBy(() => db.prepare('INSERT INTO t VALUES (?, ?)').run('b', 'x'.repeat(100_000))),
      file,
    );
    expect((full as Error).message).toMatch(/: the disk is full .*Nothing was changed\. Free some space/);
    const other = new Database(file, { timeout: 0 });
    db.exec('BEGIN IMMEDIATE');
    const busy = storageError(
      thrownBy(() => other.exec('BEGIN IMMEDIATE')),
      file,
    );
    db.exec('ROLLBACK');
    other.close();
    expect(busy).toMatchObject({ code: 'SQLITE_BUSY' });
    expect((busy as Error).message).toMatch(/the workspace is in use: another Tickmark process/);
  });

  it('anything that is not an SQLite error passes through unchanged', () => {
    const e = new RangeError('not ours');
    expect(storageError(e, file)).toBe(e);
  });
});
