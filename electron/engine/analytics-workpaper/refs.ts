// An exception's references in words a reader can check without the app: an event as its stream and seq
// with the time, actor and action the verified record holds; an evidence row as its file and spreadsheet
// row with its key cells (and every stored cell, for the cited-rows table); a period as its ISO week.
// Read from the same in-scope views the rules read (migration 9).
import { EVIDENCE_TABLE_KINDS, describeRef, isEvidenceRef, isStreamRef, type RuleRef } from '../../../shared/analytics';
import type { Workspace } from '../store/workspace';
import type { RenderedRef } from './format';

/** The cells that identify a row of each kind, shown beside the reference. */
const KEY_CELLS: Record<string, string[]> = {
  hr_roster: ['user_id', 'user_name', 'terminated_on', 'privileged'],
  access_review: ['user_id', 'role', 'decision', 'reviewed_on', 'reviewer'],
  approved_access: ['user_id', 'role', 'approved_by', 'approved_on'],
  change_log: ['change_id', 'change_ts', 'change_type', 'changed_by', 'approved_by', 'approved_ts', 'emergency'],
  restore_test: ['test_id', 'performed_on', 'system', 'result'],
  identity_map: ['actor_id', 'user_id', 'source'],
};

/** Stored columns not shown as cells: derived instants and the view's own reference columns. */
const HIDDEN = /(_from_ms|_to_ms)$|^(evidence|row)$/;

const str = (v: unknown): string => (v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v));

export class RefRenderer {
  private readonly cache = new Map<string, RenderedRef>();
  constructor(private readonly ws: Workspace) {}

  render(ref: RuleRef): RenderedRef {
    const k = JSON.stringify(ref);
    let r = this.cache.get(k);
    if (!r) this.cache.set(k, (r = this.resolve(ref)));
    return r;
  }

  private resolve(ref: RuleRef): RenderedRef {
    const label = describeRef(ref);
    if (isStreamRef(ref)) {
      // the stream's events by (stream_id, seq): one index lookup per bundle in scope holding the stream key
      const rows = this.ws.db
        .prepare(
          `SELECT s.bundle_id, e.ts, e.actor_id, e.actor_type, e.category, e.action, e.outcome, e.target FROM events e JOIN streams s ON s.id = e.stream_id
           WHERE e.stream_id IN (SELECT id FROM streams WHERE stream_key = ? AND bundle_id IN (SELECT bundle_id FROM bundle_scope WHERE in_scope))
             AND e.seq = ? ORDER BY s.bundle_id`,
        )
        .all(ref.stream, ref.seq) as Record<string, string | number | null>[];
      if (rows.length === 0) return { ref, label, detail: null };
      const detail = rows
        .map(
          (e) =>
            `${str(e.ts)} · ${str(e.actor_type)} ${str(e.actor_id)} · ${str(e.category)}/${str(e.action)} (${str(e.outcome)})` +
            (e.target ? ` on ${str(e.target)}` : '') +
            (rows.length > 1 ? ` [bundle #${str(e.bundle_id)}]` : ''),
        )
        .join('\n');
      return { ref, label, detail };
    }
    if (isEvidenceRef(ref)) {
      const t = this.ws.db.prepare('SELECT kind FROM evidence_scope WHERE path = ? AND in_scope ORDER BY table_id DESC LIMIT 1').get(ref.evidence) as
        { kind: string } | undefined;
      if (!t || !(EVIDENCE_TABLE_KINDS as readonly string[]).includes(t.kind)) return { ref, label, detail: null };
      // the kind is one of the known names (checked above), each a view of that name
      const row = this.ws.db.prepare(`SELECT * FROM ${t.kind} WHERE evidence = ? AND row = ?`).get(ref.evidence, ref.row) as
        Record<string, unknown> | undefined;
      if (!row) return { ref, label, detail: null };
      const cells: [string, string][] = Object.entries(row)
        .filter(([c, v]) => !HIDDEN.test(c) && !(c === 'extra' && (v === null || v === '{}')))
        .map(([c, v]) => [c, str(v)]);
      const detail = (KEY_CELLS[t.kind] ?? [])
        .filter((c) => c in row)
        .map((c) => `${c}: ${str(row[c]) || '(empty)'}`)
        .join('; ');
      return { ref, label, detail, cells };
    }
    // a week of the audit window (audit_weeks, migration 9): its Monday and Sunday, UTC
    const w = this.ws.db.prepare('SELECT week_start_ms FROM audit_weeks WHERE period = ?').get(ref.period) as { week_start_ms: number } | undefined;
    const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
    return {
      ref,
      label,
      detail: w
        ? `ISO week ${ref.period}: Monday ${day(w.week_start_ms)} 00:00 UTC to Sunday ${day(w.week_start_ms + 6 * 86_400_000)} 24:00 UTC`
        : `ISO week ${ref.period} (not a week of the audit window)`,
    };
  }
}
