// Re-performance of a rule with the sqlite3 command-line shell (3.31 or later, for .parameter): a script
// that binds the rule's parameters as the run bound them (its own, then the audit window's ends) and runs its
// SQL exactly as stored with the run. The shell is opened read-only on a copy of the workspace file, so the
// re-performance cannot change the evidence; the views it reads (bundle_scope, events_in_scope, hr_roster, …)
// are part of the workspace's schema (migration 9).
import type { RuleDef } from '../../../shared/analytics';

/** A value as the shell's ".parameter set" takes it: a number as is, text as an SQL string literal. */
function literal(v: number | string | null): string {
  if (v === null) return 'NULL';
  if (typeof v === 'number') return String(v);
  return `'${v.replace(/'/g, "''")}'`;
}

/** The sqlite3 shell script that re-performs `rule` with `params` (as RuleOutcome.parameters holds them). */
export function reperformScript(rule: RuleDef, params: Record<string, number | string | null>): string {
  const sets = Object.entries(params).map(([k, v]) => `.parameter set :${k} ${literal(v)}`);
  return ['.parameter init', ...sets, '.mode box', `${rule.sql.trimEnd().replace(/;\s*$/, '')};`].join('\n');
}

export const REPERFORM_HOWTO =
  'To re-perform a rule: copy the workspace file (and its -wal file, if any) to a folder of your own; save the rule\'s "Re-performance script" ' +
  'below as <rule>.sql (the cell holds the script exactly; Excel shows a leading apostrophe only when the text starts like a formula — it is not part of it); ' +
  'then run  sqlite3 -readonly <copy of the workspace> < <rule>.sql  with the sqlite3 command-line shell 3.31 or later. ' +
  'It prints one row per exception (refs, message), which must equal the rows of this rule on sheet "Exceptions" (info items included) ' +
  'as long as the workspace holds the same data: the "Data" sheet lists the bundles, verification verdicts and evidence SHA-256s the run used.';
