// An evidence file's bytes → its cells as text, each row with the number a spreadsheet shows (header = 1),
// for the typing in shared/evidence/table.ts. The format is told from the bytes, not the name: a zip is an
// .xlsx workbook, an OLE2 file an old .xls (refused), anything else CSV.
//
// CSV: UTF-8 (checked, never guessed), an optional BOM, LF, CRLF or CR, RFC 4180 quoting, parsed by csv-parse
// (strict quotes: a stray quote is an error at its row). Record n is row n: an empty line is a row, as a
// spreadsheet shows it, and a quoted line break stays inside its row. A cell starting with "=" is text.
// XLSX: bounded before exceljs inflates it (workpaper/guard.ts), then the first sheet (or the named one). A
// formula cell gives the value Excel saved with it; one with no saved value, or an error value (#N/A, #REF!),
// is refused: Tickmark never evaluates a formula. A date cell is YYYY-MM-DD at midnight, else an RFC 3339
// timestamp in UTC (a spreadsheet date has no time zone: it is read as UTC).
import { isUtf8 } from 'node:buffer';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { columnLetter, EvidenceTableError, type EvidenceGrid, type EvidenceProblem, type GridRow } from '../../../shared/evidence/table';
import { quoted } from '../../../shared/evidence/values';
import { checkXlsxBytes, WorkbookLimitError, WORKBOOK_LIMITS } from '../workpaper/guard';

export const EVIDENCE_LIMITS = {
  /** bytes of a CSV file (a 100,000-row change log is about 30 MB) */
  csvBytes: 64 * 1024 * 1024,
  /** characters of one CSV record: a spreadsheet cell holds at most 32,767 */
  recordChars: 1024 * 1024,
  /** rows of a CSV file, header included: what Excel shows at most (1,048,576); 64 MiB of short lines
   *  would otherwise be tens of millions of records in memory */
  rows: 1_048_576,
  /** an .xlsx file is held to the workpaper import's bounds (file, zip entries, inflated bytes) */
  workbook: WORKBOOK_LIMITS,
} as const;

export type EvidenceFormat = 'csv' | 'xlsx';

const refuse = (file: string, message: string, row?: number, column?: string): EvidenceTableError =>
  new EvidenceTableError([{ file, message, ...(row !== undefined ? { row } : {}), ...(column !== undefined ? { column } : {}) }]);

export function formatOf(bytes: Uint8Array): EvidenceFormat | 'xls' {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return 'xlsx';
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) return 'xls';
  return 'csv';
}

/** The file's cells; `file` names it in every message. Throws EvidenceTableError. */
export async function readEvidenceGrid(bytes: Buffer, file: string, opts: { sheet?: string } = {}): Promise<EvidenceGrid & { sheet: string | null }> {
  const format = formatOf(bytes);
  if (format === 'xls')
    throw refuse(file, `${file} is an Excel 97-2003 workbook (.xls), which Tickmark does not read: save it as .xlsx or as CSV UTF-8`);
  if (format === 'xlsx') return readXlsx(bytes, file, opts.sheet);
  if (opts.sheet !== undefined)
    throw refuse(file, `${file} is a CSV file: it has no sheet ${quoted(opts.sheet)} (a sheet is named for .xlsx files only)`);
  return { ...readCsv(bytes, file), sheet: null };
}

export function readCsv(
  bytes: Buffer,
  file: string,
  limits: { csvBytes: number; recordChars: number; rows: number } = EVIDENCE_LIMITS,
): EvidenceGrid {
  if (bytes.length > limits.csvBytes)
    throw refuse(file, `${file} is ${bytes.length} bytes, more than an evidence CSV file may be (${limits.csvBytes} bytes)`);
  if (!isUtf8(bytes)) {
    const line = firstNonUtf8Line(bytes);
    throw refuse(file, `${file} line ${line} is not UTF-8 text: save the file as "CSV UTF-8"`, line);
  }
  let records: string[][];
  try {
    // empty lines are records too (['']), so record i is row i + 1; parsing stops one record past the bound
    records = parse(bytes.toString('utf8'), {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: false,
      max_record_size: limits.recordChars,
      to: limits.rows + 1,
    });
  } catch (e) {
    const err = e as { records?: unknown; message?: unknown; code?: unknown };
    const row = (typeof err.records === 'number' ? err.records : 0) + 1;
    throw refuse(
      file,
      `${file} row ${row} cannot be read as CSV (RFC 4180): ${typeof err.message === 'string' ? err.message : String(e)}${err.code === 'CSV_MAX_RECORD_SIZE' ? '' : '; a value with a comma, a quote or a line break must be in double quotes, and a quote inside it doubled'}`,
      row,
    );
  }
  if (records.length > limits.rows)
    throw refuse(
      file,
      `${file} has more than ${limits.rows} rows, more than a spreadsheet shows (and than an evidence table may have)`,
      limits.rows + 1,
    );
  return { file, fixedWidth: true, rows: records.map((cells, i) => ({ row: i + 1, cells })) };
}

function firstNonUtf8Line(bytes: Buffer): number {
  let line = 1;
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === 0x0a) {
      if (!isUtf8(bytes.subarray(start, i))) return line;
      line++;
      start = i + 1;
    }
  }
  return line;
}

async function readXlsx(bytes: Buffer, file: string, sheet: string | undefined): Promise<EvidenceGrid & { sheet: string }> {
  try {
    await checkXlsxBytes(bytes, file, 'an evidence workbook', EVIDENCE_LIMITS.workbook);
  } catch (e) {
    if (e instanceof WorkbookLimitError) throw refuse(file, e.message);
    throw e;
  }
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (e) {
    throw refuse(file, `${file} could not be read as an Excel workbook (.xlsx): ${e instanceof Error ? e.message : String(e)}`);
  }
  const sheets = wb.worksheets;
  const ws = sheet === undefined ? sheets[0] : (wb.getWorksheet(sheet) ?? sheets.find((s) => s.name.toLowerCase() === sheet.toLowerCase()));
  if (!ws)
    throw refuse(
      file,
      sheet === undefined
        ? `${file} has no sheet`
        : `${file} has no sheet ${quoted(sheet)} (its sheets: ${sheets.map((s) => quoted(s.name)).join(', ') || 'none'})`,
    );
  const problems: EvidenceProblem[] = [];
  const rows: GridRow[] = [];
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: false }, (cell, col) => {
      while (cells.length < col - 1) cells.push('');
      const t = cellText(cell.value);
      if (typeof t === 'string') cells.push(t);
      else {
        cells.push('');
        if (problems.length < 20)
          problems.push({
            file,
            row: rowNumber,
            column: columnLetter(col - 1),
            message: `${file} row ${rowNumber}, column ${columnLetter(col - 1)} (sheet ${quoted(ws.name)}): ${t.problem}`,
          });
      }
    });
    rows.push({ row: rowNumber, cells });
  });
  if (problems.length > 0) throw new EvidenceTableError(problems);
  return { file, rows, sheet: ws.name };
}

/** A cell's value as text, or why it has none Tickmark will use. */
export function cellText(v: ExcelJS.CellValue | undefined): string | { problem: string } {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : { problem: `the number ${String(v)} cannot be read` };
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v instanceof Date) return dateText(v);
  if (typeof v === 'object') {
    if ('formula' in v || 'sharedFormula' in v) {
      const f = v as { formula?: string; sharedFormula?: string; result?: unknown };
      const text = `=${f.formula ?? f.sharedFormula ?? ''}`;
      if (f.result === undefined || f.result === null)
        return {
          problem: `the formula ${quoted(text)} has no value saved with it, and Tickmark does not evaluate formulas: open and save the workbook in Excel (which stores each formula's value), or replace the formula by its value`,
        };
      const r = cellText(f.result as ExcelJS.CellValue);
      return typeof r === 'string' ? r : { problem: `the formula ${quoted(text)} ${r.problem.replace(/^the /, 'gives the ')}` };
    }
    if ('error' in v) return { problem: `the cell holds the error ${String((v as { error: unknown }).error)}, not a value` };
    if ('richText' in v && Array.isArray(v.richText)) return v.richText.map((t) => String(t.text ?? '')).join('');
    if ('text' in v) {
      const t = (v as { text: unknown }).text;
      if (typeof t === 'string') return t;
      return cellText(t as ExcelJS.CellValue);
    }
  }
  return { problem: 'the cell holds a value of a kind Tickmark does not read' };
}

function dateText(d: Date): string | { problem: string } {
  const ms = d.getTime();
  if (!Number.isFinite(ms)) return { problem: 'the cell holds a date that cannot be read' };
  const iso = d.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.endsWith('.000Z') ? `${iso.slice(0, 19)}Z` : iso;
}
