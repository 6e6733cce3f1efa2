// `tickmark coverage <workspace> [--window START/END] [--longest N] [--json]` (#15 Completeness): records per
// source and UTC day over the audit window, the days with none, the longest silences, records outside the
// window, duplicates, and the retention the records cover against the engagement's framework. A report:
// exit 0 whatever it finds (silences are for the auditor to weigh, not a failed check); 2 for a workspace
// that cannot be read or a window that is not one.
import { parseArgs } from 'node:util';
import { GRADE_LABEL } from '../../shared/source-grade';
import { silenceText, type CoverageReport, type SourceCoverage } from '../../shared/coverage/coverage';
import { DAY_MS, dayText } from '../../shared/coverage/days';
import { completenessText } from '../../shared/completeness';
import { Workspace } from '../engine/store/workspace';
import { CoverageError, workspaceCoverage } from '../engine/coverage/index';
import { anchorNotice } from './anchors';
import { UsageError, type IO } from './sampling-commands';

const WINDOW_BASIS: Record<CoverageReport['window']['basis'], string> = {
  engagement: "the engagement's audit window",
  given: 'the window given',
  records: 'no audit window is set: the span of the records',
};

const int = (n: number): string => n.toLocaleString('en-US');

/** Every day's count, a month a line: "2026-01  12 9 0 14 …". */
function perDayLines(c: SourceCoverage, firstDay: string): string[] {
  const start = Date.parse(`${firstDay}T00:00:00Z`) / DAY_MS;
  const lines: string[] = [];
  let month = '';
  let cells: string[] = [];
  c.counts.forEach((n, i) => {
    const m = dayText(start + i).slice(0, 7);
    if (m !== month && cells.length) {
      lines.push(`  ${month}  ${cells.join(' ')}`);
      cells = [];
    }
    month = m;
    cells.push(n === 0 ? '·' : String(n));
  });
  if (cells.length) lines.push(`  ${month}  ${cells.join(' ')}`);
  return lines;
}

function printSource(c: SourceCoverage, r: CoverageReport, io: IO): void {
  io.out('');
  io.out(
    `Source   ${c.source.label}: integrity grade ${GRADE_LABEL[c.source.grade]}, latest verification ${c.source.verdict === 'not-verified' ? 'none' : c.source.verdict}`,
  );
  io.out(`Records  ${int(c.inWindow)} in the window, ${int(c.beforeWindow)} before it, ${int(c.afterWindow)} after it (${int(c.total)} in all)`);
  const d = c.duplicates;
  io.out(
    `Dupl.    ${
      !d.checked
        ? `not known: duplicates by ${d.basis} come from verification, and this bundle was never verified`
        : d.extra === 0
          ? `none (same ${d.basis})`
          : `${int(d.extra)} record(s) repeat an earlier one (same ${d.basis}): ${d.examples.map((e) => `${e.key} (${e.where})`).join('; ')}`
    }`,
  );
  io.out(`Days     ${int(r.window.days - c.silentDays.length)} of ${int(r.window.days)} with records; ${silenceText(c)}`);
  for (const s of c.longestSilences) io.out(`Silence  ${s.from === s.to ? s.from : `${s.from} – ${s.to}`} (${s.days} day${s.days === 1 ? '' : 's'})`);
  if (c.silences.length > c.longestSilences.length)
    io.out(`         … and ${c.silences.length - c.longestSilences.length} shorter silence(s); every silent day is in --json`);
  const v = completenessText(c.verification);
  if (v) io.out(`Verified ${v} (latest verification run)`);
  io.out(`Retain   ${c.retention.text}`);
  io.out('Per day  (· = no record)');
  for (const l of perDayLines(c, r.window.firstDay)) io.out(l);
}

export function coverageCommand(cmd: string, rest: string[], io: IO): number | null {
  if (cmd !== 'coverage') return null;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { json: { type: 'boolean' }, window: { type: 'string' }, longest: { type: 'string' } },
  });
  if (positionals.length !== 1) throw new UsageError('coverage needs one <workspace>');
  let window: { start: string; end: string } | undefined;
  if (values.window !== undefined) {
    const [start, end, extra] = values.window.split('/');
    if (!start || !end || extra !== undefined) throw new UsageError('--window is START/END, two RFC 3339 instants');
    window = { start, end };
  }
  const longest = values.longest === undefined ? undefined : Number(values.longest);
  if (longest !== undefined && !(Number.isSafeInteger(longest) && longest > 0)) throw new UsageError('--longest must be a positive whole number');
  const ws = Workspace.open(positionals[0]!);
  anchorNotice(ws, io.err);
  try {
    const r = workspaceCoverage(ws, { window, longest });
    if (values.json) {
      io.out(JSON.stringify({ workspace: ws.file, ...(r ?? { format: 'tickmark-coverage/1', window: null, sources: [] }) }, null, 2));
      return 0;
    }
    if (r === null) {
      io.out(`Coverage of ${ws.file}: no audit window is set and there is no record, so there is nothing to count.`);
      return 0;
    }
    io.out(
      `Coverage of ${ws.file}: ${r.window.firstDay} – ${r.window.lastDay} (${int(r.window.days)} UTC days, ${WINDOW_BASIS[r.window.basis]}), framework ${r.framework}`,
    );
    for (const c of r.sources) printSource(c, r, io);
    io.out('');
    io.out(`Retention, all sources: ${r.retention.text}`);
    return 0;
  } catch (e) {
    if (e instanceof CoverageError) {
      io.err(`tickmark: ${e.message}`);
      return 2;
    }
    throw e;
  } finally {
    ws.close();
  }
}
