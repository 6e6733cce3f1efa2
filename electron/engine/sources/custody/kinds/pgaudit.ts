// PostgreSQL pgaudit entries in a csvlog file (PostgreSQL docs, "Using CSV-Format Log Output"; pgaudit
// README, "Format") on the custody seam. A csvlog line has no header; its columns, by position:
//   log_time, user_name, database_name, process_id, connection_from, session_id, session_line_num,
//   command_tag, session_start_time, virtual_transaction_id, transaction_id, error_severity, sql_state_code,
//   message, detail, hint, internal_query, internal_query_pos, context, query, query_pos, location,
//   application_name                                   — 23 columns up to PostgreSQL 12
//   + backend_type                                     — 24 in PostgreSQL 13
//   + leader_pid, query_id                             — 26 from PostgreSQL 14
// pgaudit writes its entry in `message`: "AUDIT: " then CSV fields AUDIT_TYPE (SESSION or OBJECT),
// STATEMENT_ID, SUBSTATEMENT_ID, CLASS, COMMAND, OBJECT_TYPE, OBJECT_NAME, STATEMENT, PARAMETER (and ROWS
// when pgaudit.log_rows is on). Lines whose message is not an AUDIT entry are other log lines: not records,
// covered by the file's SHA-256 only, and counted as skipped.
//   ts        log_time ("2026-03-01 10:15:42.123 UTC"), read as RFC 3339; a zone given by abbreviation other
//             than UTC/GMT is refused (set log_timezone = 'UTC'): an abbreviation is not one instant
//   action    "<class>.<command>" in lower case, spaces as "_" ("read.select", "ddl.create_table")
//   actor     user_name (type "database-role"); target OBJECT_NAME, else null
//   category  READ, WRITE → phi_access (access to the records held); ROLE → admin; DDL → config_change;
//             FUNCTION, MISC, MISC_SET → system
//   outcome   error_severity ERROR, FATAL or PANIC → failure, else success; mfa null
//   duplicates  the same session_id and session_line_num (unique per log line within a server's log)
import type { Category } from '../../../../../shared/types';
import { parseRfc3339 } from '../../../../../shared/time';
import type { CustodySourceKind } from '../kind';
import { csvItems, csvLeafValues } from '../framing/csv-records';
import { byLine, mapItems, RecordShapeError, remapWith, type Mapped } from './record-shape';

export const CSVLOG_COLUMNS = [
  'log_time',
  'user_name',
  'database_name',
  'process_id',
  'connection_from',
  'session_id',
  'session_line_num',
  'command_tag',
  'session_start_time',
  'virtual_transaction_id',
  'transaction_id',
  'error_severity',
  'sql_state_code',
  'message',
  'detail',
  'hint',
  'internal_query',
  'internal_query_pos',
  'context',
  'query',
  'query_pos',
  'location',
  'application_name',
  'backend_type',
  'leader_pid',
  'query_id',
] as const;
const WIDTHS = [23, 24, 26];
const col = (name: (typeof CSVLOG_COLUMNS)[number]): number => CSVLOG_COLUMNS.indexOf(name);

export const PGAUDIT_CATEGORY: Readonly<Record<string, Category>> = {
  READ: 'phi_access',
  WRITE: 'phi_access',
  ROLE: 'admin',
  DDL: 'config_change',
  FUNCTION: 'system',
  MISC: 'system',
  MISC_SET: 'system',
};

const LOG_TIME = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?) (UTC|GMT|[+-]\d{2}(?::?\d{2})?)$/;

/** log_time as RFC 3339, or null. */
export function logTimeRfc3339(s: string): string | null {
  const m = LOG_TIME.exec(s);
  if (m === null) return null;
  const zone = m[3]!;
  const offset =
    zone === 'UTC' || zone === 'GMT' ? 'Z' : zone.length === 3 ? `${zone}:00` : zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const ts = `${m[1]}T${m[2]}${offset}`;
  return parseRfc3339(ts) === null ? null : ts;
}

/** The AUDIT entry's fields, or null when the message is not one; refused when they are not CSV. */
export function auditFields(message: string): string[] | null {
  if (!message.startsWith('AUDIT: ')) return null;
  const fields = csvLeafValues(message.slice(7));
  if (fields === null) throw new RecordShapeError('message', 'has an AUDIT entry whose fields are not CSV as pgaudit writes them');
  return fields;
}

/** A csvlog row → its pgaudit event, or null when the row is another log line. */
export function mapPgAuditRow(v: readonly string[]): Mapped | null {
  if (!WIDTHS.includes(v.length)) throw new RecordShapeError(null, `has ${v.length} columns; a PostgreSQL csvlog line has 23, 24 or 26`);
  const a = auditFields(v[col('message')]!);
  if (a === null) return null;
  if (a.length < 8 || a.length > 10)
    throw new RecordShapeError(
      'message',
      `has an AUDIT entry of ${a.length} fields; pgaudit writes 8 to 10 (AUDIT_TYPE … STATEMENT, PARAMETER, ROWS)`,
    );
  const [auditType, , , cls, command, , objectName] = a as [string, string, string, string, string, string, string];
  if (auditType !== 'SESSION' && auditType !== 'OBJECT')
    throw new RecordShapeError('message', `has the AUDIT_TYPE "${auditType}"; pgaudit writes SESSION or OBJECT`);
  const category = PGAUDIT_CATEGORY[cls];
  if (category === undefined)
    throw new RecordShapeError('message', `has the CLASS "${cls}", which is none of ${Object.keys(PGAUDIT_CATEGORY).join(', ')}`);
  const logTime = v[col('log_time')]!;
  const ts = logTimeRfc3339(logTime);
  if (ts === null)
    throw new RecordShapeError(
      'log_time',
      `has the log_time "${logTime}", which is not a date and time with UTC or a numeric offset (set log_timezone = 'UTC')`,
    );
  const user = v[col('user_name')]!;
  const severity = v[col('error_severity')]!;
  return {
    fields: {
      ts,
      tsMs: parseRfc3339(ts)!,
      category,
      action: `${cls}.${command}`.toLowerCase().replace(/\s+/g, '_'),
      actorId: user === '' ? 'unknown' : user,
      actorType: 'database-role',
      target: objectName === '' ? null : objectName,
      outcome: ['ERROR', 'FATAL', 'PANIC'].includes(severity) ? 'failure' : 'success',
      mfa: null,
    },
    dupKey: `${v[col('session_id')]}:${v[col('session_line_num')]}`,
  };
}

export const pgauditKind: CustodySourceKind = {
  id: 'pgaudit',
  streamKey: 'pgaudit',
  noun: 'pgaudit',
  detect(head) {
    // a csvlog line begins with its log_time; the head holds an AUDIT entry
    return /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/.test(head) && head.includes('"AUDIT: ') ? 'csvlog' : null;
  },
  frame(text) {
    const { items, problems } = csvItems(text, false);
    let skipped = 0;
    const audit = items.filter((it) => {
      // a line of the wrong width is kept, to be refused with its column count
      const keep = !WIDTHS.includes(it.values.length) || it.values[col('message')]!.startsWith('AUDIT: ');
      if (!keep) skipped++;
      return keep;
    });
    const mapped = mapItems(audit, (it) => mapPgAuditRow(it.values)!);
    return { framing: 'csvlog', records: mapped.records, problems: [...problems, ...mapped.problems].sort(byLine), context: null, skipped };
  },
  remap(leaf) {
    const values = csvLeafValues(leaf);
    if (values === null) return { problem: 'its stored record is no longer one CSV record' };
    return remapWith(() => {
      const m = mapPgAuditRow(values);
      if (m === null) throw new RecordShapeError('message', 'is no longer an AUDIT entry');
      return m;
    });
  },
};
