// Defences of the workpaper workbook, both ways.
//
// Reading: an .xlsx is a zip that exceljs (through JSZip) inflates whole into memory and then parses into a
// model several times larger — a 20 MB file took 3.9 GB. Before exceljs sees a byte, the file's size, its
// number of zip entries and the total inflated size are bounded. The inflated size is counted while actually
// inflating every entry (yauzl also refuses an entry whose data does not match its declared size), so a
// zip that understates its sizes is caught too. Measured: a 21,000-item workpaper is a 2.7 MB file that
// inflates to 18 MB and takes exceljs 400 MB to load (~20× its inflated size); the limits admit ~3.5× that
// (about 75,000 items) and keep a load near 1.3 GB.
//
// Writing: a cell whose text starts with =, +, -, @, a tab, CR or LF is a formula (or starts one) once the
// cell is edited in Excel or the sheet is saved as CSV (OWASP "CSV injection"). Every text cell of the
// workbook — vendor data, auditor notes, headers alike — gets a leading apostrophe when it starts so, and so
// does text that itself starts with an apostrophe, which makes the quoting reversible: the import removes
// exactly one leading apostrophe before such a character and recovers the original text.
// The sheets are protected (no password: a guard against slips, not a secret; the row fingerprints are the
// integrity check) with only the auditor's own columns — results, tickmarks, notes — left unlocked.
import { readFile, stat } from 'node:fs/promises';
import yauzl from 'yauzl';
import type ExcelJS from 'exceljs';

export const WORKBOOK_LIMITS = {
  /** bytes of the .xlsx file */
  fileBytes: 16 * 1024 * 1024,
  /** zip entries (a workpaper has about 20) */
  entries: 1000,
  /** bytes of all entries inflated */
  inflatedBytes: 64 * 1024 * 1024,
} as const;

/** A workbook refused before it was parsed: `reason` completes a sentence that starts with the file name. */
export class WorkbookLimitError extends Error {
  override name = 'WorkbookLimitError';
  constructor(
    readonly reason: string,
    readonly file: string,
  ) {
    super(`${file} ${reason}`);
  }
}

const mb = (n: number): string => `${(n / 1024 / 1024).toFixed(1)} MB`;

/** Check `file` against the limits and return its bytes for exceljs to load; throws WorkbookLimitError. */
export async function readBoundedXlsx(file: string, limits = WORKBOOK_LIMITS): Promise<Buffer> {
  const st = await stat(file);
  if (!st.isFile()) throw new WorkbookLimitError('is not a file', file);
  if (st.size > limits.fileBytes) throw new WorkbookLimitError(`is ${mb(st.size)}, more than a workpaper can be (${mb(limits.fileBytes)})`, file);
  const bytes = await readFile(file);
  await checkZip(bytes, file, limits);
  return bytes;
}

/** The same bounds for a workbook already in memory (an evidence table, electron/engine/evidence/grid.ts);
 *  `what` names what the workbook was expected to be, in the refusal. */
export async function checkXlsxBytes(bytes: Buffer, file: string, what: string, limits = WORKBOOK_LIMITS): Promise<void> {
  if (bytes.length > limits.fileBytes)
    throw new WorkbookLimitError(`is ${mb(bytes.length)}, more than ${what} can be (${mb(limits.fileBytes)})`, file);
  await checkZip(bytes, file, limits, what);
}

function checkZip(bytes: Buffer, file: string, limits: typeof WORKBOOK_LIMITS, what = 'a workpaper'): Promise<void> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (message: string, zip?: yauzl.ZipFile): void => {
      if (settled) return;
      settled = true;
      zip?.close();
      reject(new WorkbookLimitError(message, file));
    };
    yauzl.fromBuffer(bytes, { lazyEntries: true, decodeStrings: true, validateEntrySizes: true }, (err, zip) => {
      if (err || !zip) return fail(`could not be read as an Excel workbook (.xlsx): it is not a zip archive (${err?.message ?? 'unreadable'})`);
      if (zip.entryCount > limits.entries) return fail(`has ${zip.entryCount} zip entries, more than ${what} has (at most ${limits.entries})`, zip);
      let inflated = 0;
      zip.on('error', (e: Error) => fail(`is not a readable zip archive (${e.message})`, zip));
      zip.on('end', () => {
        if (!settled) {
          settled = true;
          resolve();
        }
      });
      zip.on('entry', (entry: yauzl.Entry) => {
        if (settled) return;
        if (entry.fileName.endsWith('/')) return zip.readEntry();
        if (inflated + entry.uncompressedSize > limits.inflatedBytes)
          return fail(
            `inflates to more than ${mb(limits.inflatedBytes)} (entry ${entry.fileName} alone declares ${mb(entry.uncompressedSize)})`,
            zip,
          );
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return fail(`has an unreadable zip entry ${entry.fileName} (${e?.message ?? 'no data'})`, zip);
          stream.on('data', (c: Buffer) => {
            inflated += c.length;
            if (inflated > limits.inflatedBytes) {
              stream.destroy();
              fail(`inflates to more than ${mb(limits.inflatedBytes)} (at entry ${entry.fileName})`, zip);
            }
          });
          stream.on('error', (se: Error) => fail(`has a corrupt zip entry ${entry.fileName} (${se.message})`, zip));
          stream.on('end', () => {
            if (!settled) zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
}

// --- formula-like text -------------------------------------------------------------------------------------

const FORMULA_START = /^[=+\-@\t\r\n']/;
const QUOTED = /^'[=+\-@\t\r\n']/;

/** Text safe to put in a cell: a leading apostrophe before a formula-starting (or apostrophe) character. */
export function quoteFormulaText(s: string): string {
  return FORMULA_START.test(s) ? `'${s}` : s;
}

/** The original text of a cell written with quoteFormulaText. */
export function unquoteFormulaText(s: string): string {
  return QUOTED.test(s) ? s.slice(1) : s;
}

/** Quote every text cell of the workbook (plain and rich text). Call once, after all cells are written. */
export function quoteWorkbookText(wb: ExcelJS.Workbook): void {
  wb.eachSheet((ws) => {
    ws.eachRow({ includeEmpty: false }, (row) => {
      row.eachCell({ includeEmpty: false }, (c) => {
        const v = c.value;
        if (typeof v === 'string') {
          const q = quoteFormulaText(v);
          if (q !== v) c.value = q;
        } else if (v !== null && typeof v === 'object' && 'richText' in v && v.richText.length > 0) {
          const first = v.richText[0]!;
          const q = quoteFormulaText(first.text);
          if (q !== first.text) c.value = { richText: [{ ...first, text: q }, ...v.richText.slice(1)] };
        }
      });
    });
  });
}

// --- sheet protection -------------------------------------------------------------------------------------

/** What an auditor may still do on a protected sheet: select, resize, filter; not edit locked cells. */
const ALLOWED: Partial<ExcelJS.WorksheetProtection> = {
  selectLockedCells: true,
  selectUnlockedCells: true,
  formatColumns: true,
  formatRows: true,
  autoFilter: true,
  sort: true,
};

/** The style part that leaves a cell editable on a protected sheet (every other cell is locked). */
export const UNLOCKED: Partial<ExcelJS.Style> = { protection: { locked: false } };

/** Protect every sheet of the workbook; only cells styled with UNLOCKED stay editable. */
export async function protectWorkbook(wb: ExcelJS.Workbook): Promise<void> {
  for (const ws of wb.worksheets) await ws.protect('', ALLOWED);
}
