// Control analytics (#16): rule packs over the events of verified bundles and the evidence tables. The CLI
// and the UI call these entry points only (docs/rule-packs.md).
export { loadRulePack, parseRulePack, builtInRulePacks, setRulePackDir, rulePackDir, type LoadedRulePack } from './load-pack';
export { runRulePack, type RunOptions } from './run-pack';
export { disposeException, currentDisposition, dispositionHistory, type DispositionInput } from './dispositions';
export { populationFromExceptions } from './exception-population';
export { listAnalyticsRuns, analyticsRunReport, analyticsRunPack, listExceptions, refRecord, type RefRecord } from './listing';
export { rulePackJsonSchema } from './pack-schema';
export { RulePackError, AnalyticsError } from './errors';
