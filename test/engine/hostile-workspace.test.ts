// A workspace file someone crafted (hardening issue #11, item 7). Index names read from sqlite_schema were
// pasted into `DROP INDEX …` during a bulk import, so a name carrying `ATTACH … DELETE` emptied an unrelated
// SQLite file; a trigger in the file would run on Tickmark's own INSERTs. Such files are now refused on open,
// before anything runs against them, and nothing outside (or inside) them is touched.
import { beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { generateBundle, importBundle, Workspace, WorkspaceError } from '../../electron/engine/index';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'tickmark-hostile-'));
let clean = '';
let bundle: Awaited<ReturnType<typeof generateBundle>>;
let bigger: Awaited<ReturnType<typeof generateBundle>>;

const sha = (f: string): string => createHash('sha256').update(readFileSync(f)).digest('hex');

/** An unrelated SQLite file with three rows: the attack's target. */
function victim(name: string): string {
  const f = path.join(tmp, `${name}.db`);
  const db = new Database(f);
  db.exec("CREATE TABLE ledger (entry TEXT); INSERT INTO ledger VALUES ('a'), ('b'), ('c')");
  db.close();
  return f;
}

/** A copy of a good workspace, changed behind Tickmark's back by `sql`. */
function crafted(name: string, sql: string): string {
  const f = path.join(tmp, `${name}.tickmark`);
  copyFileSync(clean, f);
  const db = new Database(f);
  db.exec(sql);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return f;
}

async function expectRefused(file: string, message: RegExp): Promise<void> {
  const before = sha(file);
  for (const readonly of [false, true]) {
    let err: unknown;
    try {
      const ws = Workspace.open(file, { readonly });
      // what the attack needed: a bulk import (the old code dropped the indexes it found by name)
      await importBundle(ws, bigger.dir, { bulk: true });
      ws.close();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(WorkspaceError);
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message).toContain(file);
  }
  expect(sha(file)).toBe(before); // not even switched to WAL
}

beforeAll(async () => {
  bundle = await generateBundle({ out: path.join(tmp, 'bundle'), events: 200, seed: 'hostile', evidence: false });
  bigger = await generateBundle({ out: path.join(tmp, 'bigger'), events: 400, seed: 'hostile-2', evidence: false });
  clean = path.join(tmp, 'clean.tickmark');
  const ws = Workspace.open(clean, { create: true });
  await importBundle(ws, bundle.dir);
  ws.close();
});

describe('a crafted workspace file', () => {
  it('an index whose name carries SQL: refused, and the unrelated file it aimed at is untouched', async () => {
    const target = victim('ledger');
    const targetSha = sha(target);
    const name = `IF EXISTS none; COMMIT; ATTACH '${target}' AS v; DELETE FROM v.ledger; BEGIN; --`;
    const file = crafted('attach', `CREATE INDEX "${name.replaceAll('"', '""')}" ON events (seq)`);
    await expectRefused(file, /unexpected index "IF EXISTS none; COMMIT; ATTACH .* on events.*refused/s);
    const db = new Database(target, { readonly: true });
    expect(db.prepare('SELECT COUNT(*) AS n FROM ledger').get()).toEqual({ n: 3 });
    db.close();
    expect(sha(target)).toBe(targetSha);
  });

  it('a trigger that would run on our INSERTs: refused, the activity log kept', async () => {
    const file = crafted('trigger', 'CREATE TRIGGER wipe AFTER INSERT ON events BEGIN DELETE FROM activity_log; END');
    await expectRefused(file, /unexpected trigger "wipe" on events/);
    const db = new Database(file, { readonly: true });
    expect((db.prepare('SELECT COUNT(*) AS n FROM activity_log').get() as { n: number }).n).toBeGreaterThan(0);
    db.close();
  });

  it('an extra view or table, an index whose SQL was altered, or a missing one: refused', async () => {
    await expectRefused(crafted('view', 'CREATE VIEW peek AS SELECT * FROM events'), /unexpected view "peek"/);
    await expectRefused(crafted('table', 'CREATE TABLE extra (x)'), /unexpected table "extra"/);
    await expectRefused(
      crafted('altered', 'DROP INDEX events_ts; CREATE INDEX events_ts ON events (ts_ms) WHERE seq > 0'),
      /altered index "events_ts" on events/,
    );
    await expectRefused(crafted('missing', 'DROP INDEX events_actor_ts'), /no index "events_actor_ts" on events/);
  });

  it('an SQLite file that is not a workspace at all is refused as it is, not migrated into', async () => {
    const other = victim('other-app');
    const before = sha(other);
    expect(() => Workspace.open(other)).toThrow(/is an SQLite database but not a Tickmark workspace \(it holds table "ledger"\)/);
    expect(sha(other)).toBe(before);
    expect(existsSync(`${other}-wal`)).toBe(false);
  });

  it('the untouched workspace still opens, bulk-imports and keeps exactly its schema', async () => {
    const file = path.join(tmp, 'fine.tickmark');
    copyFileSync(clean, file);
    const schema = (): unknown[] => {
      const db = new Database(file, { readonly: true });
      const rows = db.prepare('SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY type, name').all();
      db.close();
      return rows;
    };
    const before = schema();
    const ws = Workspace.open(file);
    const r = await importBundle(ws, bigger.dir, { bulk: true });
    expect(r.events).toBe(400);
    ws.close();
    expect(schema()).toEqual(before);
    Workspace.open(file).close(); // and opens again after the bulk import rebuilt its indexes
  });
});
