// `tickmark analytics-workpaper <workspace> [--run N | --pack <id>] -o <file.xlsx> [--by <name>]` (#16 item 4):
// the Excel workpaper of an analytics run — rules as run, data, exceptions with dispositions, conclusions and
// the completeness-and-accuracy memo. Default: the workspace's latest run (of --pack, when given). Exit 2 when
// there is no such run or the workspace cannot be used; the file is written whole or not at all.
import { parseArgs } from 'node:util';
import { Workspace } from '../engine/store/workspace';
import { AnalyticsError } from '../engine/analytics/index';
import { exportAnalyticsWorkpaper, latestAnalyticsRun } from '../engine/analytics-workpaper/index';
import { UsageError, type IO } from './sampling-commands';

export const ANALYTICS_WORKPAPER_USAGE = `  tickmark analytics-workpaper <workspace> [--run <id> | --pack <id>] -o <file.xlsx> [--by <name>]
                  (the Excel workpaper of an analytics run, the latest by default: rules and SQL as run,
                   data and verdicts, exceptions and dispositions, conclusions, C&A memo per AT-C 205.36)`;

export async function analyticsWorkpaperCommand(rest: string[], io: IO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { run: { type: 'string' }, pack: { type: 'string' }, out: { type: 'string', short: 'o' }, by: { type: 'string' } },
  });
  if (positionals.length !== 1) throw new UsageError('analytics-workpaper needs one <workspace>');
  if (!values.out) throw new UsageError('analytics-workpaper needs -o <file.xlsx>');
  if (values.run !== undefined && values.pack !== undefined) throw new UsageError('give --run or --pack, not both');
  const runArg = values.run === undefined ? undefined : Number(values.run);
  if (runArg !== undefined && !(Number.isSafeInteger(runArg) && runArg > 0))
    throw new UsageError(`--run must be a run id (got ${JSON.stringify(values.run)})`);
  const ws = Workspace.open(positionals[0]!);
  try {
    const runId = runArg ?? latestAnalyticsRun(ws, values.pack);
    if (runId === null) {
      io.err(`tickmark: ${positionals[0]} holds no analytics run${values.pack ? ` of the pack ${values.pack}` : ''}; run "tickmark analyze" first.`);
      return 2;
    }
    const d = await exportAnalyticsWorkpaper(ws, runId, values.out, values.by);
    const open = d.exceptions.filter((x) => x.severity === 'exception' && !x.disposition).length;
    io.out(
      `Wrote ${values.out}: ${d.report.pack.id} ${d.report.pack.version} run #${runId}, ${d.rules.length} rules, ` +
        `${d.report.totals.exceptions} exception(s) (${open} not dispositioned), ${d.report.totals.info} info item(s).`,
    );
    return 0;
  } catch (e) {
    if (e instanceof AnalyticsError) {
      io.err(`tickmark: ${e.message}`);
      return 2;
    }
    throw e;
  } finally {
    ws.close();
  }
}
