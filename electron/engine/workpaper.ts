// The sampling workpaper: one Excel workbook per sampling session that another auditor can re-perform and a
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
import { createHash } from 'node:crypto';
import { rename, stat, unlink, writeFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import type { AttributeResult, SampleItem, SessionAttribute, SessionView } from '../../shared/session';
import { ATTRIBUTE_RESULTS, drawnUnderText } from '../../shared/session';
import { parseRfc3339 } from '../../shared/time';
import type { StratifiedEvaluation } from '../../shared/sampling/stratified-evaluation';
import { recordFieldLines } from '../../shared/record-fields';
import { completenessText, durationText } from '../../shared/completeness';
import { custodyOnlyCoverRow, sourceGradeCoverRow } from './workpaper-grade';
import { UNLOCKED, WorkbookLimitError, protectWorkbook, quoteWorkbookText, readBoundedXlsx, unquoteFormulaText } from './workpaper-guard';
import { JUDGEMENT_SHEETS, judgementSheet, reviewSheet, sampleStatus } from './workpaper-judgement';

export const WORKPAPER_FORMAT = 'tickmark-workpaper/1';
export const IDENTITY_MARKER = 'Tickmark workpaper identity';

export const SHEET = {
  cover: 'Cover',
  population: 'Population & integrity',
  sample: 'Sample',
  evaluation: 'Evaluation',
  records: 'Sampled records',
  judgement: JUDGEMENT_SHEETS.judgement,
  review: JUDGEMENT_SHEETS.review,
  legend: 'Tickmark legend',
  activity: 'Activity log',
} as const;

/** Row of the Sample sheet's column headers; items follow from the next row, in position order. */
export const SAMPLE_HEADER_ROW = 3;
/** Text of the red banner on the Population sheet (and the start of the warnings on Cover and Sample). */
export const INTEGRITY_BANNER_PREFIX = 'INTEGRITY EXCEPTION';

export class WorkpaperError extends Error {
  override name = 'WorkpaperError';
  /** each problem found, as a sentence (the message holds them all) */
  readonly problems: string[];
  /** the workbook refused: named at the start of the message */
  readonly file?: string;
  constructor(problems: string | string[], file?: string) {
    const list = Array.isArray(problems) ? problems : [problems];
    const where = file === undefined ? '' : `${file}: `;
    super(
      list.length === 1
        ? `${where}${list[0]}; the workbook is refused.`
        : `${where}The workbook is refused (${list.length} problems):\n${list.map((p) => `- ${p}`).join('\n')}`,
    );
    this.problems = list;
    if (file !== undefined) this.file = file;
  }
}

export interface WorkpaperResults {
  sessionId: number;
  items: { itemId: number; position: number; results: Record<number /*attributeId*/, AttributeResult | null>; tickmarks: string[]; notes: string }[];
}

export interface WriteWorkpaperOptions {
  /** the export time printed on the Cover (default: now) */
  exportedAt?: Date;
}

// ---------------------------------------------------------------------------------------------------------
// Formats and styles

const FMT_DATETIME = 'yyyy-mm-dd hh:mm:ss';
const FMT_TIMESTAMP = 'yyyy-mm-dd hh:mm:ss.000';
const FMT_INT = '0';
const FMT_COUNT = '#,##0';
const FMT_PCT = '0.00%';
const FMT_PCT_EXACT = '0.0000%';
const FMT_PCT_TABLE = '0.0%';
const FMT_PROB = '0.000000';
const FMT_DECIMAL = '0.0000';

const COLOR = {
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

const solid = (argb: string): ExcelJS.Fill => ({ type: 'pattern', pattern: 'solid', fgColor: { argb } });
const thin: Partial<ExcelJS.Borders> = {
  top: { style: 'thin', color: { argb: COLOR.border } },
  left: { style: 'thin', color: { argb: COLOR.border } },
  bottom: { style: 'thin', color: { argb: COLOR.border } },
  right: { style: 'thin', color: { argb: COLOR.border } },
};
const MONO: Partial<ExcelJS.Font> = { name: 'Consolas', size: 10 };

// ---------------------------------------------------------------------------------------------------------
// Values

/** Excel's limit on the characters of one cell. */
const MAX_CELL_CHARS = 32_767;

/**
 * Text as it can live in a cell: line ends as \n, characters XML 1.0 cannot carry (and lone surrogates) as
 * U+FFFD, cut to Excel's cell limit with a note. The import compares key cells with this same form.
 */
export function cellText(s: string | null | undefined): string {
  if (s === null || s === undefined) return '';
  let t = s
    .replace(/\r\n?/g, '\n')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '\uFFFD')
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
  if (t.length > MAX_CELL_CHARS) {
    const tail = ` … [cut: ${s.length.toLocaleString('en-US')} characters in full]`;
    let cut = MAX_CELL_CHARS - tail.length;
    if (/[\uD800-\uDBFF]/.test(t.charAt(cut - 1))) cut--;
    t = t.slice(0, cut) + tail;
  }
  return t;
}

const textOrNull = (s: string | null | undefined): string | null => {
  const t = cellText(s);
  return t === '' ? null : t;
};

/** An RFC 3339 timestamp as a JS Date (UTC), or null when it is absent or not RFC 3339. */
function dateOf(ts: string | null | undefined): Date | null {
  if (!ts) return null;
  const ms = parseRfc3339(ts);
  return ms === null ? null : new Date(ms);
}

/** A timestamp cell: an Excel date when it parses, else the text as given. */
function dateValue(ts: string | null | undefined): Date | string | null {
  if (!ts) return null;
  return dateOf(ts) ?? cellText(ts);
}

function sha256(s: string): string {
  return createHash('sha256').update(s, 'utf8').digest('hex');
}

/** The per-row fingerprint written in the Sample sheet's hidden "Row fingerprint" column. */
export function rowFingerprint(view: SessionView, item: SampleItem): string {
  const e = item.event;
  return sha256(
    JSON.stringify([
      'tickmark-workpaper-row/1',
      view.id,
      view.seed,
      view.population.digest,
      item.id,
      item.position,
      item.populationIndex,
      item.stratum,
      e.id,
      e.bundleId,
      e.stream,
      e.seq,
      e.ts,
      sha256(e.raw),
    ]),
  );
}

/** SHA-256 over "<item id>:<position>\n" of every item in position order: the sample's membership. */
export function itemsDigest(view: SessionView): string {
  return sha256(
    [...view.items]
      .sort((a, b) => a.position - b.position)
      .map((i) => `${i.id}:${i.position}\n`)
      .join(''),
  );
}

const STATUS_TEXT: Record<SessionView['status'], string> = {
  open: 'Open (not signed off)',
  prepared: 'Prepared (awaiting review)',
  reviewed: 'Reviewed',
};

const METHOD_TEXT: Record<string, string> = {
  binomial: 'Binomial (AICPA Audit Sampling Guide, Tables A-1 to A-4)',
  hypergeometric: 'Hypergeometric (finite population, without replacement)',
  poisson: 'Poisson (approximation to the binomial)',
  census: 'Census: 100 % of the population tested, no sampling risk',
};

const SELECTION_TEXT: Record<string, string> = {
  'simple-random': 'Simple random selection without replacement',
  systematic: 'Systematic selection with a random start',
  stratified: 'Stratified random selection',
  all: '100% selection (every item of the population)',
};

// ---------------------------------------------------------------------------------------------------------
// Sheet helpers

/** Writes label/value rows in columns A/B; returns the next free row. */
class KeyValueWriter {
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

function styleVerdict(c: ExcelJS.Cell, s: 'bad' | 'good' | 'warn'): void {
  const [fill, font] =
    s === 'bad' ? [COLOR.badFill, COLOR.badFont] : s === 'good' ? [COLOR.goodFill, COLOR.goodFont] : [COLOR.warnFill, COLOR.warnFont];
  c.fill = solid(fill);
  c.font = { ...(c.font ?? {}), bold: true, color: { argb: font } };
}

const verdictStyle = (v: string): 'bad' | 'good' | 'warn' => (v === 'verified' ? 'good' : v === 'failed' ? 'bad' : 'warn');

function title(ws: ExcelJS.Worksheet, text: string, note?: string): void {
  const t = ws.getCell(1, 1);
  t.value = cellText(text);
  t.font = { bold: true, size: 14, color: { argb: COLOR.section } };
  if (note) {
    const n = ws.getCell(2, 1);
    n.value = cellText(note);
    n.font = { italic: true, color: { argb: COLOR.muted } };
  }
}

function headerRow(ws: ExcelJS.Worksheet, row: number, headers: string[], firstCol = 1): void {
  headers.forEach((h, i) => {
    const c = ws.getCell(row, firstCol + i);
    c.value = h;
    c.font = { bold: true, color: { argb: COLOR.headerFont } };
    c.fill = solid(COLOR.headerFill);
    c.alignment = { vertical: 'middle', wrapText: true };
    c.border = thin;
  });
}

interface Col {
  value: ExcelJS.CellValue;
  numFmt?: string;
  mono?: boolean;
  wrap?: boolean;
}

function tableRow(ws: ExcelJS.Worksheet, row: number, cols: Col[], firstCol = 1): void {
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

function widths(ws: ExcelJS.Worksheet, w: number[]): void {
  w.forEach((width, i) => (ws.getColumn(i + 1).width = width));
}

function printSetup(ws: ExcelJS.Worksheet, view: SessionView, orientation: 'portrait' | 'landscape', titleRow?: number): void {
  ws.pageSetup.orientation = orientation;
  ws.pageSetup.fitToPage = true;
  ws.pageSetup.fitToWidth = 1;
  ws.pageSetup.fitToHeight = 0;
  ws.pageSetup.margins = { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 };
  if (titleRow) ws.pageSetup.printTitlesRow = `${titleRow}:${titleRow}`;
  const amp = (s: string) => s.replace(/&/g, '&&');
  ws.headerFooter.oddFooter = `&L${amp(cellText(view.name).slice(0, 80))}&C${amp(ws.name)} — page &P of &N&RTickmark ${amp(view.toolVersion)}`;
}

/** Streams of the population that are not verified: they taint it. */
function taintedStreams(view: SessionView): SessionView['population']['streams'] {
  return view.population.streams.filter((s) => s.verdict !== 'verified');
}

function integrityWarning(view: SessionView): string | null {
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
function completenessWarning(view: SessionView): string | null {
  const parts = view.population.streams.flatMap((s) => {
    const t = completenessText(s.completeness);
    return t ? [`"${s.stream}" (bundle ${s.bundleId}): ${t}`] : [];
  });
  if (parts.length === 0) return null;
  return `Verification reported findings that bear on the completeness of this population: ${parts.join('; ')}. See "${SHEET.population}" for each with its time spans; consider whether the sample can support the conclusion for the periods concerned.`;
}

// ---------------------------------------------------------------------------------------------------------
// Export

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

  cover(wb.addWorksheet(SHEET.cover, { properties: { tabColor: { argb: COLOR.headerFill } } }), view, exportedAt);
  population(wb.addWorksheet(SHEET.population), view);
  sample(wb.addWorksheet(SHEET.sample), view);
  evaluation(wb.addWorksheet(SHEET.evaluation), view);
  sampledRecords(wb.addWorksheet(SHEET.records), view);
  judgementSheet(wb.addWorksheet(SHEET.judgement), view);
  reviewSheet(wb.addWorksheet(SHEET.review), view);
  legend(wb.addWorksheet(SHEET.legend), view);
  activity(wb.addWorksheet(SHEET.activity), view);
  // no cell text can act as a formula, and only the auditor's columns can be edited
  quoteWorkbookText(wb);
  await protectWorkbook(wb);

  // Written beside the target and renamed over it: a failed export never leaves half a workbook behind.
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

function cover(ws: ExcelJS.Worksheet, view: SessionView, exportedAt: Date): void {
  ws.views = [{ showGridLines: false }];
  widths(ws, [34, 100]);
  title(ws, `Sampling workpaper — ${view.name}`, `Prepared with Tickmark ${view.toolVersion}. All dates and times are UTC.`);
  const kv = new KeyValueWriter(ws, 4);
  const warning = integrityWarning(view);
  if (warning) {
    const c = kv.add('Population integrity', warning);
    c.fill = solid(COLOR.bannerFill);
    c.font = { bold: true, color: { argb: COLOR.bannerFont } };
    kv.row++;
  }
  const gaps = completenessWarning(view);
  if (gaps) {
    kv.add('Population completeness', gaps, { style: 'warn' });
    kv.row++;
  }
  const custody = custodyOnlyCoverRow(view);
  if (custody) {
    kv.add(custody.label, custody.value, { style: 'warn' });
    kv.row++;
  }

  const e = view.engagement;
  kv.section('Engagement');
  kv.add('Engagement name', e.name);
  kv.add('Client', e.client);
  kv.add('System', e.system);
  kv.add('Framework', e.framework);
  kv.add('Audit period start', dateValue(e.windowStart) ?? 'not set');
  kv.add('Audit period end', dateValue(e.windowEnd) ?? 'not set');

  kv.section('Sampling session');
  kv.add('Session', view.name);
  kv.add('Session id', view.id, { numFmt: FMT_INT });
  kv.add('Control id', view.control.id);
  kv.add('Control description', view.control.description);
  kv.add('Control objective', view.control.objective);
  kv.add('Status', STATUS_TEXT[view.status] ?? view.status, {
    style: view.status === 'reviewed' ? 'good' : view.status === 'open' ? 'warn' : undefined,
  });
  kv.add('Population', `${view.population.name} (${view.population.size.toLocaleString('en-US')} items)`);
  kv.add('Population integrity', view.population.integrity === 'not-verified' ? 'not verified' : view.population.integrity, {
    style: verdictStyle(view.population.integrity),
  });
  kv.add('Population drawn under', drawnUnderText(view.population.drawnUnder), {
    style: verdictStyle(view.population.drawnUnder?.verdict ?? 'not-verified'),
  });
  const grade = sourceGradeCoverRow(view);
  kv.add(grade.label, grade.value, grade.warn ? { style: 'warn' } : {});
  kv.add('Items in the sample', view.items.length, { numFmt: FMT_COUNT });
  kv.add('Test attributes', view.attributes.map((a) => a.name).join('\n'));
  kv.add('Session created', dateValue(view.createdAt));
  kv.add('Session created by', view.createdBy);

  kv.section('Sign-offs');
  kv.add('Prepared by', view.preparer?.name ?? 'not signed off', view.preparer ? {} : { style: 'warn' });
  kv.add('Prepared on', dateValue(view.preparer?.at));
  kv.add('Reviewed by', view.reviewer?.name ?? 'not signed off', view.reviewer ? {} : { style: 'warn' });
  kv.add('Reviewed on', dateValue(view.reviewer?.at));

  kv.section('Export');
  kv.add('Tool version', `Tickmark ${view.toolVersion}`);
  kv.add('Exported at', exportedAt);
  kv.add('Activity log head: entry', view.activityHead.seq, { numFmt: FMT_INT });
  kv.add('Activity log head: hash', view.activityHead.hash, { mono: true });
  kv.add(
    'Has the workspace changed?',
    `When this workpaper was exported, the workspace activity log ended at entry ${view.activityHead.seq} with the hash above. ` +
      `A reviewer can run "tickmark verify-workspace <workspace>" and compare the head hash it prints with this one: the same hash means ` +
      `nothing was recorded in the workspace after this export; a different head means later activity (the log lists it); ` +
      `a failed verification means the log itself was altered.`,
  );
  kv.add(
    'Re-importing results',
    `Results may be typed into the Sample sheet (pass, deviation or na) with tickmarks and notes, and imported back. ` +
      `Sorting and filtering the Sample sheet is fine; changing its identity columns (Position to Line), its hidden Item id and ` +
      `Row fingerprint columns, or the hidden identity rows below makes the import refuse the workbook.`,
  );

  // The machine-readable identity block: hidden rows, column A key, column B value.
  kv.row += 3;
  const id: [string, ExcelJS.CellValue][] = [
    [IDENTITY_MARKER, WORKPAPER_FORMAT],
    ['session id', view.id],
    ['session name', cellText(view.name)],
    ['seed', view.seed],
    ['population id', view.population.id],
    ['population digest', view.population.digest],
    ['population size', view.population.size],
    ['sample items', view.items.length],
    ['items sha256', itemsDigest(view)],
    ['attributes', cellText(JSON.stringify(view.attributes.map((a) => ({ id: a.id, name: a.name }))))],
    ['exported at', exportedAt.toISOString()],
    ['tool version', view.toolVersion],
    ['activity head seq', view.activityHead.seq],
    ['activity head hash', view.activityHead.hash],
  ];
  for (const [k, v] of id) {
    const r = ws.getRow(kv.row++);
    r.getCell(1).value = k;
    r.getCell(2).value = v;
    r.font = { color: { argb: COLOR.muted }, size: 9 };
    r.hidden = true;
  }
  printSetup(ws, view, 'portrait');
}

function population(ws: ExcelJS.Worksheet, view: SessionView): void {
  const p = view.population;
  widths(ws, [26, 52, 68, 68, 14, 16, 12, 28, 8]);
  title(
    ws,
    `Population & integrity — ${p.name}`,
    'The population the sample was drawn from, how it was defined and ordered, and the verification of its sources.',
  );
  let row = 3;
  const warning = integrityWarning(view);
  if (warning) {
    ws.mergeCells(row, 1, row, 9);
    const c = ws.getCell(row, 1);
    c.value = `⚠ ${warning}`;
    c.fill = solid(COLOR.bannerFill);
    c.font = { bold: true, size: 12, color: { argb: COLOR.bannerFont } };
    c.alignment = { vertical: 'middle', wrapText: true };
    ws.getRow(row).height = 48; // merged cells do not grow on their own
    row++;
  }

  const kv = new KeyValueWriter(ws, row + 1);
  kv.section('Population');
  kv.add('Population', p.name);
  kv.add('Population id', p.id, { numFmt: FMT_INT });
  kv.add('Size', p.size, { numFmt: FMT_COUNT });
  kv.add('First event', dateValue(p.firstTs), { numFmt: FMT_TIMESTAMP });
  kv.add('Last event', dateValue(p.lastTs), { numFmt: FMT_TIMESTAMP });
  kv.add('Ordering rule', p.order);
  kv.add('Population digest (SHA-256)', p.digest, { mono: true });
  kv.add('Digest definition', 'SHA-256 over "<stream origin> <seq>\\n" of every member, in population order.');
  kv.add('Defined', dateValue(p.createdAt));
  kv.add('Defined by', p.createdBy);
  kv.add('Integrity', p.integrity === 'not-verified' ? 'not verified' : p.integrity, { style: verdictStyle(p.integrity) });
  kv.add('Drawn under', drawnUnderText(p.drawnUnder), { style: verdictStyle(p.drawnUnder?.verdict ?? 'not-verified') });

  kv.section('Filter definition');
  const f = p.filter;
  const list = (xs: readonly (string | number)[] | undefined) => (xs && xs.length > 0 ? xs.join(', ') : '(any)');
  kv.add('Bundles', list(f.bundleIds));
  kv.add('Streams', list(f.streams));
  kv.add('Categories', list(f.categories));
  kv.add('Actions', list(f.actions));
  kv.add('Actors', list(f.actors));
  kv.add('Outcome', f.outcome ?? '(any)');
  kv.add('From (inclusive)', dateValue(f.from) ?? '(open)', { numFmt: FMT_TIMESTAMP });
  kv.add('To (exclusive)', dateValue(f.to) ?? '(open)', { numFmt: FMT_TIMESTAMP });
  kv.add('Text contains', f.text && f.text !== '' ? f.text : '(any)');
  const known = new Set(['bundleIds', 'streams', 'categories', 'actions', 'actors', 'outcome', 'from', 'to', 'text']);
  for (const [k, v] of Object.entries(f)) if (!known.has(k) && v !== undefined) kv.add(k, JSON.stringify(v));

  kv.section('Source bundles');
  row = kv.row;
  headerRow(ws, row++, ['Bundle', 'Source path', 'Bundle SHA-256', 'Manifest SHA-256']);
  for (const s of p.sources) {
    tableRow(ws, row++, [
      { value: s.bundleId, numFmt: FMT_INT },
      { value: s.sourcePath },
      { value: s.sourceSha256 ?? '(not hashed: a folder)', mono: s.sourceSha256 !== null },
      { value: s.manifestSha256, mono: true },
    ]);
  }

  kv.row = row;
  kv.section('Streams');
  row = kv.row;
  headerRow(ws, row++, ['Bundle', 'Stream', 'Origin', 'Chain head', 'Events', 'Verification', 'Run id']);
  for (const s of p.streams) {
    tableRow(ws, row, [
      { value: s.bundleId, numFmt: FMT_INT },
      { value: s.stream },
      { value: s.origin },
      { value: s.chainHead ?? '(unknown)', mono: s.chainHead !== null },
      { value: s.count, numFmt: FMT_COUNT },
      { value: s.verdict === 'not-verified' ? 'not verified' : s.verdict },
      { value: s.runId, numFmt: FMT_INT },
    ]);
    styleVerdict(ws.getCell(row, 6), verdictStyle(s.verdict));
    row++;
  }

  const notes = p.streams.flatMap((s) => s.completeness.map((n) => ({ s, n })));
  if (notes.length > 0) {
    kv.row = row;
    kv.section('Completeness');
    row = kv.row;
    const note = ws.getCell(row++, 1);
    note.value =
      'Findings of the latest verification run that bear on completeness: the chain may hold while events are missing, late or outside the window.';
    note.font = { italic: true, color: { argb: COLOR.muted } };
    headerRow(ws, row++, ['Stream', 'Finding', 'Count', 'Total span', 'Time spans (UTC)', 'Example']);
    for (const { s, n } of notes) {
      const SHOWN = 20;
      const spans =
        n.spans
          .slice(0, SHOWN)
          .map((x) => `${x.from} – ${x.to}`)
          .join('\n') + (n.spans.length > SHOWN ? `\n… and ${n.spans.length - SHOWN} more` : '');
      tableRow(ws, row, [
        { value: s.stream },
        { value: n.code },
        { value: n.count, numFmt: FMT_COUNT },
        { value: n.spannedMs > 0 ? durationText(n.spannedMs) : null },
        { value: spans || null, mono: true },
        { value: n.example },
      ]);
      ws.getCell(row, 5).alignment = { wrapText: true, vertical: 'top' };
      styleVerdict(ws.getCell(row, 3), n.severity === 'error' ? 'bad' : 'warn');
      row++;
    }
  }

  const findings = p.streams.flatMap((s) => s.findings.map((f) => ({ s, f })));
  if (warning || findings.length > 0) {
    kv.row = row;
    kv.section('Verification findings');
    row = kv.row;
    const note = ws.getCell(row++, 1);
    note.value =
      'Error findings of the latest verification run of each stream (capped per stream); run "tickmark verify" on the bundle for the full report.';
    note.font = { italic: true, color: { argb: COLOR.muted } };
    headerRow(ws, row++, ['Code', 'Message', 'Expected', 'Found', 'Severity', 'Stream', 'Seq', 'File', 'Line']);
    if (findings.length === 0) {
      ws.getCell(row++, 1).value = 'No findings were recorded: the stream has no verification run.';
    }
    for (const { s, f } of findings) {
      tableRow(ws, row, [
        { value: f.code },
        { value: f.message },
        { value: f.expected ?? null, mono: true },
        { value: f.found ?? null, mono: true },
        { value: f.severity },
        { value: f.stream ?? s.stream },
        { value: f.seq ?? null, numFmt: FMT_INT },
        { value: f.file ?? null },
        { value: f.line ?? null, numFmt: FMT_INT },
      ]);
      if (f.severity === 'error') styleVerdict(ws.getCell(row, 5), 'bad');
      row++;
    }
  }
  printSetup(ws, view, 'landscape');
}

// --- Sample ------------------------------------------------------------------------------------------------

type Expected = { kind: 'number'; value: number } | { kind: 'text'; value: string } | { kind: 'date'; ms: number | null; text: string };

interface KeyColumn {
  header: string;
  /** how a change is named in a refusal */
  label: string;
  width: number;
  numFmt?: string;
  wrap?: boolean;
  get: (i: SampleItem) => Expected;
}

const num = (value: number): Expected => ({ kind: 'number', value });
const txt = (value: string | null): Expected => ({ kind: 'text', value: cellText(value) });

/** The identity columns of the Sample sheet, in order: the import refuses a row where any of them changed. */
const KEY_COLUMNS: KeyColumn[] = [
  { header: 'Position', label: 'position', width: 10, numFmt: FMT_INT, get: (i) => num(i.position) },
  { header: 'Population index', label: 'population index', width: 11, numFmt: FMT_INT, get: (i) => num(i.populationIndex) },
  { header: 'Stratum', label: 'stratum', width: 11, get: (i) => txt(i.stratum) },
  { header: 'Bundle', label: 'bundle', width: 8, numFmt: FMT_INT, get: (i) => num(i.event.bundleId) },
  { header: 'Stream', label: 'stream', width: 16, get: (i) => txt(i.event.stream) },
  { header: 'Seq', label: 'seq', width: 10, numFmt: FMT_INT, get: (i) => num(i.event.seq) },
  {
    header: 'Timestamp (UTC)',
    label: 'timestamp',
    width: 23,
    numFmt: FMT_TIMESTAMP,
    get: (i) => ({ kind: 'date', ms: parseRfc3339(i.event.ts), text: cellText(i.event.ts) }),
  },
  { header: 'Category', label: 'category', width: 13, get: (i) => txt(i.event.category) },
  { header: 'Action', label: 'action', width: 20, get: (i) => txt(i.event.action) },
  { header: 'Actor id', label: 'actor id', width: 20, get: (i) => txt(i.event.actorId) },
  { header: 'Actor type', label: 'actor type', width: 11, get: (i) => txt(i.event.actorType) },
  { header: 'Target', label: 'target', width: 24, wrap: true, get: (i) => txt(i.event.target) },
  { header: 'Outcome', label: 'outcome', width: 10, get: (i) => txt(i.event.outcome) },
  { header: 'File', label: 'file', width: 22, wrap: true, get: (i) => txt(i.event.file) },
  { header: 'Line', label: 'line', width: 8, numFmt: FMT_INT, get: (i) => num(i.event.line) },
];
const H_TICKMARKS = 'Tickmarks';
const H_NOTES = 'Notes';
const H_EVIDENCE = 'Evidence';
const H_STATUS = 'Sample status';
const H_ITEM_ID = 'Item id';
const H_FINGERPRINT = 'Row fingerprint';
const TRAILING = [H_TICKMARKS, H_NOTES, H_EVIDENCE, H_ITEM_ID, H_FINGERPRINT, H_STATUS];

const RESULT_VALIDATION: ExcelJS.DataValidation = {
  type: 'list',
  allowBlank: true,
  formulae: [`"${ATTRIBUTE_RESULTS.join(',')}"`],
  showErrorMessage: true,
  errorStyle: 'stop',
  errorTitle: 'Not a result',
  error: 'Enter pass, deviation or na (or leave the cell empty while the attribute is untested).',
  showInputMessage: true,
  promptTitle: 'Result',
  prompt: 'pass, deviation or na',
};

function writeKeyCell(c: ExcelJS.Cell, e: Expected): void {
  if (e.kind === 'number') c.value = e.value;
  else if (e.kind === 'text') c.value = e.value === '' ? null : e.value;
  else c.value = e.ms !== null ? new Date(e.ms) : e.text;
}

function sample(ws: ExcelJS.Worksheet, view: SessionView): void {
  const attrs = [...view.attributes].sort((a, b) => a.position - b.position);
  const firstAttrCol = KEY_COLUMNS.length + 1;
  const tickCol = firstAttrCol + attrs.length;
  const notesCol = tickCol + 1;
  const evidenceCol = tickCol + 2;
  const idCol = tickCol + 3;
  const fpCol = tickCol + 4;
  // replaced / replacement / extension and "edited after review": printed, not read back
  const statusCol = tickCol + 5;
  const lastCol = statusCol;

  const warning = integrityWarning(view);
  title(ws, `Sample — ${view.name}`);
  const note = ws.getCell(2, 1);
  note.value = warning
    ? `${INTEGRITY_BANNER_PREFIX}: the population draws from a stream that failed verification or was not verified; see "${SHEET.population}".`
    : 'Record each attribute as pass, deviation or na (drop-down). Columns Position to Line identify the sampled event: do not edit them. Sorting and filtering are fine.';
  note.font = warning ? { bold: true, color: { argb: COLOR.bannerFill } } : { italic: true, color: { argb: COLOR.muted } };

  headerRow(ws, SAMPLE_HEADER_ROW, [...KEY_COLUMNS.map((k) => k.header), ...attrs.map((a) => cellText(a.name)), ...TRAILING]);
  attrs.forEach((a, i) => {
    const c = ws.getCell(SAMPLE_HEADER_ROW, firstAttrCol + i);
    if (a.description) c.note = cellText(a.description).slice(0, 1000);
  });
  ws.getRow(SAMPLE_HEADER_ROW).height = 32;

  KEY_COLUMNS.forEach((k, i) => (ws.getColumn(i + 1).width = k.width));
  attrs.forEach((a, i) => (ws.getColumn(firstAttrCol + i).width = Math.min(24, Math.max(12, a.name.length * 0.9 + 2))));
  ws.getColumn(tickCol).width = 12;
  ws.getColumn(notesCol).width = 40;
  ws.getColumn(evidenceCol).width = 36;
  ws.getColumn(statusCol).width = 36;
  ws.getColumn(idCol).width = 10;
  ws.getColumn(fpCol).width = 68;
  ws.getColumn(idCol).hidden = true;
  ws.getColumn(fpCol).hidden = true;

  // One style object per column, shared by its cells (assigned whole, never mutated afterwards): a sample of
  // many thousand items would otherwise carry a style object per cell.
  const keyStyles: Partial<ExcelJS.Style>[] = KEY_COLUMNS.map((k) => ({
    ...(k.numFmt ? { numFmt: k.numFmt } : {}),
    fill: solid(COLOR.keyFill),
    alignment: { vertical: 'top', wrapText: k.wrap ?? false },
    border: thin,
  }));
  // results, tickmarks and notes are the auditor's to edit; everything else is locked (protectWorkbook)
  const resultStyle: Partial<ExcelJS.Style> = { alignment: { vertical: 'top', horizontal: 'center' }, border: thin, ...UNLOCKED };
  const textStyle: Partial<ExcelJS.Style> = { alignment: { vertical: 'top', wrapText: false }, border: thin, ...UNLOCKED };
  const notesStyle: Partial<ExcelJS.Style> = { alignment: { vertical: 'top', wrapText: true }, border: thin, ...UNLOCKED };
  const wrapStyle: Partial<ExcelJS.Style> = { alignment: { vertical: 'top', wrapText: true }, border: thin };
  const idStyle: Partial<ExcelJS.Style> = { numFmt: FMT_INT };

  const items = [...view.items].sort((a, b) => a.position - b.position);
  let r = SAMPLE_HEADER_ROW + 1;
  for (const item of items) {
    const row = ws.getRow(r);
    KEY_COLUMNS.forEach((k, i) => {
      const c = row.getCell(i + 1);
      writeKeyCell(c, k.get(item));
      c.style = keyStyles[i]!;
    });
    attrs.forEach((a, i) => {
      const c = row.getCell(firstAttrCol + i);
      c.value = item.results[a.id] ?? null;
      c.style = resultStyle;
    });
    const text = (col: number, value: string, style: Partial<ExcelJS.Style>) => {
      const c = row.getCell(col);
      c.value = textOrNull(value);
      c.style = style;
    };
    text(tickCol, item.tickmarks.join(', '), textStyle);
    text(notesCol, item.notes, notesStyle);
    text(evidenceCol, item.evidence.join('\n'), wrapStyle);
    text(statusCol, sampleStatus(item), wrapStyle);
    row.getCell(idCol).value = item.id;
    row.getCell(idCol).style = idStyle;
    row.getCell(fpCol).value = rowFingerprint(view, item);
    r++;
  }
  const lastRow = r - 1;

  const colL = (n: number) => ws.getColumn(n).letter;
  ws.views = [
    {
      state: 'frozen',
      xSplit: 2,
      ySplit: SAMPLE_HEADER_ROW,
      topLeftCell: `C${SAMPLE_HEADER_ROW + 1}`,
      activeCell: `${colL(firstAttrCol)}${SAMPLE_HEADER_ROW + 1}`,
    },
  ];
  ws.autoFilter = { from: { row: SAMPLE_HEADER_ROW, column: 1 }, to: { row: Math.max(lastRow, SAMPLE_HEADER_ROW), column: lastCol } };

  if (lastRow > SAMPLE_HEADER_ROW && attrs.length > 0) {
    const first = SAMPLE_HEADER_ROW + 1;
    const results = `${colL(firstAttrCol)}${first}:${colL(tickCol - 1)}${lastRow}`;
    (ws as unknown as { dataValidations: { add(address: string, v: ExcelJS.DataValidation): void } }).dataValidations.add(results, RESULT_VALIDATION);
    // The deviation cell in Excel's "light red fill with dark red text", its whole row in a paler red; the rules
    // follow the values, so results typed in later (and rows sorted) are coloured too.
    ws.addConditionalFormatting({
      ref: results,
      rules: [
        {
          type: 'cellIs',
          operator: 'equal',
          formulae: ['"deviation"'],
          priority: 1,
          style: {
            fill: { type: 'pattern', pattern: 'solid', bgColor: { argb: COLOR.badFill } },
            font: { bold: true, color: { argb: COLOR.badFont } },
          },
        },
      ],
    });
    ws.addConditionalFormatting({
      ref: `A${first}:${colL(evidenceCol)}${lastRow}`,
      rules: [
        {
          type: 'expression',
          formulae: [`COUNTIF($${colL(firstAttrCol)}${first}:$${colL(tickCol - 1)}${first},"deviation")>0`],
          priority: 2,
          style: { fill: { type: 'pattern', pattern: 'solid', bgColor: { argb: COLOR.rowBadFill } } },
        },
      ],
    });
  }
  printSetup(ws, view, 'landscape', SAMPLE_HEADER_ROW);
}

// --- Sampled records -----------------------------------------------------------------------------------------

/** A cell holds at most 32,767 characters; longer text is cut with a note (the line's hash is beside it). */
const CELL_LIMIT = 32_000;

function clipped(text: string): string {
  return text.length <= CELL_LIMIT
    ? text
    : `${text.slice(0, CELL_LIMIT)} … [cut: ${text.length.toLocaleString('en-US')} characters in all; the SHA-256 beside it is of the whole line]`;
}

/** The evidence behind each result: every sampled item's original record, its members one per line and as
 *  the line itself, with the line's SHA-256 so a reviewer can match it to the verified bundle. */
function sampledRecords(ws: ExcelJS.Worksheet, view: SessionView): void {
  title(
    ws,
    `Sampled records — ${view.name}`,
    'Each sampled event as the vendor logged it: the members an attribute is judged on (one per line), and the original line. The line is part of the verified stream; its SHA-256 identifies it.',
  );
  headerRow(ws, 4, ['Position', 'Stream', 'Seq', 'File', 'Line', 'Record members', 'Original line', 'SHA-256 of the line']);
  widths(ws, [10, 16, 10, 22, 8, 60, 80, 68]);
  const wrap: Partial<ExcelJS.Style> = { alignment: { vertical: 'top', wrapText: true }, border: thin };
  let r = 5;
  for (const item of [...view.items].sort((a, b) => a.position - b.position)) {
    const e = item.event;
    let members: string;
    try {
      members = recordFieldLines(JSON.parse(e.raw) as Record<string, unknown>).join('\n');
    } catch {
      members = '(the stored line is not a JSON object: see the original line)';
    }
    tableRow(ws, r, [
      { value: item.position, numFmt: FMT_INT },
      { value: e.stream },
      { value: e.seq, numFmt: FMT_INT },
      { value: e.file },
      { value: e.line, numFmt: FMT_INT },
      { value: clipped(members) },
      { value: clipped(e.raw), mono: true },
      { value: sha256(e.raw), mono: true },
    ]);
    ws.getCell(r, 6).style = wrap;
    ws.getCell(r, 7).style = { ...wrap, font: MONO };
    r++;
  }
  ws.views = [{ state: 'frozen', ySplit: 4 }];
  printSetup(ws, view, 'landscape', 4);
}

// --- Evaluation --------------------------------------------------------------------------------------------

function reperformText(view: SessionView): string {
  const N = view.population.size;
  const n = view.items.length;
  const base =
    'The seed is the SHA-256 of the seed material above; the random stream is SHA-256(seed || 0x00 || uint64_be(i)) for i = 0, 1, …, read as 64-bit big-endian words; nextBelow(n) rejects words at or above ⌊2^64/n⌋·n and returns w mod n (docs/sampling-algorithm.md §§1–3). ';
  switch (view.selection.method) {
    case 'simple-random':
      return (
        base +
        `Simple random: repeat i = nextBelow(${N}), keeping each index not kept before, until ${n} are kept; the item at position p is the p-th index kept (§4; python3 reperform.py SEED ${N} ${n} prints them). Index i is the i-th member (from 0) of the population in the ordering rule on "${SHEET.population}".`
      );
    case 'systematic':
      return (
        base +
        `Systematic: s = nextBelow(${N}) (one draw); item i (i = 0 … ${n - 1}) is ⌊(s + i·${N}) / ${n}⌋ (§4). Index i is the i-th member (from 0) of the population in the ordering rule on "${SHEET.population}".`
      );
    case 'stratified':
      return (
        base +
        `Stratified: stratum by stratum in the order of the table below, a simple random selection of its allocated size from its item count, all from one continuing stream; a local index j is reported as start + j (§4). Index i is the i-th member (from 0) of the population in the ordering rule on "${SHEET.population}".`
      );
    default:
      return `100% selection: every index 0 … ${N - 1} of the population, in the ordering rule on "${SHEET.population}"; no random numbers are used.`;
  }
}

/** One attribute of a stratified sample, stratum by stratum, and how the overall conclusion was reached. */
function stratumTable(ws: ExcelJS.Worksheet, row: number, attribute: string, st: StratifiedEvaluation): number {
  const head = ws.getCell(row++, 1);
  head.value = cellText(`Evaluation by stratum — ${attribute}`);
  head.font = { bold: true };
  headerRow(ws, row++, [
    'Stratum',
    'Members (N_h)',
    'Tested (n_h)',
    'Not applicable',
    'Deviations (d_h)',
    'Deviation rate',
    'Projected deviations (N_h·d_h/n_h)',
    'Upper deviation limit',
    'Conclusion on its own',
  ]);
  for (const h of st.strata) {
    tableRow(ws, row++, [
      { value: h.label },
      { value: h.populationSize, numFmt: FMT_COUNT },
      { value: h.tested, numFmt: FMT_COUNT },
      { value: h.notApplicable, numFmt: FMT_COUNT },
      { value: h.deviations, numFmt: FMT_COUNT },
      { value: h.sampleDeviationRate, numFmt: FMT_PCT },
      { value: h.projectedDeviations, numFmt: FMT_DECIMAL },
      { value: h.evaluation?.upperDeviationLimitTable ?? null, numFmt: FMT_PCT_TABLE },
      {
        value: h.evaluation
          ? h.evaluation.conclusion === 'supports-reliance'
            ? 'supports reliance'
            : 'does not support reliance'
          : 'nothing tested',
      },
    ]);
  }
  tableRow(ws, row++, [
    { value: 'Weighted deviation rate' },
    { value: st.weightedDeviationRate, numFmt: FMT_PCT_EXACT },
    { value: 'Deviations charged' },
    { value: st.chargedDeviations, numFmt: FMT_INT },
  ]);
  const basis = ws.getCell(row, 1);
  basis.value = cellText(`How the overall conclusion is reached: ${st.basis}`);
  basis.alignment = { wrapText: true, vertical: 'top' };
  ws.mergeCells(row, 1, row, 9);
  ws.getRow(row).height = 48;
  return row + 1;
}

function evaluation(ws: ExcelJS.Worksheet, view: SessionView): void {
  const p = view.plan;
  const attrs = view.evaluation;
  const valueCols = Math.max(5, attrs.length);
  widths(ws, [40, ...Array.from({ length: valueCols }, (_, i) => (i === 0 ? 64 : 42))]);
  title(
    ws,
    `Evaluation — ${view.name}`,
    'The sampling plan, how the sample was selected (enough to re-perform it) and the evaluation of every test attribute.',
  );
  const kv = new KeyValueWriter(ws, 4);

  kv.section('Sampling plan');
  kv.add('Sampling method', METHOD_TEXT[p.method] ?? p.method);
  kv.add('Confidence level', p.confidence, { numFmt: FMT_PCT });
  kv.add('Risk of overreliance', 1 - p.confidence, { numFmt: FMT_PCT });
  kv.add('Tolerable deviation rate', p.tolerableRate, { numFmt: FMT_PCT });
  if (p.expectedDeviations !== null) kv.add('Expected deviations (given)', p.expectedDeviations, { numFmt: FMT_INT });
  else kv.add('Expected deviation rate', p.expectedRate ?? 0, { numFmt: FMT_PCT });
  kv.add('Population size (N)', p.populationSize ?? view.population.size, { numFmt: FMT_COUNT });
  if (p.populationDeviations !== null) kv.add('Deviations to rule out (D = ⌈T × N⌉)', p.populationDeviations, { numFmt: FMT_INT });
  kv.add('Allowed deviations (k)', p.allowedDeviations, { numFmt: FMT_INT });
  kv.add('Computed sample size', p.computedSize, { numFmt: FMT_COUNT });
  kv.add('Achieved risk at the computed size, P(X ≤ k)', p.achievedRisk, { numFmt: FMT_PROB });
  kv.add('Plan formula', p.formula);
  if (p.override) {
    kv.add('Size override', p.override.size, { numFmt: FMT_COUNT, style: p.overrideBelowComputed ? 'bad' : undefined });
    kv.add('Override reason', p.override.reason);
    kv.add('Override by', p.override.by);
    kv.add('Override at', dateValue(p.override.at));
    if (p.overrideBelowComputed)
      kv.add(
        'Override effect',
        `The override tests fewer items than the ${p.computedSize} computed: the stated confidence of ${(p.confidence * 100).toFixed(2).replace(/\.?0+$/, '')}% is not achieved.`,
        { style: 'bad' },
      );
  } else {
    kv.add('Size override', 'none');
  }
  kv.add('Sample size used', p.size, { numFmt: FMT_COUNT });
  if (p.exceedsPopulation) kv.add('Note', 'The computed size exceeds the population: every item is to be tested.', { style: 'warn' });
  kv.add('Items in the sample', view.items.length, { numFmt: FMT_COUNT });
  const replaced = view.items.filter((it) => it.replaced).length;
  if (replaced > 0) kv.add('Items replaced (not applicable; the replacement is evaluated instead)', replaced, { numFmt: FMT_COUNT });

  kv.section('Selection');
  const s = view.selection;
  kv.add('Selection method', SELECTION_TEXT[s.method] ?? s.method);
  if (s.period) kv.add('Strata by period (UTC)', s.period);
  // the allocation is stated even when it is the default, so a re-performer need not know the default
  if (s.method === 'stratified') {
    const allocation = s.allocation ?? 'at-least-one';
    kv.add(
      'Allocation',
      `${allocation === 'proportional' ? 'proportional (largest remainder)' : 'at least one per stratum, the rest proportional (largest remainder)'}${s.allocation ? '' : ' (the default)'}`,
    );
  }
  const d = s.details ?? {};
  let strata: Record<string, unknown>[] | null = null;
  for (const [k, v] of Object.entries(d)) {
    switch (k) {
      case 'interval':
        kv.add('Interval (k = N / n)', v as number, { numFmt: FMT_DECIMAL });
        break;
      case 'start':
        kv.add('Random start (u = s / n)', v as number, { numFmt: FMT_DECIMAL });
        break;
      case 'startOffset':
        kv.add('Start draw (s = nextBelow(N))', v as number, { numFmt: FMT_INT });
        break;
      case 'requestedSize':
        kv.add('Size asked for', v as number, { numFmt: FMT_COUNT });
        break;
      case 'sizeRaised':
        kv.add('Size raised to one item per stratum', v ? 'yes' : 'no');
        break;
      case 'drawsUsed':
        kv.add('Random words used', v as number, { numFmt: FMT_COUNT });
        break;
      case 'draws': {
        const dr = v as { from?: number; to?: number };
        kv.add('Stream position at start', dr.from ?? null, { numFmt: FMT_INT });
        kv.add('Stream position at end', dr.to ?? null, { numFmt: FMT_INT });
        break;
      }
      case 'range': {
        const rg = v as { start?: number; end?: number };
        kv.add('Index range', `[${rg.start}, ${rg.end})`);
        break;
      }
      case 'notes':
        for (const n of Array.isArray(v) ? v : []) kv.add('Selection note', String(n));
        break;
      case 'strata':
        strata = Array.isArray(v) ? (v as Record<string, unknown>[]) : null;
        break;
      default:
        kv.add(k, typeof v === 'number' ? v : typeof v === 'string' ? v : JSON.stringify(v));
    }
  }
  if (strata) {
    kv.row++;
    headerRow(ws, kv.row++, ['Stratum', 'First population index', 'Items in stratum', 'Quota', 'Allocated']);
    for (const st of strata) {
      tableRow(ws, kv.row++, [
        { value: String(st.label ?? '') },
        { value: typeof st.start === 'number' ? st.start : null, numFmt: FMT_INT },
        { value: typeof st.count === 'number' ? st.count : null, numFmt: FMT_COUNT },
        { value: typeof st.quota === 'number' ? st.quota : null, numFmt: FMT_DECIMAL },
        { value: typeof st.allocated === 'number' ? st.allocated : null, numFmt: FMT_INT },
      ]);
    }
  }

  kv.section('Seed and re-performance');
  kv.add('Seed', view.seed, { mono: true });
  kv.add('Seed material (sorted chain heads, then the auditor value)', view.seedMaterial, { mono: true });
  kv.add('Algorithm', view.algorithm);
  kv.add('How to re-perform', reperformText(view));
  if (view.items.some((i) => i.addition)) {
    kv.add(
      'Items added after the draw',
      `Replacements of items not applicable and extensions continue the same stream from the stream position at end above, skipping members already in the sample (docs/sampling-algorithm.md §4, "Replacing an item that is not applicable, and extending a sample"); each added item's reason and stream positions are on "${SHEET.judgement}".`,
    );
  }

  kv.section('Evaluation by attribute');
  let row = kv.row;
  headerRow(ws, row++, ['Measure', ...attrs.map((a) => cellText(a.name))]);
  const byId = new Map(view.attributes.map((a) => [a.id, a]));
  const line = (
    label: string,
    get: (a: (typeof attrs)[number]) => ExcelJS.CellValue,
    numFmt?: string,
    style?: (a: (typeof attrs)[number]) => 'bad' | 'good' | 'warn' | undefined,
  ) => {
    const l = ws.getCell(row, 1);
    l.value = label;
    l.font = { bold: true };
    l.alignment = { vertical: 'top', wrapText: true };
    l.border = thin;
    attrs.forEach((a, i) => {
      const c = ws.getCell(row, 2 + i);
      const v = get(a);
      c.value = typeof v === 'string' ? textOrNull(v) : v;
      if (numFmt && typeof v === 'number') c.numFmt = numFmt;
      c.alignment = { vertical: 'top', wrapText: true };
      c.border = thin;
      const st = style?.(a);
      if (st) styleVerdict(c, st);
    });
    row++;
  };
  line('Description', (a) => byId.get(a.attributeId)?.description ?? '');
  line(
    'What counts as a deviation',
    (a) => byId.get(a.attributeId)?.deviationDefinition || 'Not defined',
    undefined,
    (a) => (byId.get(a.attributeId)?.deviationDefinition ? undefined : 'warn'),
  );
  line('Items tested', (a) => a.tested, FMT_COUNT);
  line('Not applicable', (a) => a.notApplicable, FMT_COUNT);
  line(
    'Untested',
    (a) => a.untested,
    FMT_COUNT,
    (a) => (a.untested > 0 ? 'warn' : undefined),
  );
  line(
    'Deviations',
    (a) => a.deviations,
    FMT_COUNT,
    (a) => (a.deviations > 0 ? 'bad' : undefined),
  );
  line('Sample deviation rate', (a) => a.evaluation?.sampleDeviationRate ?? null, FMT_PCT);
  line('Upper deviation limit (exact)', (a) => a.evaluation?.upperDeviationLimit ?? null, FMT_PCT_EXACT);
  line('Upper deviation limit (rounded up to 0.1%, as in the AICPA tables)', (a) => a.evaluation?.upperDeviationLimitTable ?? null, FMT_PCT_TABLE);
  line('Allowance for sampling risk', (a) => a.evaluation?.allowanceForSamplingRisk ?? null, FMT_PCT_EXACT);
  line('Tolerable deviation rate', (a) => a.evaluation?.tolerableRate ?? p.tolerableRate, FMT_PCT);
  line('Risk at the tolerable rate, P(X ≤ d)', (a) => a.evaluation?.riskAtTolerable ?? null, FMT_PROB);
  line('Confidence level', (a) => a.evaluation?.confidence ?? p.confidence, FMT_PCT);
  line('Evaluation method', (a) => (a.evaluation ? (METHOD_TEXT[a.evaluation.method] ?? a.evaluation.method) : ''));
  line(
    'Conclusion',
    (a) => {
      if (a.evaluation)
        return a.evaluation.conclusion === 'supports-reliance' ? 'Supports reliance on the control' : 'Does not support reliance on the control';
      if (a.untested > 0) return `Not evaluated: ${a.untested} item${a.untested === 1 ? '' : 's'} untested`;
      if (a.tested === 0) return 'Not evaluated: not applicable to any item';
      return 'Not evaluated';
    },
    undefined,
    (a) => (a.evaluation ? (a.evaluation.conclusion === 'supports-reliance' ? 'good' : 'bad') : a.untested > 0 ? 'warn' : undefined),
  );
  line(
    "Auditor's conclusion",
    (a) => byId.get(a.attributeId)?.conclusion || 'Not written',
    undefined,
    (a) => (byId.get(a.attributeId)?.conclusion ? undefined : 'warn'),
  );
  line('Formula', (a) => a.evaluation?.formula ?? '');
  line('Explanation', (a) => a.evaluation?.explanation ?? '');
  for (const a of attrs) if (a.stratified) row = stratumTable(ws, row + 1, a.name, a.stratified);
  printSetup(ws, view, 'landscape');
}

function legend(ws: ExcelJS.Worksheet, view: SessionView): void {
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

function activity(ws: ExcelJS.Worksheet, view: SessionView): void {
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

// ---------------------------------------------------------------------------------------------------------
// Import

type Plain = null | string | number | boolean | Date | { formula: string } | { error: string };

/** A cell's value with rich text and hyperlinks reduced to their text. */
function plain(v: ExcelJS.CellValue): Plain {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return unquoteFormulaText(v);
  if (typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v === 'object') {
    if ('richText' in v && Array.isArray(v.richText)) return unquoteFormulaText(v.richText.map((t) => String(t.text ?? '')).join(''));
    if ('formula' in v || 'sharedFormula' in v)
      return { formula: String((v as { formula?: string; sharedFormula?: string }).formula ?? (v as { sharedFormula?: string }).sharedFormula) };
    if ('error' in v) return { error: String(v.error) };
    if ('text' in v) return String((v as { text: unknown }).text ?? '');
  }
  return String(v);
}

function isEmpty(v: Plain): boolean {
  return v === null || (typeof v === 'string' && v.trim() === '');
}

/** A cell value as text: used for notes, tickmarks and header labels. */
function asText(v: Plain): string {
  if (v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString();
  return '';
}

function describe(v: Plain): string {
  if (v === null || isEmpty(v)) return '(empty)';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'string') return JSON.stringify(v);
  if ('formula' in v) return `the formula =${v.formula}`;
  return `the error ${v.error}`;
}

function describeExpected(e: Expected): string {
  if (e.kind === 'number') return String(e.value);
  if (e.kind === 'date') return e.ms !== null ? new Date(e.ms).toISOString() : JSON.stringify(e.text);
  return e.value === '' ? '(empty)' : JSON.stringify(e.value);
}

const EXCEL_EPOCH_DAYS = 25569;

function sameAs(found: Plain, e: Expected): boolean {
  if (e.kind === 'number') {
    if (typeof found === 'number') return found === e.value;
    return typeof found === 'string' && found.trim() !== '' && Number(found.trim()) === e.value;
  }
  if (e.kind === 'date') {
    if (e.ms === null) return typeof found === 'string' && found.trim() === e.text.trim();
    if (found instanceof Date) return Math.abs(found.getTime() - e.ms) <= 1;
    if (typeof found === 'number') return Math.abs(Math.round((found - EXCEL_EPOCH_DAYS) * 86_400_000) - e.ms) <= 1;
    if (typeof found === 'string') return found.trim() === e.text.trim() || parseRfc3339(found.trim()) === e.ms;
    return false;
  }
  if (found !== null && typeof found === 'object' && !(found instanceof Date)) return false;
  return asText(found).trim() === e.value.trim();
}

interface Identity {
  format: string;
  sessionId: number | null;
  sessionName: string;
  seed: string;
  populationDigest: string;
  items: number | null;
  itemsDigest: string;
}

function readIdentity(wb: ExcelJS.Workbook): Identity {
  const ws = wb.getWorksheet(SHEET.cover);
  const missing = `The workbook has no Tickmark identity block on a "${SHEET.cover}" sheet: it was not exported by Tickmark, or the sheet or its hidden identity rows were removed`;
  if (!ws) throw new WorkpaperError(missing);
  const kv = new Map<string, Plain>();
  let found = false;
  // the rows the file holds, in order (never every row up to the last: see readResults); a missing row
  // number is an empty row, which ends the block
  const rows: ExcelJS.Row[] = [];
  ws.eachRow({ includeEmpty: false }, (row) => rows.push(row));
  let prev = 0;
  for (const row of rows) {
    const gap = found && row.number !== prev + 1;
    prev = row.number;
    if (gap) break;
    const key = asText(plain(row.getCell(1).value)).trim();
    if (!found) {
      if (key === IDENTITY_MARKER) {
        found = true;
        kv.set('format', plain(row.getCell(2).value));
      }
      continue;
    }
    if (key === '') break;
    kv.set(key, plain(row.getCell(2).value));
  }
  if (!found) throw new WorkpaperError(missing);
  const n = (k: string): number | null => {
    const v = kv.get(k);
    return typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v.trim()) : null;
  };
  const t = (k: string): string => asText(kv.get(k) ?? null).trim();
  return {
    format: t('format'),
    sessionId: n('session id'),
    sessionName: t('session name'),
    seed: t('seed'),
    populationDigest: t('population digest'),
    items: n('sample items'),
    itemsDigest: t('items sha256'),
  };
}

function checkIdentity(id: Identity, view: SessionView): void {
  const where = `(the hidden identity rows of the "${SHEET.cover}" sheet)`;
  if (id.format !== WORKPAPER_FORMAT) {
    throw new WorkpaperError(`The workbook is in the format "${id.format || '(none)'}", not ${WORKPAPER_FORMAT} ${where}`);
  }
  if (id.sessionId !== view.id) {
    throw new WorkpaperError(
      `This is the workpaper of session ${id.sessionId === null ? '(unknown)' : `#${id.sessionId}`}${id.sessionName ? ` ("${id.sessionName}")` : ''}, not of session #${view.id} ("${view.name}") ${where}`,
    );
  }
  if (id.seed !== view.seed) {
    throw new WorkpaperError(
      `The workbook's sample was drawn from the seed ${id.seed || '(none)'}, but session #${view.id}'s seed is ${view.seed}: it is not the same sample ${where}`,
    );
  }
  if (id.populationDigest !== view.population.digest) {
    throw new WorkpaperError(
      `The workbook's population digest ${id.populationDigest || '(none)'} differs from the digest ${view.population.digest} of population "${view.population.name}": the sample was drawn from a different population ${where}`,
    );
  }
  if (id.items !== view.items.length || id.itemsDigest !== itemsDigest(view)) {
    throw new WorkpaperError(
      `The workbook lists ${id.items ?? 'an unknown number of'} sample items with a different membership from session #${view.id}'s ${view.items.length} items: it is not the same sample ${where}`,
    );
  }
}

interface SampleLayout {
  headerRow: number;
  key: number[];
  attributes: { attr: SessionAttribute; col: number }[];
  tickmarks: number;
  notes: number;
  itemId: number;
  fingerprint: number;
}

function sampleLayout(ws: ExcelJS.Worksheet, view: SessionView): SampleLayout {
  let headerRowNo = 0;
  for (let r = 1; r <= Math.min(ws.rowCount, 30) && headerRowNo === 0; r++) {
    const texts: string[] = [];
    ws.getRow(r).eachCell({ includeEmpty: false }, (c) => texts.push(asText(plain(c.value)).trim()));
    if (texts.includes(KEY_COLUMNS[0]!.header) && texts.includes(H_ITEM_ID)) headerRowNo = r;
  }
  if (headerRowNo === 0) {
    throw new WorkpaperError(
      `The "${SHEET.sample}" sheet has no header row with the "${KEY_COLUMNS[0]!.header}" and "${H_ITEM_ID}" columns, so its rows cannot be matched to the sample`,
    );
  }
  // header text → columns, left to right. The identity columns come before the attributes and take the first
  // column of their name, the trailing columns take the last: an attribute that shares a name with one of them
  // (a test attribute called "Notes") still finds its own column.
  const cols = new Map<string, number[]>();
  ws.getRow(headerRowNo).eachCell({ includeEmpty: false }, (c, col) => {
    const h = asText(plain(c.value)).trim();
    if (h !== '') cols.set(h, [...(cols.get(h) ?? []), col]);
  });
  const problems: string[] = [];
  const take = (h: string, which: 'first' | 'last'): number => {
    const list = cols.get(h);
    const col = list && list.length > 0 ? (which === 'first' ? list.shift()! : list.pop()!) : 0;
    return col;
  };
  const key = KEY_COLUMNS.map((k) => {
    const col = take(k.header, 'first');
    if (col === 0)
      problems.push(
        `The "${SHEET.sample}" sheet has no "${k.header}" column (header row ${headerRowNo}): the columns that identify the sampled events must stay as exported`,
      );
    return col;
  });
  const trailing = new Map<string, number>();
  for (const h of [H_FINGERPRINT, H_ITEM_ID, H_EVIDENCE, H_NOTES, H_TICKMARKS]) {
    const col = take(h, 'last');
    if (col === 0 && h !== H_EVIDENCE) problems.push(`The "${SHEET.sample}" sheet has no "${h}" column (header row ${headerRowNo})`);
    trailing.set(h, col);
  }
  const attributes = [...view.attributes]
    .sort((a, b) => a.position - b.position)
    .map((attr) => {
      const col = take(cellText(attr.name).trim(), 'first');
      if (col === 0)
        problems.push(
          `The "${SHEET.sample}" sheet has no column for the test attribute "${attr.name}" (header row ${headerRowNo}): the column was removed or its header renamed; restore the header "${attr.name}"`,
        );
      return { attr, col };
    });
  if (problems.length > 0) throw new WorkpaperError(problems);
  return {
    headerRow: headerRowNo,
    key,
    attributes,
    tickmarks: trailing.get(H_TICKMARKS)!,
    notes: trailing.get(H_NOTES)!,
    itemId: trailing.get(H_ITEM_ID)!,
    fingerprint: trailing.get(H_FINGERPRINT)!,
  };
}

/** Splits the Tickmarks cell (symbols joined with ", " on export). */
function parseTickmarks(s: string): string[] {
  return s
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');
}

/**
 * The results, tickmarks and notes typed into an exported workpaper, checked against the session. Every
 * refusal is a WorkpaperError whose message starts with the file (and names the sheet, row or cell at fault).
 */
export async function readWorkpaperResults(file: string, view: SessionView): Promise<WorkpaperResults> {
  try {
    await stat(file);
  } catch (e) {
    throw new WorkpaperError(`There is no file ${file} (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  try {
    return await readResults(file, view);
  } catch (e) {
    if (e instanceof WorkpaperError) throw e.file === undefined ? new WorkpaperError(e.problems, file) : e;
    if (e instanceof WorkbookLimitError) throw new WorkpaperError(e.reason, file);
    throw new WorkpaperError(`could not be read as a Tickmark workpaper: ${e instanceof Error ? e.message : String(e)}`, file);
  }
}

async function readResults(file: string, view: SessionView): Promise<WorkpaperResults> {
  // bounded before exceljs inflates and parses it (workpaper-guard.ts)
  const bytes = await readBoundedXlsx(file);
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (e) {
    throw new WorkpaperError(`could not be read as an Excel workbook (.xlsx): ${e instanceof Error ? e.message : String(e)}`, file);
  }
  checkIdentity(readIdentity(wb), view);
  const ws = wb.getWorksheet(SHEET.sample);
  if (!ws) throw new WorkpaperError(`The workbook has no "${SHEET.sample}" sheet`);
  const layout = sampleLayout(ws, view);

  const itemsById = new Map(view.items.map((i) => [i.id, i]));
  const seen = new Map<number, number>(); // item id → sheet row
  const problems: string[] = [];
  const out: WorkpaperResults['items'] = [];
  const MAX_PROBLEMS = 20;

  // only the rows the file holds: one cell at row 1,048,576 must not make a million empty rows to visit
  const rowNumbers: number[] = [];
  ws.eachRow({ includeEmpty: false }, (_row, r) => {
    if (r > layout.headerRow) rowNumbers.push(r);
  });
  for (const r of rowNumbers) {
    if (problems.length >= MAX_PROBLEMS) break;
    const row = ws.getRow(r);
    let blank = true;
    row.eachCell({ includeEmpty: false }, (c) => {
      if (!isEmpty(plain(c.value))) blank = false;
    });
    if (blank) continue;

    const idCell = row.getCell(layout.itemId);
    const idValue = plain(idCell.value);
    const itemId =
      typeof idValue === 'number' ? idValue : typeof idValue === 'string' && /^\d+$/.test(idValue.trim()) ? Number(idValue.trim()) : null;
    if (itemId === null || !Number.isSafeInteger(itemId)) {
      problems.push(
        `${SHEET.sample} row ${r} has ${isEmpty(idValue) ? 'no' : `no valid (${describe(idValue)})`} item id in the hidden "${H_ITEM_ID}" column (${idCell.address}), so it cannot be matched to a sample item: rows may be sorted but not added, and the hidden columns must not be edited`,
      );
      continue;
    }
    const item = itemsById.get(itemId);
    if (!item) {
      problems.push(`${SHEET.sample} row ${r} holds item id ${itemId} (${idCell.address}), which is not an item of session #${view.id}`);
      continue;
    }
    const where = `${SHEET.sample} row ${r} (position ${item.position})`;
    const before = seen.get(itemId);
    if (before !== undefined) {
      problems.push(`${where} repeats the item of ${SHEET.sample} row ${before} (item id ${itemId}): a sample row was copied`);
      continue;
    }
    seen.set(itemId, r);

    const changes: string[] = [];
    KEY_COLUMNS.forEach((k, i) => {
      const e = k.get(item);
      const found = plain(row.getCell(layout.key[i]!).value);
      if (!sameAs(found, e)) changes.push(`${k.label} ${describeExpected(e)} became ${describe(found)}`);
    });
    if (changes.length > 0) {
      problems.push(`${where} was changed: ${changes.join(', ')}`);
      continue;
    }
    const fp = asText(plain(row.getCell(layout.fingerprint).value)).trim();
    if (fp !== rowFingerprint(view, item)) {
      problems.push(
        `${where}: its row fingerprint (${row.getCell(layout.fingerprint).address}) does not match the sampled event of session #${view.id}: the hidden identity columns were edited or the row comes from another sample`,
      );
      continue;
    }

    const results: Record<number, AttributeResult | null> = {};
    for (const { attr, col } of layout.attributes) {
      const cell = row.getCell(col);
      const v = plain(cell.value);
      if (isEmpty(v)) {
        results[attr.id] = null;
        continue;
      }
      const t = typeof v === 'string' ? v.trim().toLowerCase() : null;
      if (t !== null && (ATTRIBUTE_RESULTS as readonly string[]).includes(t)) {
        results[attr.id] = t as AttributeResult;
      } else {
        problems.push(
          `${SHEET.sample}!${cell.address} (attribute "${attr.name}", position ${item.position}) holds ${describe(v)}, which is not a result: use ${ATTRIBUTE_RESULTS.join(', ')} or leave it empty`,
        );
      }
    }
    const notesValue = plain(row.getCell(layout.notes).value);
    const tickValue = plain(row.getCell(layout.tickmarks).value);
    for (const [v, cell, what] of [
      [notesValue, row.getCell(layout.notes), 'notes'],
      [tickValue, row.getCell(layout.tickmarks), 'tickmarks'],
    ] as const) {
      if (v !== null && typeof v === 'object' && !(v instanceof Date)) {
        problems.push(`${SHEET.sample}!${cell.address} (${what}, position ${item.position}) holds ${describe(v)}: type the text itself`);
      }
    }
    out.push({ itemId, position: item.position, results, tickmarks: parseTickmarks(asText(tickValue)), notes: asText(notesValue) });
  }

  if (problems.length < MAX_PROBLEMS) {
    const missing = [...view.items].filter((i) => !seen.has(i.id)).sort((a, b) => a.position - b.position);
    if (missing.length > 0) {
      const list = missing
        .slice(0, 10)
        .map((i) => `${i.position} (item id ${i.id})`)
        .join(', ');
      problems.push(
        `The "${SHEET.sample}" sheet no longer has the row${missing.length === 1 ? '' : 's'} of position${missing.length === 1 ? '' : 's'} ${list}${missing.length > 10 ? ` and ${missing.length - 10} more` : ''}: sample rows must not be deleted`,
      );
    }
  }
  if (problems.length > 0) throw new WorkpaperError(problems);
  out.sort((a, b) => a.position - b.position);
  return { sessionId: view.id, items: out };
}
