// One SQLite file per engagement. Opening checks the file's schema against Tickmark's own before anything
// runs against it (see schema.ts), then applies pending migrations; WAL lets the UI read while a job writes.
// Opening also checks the file against this machine's record of its trust anchors (anchor-ledger.ts).
import Database from 'better-sqlite3';
import { existsSync, openSync, readSync, closeSync } from 'node:fs';
import { MIGRATIONS } from './migrations';
import { WorkspaceError, isSqliteError, storageError } from './errors';
import { checkSchema, SCHEMA_MIGRATIONS_SQL } from './schema';
import { advanceAnchors, checkAnchors, profileDir, type AnchorCheck } from './anchor-ledger';

export { WorkspaceError } from './errors';
export type DB = Database.Database;

export interface EngagementInfo {
  id: number;
  name: string;
  client: string;
  system: string;
  framework: string;
  windowStart: string | null;
  windowEnd: string | null;
  silentIntervalMs: number | null;
  createdAt: string;
}

/** True when the file starts with SQLite's header: lets the CLI tell a workspace from a bundle. */
export function isSqliteFile(file: string): boolean {
  if (!existsSync(file)) return false;
  let fd: number | null = null;
  try {
    fd = openSync(file, 'r');
    const b = Buffer.alloc(16);
    return readSync(fd, b, 0, 16, 0) === 16 && b.toString('latin1') === 'SQLite format 3\0';
  } catch {
    return false;
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

export class Workspace {
  private anchorCheck!: AnchorCheck;
  /** the activity log grew since the profile's record last followed it */
  private anchorsBehind = false;
  private anchorsQueued = false;

  private constructor(
    readonly file: string,
    readonly db: DB,
  ) {}

  /** How the file compares with this machine's record of its pinned keys and activity log. */
  get anchors(): AnchorCheck {
    return this.anchorCheck;
  }

  /**
   * Called by logActivity: the profile's record follows the log once the change is committed. Entries are
   * written inside transactions that finish synchronously, so a microtask runs after the commit (or the
   * rollback: the record follows what is in the file, and only onward from what it recorded).
   */
  activityAppended(): void {
    this.anchorsBehind = true;
    if (this.anchorsQueued) return;
    this.anchorsQueued = true;
    queueMicrotask(() => {
      this.anchorsQueued = false;
      try {
        this.recordAnchors();
      } catch {
        // the profile could not be written now; close() tries again and reports it
      }
    });
  }

  private recordAnchors(): void {
    if (!this.anchorsBehind || !this.db.open || this.db.inTransaction) return;
    this.anchorCheck = advanceAnchors(this, this.anchorCheck);
    this.anchorsBehind = false;
  }

  /** Open a workspace, creating it when `create` is set and it does not exist. */
  static open(file: string, opts: { create?: boolean; readonly?: boolean } = {}): Workspace {
    const exists = existsSync(file);
    if (!exists && !opts.create) throw new WorkspaceError(`There is no workspace at ${file}.`);
    if (exists && !isSqliteFile(file)) throw new WorkspaceError(`${file} is not a Tickmark workspace (not an SQLite file).`);
    // the desktop app loads a better-sqlite3 built for Electron's Node (bin/build-native.mjs)
    const nativeBinding = process.env.TICKMARK_SQLITE_BINDING;
    let db: DB | null = null;
    try {
      db = new Database(file, { readonly: opts.readonly ?? false, ...(nativeBinding ? { nativeBinding } : {}) });
      // SQL stored in a file (views, triggers, defaults) may not call functions with side effects
      db.pragma('trusted_schema = OFF');
      // before anything is written or run: a file with other tables, triggers or views is refused as is
      const version = checkSchema(db, file);
      // A new workspace gets 16 KiB pages (SQLite's default is 4 KiB; a workspace made before keeps its own).
      // The events are ~600-byte rows read whole by the index builds after a bulk import; with larger pages
      // those builds and the commit after took ~0.7 s less at 1M events (3.7 vs 4.5 s), rows no longer to write.
      if (!exists) db.pragma('page_size = 16384');
      if (!opts.readonly) {
        db.pragma('journal_mode = WAL');
        db.pragma('synchronous = NORMAL');
      }
      db.pragma('foreign_keys = ON');
      db.pragma('cache_size = -65536'); // 64 MiB page cache
      const ws = new Workspace(file, db);
      if (!opts.readonly) ws.migrate(version);
      try {
        ws.anchorCheck = checkAnchors(ws, !exists);
      } catch (e) {
        if (e instanceof WorkspaceError || isSqliteError(e)) throw e;
        throw new WorkspaceError(`Could not check ${file} against this machine's record of it in ${profileDir()}: ${(e as Error).message}`);
      }
      return ws;
    } catch (e) {
      db?.close();
      throw storageError(e, file, 'Nothing was changed');
    }
  }

  private currentVersion(): number {
    const has = this.db.prepare("SELECT 1 FROM sqlite_master WHERE type='table' AND name='schema_migrations'").get();
    if (!has) return 0;
    return (this.db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null }).v ?? 0;
  }

  /** Apply the migrations after `from` (checkSchema has refused a workspace newer than this Tickmark). */
  private migrate(from: number): void {
    if (from === MIGRATIONS[MIGRATIONS.length - 1]!.version) return;
    this.db.exec(SCHEMA_MIGRATIONS_SQL);
    for (const m of MIGRATIONS) {
      if (m.version <= from) continue;
      this.db.transaction(() => {
        this.db.exec(m.sql);
        this.db
          .prepare('INSERT INTO schema_migrations (version, description, applied_at) VALUES (?, ?, ?)')
          .run(m.version, m.description, new Date().toISOString());
      })();
    }
  }

  schemaVersion(): number {
    return this.currentVersion();
  }

  /** The workspace's engagement, created on first use with what is known. */
  engagement(defaults?: Partial<Omit<EngagementInfo, 'id' | 'createdAt'>>): EngagementInfo {
    const row = this.db.prepare('SELECT * FROM engagements ORDER BY id LIMIT 1').get() as Record<string, unknown> | undefined;
    if (row) return engagementFromRow(row);
    const d = defaults ?? {};
    const info = this.db
      .prepare(
        'INSERT INTO engagements (name, client, system, framework, window_start, window_end, silent_interval_ms, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        d.name ?? 'Untitled engagement',
        d.client ?? '',
        d.system ?? '',
        d.framework ?? 'SOC 2',
        d.windowStart ?? null,
        d.windowEnd ?? null,
        d.silentIntervalMs ?? null,
        new Date().toISOString(),
      );
    return engagementFromRow(this.db.prepare('SELECT * FROM engagements WHERE id = ?').get(info.lastInsertRowid) as Record<string, unknown>);
  }

  /** Set the engagement's details (creating its row if need be): a new workspace is given its name and
   *  window after opening, which already made a default row. */
  setEngagement(values: Omit<EngagementInfo, 'id' | 'createdAt' | 'silentIntervalMs'> & { silentIntervalMs?: number | null }): EngagementInfo {
    const { id } = this.engagement();
    this.db
      .prepare(
        'UPDATE engagements SET name = ?, client = ?, system = ?, framework = ?, window_start = ?, window_end = ?, silent_interval_ms = coalesce(?, silent_interval_ms) WHERE id = ?',
      )
      .run(values.name, values.client, values.system, values.framework, values.windowStart, values.windowEnd, values.silentIntervalMs ?? null, id);
    return this.engagement();
  }

  close(): void {
    if (this.db.open) {
      try {
        this.recordAnchors();
      } finally {
        if (!this.db.readonly) this.db.pragma('wal_checkpoint(TRUNCATE)');
        this.db.close();
      }
    }
  }
}

function engagementFromRow(r: Record<string, unknown>): EngagementInfo {
  return {
    id: r.id as number,
    name: r.name as string,
    client: r.client as string,
    system: r.system as string,
    framework: r.framework as string,
    windowStart: (r.window_start as string | null) ?? null,
    windowEnd: (r.window_end as string | null) ?? null,
    silentIntervalMs: (r.silent_interval_ms as number | null) ?? null,
    createdAt: r.created_at as string,
  };
}
