// The Sample sheet: one row per item with its key cells, the auditor's result columns (validated lists),
// tickmarks, notes and evidence, and the hidden id and fingerprint columns the import matches rows by.
import ExcelJS from 'exceljs';
import { type SampleItem, type SessionView, ATTRIBUTE_RESULTS } from '../../../shared/session';
import { parseRfc3339 } from '../../../shared/time';
import { UNLOCKED } from './guard';
import { sampleStatus } from './judgement-sheets';
import { INTEGRITY_BANNER_PREFIX, SAMPLE_HEADER_ROW, SHEET } from './format';
import { headerRow, integrityWarning, printSetup, title } from './sheet-helpers';
import { COLOR, FMT_INT, FMT_TIMESTAMP, solid, thin } from './styles';
import { cellText, rowFingerprint, textOrNull } from './values';

export type Expected = { kind: 'number'; value: number } | { kind: 'text'; value: string } | { kind: 'date'; ms: number | null; text: string };

export interface KeyColumn {
  header: string;
  /** how a change is named in a refusal */
  label: string;
  width: number;
  numFmt?: string;
  wrap?: boolean;
  get: (i: SampleItem) => Expected;
}

export const num = (value: number): Expected => ({ kind: 'number', value });
export const txt = (value: string | null): Expected => ({ kind: 'text', value: cellText(value) });

/** The identity columns of the Sample sheet, in order: the import refuses a row where any of them changed. */
export const KEY_COLUMNS: KeyColumn[] = [
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
export const H_TICKMARKS = 'Tickmarks';
export const H_NOTES = 'Notes';
export const H_EVIDENCE = 'Evidence';
export const H_STATUS = 'Sample status';
export const H_ITEM_ID = 'Item id';
export const H_FINGERPRINT = 'Row fingerprint';
export const TRAILING = [H_TICKMARKS, H_NOTES, H_EVIDENCE, H_ITEM_ID, H_FINGERPRINT, H_STATUS];

export const RESULT_VALIDATION: ExcelJS.DataValidation = {
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

export function writeKeyCell(c: ExcelJS.Cell, e: Expected): void {
  if (e.kind === 'number') c.value = e.value;
  else if (e.kind === 'text') c.value = e.value === '' ? null : e.value;
  else c.value = e.ms !== null ? new Date(e.ms) : e.text;
}

export function sampleSheet(ws: ExcelJS.Worksheet, view: SessionView): void {
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
