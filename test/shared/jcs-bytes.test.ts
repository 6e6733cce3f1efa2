// The fast path must never disagree with the reference path: for any line, it either gives exactly the
// bytes and fields that JSON.parse + shared/event.ts + shared/jcs.ts give, or says it is not sure. The
// same holds for the WebAssembly canonicalizer the workers try first (electron/engine/wasm): every line
// here goes through it too, and where it answers it must give what jcs-bytes.ts gives.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { canonicalEvent, newEventScan, type EventScan } from '../../shared/jcs-bytes';
import { wasmLine } from '../helpers/wasm-line';
import { canonicalizeWithout } from '../../shared/jcs';
import { parseEventLine } from '../../shared/event';
import { SeededRandom } from '../../shared/sampling/prng';

const root = path.resolve(__dirname, '../..');

/** The reference answer for a line: C and the fields, or null when the line is not a usable event. */
function reference(line: string): { c: string; seq: number; ts: string; tsMs: number; prev: string; hash: string } | null {
  try {
    // the line as the engine reads it: its UTF-8 bytes decoded (a lone surrogate in a test string is
    // U+FFFD by then, as it is for the fast path)
    const e = parseEventLine(Buffer.from(line, 'utf8').toString('utf8'));
    return { c: canonicalizeWithout(e.obj, 'hash'), seq: e.fields.seq, ts: e.fields.ts, tsMs: e.fields.tsMs, prev: e.prevHash, hash: e.hash };
  } catch {
    return null;
  }
}

const wasmCount = { asked: 0, sure: 0 };

/** Everything a scan found, as text, read from the buffer it refers to. */
function scanned(buf: Buffer, r: EventScan, c: string): string[] {
  const text = (a: number, e: number): string => (a < 0 ? '-' : buf.toString('utf8', a, e));
  return [
    c,
    String(r.seq),
    String(r.tsMs),
    text(r.tsAt, r.tsEnd),
    text(r.prevAt, r.prevAt + 64),
    text(r.hashAt, r.hashAt + 64),
    String(r.category),
    String(r.outcome),
    String(r.mfa),
    text(r.actionAt, r.actionEnd),
    text(r.actorIdAt, r.actorIdEnd),
    text(r.actorTypeAt, r.actorTypeEnd),
    text(r.targetAt, r.targetEnd),
  ];
}

/** The WebAssembly canonicalizer on the line, as the workers run it (C before the line in its memory,
 *  other bytes after it): what it found, or null when it is not sure. */
function viaWasm(b: Buffer): string[] | null {
  const w = wasmLine(b);
  wasmCount.asked++;
  if (w.n < 0) return null;
  wasmCount.sure++;
  return scanned(w.mem, w.res, w.c);
}

function fast(line: string): { c: string; seq: number; ts: string; tsMs: number; prev: string; hash: string } | null {
  const b = Buffer.from(line, 'utf8');
  const out = Buffer.alloc(b.length + 8);
  const r = newEventScan();
  const n = canonicalEvent(b, 0, b.length, out, 1, r);
  // the same line written in place: C before the line in one buffer, as the verifier's workers do
  const room = b.length + 1;
  const one = Buffer.alloc(room + b.length);
  b.copy(one, room);
  const inPlace = canonicalEvent(one, room, room + b.length, one, 1, newEventScan());
  expect(inPlace, line).toBe(n);
  const w = viaWasm(b);
  if (n < 0) {
    expect(w, line).toBeNull();
    return null;
  }
  expect(one.toString('utf8', 1, 1 + n), line).toBe(out.toString('utf8', 1, 1 + n));
  if (w !== null) expect(w, line).toEqual(scanned(b, r, out.toString('utf8', 1, 1 + n)));
  return {
    c: out.toString('utf8', 1, 1 + n),
    seq: r.seq,
    ts: b.toString('latin1', r.tsAt, r.tsEnd),
    tsMs: r.tsMs,
    prev: b.toString('latin1', r.prevAt, r.prevAt + 64),
    hash: b.toString('latin1', r.hashAt, r.hashAt + 64),
  };
}

/** Fast agrees with reference, or is not sure. Returns whether fast answered. */
function agree(line: string): boolean {
  const f = fast(line);
  if (f === null) return false;
  expect(f, line).toEqual(reference(line));
  return true;
}

describe("canonical bytes from a line's bytes (the verification fast path)", () => {
  it('agrees with the reference path on every line of the sample engagement, and answers for all of them', () => {
    for (const s of ['auth', 'phi-access', 'admin']) {
      const lines = readFileSync(path.join(root, `resources/sample-engagement/streams/${s}.jsonl`), 'utf8')
        .trimEnd()
        .split('\n');
      for (const l of lines) {
        expect(agree(l), l).toBe(true);
        expect(viaWasm(Buffer.from(l)), l).not.toBeNull(); // the workers' first try answers for real exports
      }
    }
  });

  const base = {
    seq: 7,
    ts: '2026-03-01T12:00:00.250Z',
    category: 'phi_access',
    action: 'record.read',
    actor: { type: 'user', id: 'u-1', name: 'Zoë Ünal' },
    outcome: 'success',
    prev_hash: 'a'.repeat(64),
    hash: 'b'.repeat(64),
  };
  const line = (o: object): string => JSON.stringify(o);

  it('handles key order, whitespace and nesting as RFC 8785 does', () => {
    expect(agree(line(base))).toBe(true);
    expect(agree(JSON.stringify(base, null, 1).replace(/\n/g, ' '))).toBe(true);
    expect(agree(line({ zz: [3, { b: 1, a: [true, false, null] }], ...base, details: { '': 0, z: 'x', a: -1.5e-7 } }))).toBe(true);
    const { hash, ...rest } = base;
    expect(agree(line({ hash, ...rest }))).toBe(true); // `hash` first: its comma follows it
    expect(agree(`  ${line(base)}\t`)).toBe(true);
  });

  it('sorts members right when an earlier line had the same key prefixes in another order (the kept orders are checked)', () => {
    // keys alike in their first four bytes: the kept order of one shape must not be taken for the other
    const a = line({ ...base, details: { abcdz: 1, abcda: 2, abcdm: { abcdy: 0, abcdb: 1 } } });
    const b = line({ ...base, details: { abcda: 1, abcdz: 2, abcdm: { abcdb: 0, abcdy: 1 } } });
    for (const l of [a, b, a, a, b, b, a]) expect(agree(l), l).toBe(true);
    // and a member seen twice is a duplicate whatever order was kept
    expect(agree(a.replace('"abcda":2', '"abcdz":2'))).toBe(false);
  });

  it('is not sure — and never wrong — where JCS would write a value differently', () => {
    const b = line(base);
    const variants = [
      b.replace('"u-1"', '"u\\/1"'), // an escaped solidus
      b.replace('Zoë', 'Zo\\u00eb'), // an escaped non-ASCII character
      b.replace('Zoë', 'Zo\\u001F'), // uppercase hex escape
      b.replace('"seq":7', '"seq":7.0'),
      b.replace('"seq":7', '"seq":7e0'),
      b.replace('"seq":7', '"seq":-0'),
      b.replace('"u-1"', '"u-1","n":1e21'), // JCS writes 1e+21
      b.replace('"outcome"', '"outcome":"x","outcome"'), // a duplicate key
      b.replace('"actor"', '"\\u0061ctor"'), // an escaped key
      b.replace('"name"', '"nämé"'), // a non-ASCII key
    ];
    for (const v of variants) expect(agree(v), v).toBe(false);
    // escapes JCS itself writes are copied as they are
    expect(agree(b.replace('Zoë', 'Zo\\n\\"\\\\\\u001f'))).toBe(true);
    expect(agree(b.replace('"u-1"', '"u-1","n":[1e-7,1.5,-0.001,9007199254740991,4503599627370495.5]'))).toBe(true);
    // a whole number beyond ±(2^53 − 1) is not I-JSON, even in shortest form: not sure, and the reference refuses it
    for (const big of ['1e+21', '123456789012345680000', '9007199254740992', '-9007199254740994']) {
      const v = b.replace('"u-1"', `"u-1","n":${big}`);
      expect(agree(v), v).toBe(false);
      expect(reference(v), v).toBeNull();
    }
  });

  it('is not sure of anything the reference path rejects', () => {
    const b = line(base);
    const bad = [
      '',
      '{}',
      '[]',
      'null',
      b.slice(0, -1),
      `${b}x`,
      b.replace('"seq":7', '"seq":-7'),
      b.replace('"seq":7', '"seq":"7"'),
      b.replace('phi_access', 'phi'),
      b.replace('success', 'ok'),
      b.replace('"action":"record.read"', '"action":""'),
      b.replace('"id":"u-1"', '"id":1'),
      b.replace('a'.repeat(64), 'A'.repeat(64)),
      b.replace('b'.repeat(64), 'b'.repeat(63)),
      b.replace('2026-03-01T12:00:00.250Z', '2026-02-30T12:00:00Z'),
      b.replace('"ts"', '"tz"'),
      b.replace('ë', '\u0001'),
      b.replace('"seq":7', '"seq":07'),
      b.replace('"seq":7', '"seq":7,"mfa":tru'),
    ];
    for (const v of bad) {
      expect(fast(v), v).toBeNull();
    }
  });

  it('reads timestamps exactly as shared/time.ts does, the common UTC forms from the bytes and the rest by the definition', () => {
    const rnd = new SeededRandom('jcs-bytes-time');
    const two = (n: number): string => String(n).padStart(2, '0');
    const b = line(base);
    let fastForm = 0;
    for (let n = 0; n < 4000; n++) {
      const y = [1970, 2000, 2024, 2026, 2100, 1900, 99, 9999][rnd.nextBelow(8)]!;
      const mo = rnd.nextBelow(14);
      const d = rnd.nextBelow(33);
      const h = rnd.nextBelow(26);
      const mi = rnd.nextBelow(62);
      const se = rnd.nextBelow(62);
      const frac = ['', '.5', '.25', '.123', '.1234', '.123456789', '.1234567890', '.', '.x1'][rnd.nextBelow(9)]!;
      const zone = ['Z', 'z', '+01:30', '-05:00', '+24:00', '', 'ZZ'][rnd.nextBelow(7)]!;
      const t = ['T', 't', ' '][rnd.nextBelow(3)]!;
      const ts = `${String(y).padStart(4, '0')}-${two(mo)}-${two(d)}${t}${two(h)}:${two(mi)}:${two(se)}${frac}${zone}`;
      const l = b.replace('2026-03-01T12:00:00.250Z', ts);
      const ref = reference(l);
      const f = fast(l);
      if (ref === null) expect(f, ts).toBeNull();
      else if (f !== null) {
        expect(f.tsMs, ts).toBe(ref.tsMs);
        if (/^\d{4}-\d\d-\d\d[Tt]\d\d:\d\d:\d\d(\.\d{1,9})?[Zz]$/.test(ts)) fastForm++;
      }
    }
    expect(fastForm).toBeGreaterThan(300);
  });

  it('agrees with the reference path on thousands of random records and their mutations', () => {
    const rnd = new SeededRandom('jcs-bytes-property');
    const pick = <T>(xs: readonly T[]): T => xs[rnd.nextBelow(xs.length)]!;
    const atoms = ['', 'a', 'Zoë', 'line\nbreak', 'tab\there', 'quote"', 'back\\slash', '\u0007', '€', '😀', '/', 'A'.repeat(40)];
    const numbers = [0, 1, -1, 0.5, -2.25, 1e-7, 1e21, 123456789, 2 ** 53 + 2, 3.14159, 1e300];
    const keys = ['a', 'b', 'B', '_', 'id', 'type', 'z1', 'z10', 'z2', 'detail', 'AA', 'a_b'];
    const value = (d: number): unknown => {
      const k = rnd.nextBelow(d > 2 ? 4 : 7);
      if (k === 0) return pick(atoms);
      if (k === 1) return pick(numbers);
      if (k === 2) return pick([true, false, null]);
      if (k === 3) return rnd.nextBelow(1000);
      if (k === 4) return Array.from({ length: rnd.nextBelow(4) }, () => value(d + 1));
      return Object.fromEntries(Array.from({ length: rnd.nextBelow(5) }, () => [pick(keys), value(d + 1)]));
    };
    const mutate = (s: string): string => {
      const i = rnd.nextBelow(s.length);
      const m = rnd.nextBelow(4);
      if (m === 0) return s.slice(0, i) + s.slice(i + 1);
      if (m === 1) return s.slice(0, i) + pick([' ', ',', '"', '\\', '{', '}', '0', 'e', '.', '-']) + s.slice(i);
      if (m === 2) return s.slice(0, i) + s.slice(i, i + 1).toUpperCase() + s.slice(i + 1);
      return s.replace(/,/, ' , ');
    };
    let answered = 0;
    let mutatedAnswered = 0;
    for (let n = 0; n < 3000; n++) {
      const o: Record<string, unknown> = { ...base, seq: rnd.nextBelow(1e6) };
      for (let k = rnd.nextBelow(6); k > 0; k--) o[pick(keys)] = value(0);
      // members in a random order
      const entries = Object.entries(o);
      for (let i = entries.length - 1; i > 0; i--) {
        const j = rnd.nextBelow(i + 1);
        [entries[i], entries[j]] = [entries[j]!, entries[i]!];
      }
      const l = JSON.stringify(Object.fromEntries(entries));
      if (agree(l)) answered++;
      if (agree(mutate(l))) mutatedAnswered++;
    }
    // the property is not vacuous: the fast path answers for most well-formed records, and some mutations;
    // so does the WebAssembly one, which leaves numbers other than plain integers to jcs-bytes.ts
    expect(answered).toBeGreaterThan(2000);
    expect(mutatedAnswered).toBeGreaterThan(100);
    expect(wasmCount.sure).toBeGreaterThan(wasmCount.asked / 4);
  });
});
