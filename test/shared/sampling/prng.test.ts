import { createHash } from 'node:crypto';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SeededRandom, deriveSeed, seedMaterial } from '../../../shared/sampling/prng';
import { simpleRandom, systematic } from '../../../shared/sampling/select';
import { SamplingError } from '../../../shared/sampling/errors';

// An independent implementation of docs/sampling-algorithm.md §2–3, on Node's own SHA-256 and BigInt.
class Reference {
  private i = 0n;
  private words: bigint[] = [];
  used = 0;
  constructor(private readonly seed: string) {}
  word(): bigint {
    if (this.words.length === 0) {
      const counter = Buffer.alloc(8);
      counter.writeBigUInt64BE(this.i++);
      const block = createHash('sha256')
        .update(Buffer.concat([Buffer.from(this.seed, 'utf8'), Buffer.from([0]), counter]))
        .digest();
      for (let j = 0; j < 32; j += 8) this.words.push(block.readBigUInt64BE(j));
    }
    this.used++;
    return this.words.shift() as bigint;
  }
  below(n: number): number {
    const N = BigInt(n);
    const limit = ((1n << 64n) / N) * N;
    for (;;) {
      const w = this.word();
      if (w < limit) return Number(w % N);
    }
  }
}

const VECTOR_SEED = 'tickmark-test-vector';
const VECTOR = [371673, 423269, 164611, 698060, 790503];
const DOC_RAW = readFileSync(new URL('../../../docs/sampling-algorithm.md', import.meta.url), 'utf8');
/** The doc with line wrapping undone, for checking that it quotes the vectors. */
const DOC = DOC_RAW.replace(/\s+/g, ' ');

describe('SeededRandom', () => {
  it('produces the documented test vector', () => {
    const rng = new SeededRandom(VECTOR_SEED);
    expect(Array.from({ length: 5 }, () => rng.nextBelow(1_000_000))).toEqual(VECTOR);
    expect(rng.drawsUsed).toBe(5);
    expect(DOC).toContain(VECTOR.join(', '));
  });

  it('matches an independent implementation word for word', () => {
    const rng = new SeededRandom(VECTOR_SEED);
    const ref = new Reference(VECTOR_SEED);
    const words = Array.from({ length: 5 }, () => rng.nextWord());
    expect(words).toEqual(Array.from({ length: 5 }, () => ref.word()));
    expect(words.map((w) => `0x${w.toString(16).padStart(16, '0')}`).join(', ')).toBe(
      '0xf7f62b77a56aea99, 0xb780be16127b9565, 0x0080f58b8dbc8183, 0xac35c9f4bdbc290c, 0x0d21d18b725bc327',
    );
    for (const seed of ['a', 'é ünïcödé 🎲', 'x'.repeat(200)]) {
      const a = new SeededRandom(seed);
      const b = new Reference(seed);
      for (const n of [1, 2, 3, 10, 1000, 1_000_003, 2 ** 32 + 15, 2 ** 53 - 1, 2 ** 53]) {
        const got = Array.from({ length: 25 }, () => a.nextBelow(n));
        expect(got).toEqual(Array.from({ length: 25 }, () => b.below(n)));
      }
      expect(a.drawsUsed).toBe(b.used);
    }
  });

  it('rejects words at or above ⌊2^64/n⌋·n, exactly as documented', () => {
    // n = 3·2^51: limit = 2730·n = 2^64 − 2^52, so about 1 word in 4096 is discarded
    const n = 3 * 2 ** 51;
    const rng = new SeededRandom('rejection-path');
    const ref = new Reference('rejection-path');
    const got = Array.from({ length: 40_000 }, () => rng.nextBelow(n));
    const want = Array.from({ length: 40_000 }, () => ref.below(n));
    expect(got).toEqual(want);
    expect(rng.drawsUsed).toBe(ref.used);
    expect(rng.drawsUsed).toBeGreaterThan(40_000); // some words were discarded
  });

  it('is uniform (chi-square over 200,000 draws, fixed seed so it cannot flake)', () => {
    const critical99 = { 9: 21.666, 19: 36.191 } as const; // χ² 0.99 quantiles
    for (const [n, buckets] of [
      [10, 10],
      [20, 20],
      [3 * 2 ** 51, 10],
      [1_000_003, 10],
    ] as const) {
      const rng = new SeededRandom(`uniformity-${n}`);
      const counts = new Array<number>(buckets).fill(0);
      const draws = 200_000;
      let outOfRange = 0;
      for (let i = 0; i < draws; i++) {
        const v = rng.nextBelow(n);
        if (!(v >= 0 && v < n && Number.isInteger(v))) outOfRange++;
        counts[Math.floor((v / n) * buckets)]!++;
      }
      expect(outOfRange).toBe(0);
      const expected = draws / buckets;
      const chi2 = counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
      expect(chi2).toBeLessThan(buckets === 10 ? critical99[9] : critical99[19]);
    }
  });

  it('refuses bad arguments', () => {
    expect(() => new SeededRandom('')).toThrow(SamplingError);
    const rng = new SeededRandom('x');
    for (const bad of [0, -1, 1.5, 2 ** 53 + 2, Number.NaN, Infinity]) expect(() => rng.nextBelow(bad)).toThrow(SamplingError);
    expect(rng.nextBelow(1)).toBe(0);
    expect(rng.drawsUsed).toBe(1);
  });
});

describe('deriveSeed', () => {
  const heads = ['b'.repeat(64), 'a'.repeat(64), '0123456789abcdef'.repeat(4)];
  const auditorValue = 'FY2025 walkthrough, dice 4-2-6';

  it('hashes the sorted heads, a line feed each, then the auditor value', () => {
    expect(seedMaterial({ chainHeads: heads, auditorValue })).toBe(
      `${'0123456789abcdef'.repeat(4)}\n${'a'.repeat(64)}\n${'b'.repeat(64)}\n${auditorValue}`,
    );
    const seed = deriveSeed({ chainHeads: heads, auditorValue });
    expect(seed).toBe('9bd9c3c34ab6f8aa40fd5c8e568bb968ae9abf21fe2a850abfa78602485100b8');
    expect(seed).toBe(
      createHash('sha256')
        .update(seedMaterial({ chainHeads: heads, auditorValue }), 'utf8')
        .digest('hex'),
    );
    expect(DOC).toContain(seed);
  });

  it('does not depend on the order or case of the heads, but on every head and the value', () => {
    const seed = deriveSeed({ chainHeads: heads, auditorValue });
    expect(deriveSeed({ chainHeads: [...heads].reverse().map((h) => h.toUpperCase()), auditorValue })).toBe(seed);
    expect(deriveSeed({ chainHeads: heads.slice(1), auditorValue })).not.toBe(seed);
    expect(deriveSeed({ chainHeads: heads, auditorValue: `${auditorValue}.` })).not.toBe(seed);
  });

  it('refuses malformed parts', () => {
    expect(() => deriveSeed({ chainHeads: [], auditorValue })).toThrow(SamplingError);
    expect(() => deriveSeed({ chainHeads: ['abc'], auditorValue })).toThrow(/64 hexadecimal/);
    expect(() => deriveSeed({ chainHeads: heads, auditorValue: '' })).toThrow(SamplingError);
    expect(() => deriveSeed({ chainHeads: heads, auditorValue: `x\n${'c'.repeat(64)}` })).toThrow(/control characters/);
    expect(() => deriveSeed({ chainHeads: heads, auditorValue: ' padded' })).toThrow(SamplingError);
  });
});

describe('the Python re-performance snippet in docs/sampling-algorithm.md', () => {
  const python = spawnSync('python3', ['--version'], { encoding: 'utf8' });
  const hasPython = python.status === 0;
  const title = hasPython
    ? 'reproduces the TypeScript selections when run with python3'
    : 'reproduces the TypeScript selections (SKIPPED: python3 is not installed on this machine)';

  it.skipIf(!hasPython)(title, () => {
    const match = /```python reperform\n([\s\S]*?)```/.exec(DOC_RAW);
    expect(match, 'the doc must contain a ```python reperform block').not.toBeNull();
    const code = match![1]!;
    expect(code.split('\n').filter((l) => l.trim() !== '').length).toBeLessThanOrEqual(30);
    const dir = mkdtempSync(join(tmpdir(), 'tickmark-reperform-'));
    try {
      const file = join(dir, 'reperform.py');
      writeFileSync(file, code);
      const run = (seed: string, N: number, n: number): number[] =>
        execFileSync('python3', [file, seed, String(N), String(n)], { encoding: 'utf8' })
          .trim()
          .split(/\s+/)
          .filter(Boolean)
          .map(Number);
      const seed = deriveSeed({
        chainHeads: ['b'.repeat(64), 'a'.repeat(64), '0123456789abcdef'.repeat(4)],
        auditorValue: 'FY2025 walkthrough, dice 4-2-6',
      });
      const cases: [string, number, number][] = [
        [seed, 10_000_000, 5],
        [VECTOR_SEED, 1_000_000, 5],
        ['é ünïcödé 🎲', 1000, 40],
        ['small', 12, 12],
        [seed, 3 * 2 ** 51, 30],
      ];
      for (const [s, N, n] of cases) {
        expect(run(s, N, n)).toEqual(simpleRandom(new SeededRandom(s), N, n).indices);
      }
      expect(run(VECTOR_SEED, 1_000_000, 5)).toEqual(VECTOR); // no duplicates among the first five
      expect(DOC).toContain(simpleRandom(new SeededRandom(seed), 10_000_000, 5).indices.join(', '));
      // the one-line systematic recipe given under the snippet
      const sys = execFileSync(
        'python3',
        [
          '-c',
          `import sys; sys.path.insert(0, ${JSON.stringify(dir)}); from reperform import *\nseed, N, n = ${JSON.stringify(seed)}, 10000000, 7\ns = next_below(words(seed), N); items = [(s + i * N) // n for i in range(n)]\nprint(*items)`,
        ],
        { encoding: 'utf8' },
      )
        .trim()
        .split(/\s+/)
        .map(Number);
      expect(sys).toEqual(systematic(new SeededRandom(seed), 10_000_000, 7).indices);
      expect(DOC).toContain(sys.join(', '));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
