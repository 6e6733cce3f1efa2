// Vendor chains verified under their profile (shared/vendor-chain, read from disk by the engine): every
// recipe and canonical form, every tamper found at its first broken record, and the grade — "verified" only
// with a head signed under a pinned key, "not independently verifiable" for HMAC or an unsigned head.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateVendorChain, type ChainOptions, type Tamper } from '../helpers/vendor-chain';
import { verifyVendorChainPath } from '../../electron/engine/sources/vendor-chain/index';
import { VendorChainInputError } from '../../shared/vendor-chain/errors';
import type { VendorChainReport } from '../../shared/vendor-chain/report';
import { canonicalBytes } from '../../shared/vendor-chain/canonical';
import { parseProfile } from '../../shared/vendor-chain/profile';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'tickmark-vc-'));
let n = 0;

function make(o: Omit<ChainOptions, 'dir'>): ReturnType<typeof generateVendorChain> {
  return generateVendorChain({ dir: path.join(tmp, `c${n++}`), ...o });
}

function verify(g: ReturnType<typeof generateVendorChain>, pins: (string | null)[] = [g.pinFile]): VendorChainReport {
  return verifyVendorChainPath(
    g.exportDir,
    g.profileFile,
    pins.filter((p): p is string => p !== null),
  );
}

describe('recipes and canonical forms', () => {
  const cases: Omit<ChainOptions, 'dir'>[] = [
    { framing: 'jsonl', canonical: 'jcs', recipe: 'sha256', encoding: 'hex' },
    { framing: 'jsonl', canonical: 'jcs', recipe: 'sha256-prev-prefix', encoding: 'base64' },
    { framing: 'jsonl', canonical: 'fields', recipe: 'sha256', encoding: 'base64' },
    { framing: 'jsonl', canonical: 'fields', recipe: 'sha256-prev-prefix', encoding: 'hex' },
    { framing: 'csv', canonical: 'raw-line', recipe: 'sha256', encoding: 'hex' },
    { framing: 'csv', canonical: 'raw-line', recipe: 'sha256-prev-prefix', encoding: 'base64' },
    { framing: 'csv', canonical: 'fields', recipe: 'sha256-prev-prefix', encoding: 'hex' },
  ];
  for (const c of cases)
    it(`${c.framing}, ${c.canonical}, ${c.recipe}, ${c.encoding}: verified with a pinned Ed25519 head`, () => {
      const g = make({ ...c, records: 30 });
      const r = verify(g);
      expect(r.findings.filter((f) => f.severity === 'error')).toEqual([]);
      expect(r.verdict).toBe('verified');
      expect(r.integrity).toBe('producer-signed');
      expect(r.recomputed).toBe(30);
      expect([r.firstSeq, r.lastSeq]).toEqual([1, 30]);
      // and one changed byte of content shows, at its line
      const t = make({ ...c, records: 30, tamper: 'edit', at: 11 });
      const x = verify(t);
      expect(x.verdict).toBe('failed');
      expect(x.firstBreak).toMatchObject({ code: 'content-altered', file: t.expected!.file, line: t.expected!.line, seq: 12 });
    });

  it('a chain split over several files is one chain, read in name order', () => {
    const g = make({ records: 50, files: 3 });
    const r = verify(g);
    expect(r.verdict).toBe('verified');
    expect(r.export.files.map((f) => f.records)).toEqual([17, 17, 16]);
    const t = make({ records: 50, files: 3, tamper: 'delete', at: 40 });
    expect(verify(t).firstBreak).toMatchObject({ file: 'events-0003.jsonl', line: t.expected!.line, seq: t.expected!.seq });
  });

  it('a single record file may be named instead of the folder; the head is read beside it', () => {
    const g = make({ records: 10 });
    expect(verifyVendorChainPath(path.join(g.exportDir, 'events.jsonl'), g.profileFile, [g.pinFile!]).verdict).toBe('verified');
  });
});

describe('the canonical forms, byte for byte', () => {
  it('fields: strings as they are, numbers and booleans as JSON, null empty, objects as RFC 8785; a missing field refused', () => {
    const g = make({ canonical: 'fields', records: 2 });
    const p = parseProfile(readFileSync(g.profileFile, 'utf8'), 'p.json');
    const c = { ...p, canonical: { form: 'fields' as const, fields: ['s', 'n', 'b', 'z', 'o'], separator: '|' } };
    const r = { file: 'e.jsonl', line: 3, rawWithoutHash: null, fields: { s: 'a|b', n: 1.5e3, b: false, z: null, o: { y: [1, 'é'], x: 2 } } };
    expect(Buffer.from(canonicalBytes(c, r)).toString()).toBe('a|b|1500|false||{"x":2,"y":[1,"é"]}');
    expect(() => canonicalBytes({ ...c, canonical: { ...c.canonical, fields: ['s', 'gone'] } }, r)).toThrow(/e\.jsonl line 3 has no field "gone"/);
  });

  it('jcs: the record without its hash member, members sorted, numbers in ECMAScript form', () => {
    const g = make({ records: 2 });
    const p = parseProfile(readFileSync(g.profileFile, 'utf8'), 'p.json');
    const r = { file: 'e.jsonl', line: 1, rawWithoutHash: null, fields: { seq: 1, hash: 'x', b: 1.0, a: '\u2028' } };
    expect(Buffer.from(canonicalBytes(p, r)).toString()).toBe('{"a":"\u2028","b":1,"seq":1}');
  });
});

describe('tampering is found at the first broken record', () => {
  const detected: [Tamper, string][] = [
    ['edit', 'content-altered'],
    ['delete', 'link-broken'],
    ['insert', 'link-broken'],
    ['reorder', 'link-broken'],
    ['truncate', 'chain-head-mismatch'],
    ['append', 'chain-head-mismatch'],
    ['head-signature', 'vendor-head-signature-invalid'],
  ];
  for (const framing of ['jsonl', 'csv'] as const)
    for (const [tamper, code] of detected)
      it(`${framing}: ${tamper} → ${code}`, () => {
        const g = make({ framing, tamper, records: 40, at: 17 });
        const r = verify(g);
        expect(r.verdict).toBe('failed');
        expect(r.integrity).toBe('producer-chained');
        expect(r.firstBreak?.code).toBe(code);
        expect(r.firstBreak?.file).toBe(g.expected!.file);
        if (g.expected!.line !== null) expect(r.firstBreak?.line).toBe(g.expected!.line);
        expect(r.firstBreak?.seq).toBe(g.expected!.seq);
      });

  it('the sequence findings say what happened: a gap, a duplicate, an out-of-order number', () => {
    const codes = (t: Tamper): string[] => verify(make({ tamper: t, records: 20, at: 8 })).findings.map((f) => f.code);
    expect(codes('delete')).toContain('seq-gap');
    expect(codes('insert')).toContain('seq-duplicate');
    expect(codes('reorder')).toContain('seq-out-of-order');
  });

  it('a truncated tail is named: which seqs were cut from the end', () => {
    const r = verify(make({ tamper: 'truncate', records: 40 }));
    expect(r.firstBreak!.message).toMatch(/ends at seq 40 but the export at seq 37 .*seq 38–40 were cut from the end/);
  });

  it('a record earlier than the one before breaks integrity; with timeOrder "any" it is only reported', () => {
    const g = make({ tamper: 'time', anchor: 'none', records: 20, at: 9 });
    const r = verify(g, []);
    expect(r.verdict).toBe('failed');
    expect(r.firstBreak).toMatchObject({ code: 'ts-out-of-order', line: 10, seq: 10 });
    const p = JSON.parse(readFileSync(g.profileFile, 'utf8'));
    p.chain.timeOrder = 'any';
    writeFileSync(g.profileFile, JSON.stringify(p));
    const lax = verify(g, []);
    expect(lax.verdict).toBe('unverifiable');
    expect(lax.findings.find((f) => f.code === 'ts-out-of-order')?.severity).toBe('warning');
  });

  it('an export that does not start at the declared genesis is missing its first records', () => {
    const g = make({ records: 20 });
    const lines = readFileSync(path.join(g.exportDir, 'events.jsonl'), 'utf8').split('\n');
    writeFileSync(path.join(g.exportDir, 'events.jsonl'), lines.slice(3).join('\n'));
    const r = verify(g);
    expect(r.firstBreak).toMatchObject({ code: 'chain-genesis-mismatch', line: 1, seq: 4 });
  });
});

describe('not independently verifiable, never verified', () => {
  it('no signed head: consistent, but a cut tail cannot show, and the report says so', () => {
    const whole = verify(make({ anchor: 'none', records: 30 }), []);
    const cut = make({ anchor: 'none', tamper: 'truncate', records: 30 });
    const r = verify(cut, []);
    for (const x of [whole, r]) {
      expect(x.verdict).toBe('unverifiable');
      expect(x.integrity).toBe('producer-chained');
      expect(x.reason).toBe('no-signed-head');
      expect(x.statement).toMatch(/NOT INDEPENDENTLY VERIFIABLE: .*truncated tail.* cannot be detected/);
      expect(x.findings.map((f) => f.code)).toContain('vendor-chain-not-independently-verifiable');
    }
    expect(r.lastSeq).toBe(27);
  });

  it('HMAC: no hash is recomputed, an edited record cannot show, and even a pinned head does not make it verified', () => {
    const g = make({ recipe: 'hmac-sha256', records: 20 });
    const r = verify(g);
    expect(r.recomputed).toBe(0);
    expect(r.head?.signature).toBe('pinned');
    expect(r.verdict).toBe('unverifiable');
    expect(r.reason).toBe('hmac');
    expect(r.statement).toMatch(/HMAC-SHA256 .* secret/);
    const edited = verify(make({ recipe: 'hmac-sha256', tamper: 'edit', records: 20 }));
    expect(edited.verdict).toBe('unverifiable');
    // what HMAC still lets one check: the links and the sequence
    expect(verify(make({ recipe: 'hmac-sha256', anchor: 'none', tamper: 'delete', records: 20 }), []).firstBreak?.code).toBe('link-broken');
  });
});

describe('head signatures', () => {
  const algs: Omit<ChainOptions, 'dir'>[] = [
    { anchor: 'ed25519' },
    { anchor: 'ecdsa-p256', ecdsaFormat: 'der' },
    { anchor: 'ecdsa-p256', ecdsaFormat: 'raw' },
    { anchor: 'rsa-pkcs1-sha256' },
  ];
  for (const a of algs)
    it(`${a.anchor}${a.ecdsaFormat ? ` (${a.ecdsaFormat})` : ''}: pinned → verified; other pinned key → invalid; claimed key only → unpinned`, () => {
      const g = make({ ...a, records: 12, claimKey: true });
      const ok = verify(g);
      expect(ok.verdict).toBe('verified');
      expect(ok.head).toMatchObject({ signature: 'pinned', algorithm: a.anchor, seq: 12 });
      expect(ok.head!.keyFingerprint).toBe(ok.pinnedKeys[0]);
      // the head names its own key, but the auditor pinned another: valid only under the vendor's claim
      const other = verify(g, [g.otherPinFile]);
      expect(other.verdict).toBe('unverifiable');
      expect(other.reason).toBe('unpinned-key');
      expect(other.head!.signature).toBe('unpinned');
      expect(verify(g, []).reason).toBe('unpinned-key');
      // with no claim in the head, another key is simply not the signer
      const bare = make({ ...a, records: 12 });
      expect(verify(bare, [bare.otherPinFile]).firstBreak?.code).toBe('vendor-head-signature-invalid');
      expect(verify(bare, []).reason).toBe('no-pinned-key');
    });

  it('every member of the head but the signature and the key is signed: a changed time breaks it', () => {
    const g = make({ records: 5 });
    const head = path.join(g.exportDir, 'head.json');
    const h = JSON.parse(readFileSync(head, 'utf8'));
    writeFileSync(head, JSON.stringify({ ...h, time: '2027-01-01T00:00:00Z' }));
    expect(verify(g).firstBreak?.code).toBe('vendor-head-signature-invalid');
    // while the layout of the file is not: the signed bytes are the RFC 8785 form
    writeFileSync(head, JSON.stringify({ signature: h.signature, records: h.records, time: h.time, hash: h.hash, seq: h.seq }));
    expect(verify(g).verdict).toBe('verified');
  });

  it('a key given inline (base64 SPKI) is a pin like a key file', () => {
    const g = make({ anchor: 'ecdsa-p256', records: 5 });
    const b64 = readFileSync(g.pinFile!, 'utf8').replace(/-----[^-]+-----|\s/g, '');
    expect(verifyVendorChainPath(g.exportDir, g.profileFile, [b64]).verdict).toBe('verified');
  });
});

describe('unusable exports name the file and line', () => {
  it('a line that is not JSON, a missing field, a hash that is not hex', () => {
    const g = make({ records: 10 });
    const file = path.join(g.exportDir, 'events.jsonl');
    const lines = readFileSync(file, 'utf8').split('\n');
    const at = (i: number, s: string): void => writeFileSync(file, [...lines.slice(0, i), s, ...lines.slice(i + 1)].join('\n'));
    const refusal = (): VendorChainInputError => {
      try {
        verify(g);
      } catch (e) {
        return e as VendorChainInputError;
      }
      throw new Error('accepted');
    };
    at(4, '{"seq": 5,');
    expect(refusal()).toMatchObject({ name: 'VendorChainInputError', file: 'events.jsonl', line: 5 });
    at(6, JSON.stringify({ ...JSON.parse(lines[6]!), ts: undefined }));
    expect(refusal().message).toMatch(/events\.jsonl line 7: the field "ts" is missing/);
    at(2, JSON.stringify({ ...JSON.parse(lines[2]!), hash: 'zz' }));
    expect(refusal().message).toMatch(/line 3: the field "hash" is not a 32-byte hash in hex/);
    at(3, '');
    expect(refusal().message).toMatch(/line 4 is blank/);
    at(1, '{"seq":2,"seq":3}');
    expect(refusal().message).toMatch(/line 2 cannot be read one way only/);
  });

  it('a CSV row with a wrong number of cells, and a hash column that is not last for raw-line', () => {
    const g = make({ framing: 'csv', records: 10 });
    const file = path.join(g.exportDir, 'events.csv');
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace(/\r\n6,[^\r]*/, '\r\n6,oops'));
    expect(() => verify(g)).toThrow(/events\.csv line 7 is not CSV as the profile declares/);
    writeFileSync(file, text.replace('prev_hash,hash', 'hash,prev_hash'));
    expect(() => verify(g)).toThrow(/line 1: the raw-line canonical form needs the hash column "hash" last/);
  });

  it('a line that is not UTF-8 is named', () => {
    const g = make({ records: 6 });
    const file = path.join(g.exportDir, 'events.jsonl');
    const b = readFileSync(file);
    const at = b.indexOf('user', b.indexOf('\n', b.indexOf('\n', b.indexOf('\n') + 1) + 1));
    b[at] = 0xff;
    writeFileSync(file, b);
    expect(() => verify(g)).toThrow(/events\.jsonl line 4 is not UTF-8 text/);
  });

  it('a signed head declared but absent, or without a signature', () => {
    const g = make({ records: 5 });
    const head = path.join(g.exportDir, 'head.json');
    const h = JSON.parse(readFileSync(head, 'utf8'));
    delete h.signature;
    writeFileSync(head, JSON.stringify(h));
    expect(() => verify(g)).toThrow(/The head file head\.json is not a signed head: signature/);
    writeFileSync(head, '{"seq": 5,\n "hash": }');
    expect(() => verify(g)).toThrow(/head\.json is not valid JSON at line 2/);
  });
});
