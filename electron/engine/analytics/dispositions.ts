// The auditor's disposition of an exception (#16 item 3): a confirmed deviation, explained (with a note) or
// a false positive (with the reason). Kept by the exception's key, which is the same in every run that finds
// the same thing, so a disposition follows the exception into later runs; every disposition is kept and the
// latest wins (the current_dispositions view). Each one is an activity-log entry, in the same transaction.
import { DISPOSITION_KINDS, type Disposition, type DispositionKind, type RuleRef } from '../../../shared/analytics';
import { defaultActor, logActivity } from '../activity';
import type { Workspace } from '../store/workspace';
import { AnalyticsError } from './errors';

export interface DispositionInput {
  kind: DispositionKind;
  /** required for "explained" and "false_positive" */
  note?: string;
  /** default: the OS user */
  by?: string;
}

export function disposeException(ws: Workspace, key: string, input: DispositionInput): Disposition {
  if (!(DISPOSITION_KINDS as readonly string[]).includes(input.kind))
    throw new AnalyticsError(`"${String(input.kind)}" is not a disposition; use one of ${DISPOSITION_KINDS.join(', ')}.`);
  const note = (input.note ?? '').trim();
  if (input.kind !== 'confirmed_deviation' && note === '')
    throw new AnalyticsError(
      input.kind === 'explained' ? 'An explained exception needs a note saying what explains it.' : 'A false positive needs the reason it is one.',
    );
  const found = ws.db.prepare('SELECT run_id, rule, refs, message FROM analytics_exceptions WHERE key = ? ORDER BY run_id DESC LIMIT 1').get(key) as
    { run_id: number; rule: string; refs: string; message: string } | undefined;
  if (!found) throw new AnalyticsError(`No analytics run found an exception with key ${key}.`);
  const d: Disposition = { kind: input.kind, note, by: input.by ?? defaultActor(), at: new Date().toISOString() };
  ws.db.transaction(() => {
    const previous = ws.db.prepare('SELECT kind, note FROM current_dispositions WHERE key = ?').get(key) as
      { kind: DispositionKind; note: string } | undefined;
    ws.db
      .prepare('INSERT INTO exception_dispositions (key, kind, note, disposed_by, disposed_at) VALUES (?, ?, ?, ?, ?)')
      .run(key, d.kind, d.note, d.by, d.at);
    logActivity(ws, d.by, 'dispose-exception', `${found.rule} ${key.slice(0, 12)}`, {
      key,
      rule: found.rule,
      run: found.run_id,
      refs: JSON.parse(found.refs) as RuleRef[],
      kind: d.kind,
      note: d.note,
      previous: previous ?? null,
    });
  })();
  return d;
}

/** The current disposition of an exception (null: none yet). */
export function currentDisposition(ws: Workspace, key: string): Disposition | null {
  const r = ws.db.prepare('SELECT kind, note, disposed_by, disposed_at FROM current_dispositions WHERE key = ?').get(key) as
    { kind: DispositionKind; note: string; disposed_by: string; disposed_at: string } | undefined;
  return r ? { kind: r.kind, note: r.note, by: r.disposed_by, at: r.disposed_at } : null;
}

/** Every disposition of an exception, oldest first. */
export function dispositionHistory(ws: Workspace, key: string): Disposition[] {
  return (
    ws.db.prepare('SELECT kind, note, disposed_by, disposed_at FROM exception_dispositions WHERE key = ? ORDER BY id').all(key) as {
      kind: DispositionKind;
      note: string;
      disposed_by: string;
      disposed_at: string;
    }[]
  ).map((r) => ({ kind: r.kind, note: r.note, by: r.disposed_by, at: r.disposed_at }));
}
