// Evidence tables into the workspace (electron/engine/evidence): CSV and XLSX files written from the spec
// (test/helpers/evidence-tables.ts), tables a bundle's manifest declares, refusals that leave the workspace
// as it was, duplicates, and the CLI's exit codes.
import { beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateBundle, importBundle, ImportError, InputError, Workspace, verifyWorkspace } from '../../electron/engine/index';
import { EvidenceTableError, importEvidenceTable, importEvidenceTables, listEvidenceTables } from '../../electron/engine/evidence/index';
import { activityEntries, verifyActivityLog } from '../../electron/engine/activity';
import { main } from '../../electron/cli/main';
import { EVIDENCE_KINDS } from '../../shared/evidence/kinds';
import { addDeclaredEvidence, evidenceCsv, evidenceXlsx, SPEC_ROWS } from '../helpers/evidence-tables';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'tickmark-evidence-'));
let n = 0;
const fresh = (): Workspace => Workspace.open(path.join(tmp, `ws-${++n}.tickmark`), { create: true });

function write(name: string, bytes: Buffer | string): string {
  const f = path.join(tmp, name);
  writeFileSync(f, bytes);
  return f;
}

/** Row counts of every table evidence touches: "the workspace is unchanged" made checkable. */
function snapshot(ws: Workspace): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of [
    'activity_log',
    'engagements',
    'bundles',
    'bundle_files',
    'events',
    'evidence',
    'evidence_tables',
    ...EVIDENCE_KINDS.map((k) => `et_${k}`),
  ])
    out[t] = ws.db.prepare(`SELECT COUNT(*) FROM ${t}`).pluck().get() as number;
  return out;
}

async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a refusal');
}

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (s) => void out.push(s), err: (s) => void err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('importEvidenceTable: CSV', () => {
  it('stores typed rows with their spreadsheet row numbers, the file bytes and SHA-256, and logs the import', async () => {
    const ws = fresh();
    try {
      const file = write('hr-roster.csv', evidenceCsv(SPEC_ROWS.hr_roster, { bom: true, extra: { 'Cost centre': ['C1', 'C2', 'C3'] } }));
      const r = await importEvidenceTable(ws, { file, kind: 'hr_roster' }, { actor: 'auditor' });
      expect(r.status).toBe('imported');
      expect(r.table).toMatchObject({ kind: 'hr_roster', path: 'hr-roster.csv', rowCount: 3, bundleId: null, sheet: null, importedBy: 'auditor' });
      expect(r.table.sha256).toMatch(/^[0-9a-f]{64}$/);
      const rows = ws.db.prepare('SELECT * FROM et_hr_roster WHERE table_id = ? ORDER BY row_no').all(r.table.id) as Record<string, unknown>[];
      expect(rows.map((x) => [x.row_no, x.user_id, x.privileged, x.terminated_on, x.terminated_to_ms])).toEqual([
        [2, 'u-1001', 1, '', null],
        [3, 'u-1002', 0, '2026-02-10', Date.UTC(2026, 1, 11)],
        [4, 'u-1003', 0, '2026-03-01T17:30:00Z', Date.parse('2026-03-01T17:30:00Z')],
      ]);
      expect(JSON.parse(rows[0]!.extra as string)).toEqual({ 'Cost centre': 'C1' });
      const kept = ws.db.prepare('SELECT content, size FROM evidence_tables WHERE id = ?').get(r.table.id) as { content: Buffer; size: number };
      expect(kept.content.length).toBe(kept.size);
      const log = activityEntries(ws).at(-1)!;
      expect(log).toMatchObject({ action: 'import-evidence-table', subject: 'hr-roster.csv', actor: 'auditor' });
      expect(log.details).toMatchObject({ table: r.table.id, kind: 'hr_roster', sha256: r.table.sha256, rows: 3 });
      expect(verifyActivityLog(ws).ok).toBe(true);
      expect(listEvidenceTables(ws)).toEqual([r.table]);
    } finally {
      ws.close();
    }
  });

  it('reads every kind written from the spec into its et_<kind> table', async () => {
    const ws = fresh();
    try {
      for (const kind of EVIDENCE_KINDS) {
        const r = await importEvidenceTable(ws, { bytes: evidenceCsv(SPEC_ROWS[kind]), path: `${kind}.csv`, kind });
        expect(ws.db.prepare(`SELECT COUNT(*) FROM et_${kind} WHERE table_id = ?`).pluck().get(r.table.id)).toBe(SPEC_ROWS[kind].length);
      }
      expect(ws.db.prepare('SELECT change_type, emergency, approved_to_ms, change_outcome FROM et_change_log ORDER BY row_no').all()).toEqual([
        { change_type: 'DDL', emergency: 0, approved_to_ms: Date.parse('2026-02-02T09:00:00Z'), change_outcome: 'SUCCESS' },
        { change_type: 'INFRASTRUCTURE', emergency: 1, approved_to_ms: null, change_outcome: null },
      ]);
      expect(ws.db.prepare('SELECT decision FROM et_access_review ORDER BY row_no').pluck().all()).toEqual(['retain', 'revoke']);
      expect(ws.db.prepare('SELECT result, rto_minutes FROM et_restore_test ORDER BY row_no').all()).toEqual([
        { result: 'pass', rto_minutes: 42 },
        { result: 'fail', rto_minutes: null },
      ]);
    } finally {
      ws.close();
    }
  });

  it('the same file again is not stored twice; read as another kind, or another file under its name, it is refused', async () => {
    const ws = fresh();
    try {
      const file = write('map.csv', evidenceCsv(SPEC_ROWS.identity_map));
      const first = await importEvidenceTable(ws, { file, kind: 'identity_map' });
      const again = await importEvidenceTable(ws, { file, kind: 'identity_map' });
      expect(again).toEqual({ status: 'duplicate', table: first.table });
      const before = snapshot(ws);
      // the same bytes read with another mapping would put its rows in the table a second time
      const asAnother = await rejection(
        importEvidenceTable(ws, {
          bytes: evidenceCsv(SPEC_ROWS.identity_map),
          path: 'map.csv',
          kind: 'identity_map',
          columns: { actor_id: 'source', source: 'actor_id' },
        }),
      );
      expect(asAnother).toBeInstanceOf(InputError);
      expect(asAnother.message).toMatch(
        /^map\.csv \(SHA-256 [0-9a-f]{16}…\) is already in the workspace as evidence table #\d+, read as identity_map/,
      );
      const clash = await rejection(
        importEvidenceTable(ws, { bytes: Buffer.from('user_id,actor_id\nu9,a9\n'), path: 'map.csv', kind: 'identity_map' }),
      );
      expect(clash.message).toMatch(/^Another file named map\.csv is already evidence table #\d+/);
      expect(snapshot(ws)).toEqual(before);
    } finally {
      ws.close();
    }
  });

  it('a refused file leaves the workspace unchanged, also when it is the second of several', async () => {
    const ws = fresh();
    try {
      await importEvidenceTable(ws, { bytes: evidenceCsv(SPEC_ROWS.restore_test), path: 'rt-0.csv', kind: 'restore_test' });
      const before = snapshot(ws);
      const bad = evidenceCsv([...SPEC_ROWS.restore_test, { test_id: 'RT-3', performed_on: '2026-02-29', system: 'x', result: 'pass' }]);
      const e = await rejection(
        importEvidenceTables(ws, [
          { bytes: evidenceCsv(SPEC_ROWS.restore_test), path: 'rt-1.csv', kind: 'restore_test' },
          { bytes: bad, path: 'rt-2.csv', kind: 'restore_test' },
        ]),
      );
      expect(e).toBeInstanceOf(EvidenceTableError);
      expect(e.message).toBe(
        'rt-2.csv row 4, column performed_on: "2026-02-29" is not a date: 2026-02 has no day 29 (YYYY-MM-DD, a day that exists)',
      );
      expect((e as EvidenceTableError).row).toBe(4);
      expect(snapshot(ws)).toEqual(before);
    } finally {
      ws.close();
    }
  });

  it('several files of one kind go in together, each row with its own file and row number', async () => {
    const ws = fresh();
    try {
      const q2 = evidenceCsv(SPEC_ROWS.access_review, { rename: { decision: 'Outcome' } });
      const [a, b] = await importEvidenceTables(ws, [
        { bytes: evidenceCsv(SPEC_ROWS.access_review), path: 'ar-q1.csv', kind: 'access_review' },
        { bytes: q2, path: 'ar-q2.csv', kind: 'access_review', columns: { decision: 'outcome' } },
      ]);
      const rows = ws.db
        .prepare('SELECT t.path, r.row_no, r.decision FROM et_access_review r JOIN evidence_tables t ON t.id = r.table_id ORDER BY t.id, r.row_no')
        .all();
      expect(rows).toEqual([
        { path: 'ar-q1.csv', row_no: 2, decision: 'retain' },
        { path: 'ar-q1.csv', row_no: 3, decision: 'revoke' },
        { path: 'ar-q2.csv', row_no: 2, decision: 'retain' },
        { path: 'ar-q2.csv', row_no: 3, decision: 'revoke' },
      ]);
      expect(b!.table.columns.decision).toBe('Outcome');
      expect(a!.table.columns.decision).toBe('decision');
    } finally {
      ws.close();
    }
  });
});

describe('importEvidenceTable: XLSX', () => {
  it('reads the first sheet, or the one named; dates, numbers and a formula’s saved value; formula text stays text', async () => {
    const ws = fresh();
    try {
      const bytes = await evidenceXlsx(SPEC_ROWS.restore_test, {
        sheet: 'Restore tests',
        before: ['Cover'],
        cells: [
          { row: 0, column: 'performed_on', value: new Date(Date.UTC(2026, 0, 5)) },
          { row: 0, column: 'rto_minutes', value: 42 },
          { row: 1, column: 'performed_on', value: new Date(Date.parse('2026-01-12T03:04:05Z')) },
          { row: 1, column: 'rpo_minutes', value: { formula: '2*3', result: 6 } },
          { row: 1, column: 'evidence_ref', value: '=HYPERLINK("x")' },
        ],
      });
      const file = write('restore.xlsx', bytes);
      const noSheet = await rejection(importEvidenceTable(ws, { file, kind: 'restore_test' }));
      expect(noSheet.message).toMatch(/^restore\.xlsx has no column test_id/); // the first sheet is the cover
      const r = await importEvidenceTable(ws, { file, kind: 'restore_test', sheet: 'restore TESTS' });
      expect(r.table.sheet).toBe('Restore tests');
      expect(
        ws.db
          .prepare(
            'SELECT row_no, performed_on, performed_from_ms, result, rto_minutes, rpo_minutes, evidence_ref FROM et_restore_test ORDER BY row_no',
          )
          .all(),
      ).toEqual([
        {
          row_no: 2,
          performed_on: '2026-01-05',
          performed_from_ms: Date.UTC(2026, 0, 5),
          result: 'pass',
          rto_minutes: 42,
          rpo_minutes: 5.5,
          evidence_ref: null,
        },
        {
          row_no: 3,
          performed_on: '2026-01-12T03:04:05Z',
          performed_from_ms: Date.parse('2026-01-12T03:04:05Z'),
          result: 'fail',
          rto_minutes: null,
          rpo_minutes: 6,
          evidence_ref: '=HYPERLINK("x")',
        },
      ]);
      const missing = await rejection(importEvidenceTable(ws, { file, kind: 'restore_test', sheet: 'Q3' }));
      expect(missing.message).toBe('restore.xlsx has no sheet "Q3" (its sheets: "Cover", "Restore tests")');
    } finally {
      ws.close();
    }
  });

  it('a formula with no saved value, or an error value, is refused naming the row and column', async () => {
    const ws = fresh();
    try {
      const bytes = await evidenceXlsx(SPEC_ROWS.identity_map, {
        cells: [
          { row: 1, column: 'actor_id', value: { formula: 'CONCAT("a","b")' } as never },
          { row: 0, column: 'source', value: { error: '#N/A' } as never },
        ],
      });
      const before = snapshot(ws);
      const e = (await rejection(importEvidenceTable(ws, { bytes, path: 'evidence/map.xlsx', kind: 'identity_map' }))) as EvidenceTableError;
      expect(e).toBeInstanceOf(EvidenceTableError);
      expect(e.problems.map((p) => p.message)).toEqual([
        'evidence/map.xlsx row 2, column C (sheet "Sheet1"): the cell holds the error #N/A, not a value',
        expect.stringMatching(
          /^evidence\/map\.xlsx row 3, column B \(sheet "Sheet1"\): the formula "=CONCAT\(\\"a\\",\\"b\\"\)" has no value saved with it, and Tickmark does not evaluate formulas/,
        ),
      ]);
      expect(snapshot(ws)).toEqual(before);
    } finally {
      ws.close();
    }
  });

  it('an .xls, a corrupt workbook and a CSV with a sheet named are refused clearly', async () => {
    const ws = fresh();
    try {
      const xls = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512)]);
      expect((await rejection(importEvidenceTable(ws, { bytes: xls, path: 'old.xls', kind: 'hr_roster' }))).message).toMatch(
        /^old\.xls is an Excel 97-2003 workbook/,
      );
      const broken = Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(100, 7)]);
      expect((await rejection(importEvidenceTable(ws, { bytes: broken, path: 'x.xlsx', kind: 'hr_roster' }))).message).toMatch(
        /^x\.xlsx could not be read as an Excel workbook/,
      );
      const csv = await rejection(importEvidenceTable(ws, { bytes: evidenceCsv(SPEC_ROWS.hr_roster), path: 'h.csv', kind: 'hr_roster', sheet: 'S' }));
      expect(csv.message).toBe('h.csv is a CSV file: it has no sheet "S" (a sheet is named for .xlsx files only)');
      expect(listEvidenceTables(ws)).toEqual([]);
    } finally {
      ws.close();
    }
  });
});

describe('tables a bundle manifest declares', () => {
  const SEED = 'evidence-tables';
  let good: string;
  let vendorKey: string;

  beforeAll(async () => {
    const g = await generateBundle({ out: path.join(tmp, 'declared'), events: 60, seed: SEED });
    vendorKey = g.vendorKey;
    good = g.dir;
    addDeclaredEvidence(good, SEED, [
      {
        path: 'evidence/hr-roster.csv',
        bytes: evidenceCsv(SPEC_ROWS.hr_roster, { rename: { user_id: 'Employee ID', terminated_on: 'Leaver date' } }),
        table: { kind: 'hr_roster', columns: { user_id: 'employee id', terminated_on: 'Leaver date' } },
      },
      {
        path: 'evidence/change-log.xlsx',
        bytes: await evidenceXlsx(SPEC_ROWS.change_log, { sheet: 'Changes', before: ['Notes'] }),
        table: { kind: 'change_log', sheet: 'Changes' },
      },
      { path: 'evidence/readme.csv', bytes: Buffer.from('not,a table\n') },
    ]);
  });

  it('are read into typed tables with the import, from the bytes the bundle stores; the bundle still verifies', async () => {
    const ws = fresh();
    try {
      const r = await importBundle(ws, good, { actor: 'auditor', pins: [vendorKey] });
      expect(r.evidenceTables).toBe(2);
      expect(r.message).toMatch(/8 evidence files \(2 read as evidence tables\)/);
      const tables = listEvidenceTables(ws);
      expect(tables.map((t) => [t.path, t.kind, t.rowCount, t.bundleId, t.sheet])).toEqual([
        ['evidence/hr-roster.csv', 'hr_roster', 3, r.bundleId, null],
        ['evidence/change-log.xlsx', 'change_log', 2, r.bundleId, 'Changes'],
      ]);
      expect(tables[0]!.columns.user_id).toBe('Employee ID');
      // the table's SHA-256 is that of the file as the bundle keeps it; its bytes are not stored twice
      for (const t of tables) {
        const f = ws.db.prepare('SELECT sha256 FROM bundle_files WHERE bundle_id = ? AND path = ?').get(r.bundleId, t.path) as { sha256: string };
        expect(f.sha256).toBe(t.sha256);
        expect(ws.db.prepare('SELECT content FROM evidence_tables WHERE id = ?').pluck().get(t.id)).toBeNull();
      }
      expect(ws.db.prepare('SELECT user_id FROM et_hr_roster ORDER BY row_no').pluck().all()).toEqual(['u-1001', 'u-1002', 'u-1003']);
      expect(activityEntries(ws).map((e) => e.action)).toEqual(expect.arrayContaining(['import', 'import-evidence-table', 'import-evidence-table']));
      const [v] = await verifyWorkspace(ws);
      expect(v!.report.verdict).toBe('verified');
    } finally {
      ws.close();
    }
  });

  it('a table already imported with another bundle is not duplicated', async () => {
    const ws = fresh();
    try {
      await importBundle(ws, good);
      const g2 = await generateBundle({ out: path.join(tmp, 'declared-2'), events: 40, seed: `${SEED}-2` });
      const hr = evidenceCsv(SPEC_ROWS.hr_roster, { rename: { user_id: 'Employee ID', terminated_on: 'Leaver date' } });
      addDeclaredEvidence(g2.dir, `${SEED}-2`, [
        {
          path: 'evidence/hr-roster.csv',
          bytes: hr,
          table: { kind: 'hr_roster', columns: { user_id: 'employee id', terminated_on: 'Leaver date' } },
        },
      ]);
      const r = await importBundle(ws, g2.dir);
      expect(r.evidenceTables).toBe(0);
      expect(r.message).toMatch(/0 read as evidence tables, 1 already in the workspace/);
      expect(ws.db.prepare('SELECT COUNT(*) FROM et_hr_roster').pluck().get()).toBe(3);
    } finally {
      ws.close();
    }
  });

  it('a declared table that cannot be read refuses the whole import, naming file, row and column', async () => {
    const dir = path.join(tmp, 'declared-bad');
    cpSync(good, dir, { recursive: true });
    const rows = [...SPEC_ROWS.identity_map, { user_id: '', actor_id: 'x', source: '' }];
    addDeclaredEvidence(dir, SEED, [{ path: 'evidence/identity-map.csv', bytes: evidenceCsv(rows), table: { kind: 'identity_map' } }]);
    const ws = fresh();
    try {
      await importEvidenceTable(ws, { bytes: evidenceCsv(SPEC_ROWS.identity_map), path: 'by-hand.csv', kind: 'identity_map' });
      const before = snapshot(ws);
      const e = await rejection(importBundle(ws, dir));
      expect(e).toBeInstanceOf(ImportError);
      expect(e.message).toContain('evidence/identity-map.csv row 4, column user_id: is empty; every identity_map row needs its user_id');
      expect((e as ImportError).file).toBe('evidence/identity-map.csv');
      expect((e as ImportError).line).toBe(4);
      expect(snapshot(ws)).toEqual(before);
      // the CLI: exit 2, the row named
      const c = await cli('import', dir, '--workspace', path.join(tmp, 'cli-bad.tickmark'));
      expect(c.code).toBe(2);
      expect(c.err).toMatch(/evidence\/identity-map\.csv row 4, column user_id/);
    } finally {
      ws.close();
    }
  });

  it('a declaration that is not valid is a manifest error', async () => {
    const dir = path.join(tmp, 'declared-invalid');
    cpSync(good, dir, { recursive: true });
    addDeclaredEvidence(dir, SEED, [
      { path: 'evidence/x.csv', bytes: Buffer.from('a\n'), table: { kind: 'hr_roster', columns: { employee: 'Emp' } } },
    ]);
    const ws = fresh();
    try {
      const e = await rejection(importBundle(ws, dir));
      expect(e).toBeInstanceOf(ImportError);
      expect(e.message).toMatch(/evidence\.\d+\.table\.columns: the mapping names "employee", which is not a column of kind hr_roster/);
    } finally {
      ws.close();
    }
  });
});

describe('tickmark evidence', () => {
  it('add and list, with exit 0; --json gives the tables', async () => {
    const wsFile = path.join(tmp, 'cli.tickmark');
    Workspace.open(wsFile, { create: true }).close();
    const file = write('Roster Q1.csv', evidenceCsv(SPEC_ROWS.hr_roster, { rename: { user_id: 'Emp ID' } }));
    const a = await cli('evidence', wsFile, 'add', file, '--kind', 'hr_roster', '--map', 'user_id=Emp ID');
    expect(a).toMatchObject({ code: 0 });
    expect(a.out).toMatch(/^Imported Roster Q1\.csv as hr_roster table #1: 3 rows, SHA-256 [0-9a-f]{64}$/);
    const again = await cli('evidence', wsFile, 'add', file, '--kind', 'hr_roster', '--map', 'user_id=Emp ID', '--json');
    expect(again.code).toBe(0);
    expect(JSON.parse(again.out)[0].status).toBe('duplicate');
    const l = await cli('evidence', wsFile, 'list', '--json');
    expect(l.code).toBe(0);
    expect(JSON.parse(l.out)).toMatchObject([{ id: 1, kind: 'hr_roster', path: 'Roster Q1.csv', rowCount: 3, columns: { user_id: 'Emp ID' } }]);
    expect((await cli('evidence', wsFile, 'list')).out).toMatch(/#1 +hr_roster +3 rows/);
  });

  it('exit 2 for a file that cannot be read (every problem listed, nothing added) and for bad usage', async () => {
    const wsFile = path.join(tmp, 'cli-2.tickmark');
    Workspace.open(wsFile, { create: true }).close();
    const bad = write('bad-roster.csv', 'user_id,user_name,hired_on,terminated_on\nu1,A,31/02/2026,\nu2,B,2026-01-01,soon\n');
    const r = await cli('evidence', wsFile, 'add', bad, '--kind', 'hr_roster');
    expect(r.code).toBe(2);
    expect(r.err.split('\n')).toEqual([
      'tickmark: bad-roster.csv row 2, column hired_on: "31/02/2026" is not a date (YYYY-MM-DD) or an RFC 3339 timestamp',
      'tickmark: bad-roster.csv row 3, column terminated_on: "soon" is not a date (YYYY-MM-DD) or an RFC 3339 timestamp',
      'tickmark: nothing was added.',
    ]);
    const missing = await cli('evidence', wsFile, 'add', write('m.csv', 'user_id\nu\n'), '--kind', 'identity_map');
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/m\.csv has no column actor_id/);
    expect((await cli('evidence', wsFile, 'add', bad, '--kind', 'payroll')).code).toBe(2);
    expect((await cli('evidence', wsFile, 'add', bad)).code).toBe(2);
    expect((await cli('evidence', wsFile, 'add', bad, '--kind', 'hr_roster', '--map', 'user_id')).code).toBe(2);
    expect((await cli('evidence', wsFile, 'add', path.join(tmp, 'nope.csv'), '--kind', 'hr_roster')).code).toBe(2);
    expect((await cli('evidence', path.join(tmp, 'no-such.tickmark'), 'list')).code).toBe(2);
    expect(JSON.parse((await cli('evidence', wsFile, 'list', '--json')).out)).toEqual([]);
  });

  it('--bundle reads a file the workspace kept from an imported bundle', async () => {
    const wsFile = path.join(tmp, 'cli-3.tickmark');
    const ws = Workspace.open(wsFile, { create: true });
    let bundleId: number;
    try {
      bundleId = (await importBundle(ws, path.join(tmp, 'declared'))).bundleId;
    } finally {
      ws.close();
    }
    const r = await cli(
      'evidence',
      wsFile,
      'add',
      'evidence/access-review-2026Q1.csv',
      '--kind',
      'access_review',
      '--bundle',
      String(bundleId),
      '--json',
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)[0].table).toMatchObject({ path: 'evidence/access-review-2026Q1.csv', bundleId, kind: 'access_review' });
    const none = await cli('evidence', wsFile, 'add', 'evidence/none.csv', '--kind', 'access_review', '--bundle', String(bundleId));
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/Bundle #\d+ has no file evidence\/none\.csv/);
  });
});
