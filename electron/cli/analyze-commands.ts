// `tickmark analyze <workspace> [--pack soc2-healthcare|file.json] [--json]` (#16 item 3): run a rule pack
// over the workspace's verified events and evidence tables, store the run, and print the exceptions.
// Exit 0 whatever the rules find (exceptions are findings, not failures); 2 when the pack or the workspace
// cannot be used (nothing is stored then). Output goes through main.ts's terminal-safe io.
import { parseArgs } from 'node:util';
import { describeRef, type AnalyticsRunReport } from '../../shared/analytics';
import { Workspace } from '../engine/store/workspace';
import { AnalyticsError, RulePackError, loadRulePack, runRulePack } from '../engine/analytics/index';
import { UsageError, type IO } from './sampling-commands';

export const ANALYZE_USAGE = `  tickmark analyze <workspace> [--pack soc2-healthcare|<pack.json>] [--json] [--by <name>]
                  (runs a rule pack over the verified bundles' events and the evidence tables; exit 0
                   with or without exceptions, 2 for a pack or workspace that cannot be used)`;

/** What --json prints: the exceptions first (as #16 specifies them), then the rules, the data and the run. */
export function analyzeJson(r: AnalyticsRunReport): Record<string, unknown> {
  return {
    exceptions: r.exceptions.map((x) => ({ rule: x.rule, criteria: x.criteria, severity: x.severity, refs: x.refs, message: x.message, key: x.key })),
    rules: r.rules.map((x) => ({
      rule: x.rule,
      title: x.title,
      criteria: x.criteria,
      severity: x.severity,
      status: x.status,
      ...(x.note ? { note: x.note } : {}),
      count: x.count,
      ms: x.ms,
      parameters: x.parameters,
    })),
    data: r.data,
    window: r.window,
    run: { id: r.runId, pack: r.pack, startedAt: r.startedAt, finishedAt: r.finishedAt, by: r.by, totals: r.totals },
  };
}

const MAX_PER_RULE = 20;

function describeRun(r: AnalyticsRunReport, out: (s: string) => void): void {
  out(`Rule pack  ${r.pack.id} ${r.pack.version} — ${r.pack.title}`);
  out(`           ${r.pack.source}, SHA-256 ${r.pack.sha256}`);
  out(
    r.window
      ? `Window     ${r.window.start} – ${r.window.end} (${r.window.source === 'engagement' ? "the engagement's" : "the bundles' span"})`
      : 'Window     none (no engagement window and no bundle in scope)',
  );
  for (const b of r.data.bundles)
    out(`Bundle #${b.bundleId}  ${b.included ? 'IN SCOPE ' : 'EXCLUDED '} ${b.sourcePath}: ${b.why}; ${b.events.toLocaleString('en-US')} events`);
  if (r.data.bundles.length === 0) out('Bundles    none imported');
  for (const e of r.data.evidence)
    out(
      `Evidence   ${e.included ? 'IN SCOPE ' : 'EXCLUDED '} ${e.kind.padEnd(15)} ${e.path} (${e.rows.toLocaleString('en-US')} rows, SHA-256 ${e.sha256})`,
    );
  if (r.data.evidence.length === 0) out('Evidence   no evidence tables');
  out('Rules:');
  for (const x of r.rules) {
    const what =
      x.status === 'not-performed'
        ? `NOT PERFORMED (${x.note ?? ''})`
        : `${x.count.toLocaleString('en-US')} ${x.severity === 'info' ? 'info' : x.count === 1 ? 'exception' : 'exceptions'}`;
    out(`  ${x.rule.padEnd(34)} ${what.padEnd(16)} ${`${x.ms} ms`.padStart(10)}  ${x.criteria.join(', ')}`);
  }
  for (const x of r.rules) {
    const list = r.exceptions.filter((e) => e.rule === x.rule);
    if (list.length === 0) continue;
    out(`${x.rule} (${x.severity}):`);
    for (const e of list.slice(0, MAX_PER_RULE)) out(`  - ${e.message}\n      ${e.refs.map(describeRef).join('; ')}   key ${e.key.slice(0, 16)}`);
    if (list.length > MAX_PER_RULE) out(`  … and ${list.length - MAX_PER_RULE} more (use --json for all)`);
  }
  const np = r.totals.notPerformed > 0 ? `, ${r.totals.notPerformed} rule(s) not performed` : '';
  out(
    `Result     ${r.totals.exceptions} exception(s), ${r.totals.info} info item(s)${np}; ${r.data.eventsInScope.toLocaleString('en-US')} events in scope; run #${r.runId} stored (${r.totals.ms} ms)`,
  );
}

export function analyzeCommand(rest: string[], io: IO): number {
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { pack: { type: 'string' }, json: { type: 'boolean' }, by: { type: 'string' } },
  });
  if (positionals.length !== 1) throw new UsageError('analyze needs one <workspace>');
  try {
    const pack = loadRulePack(values.pack ?? 'soc2-healthcare');
    const ws = Workspace.open(positionals[0]!);
    try {
      const report = runRulePack(ws, pack, values.by ? { actor: values.by } : {});
      if (values.json) io.out(JSON.stringify(analyzeJson(report), null, 2));
      else describeRun(report, io.out);
      return 0;
    } finally {
      ws.close();
    }
  } catch (e) {
    if (e instanceof RulePackError || e instanceof AnalyticsError) {
      io.err(`tickmark: ${e.message}`);
      return 2;
    }
    throw e;
  }
}
