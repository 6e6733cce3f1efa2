// Writing the sampling workpaper: one Excel workbook per sampling session that another auditor can re-perform and a
// reviewer can read, and the import of the results an auditor typed into it.
//
// Sheets: Cover, Population & integrity, Sample, Evaluation, Tickmark legend, Activity log. Dates are real
// Excel dates (UTC clock time, date-time number format), numbers are numbers, rates are fractions with a
// percentage format.
//
// Round trip. The identity of the export lives in two places:
//   - Cover: a block of hidden rows under the marker IDENTITY_MARKER (column A key, column B value): format,
//     session id, seed, population digest, item count and a SHA-256 over the item ids and positions, ...
//   - Sample: two hidden columns at the right end of the table, inside the autofilter range so that sorting
//     moves them with their rows: "Item id" and "Row fingerprint" (SHA-256 over the session id, seed,
//     population digest and the item's key fields, including a hash of the original event line).
// On import the identity block must match the session; each non-empty row under the header is matched to an
// item by its Item id (never by row number, so an auditor may sort and filter), its fingerprint must equal the
// one recomputed from the session, and every visible key cell (position … line) must still show what was
// exported. Attribute columns are found by header text. Anything else refuses the whole workbook.
import ExcelJS from 'exceljs';
import type { SessionView } from '../../../shared/session';
import { sealAndWriteWorkbook } from './seal';
import { judgementSheet, reviewSheet } from './judgement-sheets';
import { coverSheet } from './cover-sheet';
import { evaluationSheet } from './evaluation-sheet';
import { SHEET, type WriteWorkpaperOptions } from './format';
import { activitySheet, legendSheet } from './log-sheets';
import { populationSheet } from './population-sheet';
import { sampledRecords } from './records-sheet';
import { sampleSheet } from './sample-sheet';
import { COLOR } from './styles';
import { cellText } from './values';

export async function writeWorkpaper(view: SessionView, file: string, options: WriteWorkpaperOptions = {}): Promise<void> {
  const exportedAt = options.exportedAt ?? new Date();
  const wb = new ExcelJS.Workbook();
  wb.creator = `Tickmark ${view.toolVersion}`;
  wb.lastModifiedBy = `Tickmark ${view.toolVersion}`;
  wb.created = exportedAt;
  wb.modified = exportedAt;
  wb.title = cellText(`Sampling workpaper: ${view.name}`);
  wb.subject = cellText(`${view.engagement.name} (${view.engagement.client}), control ${view.control.id}`);
  wb.keywords = 'Tickmark; audit sampling; workpaper';
  wb.category = 'Audit workpaper';

  coverSheet(wb.addWorksheet(SHEET.cover, { properties: { tabColor: { argb: COLOR.headerFill } } }), view, exportedAt);
  populationSheet(wb.addWorksheet(SHEET.population), view);
  sampleSheet(wb.addWorksheet(SHEET.sample), view);
  evaluationSheet(wb.addWorksheet(SHEET.evaluation), view);
  sampledRecords(wb.addWorksheet(SHEET.records), view);
  judgementSheet(wb.addWorksheet(SHEET.judgement), view);
  reviewSheet(wb.addWorksheet(SHEET.review), view);
  legendSheet(wb.addWorksheet(SHEET.legend), view);
  activitySheet(wb.addWorksheet(SHEET.activity), view);
  await sealAndWriteWorkbook(wb, file);
}
