// Coverage for the Integrity screen: records per source and UTC day, silent days, retention (#15). A scan
// of every event (seconds at 1M), so it is counted once per state of the workspace's data and kept until
// a job or an open changes it.
import type { CoverageReport } from '../../../shared/coverage/coverage';
import { workspaceCoverage } from '../coverage/index';
import type { Handlers, ServiceContext } from './context';

export class CoverageCache {
  private held: { report: CoverageReport | null } | null = null;

  clear(): void {
    this.held = null;
  }

  get(compute: () => CoverageReport | null): CoverageReport | null {
    return (this.held ??= { report: compute() }).report;
  }
}

export function coverageHandlers(ctx: ServiceContext, cache: CoverageCache): Handlers<'coverage'> {
  return { coverage: () => cache.get(() => workspaceCoverage(ctx.workspace())) };
}
