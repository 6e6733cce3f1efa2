import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';

const root = path.resolve(__dirname, '../..');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'tickmark-cli-'));

function tickmark(...args: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [path.join(root, 'bin/tickmark.mjs'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, FORCE_COLOR: '0' },
  });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

let key = '';
beforeAll(() => {
  const g = tickmark('generate', '--out', path.join(tmp, 'good'), '--events', '900', '--seed', 'cli');
  expect(g.code).toBe(0);
  key = /Vendor verifier key \(pin it to verify\): (\S+)/.exec(g.out)![1]!;
  expect(readFileSync(path.join(tmp, 'good.vendor-key.txt'), 'utf8').trim()).toBe(key);
  expect(tickmark('generate', '--out', path.join(tmp, 'bad'), '--events', '900', '--seed', 'cli', '--tamper', 'delete').code).toBe(0);
});

describe('tickmark CLI', () => {
  it('exit 0 when verified with a pinned key, quiet output when not on a terminal', () => {
    const r = tickmark('verify', path.join(tmp, 'good'), '--pin', key, '--silent-hours', '168');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Result {3}VERIFIED — 900 events, 0 errors/);
    expect(r.err).toBe(''); // no progress bar when stderr is not a terminal
  });

  it('exit 3 when consistent but no pinned key vouches for it', () => {
    const r = tickmark('verify', path.join(tmp, 'good'), '--silent-hours', '168');
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/no key is pinned/);
  });

  it('exit 1 and the broken record when tampered; --json is the full report', () => {
    const r = tickmark('verify', path.join(tmp, 'bad'), '--pin', key, '--json', '--out', path.join(tmp, 'report.json'));
    expect(r.code).toBe(1);
    const report = JSON.parse(r.out);
    expect(report.format).toBe('tickmark-verification/1');
    expect(report.verdict).toBe('failed');
    const gap = report.streams[1].findings.find((f: { code: string }) => f.code === 'seq-gap');
    expect(gap).toMatchObject({ file: 'streams/phi-access.jsonl', stream: 'phi-access' });
    expect(JSON.parse(readFileSync(path.join(tmp, 'report.json'), 'utf8'))).toEqual(report);
  });

  it('exit 2 on unusable input, with the reason', () => {
    const r = tickmark('verify', path.join(tmp, 'nowhere'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/does not exist/);
    writeFileSync(path.join(tmp, 'junk.zip'), 'not a zip');
    const z = tickmark('verify', path.join(tmp, 'junk.zip'));
    expect(z.code).toBe(2);
    expect(z.err).toMatch(/junk\.zip is not a readable zip archive/);
    expect(tickmark('verify').code).toBe(2);
    expect(tickmark('frobnicate').code).toBe(2);
  });

  it('imports into a workspace, pins a key, and verifies the workspace', () => {
    const ws = path.join(tmp, 'eng.tickmark');
    const i = tickmark('import', path.join(tmp, 'good'), '--workspace', ws, '--pin', key);
    expect(i.code).toBe(0);
    expect(i.out).toMatch(/Imported 900 events in 3 streams and 5 evidence files as bundle #1/);
    expect(existsSync(ws)).toBe(true);
    expect(tickmark('import', path.join(tmp, 'good'), '--workspace', ws).out).toMatch(/Already imported/);
    const v = tickmark('verify', ws, '--silent-hours', '168');
    expect(v.code).toBe(0);
    expect(v.out).toMatch(/VERIFIED/);
    const bad = tickmark('pin', 'not-a-key', '--workspace', ws);
    expect(bad.code).toBe(2);
  });
});

describe('tickmark import --verify (one reading)', () => {
  it('exit 0 and the report when verified, exit 1 with the broken record when tampered; the run is recorded', () => {
    const ws = path.join(tmp, 'one-pass.tickmark');
    const ok = tickmark('import', path.join(tmp, 'good'), '--workspace', ws, '--pin', key, '--verify', '--silent-hours', '168');
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/Imported 900 events/);
    expect(ok.out).toMatch(/Result {3}VERIFIED — 900 events, 0 errors/);
    const ws2 = path.join(tmp, 'one-pass-bad.tickmark');
    const bad = tickmark('import', path.join(tmp, 'bad'), '--workspace', ws2, '--verify', '--json', '--silent-hours', '168');
    expect(bad.code).toBe(1);
    const report = JSON.parse(bad.out);
    expect(report.verdict).toBe('failed');
    expect(report.streams[1].findings.find((f: { code: string }) => f.code === 'seq-gap')).toMatchObject({
      file: 'streams/phi-access.jsonl',
      stream: 'phi-access',
    });
    // each run is recorded in its workspace
    for (const [file, verdict] of [
      [ws, 'verified'],
      [ws2, 'failed'],
    ]) {
      const db = new Database(file!, { readonly: true });
      expect(db.prepare('SELECT bundle_id, verdict FROM verification_runs').raw().all()).toEqual([[1, verdict]]);
      db.close();
    }
    // already imported: verified again from what the workspace kept
    expect(tickmark('import', path.join(tmp, 'good'), '--workspace', ws, '--verify', '--silent-hours', '168').out).toMatch(
      /Already imported[\s\S]*VERIFIED/,
    );
    expect(tickmark('import', path.join(tmp, 'good'), '--workspace', ws, '--json').code).toBe(2);
  });
});

describe('tickmark sampling commands (a pipeline dry run)', () => {
  it('population → plan → sample → result → evaluate → signoff → workpaper → verify-workspace, all with --json', async () => {
    const ws = path.join(tmp, 'dry-run.tickmark');
    expect(tickmark('import', path.join(tmp, 'good'), '--workspace', ws, '--pin', key).code).toBe(0);
    expect(tickmark('verify', ws, '--silent-hours', '168').code).toBe(0);
    const pop = JSON.parse(tickmark('population', ws, '--name', 'sign-ins', '--stream', 'auth', '--action', 'login', '--json').out);
    expect(pop).toMatchObject({ name: 'sign-ins', integrity: 'verified' });
    expect(pop.size).toBeGreaterThan(100);
    expect(JSON.parse(tickmark('plan', '--confidence', '0.90', '--tolerable', '0.05', '--json').out).size).toBe(45);
    expect(tickmark('plan', '--frequency', 'daily', '--risk', 'higher').out).toMatch(/^40 items/);
    const s = tickmark(
      'sample',
      ws,
      '--population',
      'sign-ins',
      '--name',
      'CC6.1 MFA',
      '--attribute',
      'MFA present',
      '--confidence',
      '0.90',
      '--tolerable',
      '0.10',
      '--select',
      'systematic',
      '--auditor-value',
      'ci dry run',
      '--json',
    );
    expect(s.code).toBe(0);
    const session = JSON.parse(s.out);
    expect(session.items).toHaveLength(22); // AICPA: 90% confidence, 10% tolerable → 22
    for (const it of session.items)
      expect(
        tickmark(
          'result',
          ws,
          'CC6.1 MFA',
          '--item',
          String(it.position),
          '--attribute',
          'MFA present',
          '--result',
          it.position === 3 ? 'deviation' : 'pass',
        ).code,
      ).toBe(0);
    const ev = tickmark('evaluate', ws, 'CC6.1 MFA', '--json');
    const e = JSON.parse(ev.out).evaluation[0];
    expect([e.tested, e.deviations]).toEqual([22, 1]);
    expect(ev.code).toBe(e.evaluation.conclusion === 'supports-reliance' ? 0 : 1);
    expect(tickmark('signoff', ws, 'CC6.1 MFA', '--as', 'preparer', '--name', 'P. Preparer').code).toBe(0);
    expect(tickmark('result', ws, 'CC6.1 MFA', '--item', '1', '--attribute', 'MFA present', '--result', 'deviation').code).toBe(2);
    const wp = JSON.parse(tickmark('workpaper', ws, 'CC6.1 MFA', '-o', path.join(tmp, 'cc61.xlsx'), '--json').out);
    expect(wp.items).toBe(22);
    expect(existsSync(path.join(tmp, 'cc61.xlsx'))).toBe(true);
    const vw = JSON.parse(tickmark('verify-workspace', ws, '--json').out);
    expect(vw.ok).toBe(true);
    expect(vw.head).toBe(wp.activityHead.hash);
  });

  it("keeps the engagement's own frequency guidance: sizes by frequency follow it, and every change is logged", () => {
    const ws = path.join(tmp, 'guidance.tickmark');
    expect(tickmark('import', path.join(tmp, 'good'), '--workspace', ws, '--pin', key).code).toBe(0);
    expect(tickmark('verify', ws, '--silent-hours', '168').code).toBe(0);
    expect(JSON.parse(tickmark('guidance', ws, '--json').out).weekly).toMatchObject({ lower: 5, higher: 15 });
    const set = tickmark('guidance', ws, '--set', 'weekly=8-20', '--set', 'annual=2', '--json');
    expect(set.code).toBe(0);
    expect(JSON.parse(set.out)).toMatchObject({
      weekly: { lower: 8, higher: 20 },
      annual: { lower: 2, higher: 2 },
      daily: { lower: 20, higher: 40 },
    });
    expect(tickmark('plan', '--frequency', 'weekly', '--risk', 'higher', '--workspace', ws).out).toMatch(/^20 items/);
    expect(tickmark('plan', '--frequency', 'weekly', '--risk', 'higher').out).toMatch(/^15 items/); // no workspace: the defaults
    tickmark('population', ws, '--name', 'admin', '--stream', 'admin');
    const s = JSON.parse(
      tickmark(
        'sample',
        ws,
        '--population',
        'admin',
        '--name',
        'weekly review',
        '--attribute',
        'A',
        '--frequency',
        'weekly',
        '--risk',
        'lower',
        '--auditor-value',
        'x',
        '--json',
      ).out,
    );
    expect(s.items).toHaveLength(8);
    expect(JSON.stringify(s)).toContain('frequency guidance');
    // bad settings are refused and change nothing
    const bad = tickmark('guidance', ws, '--set', 'weekly=9-3');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/1 ≤ lower-risk ≤ higher-risk/);
    expect(tickmark('guidance', ws, '--set', 'hourly=3').err).toMatch(/not a guidance setting/);
    expect(JSON.parse(tickmark('guidance', ws, '--json').out).weekly).toMatchObject({ lower: 8, higher: 20 });
    expect(JSON.parse(tickmark('guidance', ws, '--reset', '--json').out).weekly).toMatchObject({ lower: 5, higher: 15 });
    const log = JSON.parse(tickmark('verify-workspace', ws, '--json').out);
    expect(log.ok).toBe(true);
  });
});
