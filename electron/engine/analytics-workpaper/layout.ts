// Print setup and small text helpers of the analytics workpaper's sheets (the sampling workpaper's
// printSetup is tied to a sampling session; this one names the run instead).
import type ExcelJS from 'exceljs';
import { DISPOSITION_LABELS, type Disposition } from '../../../shared/analytics';
import { cellText } from '../workpaper/values';
import type { AnalyticsWorkpaperData } from './format';

export function printAnalytics(ws: ExcelJS.Worksheet, data: AnalyticsWorkpaperData, orientation: 'portrait' | 'landscape', titleRow?: number): void {
  ws.pageSetup.orientation = orientation;
  ws.pageSetup.fitToPage = true;
  ws.pageSetup.fitToWidth = 1;
  ws.pageSetup.fitToHeight = 0;
  ws.pageSetup.margins = { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 };
  if (titleRow) ws.pageSetup.printTitlesRow = `${titleRow}:${titleRow}`;
  const amp = (s: string): string => s.replace(/&/g, '&&');
  const run = `${data.report.pack.id} ${data.report.pack.version}, run #${data.report.runId}`;
  ws.headerFooter.oddFooter = `&L${amp(cellText(run).slice(0, 80))}&C${amp(ws.name)} — page &P of &N&RTickmark ${amp(data.toolVersion)}`;
}

export const dispositionText = (d: Disposition | null): string => (d ? DISPOSITION_LABELS[d.kind] : 'UNDISPOSED');
