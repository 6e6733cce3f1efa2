// CSV evidence as RFC 4180 writes it, read through the engine's csv-parse reader (electron/engine/evidence/
// grid.ts) into the typing of shared/evidence/table.ts: BOM, LF/CRLF/CR, quoted commas, quotes and line
// breaks, rows numbered as a spreadsheet shows them, and every kind of the spec read from its generated file.
import { describe, expect, it } from 'vitest';
import { readCsv } from '../../electron/engine/evidence/grid';
import { EvidenceTableError, readEvidenceTable } from '../../shared/evidence/table';
import { EVIDENCE_KINDS } from '../../shared/evidence/kinds';
import { evidenceCsv, SPEC_ROWS } from '../helpers/evidence-tables';

function table(bytes: Buffer | string, kind: (typeof EVIDENCE_KINDS)[number] = 'identity_map', file = 'evidence/x.csv') {
  return readEvidenceTable(kind, [{ grid: readCsv(Buffer.from(bytes), file) }])[0]!;
}

function refused(f: () => unknown): EvidenceTableError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(EvidenceTableError);
    return e as EvidenceTableError;
  }
  throw new Error('expected a refusal');
}

describe('evidence CSV', () => {
  it.each(EVIDENCE_KINDS)('reads a %s file written from the spec (BOM, CRLF, headers in upper case)', (kind) => {
    const t = table(evidenceCsv(SPEC_ROWS[kind], { bom: true, eol: '\r\n', upper: true }), kind);
    expect(t.rows).toHaveLength(SPEC_ROWS[kind].length);
    expect(t.rows.map((r) => r.row)).toEqual(SPEC_ROWS[kind].map((_, i) => i + 2));
    // every standard text column comes back as written (trimmed); the first header carries no BOM
    const first = Object.keys(SPEC_ROWS[kind][0]!)[0]!;
    expect(t.columns[first]).toBe(first.toUpperCase());
    expect(t.rows[0]!.values[first]).toBe(SPEC_ROWS[kind][0]![first]);
  });

  it('BOM + CRLF, LF and CR-only files give the same table', () => {
    const rows = SPEC_ROWS.hr_roster;
    const a = table(evidenceCsv(rows, { bom: true, eol: '\r\n' }), 'hr_roster');
    const b = table(evidenceCsv(rows, { eol: '\n' }), 'hr_roster');
    const c = table(evidenceCsv(rows, { eol: '\n' }).toString('utf8').replace(/\n/g, '\r'), 'hr_roster');
    expect(b.rows).toEqual(a.rows);
    expect(c.rows).toEqual(a.rows);
    expect(a.rows[2]!.values.user_name).toBe('Chen, Li');
  });

  it('quoted commas, quotes and line breaks stay in their cell; a row with a line break is one row', () => {
    const csv = 'user_id,actor_id,source\r\n"u,1","say ""hi""","two\r\nlines"\r\nu2,a2,\r\n';
    const t = table(csv);
    expect(t.rows.map((r) => [r.row, r.values.user_id, r.values.actor_id, r.values.source])).toEqual([
      [2, 'u,1', 'say "hi"', 'two\r\nlines'],
      [3, 'u2', 'a2', null],
    ]);
  });

  it('an empty line is a row (counted, skipped), as a spreadsheet shows it', () => {
    const t = table('user_id,actor_id\n\nu1,a1\n\n\nu2,a2\n');
    expect(t.rows.map((r) => r.row)).toEqual([3, 6]);
  });

  it('a cell that looks like a formula is text, never evaluated', () => {
    const t = table('user_id,actor_id,note\n=1+1,@SUM(A1),"=HYPERLINK(""http://x"")"\n');
    expect(t.rows[0]!.values).toEqual({ user_id: '=1+1', actor_id: '@SUM(A1)', source: null });
    expect(t.rows[0]!.extra).toEqual({ note: '=HYPERLINK("http://x")' });
  });

  it('a stray quote is refused at its row', () => {
    const e = refused(() => table('user_id,actor_id\nu1,a1\nu2,a"2\n'));
    expect(e.row).toBe(3);
    expect(e.message).toMatch(/^evidence\/x\.csv row 3 cannot be read as CSV \(RFC 4180\)/);
    const u = refused(() => table('user_id,actor_id\nu1,"a1\nu2,a2\n'));
    expect(u.message).toMatch(/^evidence\/x\.csv row 2 cannot be read as CSV/);
  });

  it('text that is not UTF-8 is refused naming its line', () => {
    const bytes = Buffer.concat([Buffer.from('user_id,actor_id\nu1,a1\nu2,M'), Buffer.from([0xfc]), Buffer.from('ller\n')]);
    const e = refused(() => table(bytes));
    expect(e.message).toBe('evidence/x.csv line 3 is not UTF-8 text: save the file as "CSV UTF-8"');
  });

  it('a file larger than the bound is refused before it is parsed', () => {
    const e = refused(() => readCsv(Buffer.alloc(64), 'big.csv', { csvBytes: 32, recordChars: 1024, rows: 10 }));
    expect(e.message).toMatch(/^big\.csv is 64 bytes, more than an evidence CSV file may be/);
    const rows = refused(() => readCsv(Buffer.from('a\n'.repeat(12)), 'long.csv', { csvBytes: 1024, recordChars: 1024, rows: 10 }));
    expect(rows.message).toMatch(/^long\.csv has more than 10 rows/);
    expect(readCsv(Buffer.from('a\n'.repeat(10)), 'ten.csv', { csvBytes: 1024, recordChars: 1024, rows: 10 }).rows).toHaveLength(10);
  });

  it('a missing required column names the file and the column', () => {
    const e = refused(() => table(evidenceCsv(SPEC_ROWS.change_log, { drop: ['change_type'] }), 'change_log', 'evidence/change_log.csv'));
    expect(e.message).toMatch(/^evidence\/change_log\.csv has no column change_type, which a table of kind change_log requires/);
  });
});
