// The errors of control analytics, each in words an auditor can act on: a rule pack refused names its file
// and the line and column (a JSON fault) or the rule and member (a schema fault); a rule that cannot run
// names the rule. The CLI exits 2 on either; nothing is written to the workspace.

/** A rule pack file that cannot be used as it is. */
export class RulePackError extends Error {
  override name = 'RulePackError';
  constructor(
    message: string,
    readonly file: string,
    /** 1-based, when the fault is in the JSON text */
    readonly line: number | null = null,
    readonly column: number | null = null,
  ) {
    super(message);
  }
}

/** A run, disposition or population that cannot be made as asked (a rule's SQL refused, an unknown key, …). */
export class AnalyticsError extends Error {
  override name = 'AnalyticsError';
}
