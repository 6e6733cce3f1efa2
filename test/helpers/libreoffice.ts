// A real spreadsheet client for the tests: LibreOffice headless converts a workbook's every sheet to CSV.
// CI installs it (libreoffice-calc-nogui); elsewhere the suites that need it say that they skipped.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const soffice = ['/usr/bin/soffice', '/usr/lib/libreoffice/program/soffice'].find((p) => existsSync(p)) ?? null;

// CSV filter options: comma, double quote, UTF-8, from line 1, …, and the last token -1 = every sheet to its own file
const CSV_ALL_SHEETS = 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1';

/** Every sheet of `xlsx` as rows of cells, by sheet name, as LibreOffice reads them. Throws when it cannot. */
export function sheetsViaLibreOffice(xlsx: string): Map<string, string[][]> {
  if (!soffice) throw new Error('LibreOffice is not installed');
  const out = mkdtempSync(path.join(os.tmpdir(), 'tickmark-lo-'));
  // a profile of its own, so parallel test files do not share (and lock) one
  const profile = `file://${mkdtempSync(path.join(os.tmpdir(), 'tickmark-lo-profile-'))}`;
  const r = spawnSync(soffice, [`-env:UserInstallation=${profile}`, '--headless', '--convert-to', CSV_ALL_SHEETS, '--outdir', out, xlsx], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (r.status !== 0) throw new Error(`LibreOffice failed on ${xlsx} (${r.status}): ${r.stderr}`);
  const base = path.basename(xlsx, '.xlsx');
  const sheets = new Map<string, string[][]>();
  for (const f of readdirSync(out)) {
    if (!f.startsWith(`${base}-`) || !f.endsWith('.csv')) continue;
    sheets.set(f.slice(base.length + 1, -4), parseCsv(readFileSync(path.join(out, f), 'utf8')));
  }
  return sheets;
}

/** RFC 4180 CSV as LibreOffice writes it (quoted fields may hold commas, quotes doubled, line breaks). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const endRow = (): void => {
    row.push(cell);
    rows.push(row);
    row = [];
    cell = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n') endRow();
    else if (c !== '\r') cell += c;
  }
  if (cell !== '' || row.length) endRow();
  return rows;
}

export function libreOfficeVersion(): string {
  return soffice ? execFileSync(soffice, ['--version'], { encoding: 'utf8' }).trim() : 'absent';
}
