// Number formats, colours, borders and fonts of every workpaper sheet.
import ExcelJS from 'exceljs';

export const FMT_DATETIME = 'yyyy-mm-dd hh:mm:ss';
export const FMT_TIMESTAMP = 'yyyy-mm-dd hh:mm:ss.000';
export const FMT_INT = '0';
export const FMT_COUNT = '#,##0';
export const FMT_PCT = '0.00%';
export const FMT_PCT_EXACT = '0.0000%';
export const FMT_PCT_TABLE = '0.0%';
export const FMT_PROB = '0.000000';
export const FMT_DECIMAL = '0.0000';

export const COLOR = {
  headerFill: 'FF1F3864',
  headerFont: 'FFFFFFFF',
  section: 'FF1F3864',
  keyFill: 'FFF2F2F2',
  muted: 'FF595959',
  bannerFill: 'FFC00000',
  bannerFont: 'FFFFFFFF',
  badFill: 'FFFFC7CE',
  badFont: 'FF9C0006',
  rowBadFill: 'FFFDE9E9',
  goodFill: 'FFC6EFCE',
  goodFont: 'FF006100',
  warnFill: 'FFFFEB9C',
  warnFont: 'FF9C5700',
  border: 'FFBFBFBF',
} as const;

export const solid = (argb: string): ExcelJS.Fill => ({ type: 'pattern', pattern: 'solid', fgColor: { argb } });
export const thin: Partial<ExcelJS.Borders> = {
  top: { style: 'thin', color: { argb: COLOR.border } },
  left: { style: 'thin', color: { argb: COLOR.border } },
  bottom: { style: 'thin', color: { argb: COLOR.border } },
  right: { style: 'thin', color: { argb: COLOR.border } },
};
export const MONO: Partial<ExcelJS.Font> = { name: 'Consolas', size: 10 };
