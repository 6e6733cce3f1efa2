// The Conclusions sheet: per rule, the counts (found, confirmed, explained, false positive, undisposed) and
// the conclusion they support (conclusions.ts), with an unlocked column for the auditor's own conclusion.
import type ExcelJS from 'exceljs';
import { headerRow, styleVerdict, tableRow, title, widths } from '../workpaper/sheet-helpers';
import { FMT_COUNT } from '../workpaper/styles';
import { UNLOCKED } from '../workpaper/guard';
import type { AnalyticsWorkpaperData } from './format';
import { concludeRule } from './conclusions';
import { printAnalytics } from './layout';

export const CONCLUSION_HEADERS = [
  'Rule',
  'Criteria',
  'Found',
  'Confirmed',
  'Explained',
  'False positive',
  'Undisposed',
  'Conclusion supported',
  "Auditor's conclusion",
];

export function conclusionsSheet(ws: ExcelJS.Worksheet, d: AnalyticsWorkpaperData): void {
  widths(ws, [32, 22, 9, 11, 11, 12, 12, 80, 50]);
  title(ws, 'Conclusions per rule', 'An undisposed exception leaves its rule without a conclusion. The last column is for the auditor.');
  let row = 4;
  headerRow(ws, row++, CONCLUSION_HEADERS);
  for (const o of d.report.rules) {
    const c = concludeRule(
      o,
      d.exceptions.filter((x) => x.rule === o.rule),
      d.report.data.eventsInScope,
    );
    tableRow(ws, row, [
      { value: c.rule },
      { value: c.criteria.join(', ') },
      { value: c.found, numFmt: FMT_COUNT },
      { value: c.confirmed, numFmt: FMT_COUNT },
      { value: c.explained, numFmt: FMT_COUNT },
      { value: c.falsePositive, numFmt: FMT_COUNT },
      { value: c.severity === 'info' ? null : c.undisposed, numFmt: FMT_COUNT },
      { value: c.text },
      { value: null },
    ]);
    ws.getCell(row, 9).style = { ...ws.getCell(row, 9).style, ...UNLOCKED };
    if (c.undisposed > 0) styleVerdict(ws.getCell(row, 7), 'warn');
    const s = {
      'no-exceptions': 'good',
      'all-cleared': 'good',
      deviations: 'bad',
      incomplete: 'warn',
      'not-performed': 'warn',
      info: undefined,
    } as const;
    if (s[c.state]) styleVerdict(ws.getCell(row, 8), s[c.state]!);
    row++;
  }
  printAnalytics(ws, d, 'landscape');
}
