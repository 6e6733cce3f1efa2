// Building blocks shared by the sheets: key/value blocks, titles, header and table rows, widths, print
// setup, and the integrity and completeness warnings that every sheet naming the population repeats.
import ExcelJS from 'exceljs';
import type { SessionView } from '../../../shared/session';
import { completenessText } from '../../../shared/completeness';
import { INTEGRITY_BANNER_PREFIX, SHEET } from './format';
import { COLOR, FMT_DATETIME, MONO, solid, thin } from './styles';
import { cellText, textOrNull } from './values';

/** Writes label/value rows in columns A/B; returns the next free row. */
export class KeyValueWriter {
  constructor(
    private readonly ws: ExcelJS.Worksheet,
    public row: number,
  ) {}

  section(title: string): void {
    if (this.row > 1) this.row++; // a blank line before every section but the first
    const c = this.ws.getCell(this.row, 1);
    c.value = title;
    c.font = { bold: true, size: 12, color: { argb: COLOR.section } };
    c.border = { bottom: { style: 'medium', color: { argb: COLOR.section } } };
    this.ws.getCell(this.row, 2).border = { bottom: { style: 'medium', color: { argb: COLOR.section } } };
    this.row++;
  }

  /** One label/value row. `numFmt` for numbers and dates; text wraps. */
  add(label: string, value: ExcelJS.CellValue, opts: { numFmt?: string; mono?: boolean; style?: 'bad' | 'good' | 'warn' } = {}): ExcelJS.Cell {
    const l = this.ws.getCell(this.row, 1);
    l.value = label;
    l.font = { bold: true };
    l.alignment = { vertical: 'top', wrapText: true };
    const v = this.ws.getCell(this.row, 2);
    v.value = typeof value === 'string' ? textOrNull(value) : value;
    if (value instanceof Date) v.numFmt = opts.numFmt ?? FMT_DATETIME;
    else if (opts.numFmt) v.numFmt = opts.numFmt;
    v.alignment = { vertical: 'top', horizontal: 'left', wrapText: true };
    if (opts.mono) v.font = MONO;
    if (opts.style) styleVerdict(v, opts.style);
    this.row++;
    return v;
  }
}

export function styleVerdict(c: ExcelJS.Cell, s: 'bad' | 'good' | 'warn'): void {
  const [fill, font] =
    s === 'bad' ? [COLOR.badFill, COLOR.badFont] : s === 'good' ? [COLOR.goodFill, COLOR.goodFont] : [COLOR.warnFill, COLOR.warnFont];
  c.fill = solid(fill);
  c.font = { ...(c.font ?? {}), bold: true, color: { argb: font } };
}

export const verdictStyle = (v: string): 'bad' | 'good' | 'warn' => (v === 'verified' ? 'good' : v === 'failed' ? 'bad' : 'warn');

export function title(ws: ExcelJS.Worksheet, text: string, note?: string): void {
  const t = ws.getCell(1, 1);
  t.value = cellText(text);
  t.font = { bold: true, size: 14, color: { argb: COLOR.section } };
  if (note) {
    const n = ws.getCell(2, 1);
    n.value = cellText(note);
    n.font = { italic: true, color: { argb: COLOR.muted } };
  }
}

export function headerRow(ws: ExcelJS.Worksheet, row: number, headers: string[], firstCol = 1): void {
  headers.forEach((h, i) => {
    const c = ws.getCell(row, firstCol + i);
    c.value = h;
    c.font = { bold: true, color: { argb: COLOR.headerFont } };
    c.fill = solid(COLOR.headerFill);
    c.alignment = { vertical: 'middle', wrapText: true };
    c.border = thin;
  });
}

export interface Col {
  value: ExcelJS.CellValue;
  numFmt?: string;
  mono?: boolean;
  wrap?: boolean;
}

export function tableRow(ws: ExcelJS.Worksheet, row: number, cols: Col[], firstCol = 1): void {
  cols.forEach((col, i) => {
    const c = ws.getCell(row, firstCol + i);
    c.value = typeof col.value === 'string' ? textOrNull(col.value) : col.value;
    if (col.numFmt) c.numFmt = col.numFmt;
    else if (col.value instanceof Date) c.numFmt = FMT_DATETIME;
    if (col.mono) c.font = MONO;
    c.alignment = { vertical: 'top', wrapText: col.wrap ?? typeof col.value === 'string' };
    c.border = thin;
  });
}

export function widths(ws: ExcelJS.Worksheet, w: number[]): void {
  w.forEach((width, i) => (ws.getColumn(i + 1).width = width));
}

/** Fit to one page wide, repeat the title row, and a footer naming what the workbook is about, the sheet and
 *  the page, and the Tickmark version that wrote it. */
export function pageSetup(
  ws: ExcelJS.Worksheet,
  o: { orientation: 'portrait' | 'landscape'; titleRow?: number; about: string; toolVersion: string },
): void {
  ws.pageSetup.orientation = o.orientation;
  ws.pageSetup.fitToPage = true;
  ws.pageSetup.fitToWidth = 1;
  ws.pageSetup.fitToHeight = 0;
  ws.pageSetup.margins = { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 };
  if (o.titleRow) ws.pageSetup.printTitlesRow = `${o.titleRow}:${o.titleRow}`;
  const amp = (s: string) => s.replace(/&/g, '&&');
  ws.headerFooter.oddFooter = `&L${amp(cellText(o.about).slice(0, 80))}&C${amp(ws.name)} — page &P of &N&RTickmark ${amp(o.toolVersion)}`;
}

export function printSetup(ws: ExcelJS.Worksheet, view: SessionView, orientation: 'portrait' | 'landscape', titleRow?: number): void {
  pageSetup(ws, { orientation, titleRow, about: view.name, toolVersion: view.toolVersion });
}

/** Streams of the population that are not verified: they taint it. */
export function taintedStreams(view: SessionView): SessionView['population']['streams'] {
  return view.population.streams.filter((s) => s.verdict !== 'verified');
}

export function integrityWarning(view: SessionView): string | null {
  const bad = taintedStreams(view);
  if (bad.length === 0) return null;
  const list = bad.map((s) => `"${s.stream}" (bundle ${s.bundleId}: ${s.verdict === 'not-verified' ? 'not verified' : s.verdict})`).join(', ');
  return (
    `${INTEGRITY_BANNER_PREFIX}: this population draws from ${bad.length === 1 ? 'a stream that' : `${bad.length} streams that`} failed verification or ` +
    `${bad.length === 1 ? 'was' : 'were'} not verified: ${list}. Events of ${bad.length === 1 ? 'that stream' : 'those streams'} may not be authentic or complete; ` +
    `do not rely on this sample until the verification findings (sheet "${SHEET.population}") are resolved.`
  );
}

/** What verification found about the completeness of the streams drawn from, or null: a chain can verify
 *  and still have gaps, outages or records outside the window, which a reviewer must see beside "verified". */
export function completenessWarning(view: SessionView): string | null {
  const parts = view.population.streams.flatMap((s) => {
    const t = completenessText(s.completeness);
    return t ? [`"${s.stream}" (bundle ${s.bundleId}): ${t}`] : [];
  });
  if (parts.length === 0) return null;
  return `Verification reported findings that bear on the completeness of this population: ${parts.join('; ')}. See "${SHEET.population}" for each with its time spans; consider whether the sample can support the conclusion for the periods concerned.`;
}
