// Evidence tables written from their public spec (../shared/formats/evidence-tables.md), for the tests: CSV
// as RFC 4180 says (quotes doubled, a field with a comma, quote or line break in quotes; optional BOM, LF or
// CRLF), XLSX written by exceljs, and a bundle whose manifest declares tables (the manifest rewritten and
// signed again with the fixture vendor's key, as tickmark-bundle/1 §2 and its signature rule say).
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { fixtureSigner } from '../../electron/engine/fixtures/generate';
import { signNote } from '../../shared/note';
import { manifestSignatureText } from '../../shared/signatures';
import type { EvidenceKind } from '../../shared/evidence/kinds';
import type { Manifest, ManifestEvidenceTable } from '../../shared/types';

export type Rows = Record<string, string>[];

/** A few rows of each kind, by standard column name, every required column present. */
export const SPEC_ROWS: Record<EvidenceKind, Rows> = {
  hr_roster: [
    { user_id: 'u-1001', user_name: 'Ada Park', hired_on: '2024-03-01', terminated_on: '', department: 'Data', privileged: 'true' },
    { user_id: 'u-1002', user_name: 'Ben Ortiz', hired_on: '2023-06-15', terminated_on: '2026-02-10', department: 'Ops', privileged: 'no' },
    { user_id: 'u-1003', user_name: 'Chen, Li', hired_on: '2025-01-06', terminated_on: '2026-03-01T17:30:00Z', department: '', privileged: '' },
  ],
  access_review: [
    { user_id: 'u-1001', role: 'dba', reviewer: 'u-1009', decision: 'retain', reviewed_on: '2026-03-28', comment: '' },
    { user_id: 'u-1002', role: 'analyst', reviewer: 'u-1009', decision: 'Revoke', reviewed_on: '2026-03-28', comment: 'Left, "remove"' },
  ],
  approved_access: [{ user_id: 'u-1001', role: 'dba', approved_by: 'u-1009', approved_on: '2025-12-01', ticket_reference: 'SEC-12' }],
  change_log: [
    {
      change_id: 'CHG-1',
      change_ts: '2026-02-03T10:00:00Z',
      changed_by: 'u-1001',
      approved_by: 'u-1009',
      change_type: 'ddl',
      change_desc: 'ALTER TABLE x',
      approved_ts: '2026-02-02T09:00:00Z',
      change_outcome: 'success',
      emergency: 'FALSE',
    },
    {
      change_id: 'CHG-2',
      change_ts: '2026-02-04T23:10:00+02:00',
      changed_by: 'u-1001',
      approved_by: '',
      change_type: 'INFRASTRUCTURE',
      change_desc: 'Hotfix\nmulti-line',
      approved_ts: '',
      change_outcome: '',
      emergency: 'Yes',
    },
  ],
  restore_test: [
    { test_id: 'RT-1', performed_on: '2026-01-05', system: 'db-primary', result: 'PASS', rto_minutes: '42', rpo_minutes: '5.5', evidence_ref: '' },
    { test_id: 'RT-2', performed_on: '2026-01-12', system: 'db-primary', result: 'fail', rto_minutes: '', rpo_minutes: '', evidence_ref: 'RT-2.pdf' },
  ],
  identity_map: [
    { user_id: 'u-1001', actor_id: 'ada.park@northwind.example', source: 'okta' },
    { user_id: 'u-1001', actor_id: 'apark', source: 'postgres' },
  ],
};

export interface CsvOptions {
  /** header spelled differently: standard name → header written */
  rename?: Record<string, string>;
  bom?: boolean;
  eol?: '\n' | '\r\n';
  /** every header in upper case */
  upper?: boolean;
  /** columns (standard names) to leave out */
  drop?: string[];
  /** extra columns: header → value per row */
  extra?: Record<string, string[]>;
}

function headersOf(rows: Rows, o: { rename?: Record<string, string>; upper?: boolean; drop?: string[] }): { keys: string[]; names: string[] } {
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))].filter((k) => !o.drop?.includes(k));
  const names = keys.map((k) => {
    const n = o.rename?.[k] ?? k;
    return o.upper ? n.toUpperCase() : n;
  });
  return { keys, names };
}

/** RFC 4180 §2.6-2.7: a field with a comma, a quote or a line break in double quotes, its quotes doubled. */
export function csvField(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function evidenceCsv(rows: Rows, o: CsvOptions = {}): Buffer {
  const eol = o.eol ?? '\r\n';
  const { keys, names } = headersOf(rows, o);
  const extra = Object.entries(o.extra ?? {});
  const lines = [[...names, ...extra.map(([h]) => h)].map(csvField).join(',')];
  rows.forEach((r, i) => lines.push([...keys.map((k) => r[k] ?? ''), ...extra.map(([, v]) => v[i] ?? '')].map(csvField).join(',')));
  return Buffer.from(`${o.bom ? '\ufeff' : ''}${lines.join(eol)}${eol}`, 'utf8');
}

export interface XlsxOptions {
  rename?: Record<string, string>;
  drop?: string[];
  /** the sheet's name, and sheets before it */
  sheet?: string;
  before?: string[];
  /** a cell value to put in place of a row's text: [row index, standard column] → exceljs value */
  cells?: { row: number; column: string; value: ExcelJS.CellValue }[];
}

export async function evidenceXlsx(rows: Rows, o: XlsxOptions = {}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const name of o.before ?? []) wb.addWorksheet(name).addRow(['not this sheet']);
  const ws = wb.addWorksheet(o.sheet ?? 'Sheet1');
  const { keys, names } = headersOf(rows, o);
  ws.addRow(names);
  rows.forEach((r, i) => {
    const row = ws.addRow(keys.map((k) => r[k] ?? ''));
    for (const c of o.cells ?? []) {
      if (!keys.includes(c.column)) throw new Error(`no column ${c.column} to put a cell in`);
      if (c.row === i) row.getCell(keys.indexOf(c.column) + 1).value = c.value;
    }
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export interface DeclaredFile {
  path: string;
  bytes: Buffer;
  table?: ManifestEvidenceTable;
}

/** Add evidence files to a generated bundle (generateBundle with `seed`), declared in its manifest, which is
 *  signed again with the fixture vendor's key so that the bundle still verifies. */
export function addDeclaredEvidence(dir: string, seed: string, files: DeclaredFile[]): Manifest {
  const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Manifest;
  for (const f of files) {
    mkdirSync(path.dirname(path.join(dir, f.path)), { recursive: true });
    writeFileSync(path.join(dir, f.path), f.bytes);
    manifest.evidence.push({
      path: f.path,
      sha256: createHash('sha256').update(f.bytes).digest('hex'),
      size: f.bytes.length,
      media_type: f.path.endsWith('.xlsx') ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv',
      ...(f.table ? { table: f.table } : {}),
    });
  }
  const text = `${JSON.stringify(manifest, null, 2)}\n`;
  writeFileSync(path.join(dir, 'manifest.json'), text);
  const vendor = fixtureSigner(seed, 'audit.northwind.example/log');
  writeFileSync(path.join(dir, 'manifest.json.sig'), signNote(manifestSignatureText(createHash('sha256').update(text).digest('hex')), [vendor]));
  return manifest;
}
