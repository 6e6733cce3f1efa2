// Print setup and small text helpers of the analytics workpaper's sheets: the page setup is the sampling
// workpaper's (sheet-helpers.ts pageSetup); the footer names the run instead of a session.
import type ExcelJS from 'exceljs';
import { DISPOSITION_LABELS, type Disposition } from '../../../shared/analytics';
import { pageSetup } from '../workpaper/sheet-helpers';
import type { AnalyticsWorkpaperData } from './format';

export function printAnalytics(ws: ExcelJS.Worksheet, data: AnalyticsWorkpaperData, orientation: 'portrait' | 'landscape', titleRow?: number): void {
  const about = `${data.report.pack.id} ${data.report.pack.version}, run #${data.report.runId}`;
  pageSetup(ws, { orientation, titleRow, about, toolVersion: data.toolVersion });
}

export const dispositionText = (d: Disposition | null): string => (d ? DISPOSITION_LABELS[d.kind] : 'UNDISPOSED');
