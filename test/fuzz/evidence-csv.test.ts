// Fuzzing the evidence-table readers (#16 item 1): arbitrary bytes, CSV-shaped text built from the tokens that
// matter (quotes, separators, CR/LF, a BOM, header names, dates, booleans), and damaged real files go through
// the engine's reader (electron/engine/evidence/grid.ts) and the typing (shared/evidence/table.ts). Whatever
// the bytes: no crash and no hang; either rows, each with a row number from 2 and every problem-free typed
// value, or an EvidenceTableError whose every problem names the file (and, when it has one, a row ≥ 1).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readCsv, readEvidenceGrid } from '../../electron/engine/evidence/grid';
import { EvidenceTableError, readEvidenceTable, type TypedTable } from '../../shared/evidence/table';
import { EVIDENCE_KINDS, type EvidenceKind } from '../../shared/evidence/kinds';
import { evidenceCsv, evidenceXlsx, SPEC_ROWS } from '../helpers/evidence-tables';
import { fuzzParams } from '../helpers/fuzz';

const FILE = 'evidence/fuzz.csv';

function check(read: () => TypedTable[]): void {
  let tables: TypedTable[];
  try {
    tables = read();
  } catch (e) {
    expect(e).toBeInstanceOf(EvidenceTableError);
    const err = e as EvidenceTableError;
    expect(err.problems.length).toBeGreaterThan(0);
    for (const p of err.problems) {
      expect(p.file).toBe(FILE);
      expect(p.message.startsWith(FILE)).toBe(true);
      if (p.row !== undefined) expect(p.row).toBeGreaterThanOrEqual(1);
    }
    return;
  }
  for (const t of tables)
    for (const r of t.rows) {
      expect(r.row).toBeGreaterThanOrEqual(2);
      for (const v of Object.values(r.values)) expect(v === null || typeof v === 'string' || Number.isFinite(v)).toBe(true);
    }
}

const kind = fc.constantFrom(...EVIDENCE_KINDS);

/** CSV-shaped text: the tokens a CSV reader and the typing turn on, in any order. */
const token = fc.oneof(
  fc.constantFrom(',', '"', '""', '\r\n', '\n', '\r', '\ufeff', ' ', '', '=1+1', '\u0000', 'é', '😀'),
  fc.constantFrom('user_id', 'USER_NAME', 'hired_on', 'terminated_on', 'actor_id', 'decision', 'change_type', 'result', 'test_id'),
  fc.constantFrom('2026-02-29', '2024-02-29', '2026-03-01T10:00:00Z', '31/02/2026', 'yes', 'No', '1', 'maybe', 'REVOKE', 'ddl', 'pass', '1e999'),
  fc.string({ maxLength: 6 }),
);
const csvLike = fc.array(token, { maxLength: 80 }).map((t) => t.join(''));

/** A real file with bytes cut, put in or overwritten at a random place. */
const damaged = (base: Buffer) =>
  fc.tuple(fc.nat(base.length), fc.nat(2), fc.uint8Array({ maxLength: 12 }), fc.nat(30)).map(([at, how, bytes, len]) => {
    const b = Buffer.from(bytes);
    if (how === 0) return Buffer.concat([base.subarray(0, at), base.subarray(at + len)]);
    if (how === 1) return Buffer.concat([base.subarray(0, at), b, base.subarray(at)]);
    return Buffer.concat([base.subarray(0, at), b, base.subarray(at + b.length)]);
  });

describe('evidence CSV over arbitrary input', () => {
  it('random bytes: rows or a typed error naming the file', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), kind, (bytes, k) =>
        check(() => readEvidenceTable(k, [{ grid: readCsv(Buffer.from(bytes), FILE) }])),
      ),
      fuzzParams(1000),
    );
  });

  it('CSV-shaped text: rows or a typed error naming the file, row and column', () => {
    fc.assert(
      fc.property(csvLike, kind, (text, k) => check(() => readEvidenceTable(k, [{ grid: readCsv(Buffer.from(text, 'utf8'), FILE) }]))),
      fuzzParams(1500),
    );
  });

  it('damaged files of every kind, read with their own kind', () => {
    const bases = EVIDENCE_KINDS.map((k) => [k, evidenceCsv(SPEC_ROWS[k], { bom: true })] as [EvidenceKind, Buffer]);
    fc.assert(
      fc.property(
        fc.constantFrom(...bases).chain(([k, b]) => fc.tuple(fc.constant(k), damaged(b))),
        ([k, bytes]) => check(() => readEvidenceTable(k, [{ grid: readCsv(bytes, FILE) }])),
      ),
      fuzzParams(1000),
    );
  });

  it('damaged workbooks go through exceljs behind the bounds: rows or a typed error', async () => {
    const base = await evidenceXlsx(SPEC_ROWS.change_log);
    await fc.assert(
      fc.asyncProperty(damaged(base), async (bytes) => {
        let grid;
        try {
          grid = await readEvidenceGrid(bytes, FILE);
        } catch (e) {
          expect(e).toBeInstanceOf(EvidenceTableError);
          expect((e as EvidenceTableError).file).toBe(FILE);
          return;
        }
        check(() => readEvidenceTable('change_log', [{ grid }]));
      }),
      fuzzParams(100),
    );
  });
});
