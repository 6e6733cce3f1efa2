// `tickmark verify <export> --profile vendor.json --pin <key>`: the exit codes of bundles, for vendor chains.
// 0 verified under a pinned key; 1 integrity failed (first break named); 2 unusable (member, or file and
// line, named); 3 valid only under an unpinned key, or not independently verifiable (as custody-only FHIR).
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateVendorChain } from '../helpers/vendor-chain';
import { main } from '../../electron/cli/main';
import { EXAMPLES, SCHEMA_PATH, writeVendorChainExamples } from '../helpers/vendor-chain-examples';

const root = path.resolve(__dirname, '../..');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'tickmark-vc-cli-'));
const examples = path.join(root, 'resources/vendor-chains');
const acme = path.join(examples, 'acme-jsonl-ed25519');
const globex = path.join(examples, 'globex-csv-unsigned');

/** The CLI as a process, through bin/tickmark.mjs: once, to prove the command is wired end to end. */
function tickmarkProcess(...args: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [path.join(root, 'bin/tickmark.mjs'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, FORCE_COLOR: '0' },
  });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

/** The CLI in this process (bin/tickmark.mjs only calls main): the machine is too slow to spawn for every case. */
async function tickmark(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { out: (s) => void (out += `${s}\n`), err: (s) => void (err += `${s}\n`) });
  return { code, out, err };
}

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => statSync(path.join(dir, f)).isFile())
    .sort();
}

describe('the shipped examples', () => {
  it('exit 0: the Ed25519-signed JSONL example under its pinned key', async () => {
    const r = tickmarkProcess(
      'verify',
      path.join(acme, 'export'),
      '--profile',
      path.join(acme, 'profile.json'),
      '--pin',
      path.join(acme, 'vendor-key.pem'),
    );
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Records {2}30, seq 1–30, .*; 30 hashes recomputed/);
    expect(r.out).toMatch(/Head {5}head\.json: seq 30, ed25519 signature PINNED by key SHA-256:[0-9a-f]{64}/);
    expect(r.out).toMatch(/Result {3}VERIFIED/);
  });

  it('exit 3 without the pin: the head names its own key, which nobody pinned', async () => {
    const r = await tickmark('verify', path.join(acme, 'export'), '--profile', path.join(acme, 'profile.json'));
    expect(r.code).toBe(3);
    expect(r.out).toMatch(/signature UNPINNED/);
    expect(r.out).toMatch(/Result {3}NOT INDEPENDENTLY VERIFIABLE: the head is signed only under the key the export itself names/);
  });

  it('exit 3 for the CSV example with no signed head, saying a truncated tail cannot be detected', async () => {
    const r = await tickmark('verify', path.join(globex, 'export'), '--profile', path.join(globex, 'profile.json'), '--json');
    expect(r.code).toBe(3);
    const j = JSON.parse(r.out);
    expect(j.statement).toMatch(/truncated tail\) cannot be detected/);
    expect(j).toMatchObject({
      format: 'tickmark-vendor-chain-verification/1',
      verdict: 'unverifiable',
      integrity: 'producer-chained',
      reason: 'no-signed-head',
      records: 25,
      recomputed: 25,
    });
  });

  it('are what `npm run vendor-chain-examples` writes from the generator and the zod schema, byte for byte', async () => {
    const out = mkdtempSync(path.join(os.tmpdir(), 'tickmark-vc-examples-'));
    writeVendorChainExamples(out);
    for (const name of Object.keys(EXAMPLES)) {
      const mine = path.join(out, 'resources/vendor-chains', name);
      expect(files(path.join(examples, name))).toEqual(files(mine));
      for (const f of files(mine))
        expect(readFileSync(path.join(examples, name, f), 'utf8'), `${name}/${f}`).toBe(readFileSync(path.join(mine, f), 'utf8'));
    }
    expect(readFileSync(path.join(root, SCHEMA_PATH), 'utf8')).toBe(readFileSync(path.join(out, SCHEMA_PATH), 'utf8'));
  });
});

describe('exit codes', () => {
  it('exit 1 on a deleted record, naming the file, line and seq of the first break; --json is the report', async () => {
    const g = generateVendorChain({ dir: path.join(tmp, 'deleted'), framing: 'csv', tamper: 'delete', records: 30, at: 12 });
    const r = await tickmark('verify', g.exportDir, '--profile', g.profileFile, '--pin', g.pinFile!);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/First break {2}events\.csv line 14 \(seq 14\): its previous hash is not the hash of the record before/);
    expect(r.out).toMatch(/Result {3}INTEGRITY FAILED at events\.csv line 14 \(seq 14\)/);
    const j = JSON.parse((await tickmark('verify', g.exportDir, '--profile', g.profileFile, '--pin', g.pinFile!, '--json')).out);
    expect(j.firstBreak).toMatchObject({ code: 'link-broken', file: 'events.csv', line: 14, seq: 14 });
  });

  it('exit 1 when the pinned key did not sign the head; exit 3 for an HMAC chain even with its head pinned', async () => {
    const g = generateVendorChain({ dir: path.join(tmp, 'other'), anchor: 'rsa-pkcs1-sha256', records: 8 });
    expect((await tickmark('verify', g.exportDir, '--profile', g.profileFile, '--pin', g.otherPinFile!)).code).toBe(1);
    const h = generateVendorChain({ dir: path.join(tmp, 'hmac'), recipe: 'hmac-sha256', records: 8 });
    const r = await tickmark('verify', h.exportDir, '--profile', h.profileFile, '--pin', h.pinFile!);
    expect(r.code).toBe(3);
    expect(r.out).toMatch(/NOT INDEPENDENTLY VERIFIABLE: the records are chained with HMAC-SHA256/);
  });

  it('exit 2 for a bad profile (naming the member), a bad line (file and line), a bad key, a usage error', async () => {
    const g = generateVendorChain({ dir: path.join(tmp, 'bad'), records: 8 });
    const p = JSON.parse(readFileSync(g.profileFile, 'utf8'));
    p.recipe.encoding = 'base32';
    const badProfile = path.join(tmp, 'bad-profile.json');
    writeFileSync(badProfile, JSON.stringify(p));
    const r = await tickmark('verify', g.exportDir, '--profile', badProfile, '--pin', g.pinFile!);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/bad-profile\.json is not a tickmark-vendor-chain-profile\/1 profile: recipe\.encoding: /);

    const events = path.join(g.exportDir, 'events.jsonl');
    const lines = readFileSync(events, 'utf8').split('\n');
    lines[5] = lines[5]!.slice(0, -1);
    writeFileSync(events, lines.join('\n'));
    const l = await tickmark('verify', g.exportDir, '--profile', g.profileFile, '--pin', g.pinFile!);
    expect(l.code).toBe(2);
    expect(l.err).toMatch(/tickmark: events\.jsonl line 6 is not JSON/);

    expect((await tickmark('verify', g.exportDir, '--profile', g.profileFile, '--pin', 'AAAA')).err).toMatch(
      /the key given with --pin is not a usable public key/,
    );
    expect((await tickmark('verify', g.exportDir, '--profile', g.profileFile, '--pin', 'vendr-key.pem')).err).toMatch(
      /The key file vendr-key\.pem does not exist/,
    );
    expect((await tickmark('verify', '--profile', g.profileFile)).code).toBe(2);
  });
});
