// Running a rule pack over a workspace (#16 item 3). The rules run on a read-only connection in one read
// transaction (one snapshot: the scope, the window and every rule see the same data); then the run, its
// report and its exceptions are stored, with an activity-log entry, in one write transaction. A rule that
// is refused (not read-only, bad refs, …) stops the run before anything is written.
import { performance } from 'node:perf_hooks';
import {
  ANALYTICS_RUN_FORMAT,
  type AnalyticsException,
  type AnalyticsRunReport,
  type EvidenceTableKind,
  type RuleOutcome,
} from '../../../shared/analytics';
import { defaultActor, logActivity } from '../activity';
import type { Workspace } from '../store/workspace';
import { AnalyticsError } from './errors';
import { exceptionKey, readRow } from './exception-refs';
import type { LoadedRulePack } from './load-pack';
import { openRuleConnection, prepareRule, ruleParams, ruleRows } from './rule-sql';
import { SCOPE_RULE, bundlesOf, eventsInScope, evidenceOf, windowOf } from './run-data';

export interface RunOptions {
  /** who ran it (the activity log's actor); default: the OS user */
  actor?: string;
}

export function runRulePack(ws: Workspace, loaded: LoadedRulePack, opts: RunOptions = {}): AnalyticsRunReport {
  const actor = opts.actor ?? defaultActor();
  const { pack } = loaded;
  const startedAt = new Date().toISOString();
  const t0 = performance.now();
  const db = openRuleConnection(ws.file);
  let report: Omit<AnalyticsRunReport, 'runId' | 'finishedAt'>;
  try {
    db.exec('BEGIN');
    const bundles = bundlesOf(db);
    const evidence = evidenceOf(db, bundles);
    const window = windowOf(db);
    const present = new Set(evidence.filter((e) => e.included).map((e) => e.kind));
    // every statement is prepared and checked before any runs: a refused rule costs no time
    const statements = pack.rules.map((r) => prepareRule(db, r));
    const rules: RuleOutcome[] = [];
    const exceptions: AnalyticsException[] = [];
    const seen = new Set<string>();
    pack.rules.forEach((rule, i) => {
      const params = ruleParams(rule, window);
      const base = { rule: rule.id, title: rule.title, criteria: rule.criteria, severity: rule.severity, parameters: params };
      const missing = rule.requires.filter((k: EvidenceTableKind) => !present.has(k));
      if (missing.length > 0) {
        rules.push({ ...base, count: 0, ms: 0, status: 'not-performed', note: `no ${missing.join(', ')} evidence table in scope` });
        return;
      }
      const r0 = performance.now();
      let count = 0;
      let n = 0;
      for (const row of ruleRows(rule, statements[i]!, params)) {
        const { refs, message } = readRow(rule.id, ++n, row);
        const key = exceptionKey(rule.id, refs);
        if (seen.has(key)) continue; // the same references twice: one exception
        seen.add(key);
        exceptions.push({ key, rule: rule.id, criteria: rule.criteria, severity: rule.severity, refs, message });
        count++;
      }
      rules.push({ ...base, count, ms: Math.round((performance.now() - r0) * 10) / 10, status: 'performed' });
    });
    db.exec('COMMIT');
    report = {
      format: ANALYTICS_RUN_FORMAT,
      pack: { id: pack.id, title: pack.title, version: pack.version, sha256: loaded.sha256, source: loaded.source },
      startedAt,
      by: actor,
      window,
      data: { bundles, evidence, eventsInScope: eventsInScope(bundles), scopeRule: SCOPE_RULE },
      rules,
      exceptions,
      totals: {
        exceptions: exceptions.filter((e) => e.severity === 'exception').length,
        info: exceptions.filter((e) => e.severity === 'info').length,
        ms: 0,
        notPerformed: rules.filter((r) => r.status === 'not-performed').length,
      },
    };
  } catch (e) {
    if (e instanceof AnalyticsError) throw e;
    throw new AnalyticsError(`The rule pack ${pack.id} could not run on ${ws.file}: ${(e as Error).message}`);
  } finally {
    db.close();
  }
  report.totals.ms = Math.round(performance.now() - t0);
  return storeRun(ws, loaded, report, actor);
}

function storeRun(
  ws: Workspace,
  loaded: LoadedRulePack,
  partial: Omit<AnalyticsRunReport, 'runId' | 'finishedAt'>,
  actor: string,
): AnalyticsRunReport {
  return ws.db.transaction(() => {
    const finishedAt = new Date().toISOString();
    const parameters = Object.fromEntries(partial.rules.map((r) => [r.rule, r.parameters]));
    const runId = Number(
      ws.db
        .prepare(
          `INSERT INTO analytics_runs (engagement_id, pack_id, pack_version, pack, pack_sha256, parameters, window_start_ms, window_end_ms,
             report, started_at, finished_at, run_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, '', ?, ?, ?)`,
        )
        .run(
          ws.engagement().id,
          loaded.pack.id,
          loaded.pack.version,
          loaded.text,
          loaded.sha256,
          JSON.stringify(parameters),
          partial.window?.startMs ?? null,
          partial.window?.endMs ?? null,
          partial.startedAt,
          finishedAt,
          actor,
        ).lastInsertRowid,
    );
    const report: AnalyticsRunReport = { ...partial, runId, finishedAt };
    ws.db.prepare('UPDATE analytics_runs SET report = ? WHERE id = ?').run(JSON.stringify(report), runId);
    const ins = ws.db.prepare('INSERT INTO analytics_exceptions (run_id, idx, key, rule, severity, refs, message) VALUES (?, ?, ?, ?, ?, ?, ?)');
    report.exceptions.forEach((x, i) => ins.run(runId, i, x.key, x.rule, x.severity, JSON.stringify(x.refs), x.message));
    logActivity(ws, actor, 'analytics-run', `${loaded.pack.id} ${loaded.pack.version}`, {
      run: runId,
      pack: loaded.pack.id,
      pack_version: loaded.pack.version,
      pack_sha256: loaded.sha256,
      exceptions: report.totals.exceptions,
      info: report.totals.info,
      not_performed: report.rules.filter((r) => r.status === 'not-performed').map((r) => r.rule),
      bundles_in_scope: report.data.bundles.filter((b) => b.included).map((b) => b.bundleId),
      bundles_excluded: report.data.bundles.filter((b) => !b.included).map((b) => b.bundleId),
    });
    return report;
  })();
}
