// The Tickmark legend and the Activity log sheets.
import ExcelJS from 'exceljs';
import type { SessionView } from '../../../shared/session';
import { headerRow, printSetup, tableRow, title, widths } from './sheet-helpers';
import { FMT_INT, FMT_TIMESTAMP } from './styles';
import { dateValue } from './values';

export function legendSheet(ws: ExcelJS.Worksheet, view: SessionView): void {
  widths(ws, [12, 80]);
  title(ws, 'Tickmark legend', 'Tickmarks used in the Sample sheet.');
  headerRow(ws, 3, ['Symbol', 'Meaning']);
  let r = 4;
  for (const t of view.legend) {
    tableRow(ws, r, [{ value: t.symbol }, { value: t.meaning }]);
    ws.getCell(r, 1).alignment = { vertical: 'top', horizontal: 'center' };
    ws.getCell(r, 1).font = { bold: true };
    r++;
  }
  ws.views = [{ state: 'frozen', ySplit: 3 }];
  printSetup(ws, view, 'portrait', 3);
}

export function activitySheet(ws: ExcelJS.Worksheet, view: SessionView): void {
  widths(ws, [8, 23, 16, 22, 28, 80, 68]);
  title(
    ws,
    'Activity log',
    `Entries of the workspace activity log about this session and its population. The log's head at export: entry ${view.activityHead.seq}, hash ${view.activityHead.hash}.`,
  );
  headerRow(ws, 3, ['Seq', 'Timestamp (UTC)', 'Actor', 'Action', 'Subject', 'Details (JSON)', 'Hash']);
  let r = 4;
  for (const a of view.activity) {
    tableRow(ws, r++, [
      { value: a.seq, numFmt: FMT_INT },
      { value: dateValue(a.ts), numFmt: FMT_TIMESTAMP },
      { value: a.actor },
      { value: a.action },
      { value: a.subject },
      { value: JSON.stringify(a.details), wrap: true },
      { value: a.hash, mono: true, wrap: false },
    ]);
  }
  ws.views = [{ state: 'frozen', ySplit: 3 }];
  if (r > 4) ws.autoFilter = { from: { row: 3, column: 1 }, to: { row: r - 1, column: 7 } };
  printSetup(ws, view, 'landscape', 3);
}
