// The last step of every workpaper export (sampling and analytics): no cell text can act as a formula, only the
// auditor's cells can be edited, and the file is written beside the target and renamed over it, so a failed
// export never leaves half a workbook behind.
import { rename, unlink, writeFile } from 'node:fs/promises';
import type ExcelJS from 'exceljs';
import { protectWorkbook, quoteWorkbookText } from './guard';

export async function sealAndWriteWorkbook(wb: ExcelJS.Workbook, file: string): Promise<void> {
  quoteWorkbookText(wb);
  await protectWorkbook(wb);
  const buffer = await wb.xlsx.writeBuffer();
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    await writeFile(tmp, Buffer.from(buffer as ArrayBuffer));
    await rename(tmp, file);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
}
