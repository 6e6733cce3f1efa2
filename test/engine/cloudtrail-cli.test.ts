// `tickmark verify <kit> --pin-file keys.json`: the exit codes of bundles, for CloudTrail export kits.
import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateKit, type GeneratedKit } from '../helpers/cloudtrail-kit';

const root = path.resolve(__dirname, '../..');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'tickmark-ct-cli-'));

function tickmark(...args: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [path.join(root, 'bin/tickmark.mjs'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, FORCE_COLOR: '0' },
  });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

let clean: GeneratedKit;
let tampered: GeneratedKit;
beforeAll(() => {
  clean = generateKit({ dir: path.join(tmp, 'clean') });
  tampered = generateKit({ dir: path.join(tmp, 'gap'), tamper: 'delete-digest' });
});

describe('tickmark verify on a CloudTrail kit', () => {
  it('exit 0 with pinned keys, per Region chain and coverage', () => {
    const r = tickmark('verify', clean.dir, '--pin-file', clean.pinFile);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Region {3}us-west-2 +trail org-trail \(account 123456789012\) {2}VERIFIED/);
    expect(r.out).toMatch(/uncovered none inside the audit window/);
    expect(r.out).toMatch(/Result {3}VERIFIED — 20 digests, 40 log files, 0 errors/);
  });

  it('exit 3 without pins (valid only under the vendor keys)', () => {
    const r = tickmark('verify', clean.dir);
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/no key is pinned/);
  });

  it('exit 1 on a deleted digest, naming the Region, the key and the uncovered span; --json is the report', () => {
    const r = tickmark('verify', tampered.dir, '--pin-file', tampered.pinFile);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/uncovered 2026-01-01T03:01:31Z – 2026-01-01T04:01:31Z/);
    expect(r.out).toContain(`Region us-west-2: the digest`);
    expect(r.out).toContain(tampered.tampered!.key.split('/').pop()!);
    const j = JSON.parse(tickmark('verify', tampered.dir, '--pin-file', tampered.pinFile, '--json').out);
    expect(j.format).toBe('tickmark-cloudtrail-verification/1');
    expect(j.verdict).toBe('failed');
  });

  it('exit 2 on a broken pin file or kit.json, with the file and line; --pin is refused for kits', () => {
    const bad = path.join(tmp, 'bad-pins.json');
    writeFileSync(bad, '{\n"PublicKeyList": [\n  {"Value": }\n]}');
    const r = tickmark('verify', clean.dir, '--pin-file', bad);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/bad-pins\.json is not valid JSON at line 3/);
    expect(tickmark('verify', clean.dir, '--pin', 'x+1+AAAA').code).toBe(2);
  });
});
