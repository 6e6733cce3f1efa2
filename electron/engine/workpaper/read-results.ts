// Reading back the results an auditor typed into an exported workpaper (see write.ts for the round trip):
// the identity must match the session, rows are matched by item id and fingerprint, key cells unchanged.
import ExcelJS from 'exceljs';
import { stat } from 'node:fs/promises';
import { type AttributeResult, type SessionAttribute, type SessionView, ATTRIBUTE_RESULTS } from '../../../shared/session';
import { parseRfc3339 } from '../../../shared/time';
import { WorkbookLimitError, readBoundedXlsx, unquoteFormulaText } from './guard';
import { IDENTITY_MARKER, SHEET, WORKPAPER_FORMAT, WorkpaperError, type WorkpaperResults } from './format';
import { type Expected, H_EVIDENCE, H_FINGERPRINT, H_ITEM_ID, H_NOTES, H_TICKMARKS, KEY_COLUMNS } from './sample-sheet';

import { cellText, itemsDigest, rowFingerprint } from './values';

export type Plain = null | string | number | boolean | Date | { formula: string } | { error: string };

/** A cell's value with rich text and hyperlinks reduced to their text. */
export function plain(v: ExcelJS.CellValue): Plain {
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

export function isEmpty(v: Plain): boolean {
  return v === null || (typeof v === 'string' && v.trim() === '');
}

/** A cell value as text: used for notes, tickmarks and header labels. */
export function asText(v: Plain): string {
  if (v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString();
  return '';
}

export function describe(v: Plain): string {
  if (v === null || isEmpty(v)) return '(empty)';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'string') return JSON.stringify(v);
  if ('formula' in v) return `the formula =${v.formula}`;
  return `the error ${v.error}`;
}

export function describeExpected(e: Expected): string {
  if (e.kind === 'number') return String(e.value);
  if (e.kind === 'date') return e.ms !== null ? new Date(e.ms).toISOString() : JSON.stringify(e.text);
  return e.value === '' ? '(empty)' : JSON.stringify(e.value);
}

export const EXCEL_EPOCH_DAYS = 25569;

export function sameAs(found: Plain, e: Expected): boolean {
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

export interface Identity {
  format: string;
  sessionId: number | null;
  sessionName: string;
  seed: string;
  populationDigest: string;
  items: number | null;
  itemsDigest: string;
}

export function readIdentity(wb: ExcelJS.Workbook): Identity {
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

export function checkIdentity(id: Identity, view: SessionView): void {
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

export interface SampleLayout {
  headerRow: number;
  key: number[];
  attributes: { attr: SessionAttribute; col: number }[];
  tickmarks: number;
  notes: number;
  itemId: number;
  fingerprint: number;
}

export function sampleLayout(ws: ExcelJS.Worksheet, view: SessionView): SampleLayout {
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
export function parseTickmarks(s: string): string[] {
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

export async function readResults(file: string, view: SessionView): Promise<WorkpaperResults> {
  // bounded before exceljs inflates and parses it (guard.ts)
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
