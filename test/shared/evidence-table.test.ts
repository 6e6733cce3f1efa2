// A file's cells → a typed table (shared/evidence/table.ts): headers in any case, the mapping, required and
// optional columns, row numbers as a spreadsheet shows them, extra columns kept, several files one table, and
// problems naming the file, the row and the column.
import { describe, expect, it } from 'vitest';
import { dbColumns, EvidenceTableError, mappingProblems, readEvidenceTable, type TableInput } from '../../shared/evidence/table';
import { EVIDENCE_KINDS, KIND_COLUMNS } from '../../shared/evidence/kinds';

/** rows numbered from 1 (the header) as a spreadsheet shows them */
function grid(file: string, rows: string[][], fixedWidth = true): TableInput {
  return { grid: { file, fixedWidth, rows: rows.map((cells, i) => ({ row: i + 1, cells })) } };
}

function refusal(f: () => unknown): EvidenceTableError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(EvidenceTableError);
    return e as EvidenceTableError;
  }
  throw new Error('expected a refusal');
}

const ROSTER_HEAD = ['user_id', 'user_name', 'hired_on', 'terminated_on'];

describe('evidence tables: columns', () => {
  it('every kind has a table in schema 8 with these columns (dbColumns)', () => {
    expect(dbColumns('hr_roster')).toEqual([
      'user_id',
      'user_name',
      'hired_on',
      'hired_from_ms',
      'hired_to_ms',
      'terminated_on',
      'terminated_from_ms',
      'terminated_to_ms',
      'department',
      'manager',
      'privileged',
    ]);
    expect(dbColumns('change_log')).toContain('approved_from_ms');
    for (const k of EVIDENCE_KINDS) expect(KIND_COLUMNS[k].some((c) => c.required)).toBe(true);
  });

  it('headers are matched without regard to case, and surrounding spaces', () => {
    const [t] = readEvidenceTable('hr_roster', [
      grid('hr.csv', [
        [' USER_ID', 'User_Name', 'Hired_ON ', 'terminated_on'],
        ['u-1', 'Ada', '2026-01-05', ''],
      ]),
    ]);
    expect(t!.columns).toEqual({ user_id: 'USER_ID', user_name: 'User_Name', hired_on: 'Hired_ON', terminated_on: 'terminated_on' });
    expect(t!.rows[0]!.values).toMatchObject({ user_id: 'u-1', user_name: 'Ada', hired_on: '2026-01-05', hired_from_ms: Date.UTC(2026, 0, 5) });
  });

  it('a missing required column is refused naming the file and the column', () => {
    const e = refusal(() =>
      readEvidenceTable('hr_roster', [
        grid('evidence/hr-roster.csv', [
          ['user_id', 'user_name', 'hired_on'],
          ['u-1', 'A', '2026-01-01'],
        ]),
      ]),
    );
    expect(e.message).toMatch(/^evidence\/hr-roster\.csv has no column terminated_on, which a table of kind hr_roster requires/);
    expect(e.file).toBe('evidence/hr-roster.csv');
    expect(e.column).toBe('terminated_on');
    expect(e.problems).toHaveLength(1);
  });

  it('the mapping reads a standard column from another header, in any case', () => {
    const g = grid('hr.csv', [
      ['Employee ID', 'Name', 'Start', 'Leaver date', 'user_id'],
      ['E7', 'Ada', '2026-01-05', '2026-02-01', 'ignored'],
    ]);
    const [t] = readEvidenceTable('hr_roster', [
      { ...g, columns: { user_id: 'employee id', user_name: 'NAME', hired_on: 'Start', terminated_on: 'Leaver Date' } },
    ]);
    expect(t!.rows[0]!.values.user_id).toBe('E7');
    expect(t!.rows[0]!.values.terminated_to_ms).toBe(Date.UTC(2026, 1, 2));
    // the header named like the standard column, but not the one mapped, is an extra column
    expect(t!.rows[0]!.extra).toEqual({ user_id: 'ignored' });
    expect(t!.columns.user_id).toBe('Employee ID');
  });

  it('a mapping to a header the file lacks, or to a column the kind lacks, is refused', () => {
    const e = refusal(() =>
      readEvidenceTable('hr_roster', [{ ...grid('hr.csv', [ROSTER_HEAD, ['u', 'A', '2026-01-01', '']]), columns: { user_id: 'Emp' } }]),
    );
    expect(e.message).toMatch(/^hr\.csv has no column "Emp", from which the mapping reads user_id/);
    expect(mappingProblems('hr_roster', { userid: 'x' })[0]).toMatch(/names "userid", which is not a column of kind hr_roster/);
    expect(mappingProblems('hr_roster', { user_id: 'x', user_name: 'X' })[0]).toMatch(/reads both user_id and user_name from the header "X"/);
  });

  it('two headers with one name (in any case) are refused', () => {
    const e = refusal(() =>
      readEvidenceTable('identity_map', [
        grid('map.csv', [
          ['user_id', 'actor_id', 'USER_ID'],
          ['u', 'a', 'b'],
        ]),
      ]),
    );
    expect(e.message).toBe('map.csv row 1: columns A and C are both named "USER_ID" (names are compared without regard to case)');
  });

  it('extra columns are kept as written; optional columns absent are NULL (booleans 0)', () => {
    const [t] = readEvidenceTable('hr_roster', [
      grid('hr.csv', [
        [...ROSTER_HEAD, 'Cost centre', 'note'],
        ['u-1', 'A', '2026-01-01', '', 'CC 7 ', '=1+1'],
      ]),
    ]);
    const r = t!.rows[0]!;
    expect(r.extra).toEqual({ 'Cost centre': 'CC 7 ', note: '=1+1' });
    expect(t!.extraColumns).toEqual(['Cost centre', 'note']);
    expect(r.values).toMatchObject({
      department: null,
      manager: null,
      privileged: 0,
      terminated_on: '',
      terminated_from_ms: null,
      terminated_to_ms: null,
    });
  });
});

describe('evidence tables: rows', () => {
  it('rows keep the number a spreadsheet shows: header 1, empty rows counted and skipped', () => {
    const [t] = readEvidenceTable('identity_map', [
      grid('map.csv', [
        ['user_id', 'actor_id'],
        ['u1', 'a1'],
        ['', ''],
        ['u2', 'a2'],
      ]),
    ]);
    expect(t!.rows.map((r) => [r.row, r.values.actor_id])).toEqual([
      [2, 'a1'],
      [4, 'a2'],
    ]);
  });

  it('booleans, enumerations and numbers by the reading rules', () => {
    const [t] = readEvidenceTable('change_log', [
      grid('changes.csv', [
        ['change_id', 'change_ts', 'changed_by', 'approved_by', 'change_type', 'change_desc', 'emergency', 'change_outcome', 'approved_ts'],
        ['C1', '2026-02-03T10:00:00Z', 'u1', 'u2', 'ddl', 'x', 'YES', 'rolled_back', '2026-02-03'],
        ['C2', '2026-02-03', 'u1', '', 'Access', 'y', '', '', ''],
      ]),
    ]);
    expect(t!.rows[0]!.values).toMatchObject({
      change_type: 'DDL',
      emergency: 1,
      change_outcome: 'ROLLED_BACK',
      approved_from_ms: Date.UTC(2026, 1, 3),
    });
    expect(t!.rows[1]!.values).toMatchObject({ change_type: 'ACCESS', emergency: 0, change_outcome: null, approved_by: '', approved_ts: null });
    expect(t!.rows[1]!.values).toMatchObject({ change_from_ms: Date.UTC(2026, 1, 3), change_to_ms: Date.UTC(2026, 1, 4) });
    const [r] = readEvidenceTable('restore_test', [
      grid('rt.csv', [
        ['test_id', 'performed_on', 'system', 'result', 'rto_minutes'],
        ['T1', '2026-01-05', 'db', 'Pass', '42.5'],
      ]),
    ]);
    expect(r!.rows[0]!.values).toMatchObject({ result: 'pass', rto_minutes: 42.5, rpo_minutes: null });
  });

  it('a bad cell names the file, the row and the column (and the header it was read from)', () => {
    const e = refusal(() =>
      readEvidenceTable('hr_roster', [
        grid('evidence/hr-roster.csv', [
          ROSTER_HEAD,
          ...Array.from({ length: 5 }, (_, i) => [`u${i}`, 'A', '2026-01-01', '']),
          ['u9', 'B', '2026-01-01', '31/02/2026'],
        ]),
      ]),
    );
    expect(e.message).toBe('evidence/hr-roster.csv row 7, column terminated_on: "31/02/2026" is not a date (YYYY-MM-DD) or an RFC 3339 timestamp');
    expect([e.file, e.row, e.column, e.line]).toEqual(['evidence/hr-roster.csv', 7, 'terminated_on', 7]);
    const m = refusal(() =>
      readEvidenceTable('hr_roster', [
        {
          ...grid('hr.csv', [
            ['ID', 'user_name', 'hired_on', 'terminated_on'],
            ['', 'A', '2026-01-01', ''],
          ]),
          columns: { user_id: 'ID' },
        },
      ]),
    );
    expect(m.message).toBe('hr.csv row 2, column user_id ("ID"): is empty; every hr_roster row needs its user_id');
  });

  it('every problem is listed, each with its row and column', () => {
    const e = refusal(() =>
      readEvidenceTable('access_review', [
        grid('ar.csv', [
          ['user_id', 'role', 'reviewer', 'decision', 'reviewed_on'],
          ['u1', 'r', 'x', 'approve', '2026-02-29'],
          ['u2', 'r', 'x', 'retain', '2026-03-01'],
          ['u3', 'r', 'x', 'Retain', 'soon'],
        ]),
      ]),
    );
    expect(e.problems.map((p) => [p.row, p.column])).toEqual([
      [2, 'decision'],
      [2, 'reviewed_on'],
      [4, 'reviewed_on'],
    ]);
    expect(e.message).toMatch(/ \(and 2 more problems\)$/);
  });

  it('a CSV record with a different number of fields is refused; an XLSX row may be shorter but has no value under no header', () => {
    const e = refusal(() =>
      readEvidenceTable('identity_map', [
        grid('m.csv', [
          ['user_id', 'actor_id'],
          ['u1', 'a1', 'x'],
        ]),
      ]),
    );
    expect(e.message).toMatch(/^m\.csv row 2 has 3 fields where the header has 2: check its quoting/);
    const [t] = readEvidenceTable('identity_map', [
      grid(
        'm.xlsx',
        [
          ['user_id', 'actor_id', 'source'],
          ['u1', 'a1'],
        ],
        false,
      ),
    ]);
    expect(t!.rows[0]!.values).toEqual({ user_id: 'u1', actor_id: 'a1', source: null });
    const s = refusal(() =>
      readEvidenceTable('identity_map', [
        grid(
          'm.xlsx',
          [
            ['user_id', 'actor_id'],
            ['u1', 'a1', '', 'stray'],
          ],
          false,
        ),
      ]),
    );
    expect(s.message).toBe('m.xlsx row 2, column D: "stray" is under no header (name the column in row 1, or remove the value)');
  });

  it('a file with no header in row 1 is refused', () => {
    expect(refusal(() => readEvidenceTable('identity_map', [grid('m.csv', [])])).message).toMatch(/^m\.csv has no header in row 1/);
    expect(
      refusal(() => readEvidenceTable('identity_map', [{ grid: { file: 'm.xlsx', rows: [{ row: 3, cells: ['user_id', 'actor_id'] }] } }])).row,
    ).toBe(1);
  });
});

describe('evidence tables: several files of one kind', () => {
  it('are read as one table, each row keeping its file and row number, each file its own mapping', () => {
    const q1 = grid('evidence/access-review-2026Q1.csv', [
      ['user_id', 'role', 'reviewer', 'decision', 'reviewed_on'],
      ['u1', 'dba', 'r', 'retain', '2026-03-28'],
    ]);
    const q2 = grid('evidence/access-review-2026Q2.csv', [
      ['User', 'Role', 'Reviewer', 'Outcome', 'Date'],
      ['u1', 'dba', 'r', 'revoke', '2026-06-27'],
      ['u2', 'ro', 'r', 'modify', '2026-06-27'],
    ]);
    const tables = readEvidenceTable('access_review', [q1, { ...q2, columns: { user_id: 'User', decision: 'Outcome', reviewed_on: 'Date' } }]);
    expect(tables.flatMap((t) => t.rows.map((r) => `${r.file}#${r.row}:${r.values.decision}`))).toEqual([
      'evidence/access-review-2026Q1.csv#2:retain',
      'evidence/access-review-2026Q2.csv#2:revoke',
      'evidence/access-review-2026Q2.csv#3:modify',
    ]);
  });

  it('one bad file refuses them all, and the problems of each file are named', () => {
    const good = grid('a.csv', [
      ['user_id', 'actor_id'],
      ['u', 'a'],
    ]);
    const bad = grid('b.csv', [['user_id'], ['u']]);
    const e = refusal(() => readEvidenceTable('identity_map', [good, bad]));
    expect(e.file).toBe('b.csv');
    expect(e.message).toMatch(/^b\.csv has no column actor_id/);
  });
});
