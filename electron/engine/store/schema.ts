// The schema Tickmark's own migrations define, and the check that a workspace file has exactly that schema
// before anything is run against it. A workspace is a file someone may hand over: a trigger in it would
// run on our INSERTs, a view or a crafted name could smuggle SQL into statements, so its sqlite_schema must
// list the same tables, indexes (with the same SQL text) and no trigger or view beyond ours. The reference
// is built by applying the migrations to an in-memory database, so it can never drift from migrations.ts.
import Database from 'better-sqlite3';
import { MIGRATIONS } from './migrations';
import { WorkspaceError } from './errors';

/** the table recording applied migrations; created before the first migration */
export const SCHEMA_MIGRATIONS_SQL =
  'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)';
export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

interface SchemaObject {
  type: string;
  name: string;
  tbl_name: string;
  sql: string | null;
}

/** An SQL identifier in double quotes (embedded quotes doubled, as SQL has it), for names in statements. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function objectsOf(db: Database.Database): SchemaObject[] {
  return db.prepare('SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY type, name').all() as SchemaObject[];
}

const expected = new Map<number, SchemaObject[]>();

/** Every object the migrations up to `version` create, as SQLite records them. */
function expectedSchema(version: number): SchemaObject[] {
  let objects = expected.get(version);
  if (!objects) {
    const nativeBinding = process.env.TICKMARK_SQLITE_BINDING;
    const db = new Database(':memory:', nativeBinding ? { nativeBinding } : {});
    try {
      db.exec(SCHEMA_MIGRATIONS_SQL);
      for (const m of MIGRATIONS) if (m.version <= version) db.exec(m.sql);
      objects = objectsOf(db);
    } finally {
      db.close();
    }
    expected.set(version, objects);
  }
  return objects;
}

/**
 * The indexes on events that a bulk import drops and builds again at its end: the ones the migrations
 * define (all but the one the import itself reads by), by their known names and SQL, never names read
 * from the file.
 */
export function deferredEventIndexes(): { name: string; sql: string }[] {
  return expectedSchema(LATEST_VERSION)
    .filter((o) => o.type === 'index' && o.tbl_name === 'events' && o.name !== 'events_stream_line' && o.sql !== null)
    .map((o) => ({ name: o.name, sql: o.sql! }));
}

function describeObject(o: SchemaObject): string {
  return o.type === 'table' || o.type === 'view' ? `${o.type} ${quoteIdentifier(o.name)}` : `${o.type} ${quoteIdentifier(o.name)} on ${o.tbl_name}`;
}

/**
 * The workspace's schema version, after checking that `db` holds exactly the schema Tickmark defines for
 * it (an empty file is version 0). Throws a WorkspaceError naming what differs, before anything else runs.
 */
export function checkSchema(db: Database.Database, file: string): number {
  const found = objectsOf(db);
  if (found.length === 0) return 0;
  const key = (o: SchemaObject): string => `${o.type} ${o.name}`;
  const migrationsTable = expectedSchema(0)[0]!;
  const theirs = found.find((o) => key(o) === key(migrationsTable));
  if (!theirs || theirs.sql !== migrationsTable.sql || theirs.tbl_name !== migrationsTable.tbl_name) {
    const names = found.slice(0, 5).map(describeObject).join(', ');
    throw new WorkspaceError(
      `${file} is an SQLite database but not a Tickmark workspace (it holds ${names}${found.length > 5 ? ', …' : ''}). Tickmark left it untouched.`,
    );
  }
  const version = (db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null }).v ?? 0;
  if (version > LATEST_VERSION)
    throw new WorkspaceError(`${file} was written by a newer Tickmark (schema ${version}; this one knows up to ${LATEST_VERSION}).`);
  const want = new Map(expectedSchema(version).map((o) => [key(o), o]));
  const have = new Map(found.map((o) => [key(o), o]));
  const problems: string[] = [];
  for (const [k, o] of have) {
    const w = want.get(k);
    if (!w) problems.push(`an unexpected ${describeObject(o)}`);
    else if (w.sql !== o.sql || w.tbl_name !== o.tbl_name) problems.push(`an altered ${describeObject(o)}`);
  }
  for (const [k, w] of want) if (!have.has(k)) problems.push(`no ${describeObject(w)}`);
  if (problems.length > 0) {
    throw new WorkspaceError(
      `${file} does not have the schema Tickmark defines for a workspace (version ${version}): it has ${problems.slice(0, 5).join(', ')}${problems.length > 5 ? ` and ${problems.length - 5} more differences` : ''}. ` +
        'A workspace changed outside Tickmark could run its own SQL when used, so it is refused and left untouched; import the bundles again into a new workspace.',
    );
  }
  return version;
}
