// The Data sheet: what the rules ran on. Every bundle (import) with its kind, its kind's integrity grade
// (shared/source-kinds.ts), its latest verification verdict and time, and whether it was in scope and why;
// every evidence table with its path, kind, SHA-256, rows and scope; the scope rule in words.
import type ExcelJS from 'exceljs';
import { KeyValueWriter, headerRow, styleVerdict, tableRow, title, verdictStyle, widths } from '../workpaper/sheet-helpers';
import { FMT_COUNT, FMT_INT } from '../workpaper/styles';
import { dateValue } from '../workpaper/values';
import type { AnalyticsWorkpaperData } from './format';
import { printAnalytics } from './layout';

export const DATA_BUNDLE_HEADERS = [
  'Bundle',
  'Kind',
  'Integrity grade',
  'Source path',
  'Latest verification',
  'Verified at',
  'Run',
  'Events',
  'In scope',
  'Why',
];
export const DATA_EVIDENCE_HEADERS = ['Evidence path', 'Kind', 'SHA-256', 'Rows', 'Bundle', 'In scope', 'Why', 'How obtained'];

export function dataSheet(ws: ExcelJS.Worksheet, d: AnalyticsWorkpaperData): void {
  widths(ws, [34, 24, 22, 48, 16, 20, 10, 12, 10, 50, 60]);
  title(ws, 'Data the rules ran on', d.report.data.scopeRule);
  const kv = new KeyValueWriter(ws, 4);
  kv.section('Bundles and imports');
  let row = kv.row;
  headerRow(ws, row++, DATA_BUNDLE_HEADERS);
  for (const s of d.sources) {
    tableRow(ws, row, [
      { value: s.bundleId, numFmt: FMT_INT },
      { value: s.kindLabel },
      { value: s.grade },
      { value: s.sourcePath },
      { value: s.verdict === 'not-verified' ? 'not verified' : s.verdict },
      { value: dateValue(s.verifiedAt) },
      { value: s.verificationRunId, numFmt: FMT_INT },
      { value: s.events, numFmt: FMT_COUNT },
      { value: s.included ? 'in scope' : 'EXCLUDED' },
      { value: s.why },
    ]);
    styleVerdict(ws.getCell(row, 5), verdictStyle(s.verdict));
    if (!s.included) styleVerdict(ws.getCell(row, 9), 'bad');
    row++;
  }
  kv.row = row + 1; // a blank row ends the table
  kv.add('Events in scope', d.report.data.eventsInScope, { numFmt: FMT_COUNT });

  kv.section('Evidence tables');
  row = kv.row;
  headerRow(ws, row++, DATA_EVIDENCE_HEADERS);
  for (const e of d.evidence) {
    tableRow(ws, row, [
      { value: e.path },
      { value: e.kind },
      { value: e.sha256, mono: true },
      { value: e.rows, numFmt: FMT_COUNT },
      { value: e.bundleId ?? '(imported by hand)', numFmt: FMT_INT },
      { value: e.included ? 'in scope' : 'EXCLUDED' },
      { value: e.why },
      { value: e.obtained },
    ]);
    if (!e.included) styleVerdict(ws.getCell(row, 6), 'bad');
    row++;
  }
  if (d.evidence.length === 0) ws.getCell(row++, 1).value = 'No evidence table: rules that require one were not performed.';
  printAnalytics(ws, d, 'landscape');
}
