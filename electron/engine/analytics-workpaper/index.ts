// The analytics workpaper (#16 item 4): one Excel workbook per analytics run. write.ts says what it holds.
export { ANALYTICS_WORKPAPER_FORMAT, AW_SHEET, type AnalyticsWorkpaperData } from './format';
export { exportAnalyticsWorkpaper, latestAnalyticsRun } from './export';
export { gatherAnalyticsWorkpaper } from './gather';
export { writeAnalyticsWorkpaper } from './write';
export { reperformScript } from './reperform';
