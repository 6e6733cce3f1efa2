// Control analytics (#16 item 3): the built-in rule packs, running one over the open workspace, a run's rules
// and exceptions, one exception with its records side by side, the auditor's disposition, and a rule's
// exceptions turned into a population for a follow-up sample. Everything goes through the engine's
// analytics entry points (electron/engine/analytics/); a run is a call, not a job: the runner holds the
// engine for its few seconds either way (synchronous SQLite) and the screen shows it as busy.
// Only built-in packs run from the UI: the renderer is not trusted to name files for the engine to read
// (an auditor's own pack runs with `tickmark analyze --pack <file>`).
import { existsSync } from 'node:fs';
import path from 'node:path';
import {
  analyticsRunView,
  builtInRulePacks,
  disposeException,
  exceptionDetail,
  exceptionPage,
  loadRulePack,
  populationFromExceptions,
  rulePackSummaries,
  runRulePack,
  setRulePackDir,
} from '../analytics/index';
import { ApiError, type Handlers, type ServiceContext } from './context';

type AnalyticsMethods =
  'rulePacks' | 'runRulePack' | 'analyticsRun' | 'analyticsExceptions' | 'analyticsException' | 'disposeException' | 'populationFromExceptions';

export function analyticsHandlers(ctx: ServiceContext): Handlers<AnalyticsMethods> {
  // the built-in packs ship beside the sample engagement (resources/ in a checkout, resourcesPath when
  // packaged); the lookup relative to the module does not hold once electron-vite bundles the engine
  const beside = path.join(path.dirname(ctx.options.sampleBundle), 'rule-packs');
  if (existsSync(beside)) setRulePackDir(beside);
  return {
    rulePacks: () => rulePackSummaries(),
    runRulePack: ({ pack }) => {
      const ws = ctx.workspace();
      if (!builtInRulePacks().includes(pack))
        throw new ApiError(`There is no built-in rule pack "${pack}" (built in: ${builtInRulePacks().join(', ') || 'none'}).`);
      const report = runRulePack(ws, loadRulePack(pack), { actor: ctx.actor });
      return analyticsRunView(ws, report.runId)!;
    },
    analyticsRun: ({ runId }) => analyticsRunView(ctx.workspace(), runId),
    analyticsExceptions: ({ runId, rule, offset, limit }) => exceptionPage(ctx.workspace(), runId, rule, offset, limit),
    analyticsException: ({ runId, key }) => exceptionDetail(ctx.workspace(), runId, key),
    disposeException: ({ runId, key, kind, note }) => {
      const ws = ctx.workspace();
      // the key must be one this run found: the screen disposes what it shows
      exceptionDetail(ws, runId, key);
      disposeException(ws, key, { kind, note, by: ctx.actor });
      return exceptionDetail(ws, runId, key);
    },
    populationFromExceptions: ({ runId, rule, name }) => populationFromExceptions(ctx.workspace(), runId, rule, name, ctx.actor),
  };
}
