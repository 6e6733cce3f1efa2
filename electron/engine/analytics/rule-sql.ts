// A rule's SQL on the read-only path: each rule is one statement, prepared on a connection opened read-only
// with query_only set, and refused unless SQLite itself says it is read-only and returns rows
// (better-sqlite3 Statement.readonly and .reader: ATTACH, BEGIN or a PRAGMA that sets something are
// "read-only" to SQLite but return no rows) with the columns `refs` and `message`. Its named parameters are
// the rule's `parameters` plus :window_start_ms and :window_end_ms.
import Database from 'better-sqlite3';
import type { RuleDef } from '../../../shared/analytics';
import { AnalyticsError } from './errors';

export type RuleParams = Record<string, number | string | null>;

/** A read-only connection to the workspace file, for rules only. */
export function openRuleConnection(file: string): Database.Database {
  const nativeBinding = process.env.TICKMARK_SQLITE_BINDING;
  const db = new Database(file, { readonly: true, fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
  db.pragma('trusted_schema = OFF');
  db.pragma('query_only = ON');
  db.pragma('cache_size = -262144'); // 256 MiB: the rules read the events table more than once
  db.pragma('temp_store = MEMORY'); // window functions and sorts: no temporary files
  return db;
}

/** Prepare a rule's statement, refusing anything but one read-only query returning refs and message. */
export function prepareRule(db: Database.Database, rule: RuleDef): Database.Statement {
  let stmt: Database.Statement;
  try {
    stmt = db.prepare(rule.sql);
  } catch (e) {
    const msg = (e as Error).message;
    if (/more than one statement/i.test(msg))
      throw new AnalyticsError(`Rule ${rule.id}: its SQL holds more than one statement; a rule is exactly one read-only query.`);
    throw new AnalyticsError(`Rule ${rule.id}: its SQL does not compile: ${msg}.`);
  }
  if (!stmt.readonly || !stmt.reader)
    throw new AnalyticsError(`Rule ${rule.id}: its SQL is not a read-only query; a rule may only read (SELECT or WITH … SELECT).`);
  const names = stmt.columns().map((c) => c.name);
  for (const want of ['refs', 'message'])
    if (!names.includes(want))
      throw new AnalyticsError(
        `Rule ${rule.id}: its query returns no column "${want}" (it returns ${names.join(', ')}); a rule returns refs and message.`,
      );
  return stmt;
}

/** The named parameters bound for a rule: its own, then the audit window's ends. */
export function ruleParams(rule: RuleDef, window: { startMs: number; endMs: number } | null): RuleParams {
  return { ...rule.parameters, window_start_ms: window?.startMs ?? null, window_end_ms: window?.endMs ?? null };
}

/** Run a prepared rule; a parameter the SQL names but the rule does not define is an error naming the rule. */
export function* ruleRows(rule: RuleDef, stmt: Database.Statement, params: RuleParams): Generator<{ refs: unknown; message: unknown }> {
  let it: IterableIterator<unknown>;
  try {
    it = stmt.iterate(params);
  } catch (e) {
    throw new AnalyticsError(`Rule ${rule.id} could not run: ${(e as Error).message} (its parameters: ${Object.keys(params).join(', ')}).`);
  }
  for (const row of it) yield row as { refs: unknown; message: unknown };
}
