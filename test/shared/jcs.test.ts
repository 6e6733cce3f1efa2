import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { canonicalize, canonicalizeWithout, canonicalBytes, JcsError } from '../../shared/jcs';

const dir = path.resolve(__dirname, '../vectors/jcs');

describe('RFC 8785 conformance vectors (cyberphone/json-canonicalization testdata)', () => {
  const names = readdirSync(path.join(dir, 'input'))
    .filter((f) => f.endsWith('.json'))
    .sort();

  it('finds all six vector files', () => {
    expect(names).toEqual(['arrays.json', 'french.json', 'structures.json', 'unicode.json', 'values.json', 'weird.json']);
  });

  for (const name of names) {
    describe(name, () => {
      const input: unknown = JSON.parse(readFileSync(path.join(dir, 'input', name), 'utf8'));
      // The output files are the exact canonical bytes: none ends in a newline, and nothing is stripped here.
      const want = new Uint8Array(readFileSync(path.join(dir, 'output', name)));
      const hexText = readFileSync(path.join(dir, 'outhex', name.replace(/\.json$/, '.txt')), 'utf8');
      const wantFromHex = new Uint8Array(
        hexText
          .split(/\s+/)
          .filter((t) => t !== '')
          .map((t) => {
            expect(t).toMatch(/^[0-9a-f]{2}$/i);
            return parseInt(t, 16);
          }),
      );

      it('output file has no trailing newline (so exact comparison is honest)', () => {
        expect(want[want.length - 1]).not.toBe(0x0a);
      });

      it('canonical bytes equal output/ exactly', () => {
        expect(Buffer.from(canonicalBytes(input)).toString('utf8')).toBe(Buffer.from(want).toString('utf8'));
        expect(canonicalBytes(input)).toEqual(want);
      });

      it('canonical bytes equal outhex/ exactly', () => {
        expect(canonicalBytes(input)).toEqual(wantFromHex);
      });

      it('is idempotent: the canonical form canonicalizes to itself', () => {
        const once = canonicalize(input);
        expect(canonicalize(JSON.parse(once))).toBe(once);
      });
    });
  }
});

describe('numbers (ECMAScript Number::toString, RFC 8785 §3.2.2.3)', () => {
  const cases: Array<[number, string]> = [
    [0, '0'],
    [-0, '0'],
    [1, '1'],
    [-1.5, '-1.5'],
    [0.1 + 0.2, '0.30000000000000004'],
    [1e21, '1e+21'],
    [1e20, '100000000000000000000'],
    [123456789012345680000, '123456789012345680000'],
    [1e-6, '0.000001'],
    [1e-7, '1e-7'],
    [9.999999999999997e-7, '9.999999999999997e-7'],
    [5e-324, '5e-324'],
    [-5e-324, '-5e-324'],
    [2.2250738585072014e-308, '2.2250738585072014e-308'],
    [1.7976931348623157e308, '1.7976931348623157e+308'],
    [-1.7976931348623157e308, '-1.7976931348623157e+308'],
    [9007199254740992, '9007199254740992'],
    [9007199254740994, '9007199254740994'],
    [295147905179352830000, '295147905179352830000'],
    [333333333.3333333, '333333333.3333333'],
    [1e30, '1e+30'],
    [4.5, '4.5'],
    [0.002, '0.002'],
    [1e-27, '1e-27'],
  ];
  for (const [n, s] of cases) {
    it(`${Object.is(n, -0) ? '-0' : String(n)} → ${s}`, () => expect(canonicalize(n)).toBe(s));
  }

  it('parses and re-serializes number text as RFC 8785 Appendix B does', () => {
    expect(canonicalize(JSON.parse('[-0.0, 56.0, 1E30, 4.50, 2e-3, 0.000000000000000000000000001, 333333333.33333329, 9007199254740993]'))).toBe(
      '[0,56,1e+30,4.5,0.002,1e-27,333333333.3333333,9007199254740992]',
    );
  });

  // The reference generator (numgen.js in SOURCE-README.md) makes a deterministic stream of doubles; the file
  // "hex-ieee,expected\n" per line has published SHA-256 sums. Producing "expected" with our serializer and
  // matching the sum checks a million numbers, including every static edge case and 2000 subnormal neighbours.
  it('matches the published SHA-256 of the ES6 number test file (first 1,000,000 lines)', () => {
    const readme = readFileSync(path.join(dir, 'SOURCE-README.md'), 'utf8');
    const block = /staticU64s = new BigUint64Array\(\[([\s\S]*?)\]\)/.exec(readme);
    expect(block).not.toBeNull();
    const staticU64s = [...block![1]!.matchAll(/0x([0-9a-f]+)n/g)].map((m) => BigInt(`0x${m[1]!}`));
    expect(staticU64s.length).toBe(168);
    const sums = new Map<number, string>();
    for (const m of readme.matchAll(/\| ([0-9a-f]{64}) \| (\d+) +\|/g)) sums.set(Number(m[2]), m[1]!);
    expect(sums.get(1_000_000)).toBe('49415fee2c56c77864931bd3624faad425c3c577d6d74e89a83bc725506dad16');

    const u64 = new BigUint64Array(1);
    const f64 = new Float64Array(u64.buffer);
    let block32 = new Uint8Array(32);
    let pending: Float64Array = new Float64Array(0);
    let pos = 0;
    const next = (idx: number): number => {
      if (idx < staticU64s.length) {
        u64[0] = staticU64s[idx]!;
        return f64[0]!;
      }
      if (idx < staticU64s.length + 2000) {
        u64[0] = 0x0010000000000000n + BigInt(idx - staticU64s.length);
        return f64[0]!;
      }
      let f = 0;
      while (f === 0 || !Number.isFinite(f)) {
        if (pos >= pending.length) {
          block32 = new Uint8Array(createHash('sha256').update(block32).digest());
          pending = new Float64Array(block32.buffer.slice(0));
          pos = 0;
        }
        f = pending[pos++]!;
      }
      return f;
    };

    const hash = createHash('sha256');
    const lines = 1_000_000;
    let chunk = '';
    for (let i = 0; i < lines; i++) {
      const f = next(i);
      f64[0] = f;
      chunk += `${u64[0]!.toString(16)},${canonicalize(f)}\n`;
      if (chunk.length > 1 << 16) {
        hash.update(chunk);
        chunk = '';
      }
      if (i + 1 === 10_000) {
        hash.update(chunk);
        chunk = '';
        expect(hash.copy().digest('hex'), 'first 10,000 lines').toBe(sums.get(10_000));
      }
    }
    hash.update(chunk);
    expect(hash.digest('hex')).toBe(sums.get(lines));
  });
});

describe('strings and member order', () => {
  it('escapes exactly what RFC 8785 §3.2.2.2 requires, with lowercase \\u00xx', () => {
    expect(canonicalize('\u0000\u0001\u001f\b\t\n\f\r"\\/\u007f\u0080\u2028\u2029€😂')).toBe(
      '"\\u0000\\u0001\\u001f\\b\\t\\n\\f\\r\\"\\\\/\u007f\u0080\u2028\u2029€😂"',
    );
    expect(canonicalize('plain ascii')).toBe('"plain ascii"');
    expect(canonicalize('')).toBe('""');
  });

  it('encodes as UTF-8 without normalizing', () => {
    expect(canonicalBytes('A\u030a€😂')).toEqual(new Uint8Array([0x22, 0x41, 0xcc, 0x8a, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x82, 0x22]));
  });

  it('sorts members by UTF-16 code units (not code points, not locale), recursively', () => {
    // U+FB33 sorts after U+1F602 in UTF-16 (0xD83D < 0xFB33) although its code point is smaller
    expect(
      canonicalize({ '\ufb33': 2, '\ud83d\ude02': 1, '\u20ac': 0, b: 1, a: { d: [3, { z: 1, y: 2 }], c: null }, B: 0, '10': 1, '9': 2, '': 3 }),
    ).toBe('{"":3,"10":1,"9":2,"B":0,"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1,"\u20ac":0,"\ud83d\ude02":1,"\ufb33":2}');
  });

  it('writes literals, empty containers and arrays in order', () => {
    expect(canonicalize([null, true, false, [], {}, [[]], { a: {} }])).toBe('[null,true,false,[],{},[[]],{"a":{}}]');
    expect(canonicalize(null)).toBe('null');
  });

  it('treats a "__proto__" member from JSON.parse as an ordinary member', () => {
    expect(canonicalize(JSON.parse('{"b":2,"__proto__":{"a":1}}'))).toBe('{"__proto__":{"a":1},"b":2}');
  });

  it('accepts a null-prototype object', () => {
    const o = Object.create(null) as Record<string, unknown>;
    o.b = 1;
    o.a = 2;
    expect(canonicalize(o)).toBe('{"a":2,"b":1}');
  });
});

describe('refusals (JcsError)', () => {
  const bad: Array<[string, unknown]> = [
    ['NaN', NaN],
    ['Infinity', Infinity],
    ['-Infinity', -Infinity],
    ['undefined', undefined],
    ['a function', () => 1],
    ['a symbol', Symbol('x')],
    ['a bigint', 10n],
    ['an undefined member', { a: undefined }],
    ['an undefined array element', [1, undefined]],
    ['an array hole', [1, , 3]], // eslint-disable-line no-sparse-arrays
    ['a lone high surrogate', '\ud800'],
    ['a lone high surrogate before a normal character', 'a\ud83dz'],
    ['a lone low surrogate', 'x\udc00'],
    ['reversed surrogates', '\ude02\ud83d'],
    ['a lone surrogate at the very end after a valid pair', '\ud83d\ude02\ud83d'],
    ['a lone surrogate in a member name', { '\udc00x': 1 }],
    ['a Date', new Date(0)],
    ['a Map', new Map()],
    ['a typed array', new Uint8Array(2)],
    ['a class instance', new (class Foo {})()],
    ['NaN deep inside', { a: [1, { b: [NaN] }] }],
  ];
  for (const [what, v] of bad) {
    it(`refuses ${what}`, () => {
      expect(() => canonicalize(v)).toThrow(JcsError);
      expect(() => canonicalBytes(v)).toThrow(JcsError);
    });
  }

  it('says where the problem is and what it is', () => {
    try {
      canonicalize({ a: [1, { 'b c': [2, NaN] }] });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(JcsError);
      const j = e as JcsError;
      expect(j.path).toBe('$.a[1]["b c"][1]');
      expect(j.reason).toMatch(/NaN is not a JSON number/);
      expect(j.message).toBe(`cannot canonicalize $.a[1]["b c"][1]: ${j.reason}`);
    }
    expect(() => canonicalize({ x: { 'k\ud800': 1 } })).toThrow(
      /\$\.x\["k\\ud800"\]: the member name contains an unpaired UTF-16 surrogate \(\\uD800 at character 1\)/,
    );
    expect(() => canonicalize({ x: 'ok', y: 'a\udfff' })).toThrow(
      /\$\.y: the string contains an unpaired UTF-16 surrogate \(\\uDFFF at character 1\)/,
    );
  });

  it('refuses a cyclic object and absurd nesting with a message, not a stack overflow', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    expect(() => canonicalize(cyclic)).toThrow(/nested more than 500 levels deep/);
    const deep = JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`);
    expect(() => canonicalize(deep)).toThrow(JcsError);
    const ok = JSON.parse(`${'['.repeat(400)}1${']'.repeat(400)}`);
    expect(canonicalize(ok)).toBe(`${'['.repeat(400)}1${']'.repeat(400)}`);
  });
});

describe('canonicalizeWithout', () => {
  it('omits one top-level member, without copying or changing the object', () => {
    const e = { seq: 1, hash: 'ab', prev_hash: 'cd', action: 'login', details: { hash: 'kept' } };
    const before = JSON.stringify(e);
    expect(canonicalizeWithout(e, 'hash')).toBe('{"action":"login","details":{"hash":"kept"},"prev_hash":"cd","seq":1}');
    expect(JSON.stringify(e)).toBe(before);
  });

  it('equals canonicalize of the object with the member deleted', () => {
    const samples = [
      { hash: 1 },
      {},
      { a: 1 },
      { z: [1, 2, { hash: 3 }], hash: null, y: 'é', '\u20ac': true },
      { hash: undefined, a: 1 }, // the omitted member is never looked at
    ];
    for (const s of samples) {
      const copy: Record<string, unknown> = { ...s };
      delete copy.hash;
      expect(canonicalizeWithout(s, 'hash')).toBe(canonicalize(copy));
    }
  });

  it('refuses a non-object and reports problems in other members', () => {
    expect(() => canonicalizeWithout([1] as unknown as Record<string, unknown>, 'hash')).toThrow(JcsError);
    expect(() => canonicalizeWithout(null as unknown as Record<string, unknown>, 'hash')).toThrow(JcsError);
    expect(() => canonicalizeWithout('x' as unknown as Record<string, unknown>, 'hash')).toThrow(JcsError);
    expect(() => canonicalizeWithout({ hash: 'x', n: Infinity }, 'hash')).toThrow(/\$\.n: Infinity is not a JSON number/);
  });
});
