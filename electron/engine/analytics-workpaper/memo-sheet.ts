// The completeness-and-accuracy memo (AT-C 205.36: the practitioner evaluates whether information produced by
// the entity is sufficiently complete and accurate). For each source: the integrity checks its kind performs
// with the latest verification's result for each, the facts of that run (signatures, checkpoints, custody
// receipt), the coverage of the audit window and the completeness findings; for each evidence table: its
// SHA-256 and how it was obtained; then how completeness and accuracy were established and their limits.
import type ExcelJS from 'exceljs';
import { durationText } from '../../../shared/completeness';
import { KeyValueWriter, headerRow, styleVerdict, tableRow, title, widths } from '../workpaper/sheet-helpers';
import { COLOR, FMT_COUNT } from '../workpaper/styles';
import type { AnalyticsWorkpaperData } from './format';
import { printAnalytics } from './layout';
import { memoConclusion } from './memo';

export const MEMO_CHECK_HEADERS = ['Integrity check performed', 'Result'];

export function memoSheet(ws: ExcelJS.Worksheet, d: AnalyticsWorkpaperData): void {
  widths(ws, [46, 110, 12, 16]);
  title(
    ws,
    'Completeness and accuracy of the population (AT-C 205.36)',
    `Information produced by the entity used in the tests of run #${d.report.runId}: how its completeness and accuracy were established.`,
  );
  const kv = new KeyValueWriter(ws, 4);
  kv.section('The population');
  kv.add('Audit window', d.report.window ? `${d.report.window.start} to ${d.report.window.end}` : 'not set', {
    style: d.report.window ? undefined : 'warn',
  });
  kv.add('Events in scope', d.report.data.eventsInScope, { numFmt: FMT_COUNT });
  kv.add('Scope rule', d.report.data.scopeRule);

  for (const s of d.sources) {
    kv.section(`Source: bundle #${s.bundleId} — ${s.kindLabel}`);
    kv.add('Source path', s.sourcePath);
    const scope = kv.add('In scope', s.included ? `yes: ${s.why}` : `NO: ${s.why}`);
    if (!s.included) styleVerdict(scope, 'bad');
    for (const [k, v] of s.facts) kv.add(k, v, { mono: /SHA-256|root/i.test(v) && v.length > 60 });
    let row = kv.row;
    headerRow(ws, row++, MEMO_CHECK_HEADERS);
    for (const c of s.checks) {
      tableRow(ws, row, [{ value: c.check }, { value: c.result }]);
      styleVerdict(ws.getCell(row, 2), c.status === 'passed' ? 'good' : c.status === 'failed' ? 'bad' : 'warn');
      row++;
    }
    if (s.checks.length === 0) ws.getCell(row++, 1).value = `No integrity check is known for the kind ${s.kind}.`;
    kv.row = row + 1; // a blank row ends the table
    kv.add('Coverage of the audit window', s.coverage);
    const notes = s.streams.flatMap((st) => st.completeness.map((n) => ({ st, n })));
    kv.add(
      'Completeness findings',
      notes.length
        ? notes
            .map(({ st, n }) => `${st.stream}: ${n.count} ${n.code}${n.spannedMs ? ` over ${durationText(n.spannedMs)}` : ''} (e.g. ${n.example})`)
            .join('\n')
        : 'none: no sequence gap, count mismatch, silent interval or record outside the window was reported',
      { style: notes.some(({ n }) => n.severity === 'error') ? 'bad' : notes.length ? 'warn' : 'good' },
    );
  }

  kv.section('Evidence tables');
  let row = kv.row;
  headerRow(ws, row++, ['Evidence path', 'How obtained and how its integrity was established', 'Rows', 'Kind']);
  for (const e of d.evidence) {
    tableRow(ws, row++, [
      { value: e.path },
      { value: `SHA-256 ${e.sha256}. ${e.obtained}` },
      { value: e.rows, numFmt: FMT_COUNT },
      { value: e.kind },
    ]);
  }
  kv.row = row;

  const { established, limits } = memoConclusion(d);
  kv.section('Conclusion on completeness and accuracy');
  kv.add('How they were established', established);
  const lim = kv.add('Limits', limits.length ? limits.map((l) => `• ${l}`).join('\n') : 'None found by the checks above.');
  if (limits.length) lim.font = { color: { argb: COLOR.warnFont } };
  printAnalytics(ws, d, 'portrait');
}
