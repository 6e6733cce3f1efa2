// The kinds of evidence table and their columns, as ../shared/formats/evidence-tables.md lists them
// (tickmark-evidence-table/1), with how each column is read and stored in the workspace's et_<kind> table.
//
// Column types: 'text' is kept as written (trimmed); 'time' is an RFC 3339 timestamp or a YYYY-MM-DD date,
// stored as its text and the instants <prefix>_from_ms / <prefix>_to_ms, the prefix being the name without
// its "_on"/"_ts" suffix; 'bool' is true/false, yes/no, 1/0 (any case; empty is false), stored 0/1; 'enum' is
// one of `values`, matched without regard to case and stored as `values` spells it; 'number' is a decimal.
// `filled`: a required column whose cells may not be empty (an identifier, the date a row is about, an
// enumeration). The spec leaves some required columns empty on purpose: terminated_on while employed,
// approved_by when a change was never approved.

export const EVIDENCE_KINDS = ['hr_roster', 'access_review', 'approved_access', 'change_log', 'restore_test', 'identity_map'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

export type ColumnType = 'text' | 'time' | 'bool' | 'enum' | 'number';

export interface ColumnSpec {
  name: string;
  type: ColumnType;
  required: boolean;
  /** a required column whose cells may not be empty */
  filled?: boolean;
  /** an enumeration's values, in the case the workspace stores */
  values?: readonly string[];
}

const req = (name: string, type: ColumnType = 'text', filled = false, values?: readonly string[]): ColumnSpec => ({
  name,
  type,
  required: true,
  ...(filled ? { filled } : {}),
  ...(values ? { values } : {}),
});
const opt = (name: string, type: ColumnType = 'text', values?: readonly string[]): ColumnSpec => ({
  name,
  type,
  required: false,
  ...(values ? { values } : {}),
});

export const DECISIONS = ['retain', 'modify', 'revoke'] as const;
export const CHANGE_TYPES = ['DDL', 'PIPELINE', 'ACCESS', 'INFRASTRUCTURE'] as const;
export const CHANGE_OUTCOMES = ['SUCCESS', 'FAILED', 'ROLLED_BACK'] as const;
export const RESTORE_RESULTS = ['pass', 'fail'] as const;

export const KIND_COLUMNS: Record<EvidenceKind, readonly ColumnSpec[]> = {
  hr_roster: [
    req('user_id', 'text', true),
    req('user_name'),
    req('hired_on', 'time'),
    req('terminated_on', 'time'),
    opt('department'),
    opt('manager'),
    opt('privileged', 'bool'),
  ],
  access_review: [
    req('user_id', 'text', true),
    req('role'),
    req('reviewer'),
    req('decision', 'enum', true, DECISIONS),
    req('reviewed_on', 'time', true),
    opt('comment'),
    opt('actioned_on', 'time'),
  ],
  approved_access: [
    req('user_id', 'text', true),
    req('role'),
    req('approved_by'),
    req('approved_on', 'time', true),
    opt('ticket_reference'),
    opt('expires_on', 'time'),
  ],
  change_log: [
    req('change_id', 'text', true),
    req('change_ts', 'time', true),
    req('changed_by', 'text', true),
    req('approved_by'),
    req('change_type', 'enum', true, CHANGE_TYPES),
    req('change_desc'),
    opt('approved_ts', 'time'),
    opt('affected_systems'),
    opt('ticket_reference'),
    opt('rollback_plan'),
    opt('change_outcome', 'enum', CHANGE_OUTCOMES),
    opt('emergency', 'bool'),
  ],
  restore_test: [
    req('test_id', 'text', true),
    req('performed_on', 'time', true),
    req('system'),
    req('result', 'enum', true, RESTORE_RESULTS),
    opt('rto_minutes', 'number'),
    opt('rpo_minutes', 'number'),
    opt('evidence_ref'),
  ],
  identity_map: [req('user_id', 'text', true), req('actor_id', 'text', true), opt('source')],
};

export function isEvidenceKind(k: unknown): k is EvidenceKind {
  return typeof k === 'string' && (EVIDENCE_KINDS as readonly string[]).includes(k);
}

/** The workspace column prefix of a time column: "terminated_on" → "terminated", "change_ts" → "change". */
export function timePrefix(column: string): string {
  return column.replace(/_(on|ts)$/, '');
}
