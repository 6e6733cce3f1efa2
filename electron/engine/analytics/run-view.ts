// A run as the Analytics screen lists it (#16 item 3): the stored report's rules with their counts, what
// each rule tests (from the pack text the run itself used), how many of each rule's exceptions carry a
// disposition, the scope the run had, and the built-in packs there are to run. Reads only what the runner
// stored (analytics_runs, analytics_exceptions, current_dispositions).
import type { AnalyticsRunView, ExceptionPage, RulePackSummary, RuleView } from '../../../shared/analytics-view';
import type { Workspace } from '../store/workspace';
import { AnalyticsError } from './errors';
import { analyticsRunPack, analyticsRunReport, listAnalyticsRuns, listExceptions } from './listing';
import { builtInRulePacks, loadRulePack, parseRulePack } from './load-pack';

/** The built-in packs with their titles; a pack that does not load is left out (the run would name why). */
export function rulePackSummaries(): RulePackSummary[] {
  return builtInRulePacks().flatMap((id) => {
    try {
      const { pack } = loadRulePack(id);
      return [{ id: pack.id, title: pack.title, version: pack.version, description: pack.description, rules: pack.rules.length }];
    } catch {
      return [];
    }
  });
}

/** The run (the latest when runId is absent); null when the workspace has no run yet. */
export function analyticsRunView(ws: Workspace, runId?: number): AnalyticsRunView | null {
  const runs = listAnalyticsRuns(ws).reverse();
  const run = runId === undefined ? runs[0] : runs.find((r) => r.runId === runId);
  if (!run) {
    if (runId === undefined) return null;
    throw new AnalyticsError(`There is no analytics run #${runId} in this workspace.`);
  }
  const report = analyticsRunReport(ws, run.runId);
  const defs = new Map(
    parseRulePack(Buffer.from(analyticsRunPack(ws, run.runId).text, 'utf8'), `run #${run.runId}`).pack.rules.map((r) => [r.id, r]),
  );
  const done = new Map(
    (
      ws.db
        .prepare(
          `SELECT x.rule, count(*) AS n FROM analytics_exceptions x JOIN current_dispositions d ON d.key = x.key
           WHERE x.run_id = ? GROUP BY x.rule`,
        )
        .all(run.runId) as { rule: string; n: number }[]
    ).map((r) => [r.rule, r.n]),
  );
  const rules: RuleView[] = report.rules.map((r) => ({
    ...r,
    description: defs.get(r.rule)?.description ?? '',
    refs: defs.get(r.rule)?.refs ?? '',
    dispositioned: done.get(r.rule) ?? 0,
  }));
  return {
    run,
    window: report.window,
    eventsInScope: report.data.eventsInScope,
    excludedBundles: report.data.bundles.filter((b) => !b.included).map((b) => ({ bundleId: b.bundleId, sourcePath: b.sourcePath, why: b.why })),
    evidenceTables: report.data.evidence.map((e) => ({ path: e.path, kind: e.kind, sha256: e.sha256, rows: e.rows, included: e.included })),
    rules,
    runs,
  };
}

/** One page of a rule's exceptions in the run's order, each with its current disposition. */
export function exceptionPage(ws: Workspace, runId: number, rule: string, offset: number, limit: number): ExceptionPage {
  const all = listExceptions(ws, runId, { rule });
  return { rows: all.slice(offset, offset + limit), total: all.length, offset };
}
