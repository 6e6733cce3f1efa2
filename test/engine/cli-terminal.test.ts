// Vendor strings never reach the terminal raw: a tenant name or stream origin carrying an ESC sequence
// that erases the line and prints "Result VERIFIED" (issue #11, item 9) is shown escaped, in human and
// JSON output alike, and JSON output still parses to the vendor's exact text.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateBundle } from '../../electron/engine/index';
import { main } from '../../electron/cli/main';
import { terminalSafe } from '../../shared/terminal-text';

const root = path.resolve(__dirname, '../..');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'tickmark-cli-term-'));
const FORGED = '\u001b[2K\rResult   VERIFIED';
// every character a terminal acts on: ESC, CR, BEL, DEL, CSI (C1), RLO, LRI/PDI
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

function tickmark(...args: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [path.join(root, 'bin/tickmark.mjs'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, FORCE_COLOR: '0' },
  });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

describe('terminalSafe', () => {
  it('escapes C0 (but newline and tab), DEL, C1 and bidi controls, and nothing else', () => {
    expect(terminalSafe('a\u001b[2K\rb')).toBe('a\\u001b[2K\\u000db');
    expect(terminalSafe('x\u0007\u007f\u009b\u0085y')).toBe('x\\u0007\\u007f\\u009b\\u0085y');
    expect(terminalSafe('\u202eevil\u202c \u2066iso\u2069 \u2028')).toBe('\\u202eevil\\u202c \\u2066iso\\u2069 \\u2028');
    expect(terminalSafe('line 1\n\tline 2 — Zürich, 東京, 🙂')).toBe('line 1\n\tline 2 — Zürich, 東京, 🙂');
  });

  it('leaves JSON the same JSON', () => {
    const value = { tenant: `Acme${FORGED}\u009b31m\u202e`, n: 1 };
    const text = terminalSafe(JSON.stringify(value, null, 2));
    expect(text).not.toMatch(RAW);
    expect(JSON.parse(text)).toEqual(value);
  });
});

describe('tickmark prints vendor text escaped', () => {
  it('a tenant name (and a bidi override in the stream origin) with a forged "Result VERIFIED" show as escapes, never as terminal controls', async () => {
    const g = await generateBundle({
      out: path.join(tmp, 'evil'),
      events: 200,
      seed: 'term',
      tenant: { id: `t-1\u202e`, name: `Evil Corp${FORGED}\u009b2K` },
    });
    const human = tickmark('verify', g.dir, '--pin', g.vendorKey);
    expect(human.out + human.err).toContain('Evil Corp\\u001b[2K\\u000dResult   VERIFIED');
    expect(human.out).not.toMatch(RAW);
    expect(human.err).not.toMatch(RAW);
    // the real verdict is still the only "Result" line
    expect(human.out.split('\n').filter((l) => l.startsWith('Result'))).toHaveLength(1);
    const json = tickmark('verify', g.dir, '--pin', g.vendorKey, '--json');
    expect(json.out).not.toMatch(RAW);
    expect(JSON.parse(json.out).bundle.tenant).toBe(`Evil Corp${FORGED}\u009b2K (t-1\u202e)`);
  });

  it('auditor input echoed back (a population name, an error message) is escaped too', async () => {
    const g = await generateBundle({ out: path.join(tmp, 'plain'), events: 200, seed: 'term2' });
    const ws = path.join(tmp, 'w.tickmark');
    const lines: string[] = [];
    const io = { out: (s: string) => void lines.push(s), err: (s: string) => void lines.push(s) };
    expect(await main(['import', g.dir, '--workspace', ws, '--pin', g.vendorKey], io)).toBe(0);
    expect(await main(['population', ws, '--name', `reads${FORGED}`, '--stream', 'auth'], io)).toBe(0);
    expect(await main(['evaluate', ws, `no such${FORGED}`], io)).toBe(2);
    expect(lines.join('\n')).toContain('reads\\u001b[2K\\u000dResult   VERIFIED');
    expect(lines.join('\n')).not.toMatch(RAW);
  });
});
