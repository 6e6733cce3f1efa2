// The Exceptions sheet: one row per exception of the run, in the run's order — rule, severity, criteria,
// message, each reference with what it points at (an event's time, actor and action; an evidence row's key
// cells; a week), and the current disposition (kind, note, by, at; UNDISPOSED when there is none). Info items
// (severity "info") follow in a table of their own. Last, every evidence row cited, cell by cell as stored,
// so a reviewer can compare it with the file without the app.
import type ExcelJS from 'exceljs';
import { KeyValueWriter, headerRow, styleVerdict, tableRow, title, widths } from '../workpaper/sheet-helpers';
import { FMT_INT } from '../workpaper/styles';
import { dateValue } from '../workpaper/values';
import type { AnalyticsWorkpaperData, RenderedException } from './format';
import { dispositionText, printAnalytics } from './layout';

export const EXCEPTION_HEADERS = [
  '#',
  'Rule',
  'Severity',
  'Criteria',
  'Message',
  'References',
  'Referenced records',
  'Disposition',
  'Note',
  'By',
  'At',
  'Exception key',
];
export const CITED_HEADERS = ['Evidence', 'Row', 'Column', 'Value'];

function table(ws: ExcelJS.Worksheet, row: number, xs: RenderedException[], info: boolean): number {
  headerRow(ws, row++, EXCEPTION_HEADERS);
  const first = row;
  xs.forEach((x, i) => {
    tableRow(ws, row, [
      { value: i + 1, numFmt: FMT_INT },
      { value: x.rule },
      { value: x.severity },
      { value: x.criteria.join(', ') },
      { value: x.message },
      { value: x.records.map((r) => r.label).join('\n') },
      { value: x.records.map((r) => `${r.label}: ${r.detail ?? 'NOT FOUND among the data in scope'}`).join('\n') },
      { value: info ? (x.disposition ? dispositionText(x.disposition) : 'info (no disposition needed)') : dispositionText(x.disposition) },
      { value: x.disposition?.note ?? null },
      { value: x.disposition?.by ?? null },
      { value: dateValue(x.disposition?.at) },
      { value: x.key, mono: true },
    ]);
    if (!info && !x.disposition) styleVerdict(ws.getCell(row, 8), 'warn');
    if (x.disposition?.kind === 'confirmed_deviation') styleVerdict(ws.getCell(row, 8), 'bad');
    row++;
  });
  if (xs.length === 0) ws.getCell(row++, 1).value = info ? 'No info items.' : 'No exceptions.';
  else ws.autoFilter = ws.autoFilter ?? { from: { row: first - 1, column: 1 }, to: { row: row - 1, column: EXCEPTION_HEADERS.length } };
  return row;
}

export function exceptionsSheet(ws: ExcelJS.Worksheet, d: AnalyticsWorkpaperData): void {
  widths(ws, [6, 30, 10, 18, 50, 34, 70, 18, 40, 16, 20, 20]);
  title(ws, `Exceptions — run #${d.report.runId}`, 'Dispositions as they stood when this workpaper was exported. All times UTC.');
  const kv = new KeyValueWriter(ws, 4);
  const exceptions = d.exceptions.filter((x) => x.severity === 'exception');
  const info = d.exceptions.filter((x) => x.severity === 'info');
  kv.section(`Exceptions (${exceptions.length})`);
  ws.views = [{ state: 'frozen', ySplit: kv.row }]; // the header row stays in view
  let row = table(ws, kv.row, exceptions, false);
  kv.row = row;
  kv.section(`Info items (${info.length}): listed for attention, not exceptions`);
  row = table(ws, kv.row, info, true);

  kv.row = row;
  kv.section('Evidence rows cited, as stored');
  row = kv.row;
  headerRow(ws, row++, CITED_HEADERS);
  const seen = new Set<string>();
  for (const x of d.exceptions)
    for (const r of x.records) {
      if (!r.cells || !('evidence' in r.ref)) continue;
      const k = `${r.ref.evidence}\n${r.ref.row}`;
      if (seen.has(k)) continue;
      seen.add(k);
      for (const [col, value] of r.cells)
        tableRow(ws, row++, [
          { value: r.ref.evidence },
          { value: r.ref.row, numFmt: FMT_INT },
          { value: col },
          { value: value === '' ? null : value, wrap: true },
        ]);
    }
  printAnalytics(ws, d, 'landscape');
}
