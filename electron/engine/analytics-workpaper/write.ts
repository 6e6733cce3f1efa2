// Writing the analytics workpaper: one Excel workbook per analytics run (#16 item 4) — Cover, Rules, Data,
// Exceptions, Conclusions, C&A memo — from the data gather.ts read. As the sampling workpaper does
// (workpaper/write.ts, workpaper/guard.ts): every text cell that could act as a formula is quoted, every sheet
// is protected (only the sign-off and auditor's-conclusion cells stay editable), and the file is written
// beside the target and renamed over it, so a failed export never leaves half a workbook behind.
import ExcelJS from 'exceljs';
import { sealAndWriteWorkbook } from '../workpaper/seal';
import { COLOR } from '../workpaper/styles';
import { cellText } from '../workpaper/values';
import { conclusionsSheet } from './conclusions-sheet';
import { coverSheet } from './cover-sheet';
import { dataSheet } from './data-sheet';
import { exceptionsSheet } from './exceptions-sheet';
import { AW_SHEET, type AnalyticsWorkpaperData } from './format';
import { memoSheet } from './memo-sheet';
import { rulesSheet } from './rules-sheet';

export async function writeAnalyticsWorkpaper(d: AnalyticsWorkpaperData, file: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  wb.creator = `Tickmark ${d.toolVersion}`;
  wb.lastModifiedBy = `Tickmark ${d.toolVersion}`;
  wb.created = d.exportedAt;
  wb.modified = d.exportedAt;
  wb.title = cellText(`Control analytics workpaper: ${d.report.pack.id} run #${d.report.runId}`);
  wb.subject = cellText(`${d.engagement.name} (${d.engagement.client})`);
  wb.keywords = 'Tickmark; control analytics; workpaper; AT-C 205.36';
  wb.category = 'Audit workpaper';

  coverSheet(wb.addWorksheet(AW_SHEET.cover, { properties: { tabColor: { argb: COLOR.headerFill } } }), d);
  rulesSheet(wb.addWorksheet(AW_SHEET.rules), d);
  dataSheet(wb.addWorksheet(AW_SHEET.data), d);
  exceptionsSheet(wb.addWorksheet(AW_SHEET.exceptions), d);
  conclusionsSheet(wb.addWorksheet(AW_SHEET.conclusions), d);
  memoSheet(wb.addWorksheet(AW_SHEET.memo), d);
  await sealAndWriteWorkbook(wb, file);
}
