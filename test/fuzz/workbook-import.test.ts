// Fuzzing the workpaper import (#11 item 15): workbooks mutated from a real export — at the level of cells
// (exceljs), of the XML inside the zip, and of the file's bytes — are fed to readWorkpaperResults. It must
// never crash or hang: it reads the workbook, or refuses it with a WorkpaperError whose message starts with
// the file; what it reads is always a subset of the session's items with valid results.
// A few hundred cases per run by default (exceljs takes ~0.1 s a workbook); TICKMARK_FUZZ_RUNS raises it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import yauzl from 'yauzl';
import yazl from 'yazl';
import { exportWorkpaper } from '../../electron/engine/workpaper/index';
import { SHEET, WorkpaperError, readWorkpaperResults } from '../../electron/engine/workpaper/index';
import { ATTRIBUTE_RESULTS, type SessionView } from '../../shared/session';
import { fuzzParams } from '../helpers/fuzz';
import { realSession, type RealSession } from '../helpers/workpaper-session';

let s: RealSession;
let view: SessionView;
let exported: string;
let original: Buffer;
let entries: [string, Buffer][];
let n = 0;

function unzip(bytes: Buffer): Promise<[string, Buffer][]> {
  return new Promise((resolve, reject) => {
    const out: [string, Buffer][] = [];
    yauzl.fromBuffer(bytes, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err ?? new Error('no zip'));
      zip.on('entry', (e: yauzl.Entry) =>
        e.fileName.endsWith('/')
          ? zip.readEntry()
          : zip.openReadStream(e, (er, st) => {
              if (er || !st) return reject(er ?? new Error('no stream'));
              const chunks: Buffer[] = [];
              st.on('data', (c: Buffer) => chunks.push(c));
              st.on('end', () => {
                out.push([e.fileName, Buffer.concat(chunks)]);
                zip.readEntry();
              });
            }),
      );
      zip.on('end', () => resolve(out));
      zip.readEntry();
    });
  });
}

function zipOf(list: [string, Buffer][]): Promise<Buffer> {
  const z = new yazl.ZipFile();
  for (const [name, data] of list) z.addBuffer(data, name);
  z.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    z.outputStream.on('data', (c: Buffer) => chunks.push(c));
    z.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    z.outputStream.on('error', reject);
  });
}

/** The property: a typed refusal naming the file, or results that belong to the session. */
async function importIsSafe(file: string): Promise<void> {
  let r;
  try {
    r = await readWorkpaperResults(file, view);
  } catch (e) {
    if (!(e instanceof WorkpaperError)) throw new Error(`not a WorkpaperError: ${(e as Error)?.stack ?? String(e)}`);
    expect(e.file).toBe(file);
    expect(e.message.startsWith(`${file}: `)).toBe(true);
    expect(e.problems.length).toBeGreaterThan(0);
    return;
  }
  const ids = new Set(view.items.map((i) => i.id));
  const attrIds = new Set(view.attributes.map((a) => a.id));
  expect(new Set(r.items.map((i) => i.itemId)).size).toBe(r.items.length);
  for (const it of r.items) {
    expect(ids.has(it.itemId)).toBe(true);
    for (const [a, v] of Object.entries(it.results)) {
      expect(attrIds.has(Number(a))).toBe(true);
      expect(v === null || (ATTRIBUTE_RESULTS as readonly string[]).includes(v)).toBe(true);
    }
    expect(typeof it.notes).toBe('string');
  }
}

const nextFile = (): string => path.join(s.dir, `fuzz-${++n}.xlsx`);

beforeAll(async () => {
  s = await realSession({ events: 240, seed: 'fuzz-workbook' });
  view = s.view();
  exported = path.join(s.dir, 'exported.xlsx');
  await exportWorkpaper(s.ws, s.sessionId, exported, 'fuzz');
  view = s.view();
  original = readFileSync(exported);
  entries = await unzip(original);
});
afterAll(() => s?.ws.close());

// --- cell-level mutations -------------------------------------------------------------------------------

const text = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom('pass', 'deviation', 'na', ' PASS ', 'n/a', '=1+1', "'=x", '@SUM(A1)', '-', '\t', ...ATTRIBUTE_RESULTS),
  fc.string({ unit: 'binary', maxLength: 20 }),
);
const value: fc.Arbitrary<ExcelJS.CellValue> = fc.oneof(
  text,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.date({ noInvalidDate: true }),
  fc.constant(null),
  fc.string({ maxLength: 20 }).map((f) => ({ formula: `LEN("${f.replace(/"/g, '')}")` })),
  fc.constantFrom({ error: '#N/A' }, { error: '#REF!' }),
  text.map((t) => ({ richText: [{ text: t }, { text: 'x', font: { bold: true } }] })),
  text.map((t) => ({ text: t, hyperlink: 'https://example.com/' })),
) as fc.Arbitrary<ExcelJS.CellValue>;

type CellOp =
  | { op: 'set'; sheet: number; row: number; col: number; value: ExcelJS.CellValue }
  | { op: 'delete-row'; sheet: number; row: number }
  | { op: 'copy-row'; sheet: number; from: number; to: number }
  | { op: 'remove-sheet'; sheet: number }
  | { op: 'rename-sheet'; sheet: number; name: string };

const cellOp: fc.Arbitrary<CellOp> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      op: fc.constant('set' as const),
      sheet: fc.nat(5),
      row: fc.integer({ min: 1, max: 60 }),
      col: fc.integer({ min: 1, max: 20 }),
      value,
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('delete-row' as const), sheet: fc.nat(5), row: fc.integer({ min: 1, max: 60 }) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('copy-row' as const),
      sheet: fc.nat(5),
      from: fc.integer({ min: 1, max: 60 }),
      to: fc.integer({ min: 1, max: 80 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('remove-sheet' as const), sheet: fc.nat(5) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('rename-sheet' as const),
      sheet: fc.nat(5),
      name: fc.string({ minLength: 1, maxLength: 20 }).map((x) => x.replace(/[*?:/\\[\]']/g, '_')),
    }),
  },
);

function applyCellOp(wb: ExcelJS.Workbook, o: CellOp): void {
  const ws = wb.worksheets[o.sheet % Math.max(1, wb.worksheets.length)];
  if (!ws) return;
  switch (o.op) {
    case 'set':
      ws.getCell(o.row, o.col).value = o.value;
      break;
    case 'delete-row':
      ws.spliceRows(o.row, 1);
      break;
    case 'copy-row':
      ws.getRow(o.to).values = ws.getRow(o.from).values as ExcelJS.CellValue[];
      break;
    case 'remove-sheet':
      wb.removeWorksheet(ws.id);
      break;
    case 'rename-sheet':
      if (!wb.worksheets.some((w) => w.name.toLowerCase() === o.name.toLowerCase())) ws.name = o.name;
      break;
  }
}

// --- XML and byte mutations -----------------------------------------------------------------------------

const XML_TOKENS = [
  '<row r="1048576"><c r="A1048576"><v>1</v></c></row>',
  '<c r="XFD3" t="s"><v>999999</v></c>',
  '<dimension ref="A1:XFD1048576"/>',
  '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>',
  '&b;',
  '&unknown;',
  ']]>',
  '<![CDATA[',
  '<',
  '>',
  '"',
  '\u0000',
  '\uFFFF',
  '</sheetData>',
  '<sheetData>',
  '<c r="A5" t="inlineStr"><is><t>=HYPERLINK("x")</t></is></c>',
  '<f>1+1</f>',
  't="e"',
  't="b"',
  't="d"',
  'r="0"',
  'r="-1"',
  'r="A0"',
];

type XmlOp = { entry: number; at: number; cut: number; insert: string } | { drop: number } | { truncate: number; at: number };

const xmlOp: fc.Arbitrary<XmlOp> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      entry: fc.nat(),
      at: fc.nat(),
      cut: fc.nat(40),
      insert: fc.oneof(fc.constantFrom(...XML_TOKENS), fc.string({ maxLength: 30 })),
    }),
  },
  { weight: 1, arbitrary: fc.record({ drop: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ truncate: fc.nat(), at: fc.nat() }) },
);

function applyXmlOp(list: [string, Buffer][], o: XmlOp): [string, Buffer][] {
  if (list.length === 0) return list;
  if ('drop' in o) return list.filter((_, i) => i !== o.drop % list.length);
  const i = ('entry' in o ? o.entry : o.truncate) % list.length;
  const [name, data] = list[i]!;
  const text = data.toString('utf8');
  const at = o.at % (text.length + 1);
  const next = 'entry' in o ? text.slice(0, at) + o.insert + text.slice(at + o.cut) : text.slice(0, at);
  return list.map((e, k) => (k === i ? [name, Buffer.from(next, 'utf8')] : e));
}

describe('the workpaper import over mutated workbooks', () => {
  it('cell-level edits of a real export: read, or refused with a WorkpaperError naming the file', { timeout: 600_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(cellOp, { minLength: 1, maxLength: 6 }), async (ops) => {
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.load(original as unknown as ArrayBuffer);
        for (const o of ops) applyCellOp(wb, o);
        const file = nextFile();
        await wb.xlsx.writeFile(file);
        await importIsSafe(file);
      }),
      fuzzParams(120),
    );
  });

  it('edits of the XML inside the zip (huge row numbers, entities, broken markup, lost parts)', { timeout: 600_000 }, async () => {
    // the Sample sheet's entry first, so most edits hit the part the import reads most
    const sampleIndex = entries.findIndex(([name]) => name === 'xl/worksheets/sheet3.xml');
    await fc.assert(
      fc.asyncProperty(fc.array(xmlOp, { minLength: 1, maxLength: 4 }), fc.boolean(), async (ops, onSample) => {
        let list = entries;
        for (const o of ops) list = applyXmlOp(list, onSample && 'entry' in o && sampleIndex >= 0 ? { ...o, entry: sampleIndex } : o);
        const file = nextFile();
        writeFileSync(file, await zipOf(list));
        await importIsSafe(file);
      }),
      fuzzParams(120),
    );
  });

  it('bytes of the file flipped, cut or inserted', { timeout: 600_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ at: fc.nat(), byte: fc.nat(255), kind: fc.constantFrom('flip', 'cut', 'insert') }), { minLength: 1, maxLength: 8 }),
        async (edits) => {
          let b = Buffer.from(original);
          for (const e of edits) {
            const at = e.at % b.length;
            if (e.kind === 'flip') b[at] = e.byte;
            else if (e.kind === 'cut') b = Buffer.concat([b.subarray(0, at), b.subarray(at + 1 + (e.byte % 64))]);
            else b = Buffer.concat([b.subarray(0, at), Buffer.from([e.byte]), b.subarray(at)]);
          }
          const file = nextFile();
          writeFileSync(file, b);
          await importIsSafe(file);
        },
      ),
      fuzzParams(120),
    );
  });

  it('the unmutated export reads back whole (the harness is sound)', async () => {
    const r = await readWorkpaperResults(exported, view);
    expect(r.items).toHaveLength(view.items.length);
    expect(SHEET.sample).toBe('Sample');
  });
});
