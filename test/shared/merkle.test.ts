import { describe, expect, it } from 'vitest';
import { createHash, hash as oneShotHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import {
  MerkleAccumulator,
  MerkleError,
  alignedSubtrees,
  consistencyProof,
  consistencyProofRanges,
  defaultHasher,
  foldFrontier,
  inclusionProof,
  inclusionProofRanges,
  merkleHasher,
  rootFromInclusionProof,
  rootFromLeafHashes,
  verifyConsistency,
  verifyInclusion,
  type MerkleHasher,
  type ProofCheck,
} from '../../shared/merkle';
import { EncodingError, bytesEqual, concatBytes, fromBase64, fromHex, toBase64, toHex, utf8Encode } from '../../shared/hex';

const vectors = path.resolve(__dirname, '../vectors');

// node:crypto's one-shot hash keeps the many thousands of proofs below quick; a view, not a Buffer, so that
// deep equality with other Uint8Arrays holds
const nodeSha256 = (d: Uint8Array): Uint8Array => {
  const b = oneShotHash('sha256', d, 'buffer');
  return new Uint8Array(b.buffer, b.byteOffset, b.length);
};
const h: MerkleHasher = merkleHasher(nodeSha256);

// ---------------------------------------------------------------------------------------------------------
// An independent implementation, straight from RFC 9162 §2.1's recursive definitions, hashing with node:crypto
// directly (not through merkleHasher). `node(lo, hi)` stands for MTH(D[lo:hi]); with it returning the range
// itself the same recursion gives the expected proof ranges.

function sha(...parts: Uint8Array[]): Uint8Array {
  const c = createHash('sha256');
  for (const p of parts) c.update(p);
  return new Uint8Array(c.digest());
}

/** "the largest power of two smaller than n" (n > 1) */
function kFor(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** PATH(m, D[lo:hi]), with m relative to lo */
function naivePath<T>(node: (lo: number, hi: number) => T, m: number, lo: number, hi: number): T[] {
  const n = hi - lo;
  if (n === 1) return [];
  const k = kFor(n);
  return m < k ? [...naivePath(node, m, lo, lo + k), node(lo + k, hi)] : [...naivePath(node, m - k, lo + k, hi), node(lo, lo + k)];
}

/** SUBPROOF(m, D[lo:hi], b), with m relative to lo */
function naiveSubproof<T>(node: (lo: number, hi: number) => T, m: number, lo: number, hi: number, b: boolean): T[] {
  const n = hi - lo;
  if (m === n) return b ? [] : [node(lo, hi)];
  const k = kFor(n);
  return m <= k ? [...naiveSubproof(node, m, lo, lo + k, b), node(lo + k, hi)] : [...naiveSubproof(node, m - k, lo + k, hi, false), node(lo, lo + k)];
}

const asRange = (lo: number, hi: number): [number, number] => [lo, hi];

// A proof does not state the tree size: a proof checked against a different size is computed the same way,
// and reaches the same root, exactly when that size gives the same sequence of left/right siblings. These
// shapes say which wrong sizes must be refused.
function inclusionShape(i: number, n: number): string {
  return naivePath(asRange, i, 0, n)
    .map(([, b]) => (b <= i ? 'L' : 'R'))
    .join('');
}
function consistencyShape(m: number, n: number): string {
  if (m === n) return '=';
  // the seed is root1 itself when m is a power of two, otherwise the first proof hash; then each hash is
  // folded in from the left (inside the old tree) or from the right (only into the new root)
  let x = m;
  while (x % 2 === 0) x /= 2;
  const seedGiven = x !== 1; // m is not a power of two
  return `${seedGiven ? 'S' : 'r'}${naiveSubproof(asRange, m, 0, n, true)
    .slice(seedGiven ? 1 : 0)
    .map(([, b]) => (b <= m ? 'L' : 'R'))
    .join('')}`;
}

class NaiveTree {
  private readonly memo = new Map<string, Uint8Array>();
  constructor(readonly D: readonly Uint8Array[]) {}

  /** MTH(D[lo:hi]) */
  mth = (lo: number, hi: number): Uint8Array => {
    const key = `${lo}:${hi}`;
    let r = this.memo.get(key);
    if (r) return r;
    const n = hi - lo;
    if (n === 0) r = sha();
    else if (n === 1) r = sha(Uint8Array.of(0), this.D[lo]!);
    else {
      const k = kFor(n);
      r = sha(Uint8Array.of(1), this.mth(lo, lo + k), this.mth(lo + k, hi));
    }
    this.memo.set(key, r);
    return r;
  };

  path(m: number, n: number): Uint8Array[] {
    return naivePath(this.mth, m, 0, n);
  }

  proof(m: number, n: number): Uint8Array[] {
    return naiveSubproof(this.mth, m, 0, n, true);
  }
}

const N = 300;
const leafData = Array.from({ length: N }, (_, i) => utf8Encode(`leaf ${i}`));
const naive = new NaiveTree(leafData);
const leafHashes = leafData.map((d) => h.hashLeaf(d));

function flipBit(b: Uint8Array, bit: number): Uint8Array {
  const c = b.slice();
  c[Math.floor(bit / 8) % c.length]! ^= 1 << (bit % 8);
  return c;
}

function b64(s: string | null | undefined): Uint8Array {
  return s == null ? new Uint8Array(0) : fromBase64(s);
}

function walk(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((f) => {
      const p = path.join(dir, f);
      return statSync(p).isDirectory() ? walk(p) : p.endsWith('.json') ? [p] : [];
    });
}

// ---------------------------------------------------------------------------------------------------------

describe('transparency-dev/merkle vectors', () => {
  const base = path.join(vectors, 'merkle/testdata');

  describe('inclusion', () => {
    const files = walk(path.join(base, 'inclusion'));
    it('finds all 98 inclusion vectors', () => expect(files.length).toBe(98));
    for (const f of files) {
      const v = JSON.parse(readFileSync(f, 'utf8')) as {
        leafIdx: number;
        treeSize: number;
        root: string | null;
        leafHash: string | null;
        proof: string[] | null;
        desc: string;
        wantErr: boolean;
      };
      it(`${path.relative(base, f)}: ${v.desc} → ${v.wantErr ? 'rejected' : 'verifies'}`, () => {
        const proof = (v.proof ?? []).map(b64);
        const got = verifyInclusion(defaultHasher, v.leafIdx, v.treeSize, b64(v.leafHash), proof, b64(v.root));
        if (v.wantErr) {
          expect(got.ok).toBe(false);
          if (!got.ok) expect(got.reason.length).toBeGreaterThan(10);
        } else {
          expect(got).toEqual({ ok: true });
          expect(rootFromInclusionProof(defaultHasher, v.leafIdx, v.treeSize, b64(v.leafHash), proof)).toEqual(b64(v.root));
        }
      });
    }
  });

  describe('consistency', () => {
    const files = walk(path.join(base, 'consistency'));
    it('finds all 98 consistency vectors', () => expect(files.length).toBe(98));
    for (const f of files) {
      const v = JSON.parse(readFileSync(f, 'utf8')) as {
        size1: number;
        size2: number;
        root1: string | null;
        root2: string | null;
        proof: string[] | null;
        desc: string;
        wantErr: boolean;
      };
      it(`${path.relative(base, f)}: ${v.desc} → ${v.wantErr ? 'rejected' : 'verifies'}`, () => {
        const got = verifyConsistency(defaultHasher, v.size1, v.size2, (v.proof ?? []).map(b64), b64(v.root1), b64(v.root2));
        if (v.wantErr) expect(got.ok).toBe(false);
        else expect(got).toEqual({ ok: true });
      });
    }
  });
});

describe('RFC 6962 roots and hasher vectors', () => {
  const v = JSON.parse(readFileSync(path.join(vectors, 'rfc6962/rfc6962-roots.json'), 'utf8')) as {
    leaf_inputs_hex: string[];
    root_by_tree_size_hex: string[];
    hasher_vectors: Array<{ desc: string; want: string }>;
  };
  const inputs = v.leaf_inputs_hex.map(fromHex);

  for (const [name, hasher] of [
    ['@noble/hashes', defaultHasher],
    ['node:crypto', h],
  ] as const) {
    it(`roots for sizes 0..8 (${name})`, () => {
      expect(v.root_by_tree_size_hex.length).toBe(9);
      const lh = inputs.map((d) => hasher.hashLeaf(d));
      const acc = new MerkleAccumulator(hasher);
      v.root_by_tree_size_hex.forEach((want, n) => {
        expect(toHex(rootFromLeafHashes(hasher, lh.slice(0, n))), `size ${n}`).toBe(want);
        expect(toHex(acc.root()), `accumulator at size ${n}`).toBe(want);
        expect(toHex(new NaiveTree(inputs).mth(0, n))).toBe(want);
        if (n < lh.length) acc.append(lh[n]!);
      });
    });

    it(`hasher vectors (${name})`, () => {
      const inputsFor: Record<string, () => Uint8Array> = {
        'empty tree': () => hasher.emptyRoot(),
        'leaf hash of empty leaf = SHA-256(0x00)': () => hasher.hashLeaf(new Uint8Array(0)),
        "leaf hash of ASCII 'L123456'": () => hasher.hashLeaf(utf8Encode('L123456')),
        "node hash of children ASCII 'N123','N456' (SHA-256(0x01||'N123'||'N456'))": () =>
          hasher.hashChildren(utf8Encode('N123'), utf8Encode('N456')),
      };
      expect(v.hasher_vectors.length).toBe(4);
      for (const hv of v.hasher_vectors) {
        const f = inputsFor[hv.desc];
        expect(f, hv.desc).toBeDefined();
        expect(toHex(f!()), hv.desc).toBe(hv.want);
      }
    });
  }

  it('the hasher does not let callers corrupt the empty root or reuse its scratch space in results', () => {
    const e = defaultHasher.emptyRoot();
    e.fill(0);
    expect(toHex(defaultHasher.emptyRoot())).toBe(v.root_by_tree_size_hex[0]);
    const a = h.hashLeaf(utf8Encode('a'));
    const aCopy = a.slice();
    h.hashLeaf(new Uint8Array(1000)); // grows the scratch buffer
    h.hashChildren(a, a);
    expect(a).toEqual(aCopy);
  });
});

describe(`against the naive RFC 9162 implementation, every tree size 1..${N}`, () => {
  // Hundreds of thousands of comparisons: collect mismatches and assert once (vitest's deep equality on typed
  // arrays would dominate the run time).
  const sameHashes = (a: readonly Uint8Array[], b: readonly Uint8Array[]): boolean =>
    a.length === b.length && a.every((x, i) => bytesEqual(x, b[i]!));
  const sameRanges = (a: ReadonlyArray<[number, number]>, b: ReadonlyArray<[number, number]>): boolean =>
    a.length === b.length && a.every(([x, y], i) => x === b[i]![0] && y === b[i]![1]);

  it('tree roots: rootFromLeafHashes, the accumulator and foldFrontier', () => {
    expect(rootFromLeafHashes(h, [])).toEqual(sha());
    const bad: string[] = [];
    const acc = new MerkleAccumulator(h);
    expect(acc.root()).toEqual(sha());
    for (let n = 1; n <= N; n++) {
      acc.append(leafHashes[n - 1]!);
      const want = naive.mth(0, n);
      if (acc.size !== n) bad.push(`accumulator size ${acc.size} after ${n} appends`);
      if (!bytesEqual(acc.root(), want)) bad.push(`accumulator root, size ${n}`);
      if (!bytesEqual(foldFrontier(h, acc.frontier()), want)) bad.push(`foldFrontier, size ${n}`);
      if (!bytesEqual(rootFromLeafHashes(h, leafHashes.slice(0, n)), want)) bad.push(`rootFromLeafHashes, size ${n}`);
    }
    expect(bad).toEqual([]);
  });

  it('the frontier is the roots of the maximal perfect subtrees, largest first', () => {
    const bad: number[] = [];
    const acc = new MerkleAccumulator(h);
    for (let m = 0; m <= N; m++) {
      const want: Uint8Array[] = [];
      let lo = 0;
      for (let p = 2 ** 9; p >= 1; p /= 2) {
        if (m - lo >= p) {
          want.push(naive.mth(lo, lo + p));
          lo += p;
        }
      }
      if (!sameHashes(acc.frontier(), want)) bad.push(m);
      if (m < N) acc.append(leafHashes[m]!);
    }
    expect(bad).toEqual([]);
  });

  it('an accumulator resumed from the frontier at every m reaches the same roots (slices)', () => {
    const bad: string[] = [];
    const full = new MerkleAccumulator(h);
    const frontiers: Uint8Array[][] = [];
    for (let m = 0; m <= N; m++) {
      frontiers.push(full.frontier());
      if (!bytesEqual(foldFrontier(h, full.frontier()), naive.mth(0, m))) bad.push(`foldFrontier(frontier(${m})) is not root(${m})`);
      if (m < N) full.append(leafHashes[m]!);
    }
    for (let m = 0; m <= N; m++) {
      const acc = new MerkleAccumulator(h, m, frontiers[m]!);
      if (acc.size !== m || !bytesEqual(acc.root(), naive.mth(0, m))) bad.push(`resumed at ${m}: wrong starting state`);
      for (let i = m; i < N; i++) {
        acc.append(leafHashes[i]!);
        // every intermediate root for some starting points, the final root for all of them
        if (m % 10 === 0 && !bytesEqual(acc.root(), naive.mth(0, i + 1))) bad.push(`resumed at ${m}, size ${i + 1}`);
      }
      if (!bytesEqual(acc.root(), naive.mth(0, N))) bad.push(`resumed at ${m}, final root`);
    }
    expect(bad).toEqual([]);
  });

  it('whole subtrees appended at aligned positions (alignedSubtrees, appendSubtree) reach the same roots, stopping at every wanted size', () => {
    const bad: string[] = [];
    const full = new MerkleAccumulator(h);
    const frontiers: Uint8Array[][] = [];
    for (let m = 0; m <= N; m++) {
      frontiers.push(full.frontier());
      if (m < N) full.append(leafHashes[m]!);
    }
    let cases = 0;
    for (let start = 0; start < N; start += 7) {
      for (let end = start + 1; end <= N; end += 13) {
        const stops = [start + 5, start + 64, end - 3, 128, 200].filter((x) => x > start && x < end);
        const heights = alignedSubtrees(start, end, stops);
        const acc = new MerkleAccumulator(h, start, frontiers[start]!);
        let i = start;
        const seen = new Set<number>();
        for (const k of heights) {
          if (i % 2 ** k !== 0) bad.push(`[${start}, ${end}): height ${k} at ${i} is not aligned`);
          acc.appendSubtree(k, naive.mth(i, i + 2 ** k));
          i += 2 ** k;
          seen.add(i);
          if (!bytesEqual(acc.root(), naive.mth(0, i))) bad.push(`[${start}, ${end}): root at ${i}`);
        }
        if (i !== end) bad.push(`[${start}, ${end}): the subtrees end at ${i}`);
        for (const w of stops) if (!seen.has(w)) bad.push(`[${start}, ${end}): wanted size ${w} is not a boundary`);
        // no more subtrees than needed: each is as large as the alignment and the next stop allow
        if (heights.length > 2 * Math.log2(end - start + 1) + 2 * (stops.length + 1) + 2) bad.push(`[${start}, ${end}): ${heights.length} subtrees`);
        cases++;
      }
    }
    expect(cases).toBeGreaterThan(300);
    expect(bad).toEqual([]);
    const acc = new MerkleAccumulator(h, 3, frontiers[3]!);
    expect(() => acc.appendSubtree(1, leafHashes[0]!)).toThrow(/a subtree of 2 leaves cannot start at leaf 3/);
  });

  it('inclusion proof ranges equal PATH for every leaf of every size', () => {
    const bad: string[] = [];
    for (let n = 1; n <= N; n++) {
      for (let i = 0; i < n; i++) if (!sameRanges(inclusionProofRanges(i, n), naivePath(asRange, i, 0, n))) bad.push(`leaf ${i}, size ${n}`);
    }
    expect(bad).toEqual([]);
  });

  // Generating a proof from raw leaves hashes the whole tree, so every leaf of every size would be O(N^3).
  it('generated inclusion proofs equal PATH (every leaf up to size 100 and at the power-of-two edges, eight leaves of other sizes)', () => {
    const bad: string[] = [];
    let count = 0;
    for (let n = 1; n <= N; n++) {
      const idx =
        n <= 100 || [127, 128, 129, 255, 256, 257, 300].includes(n)
          ? Array.from({ length: n }, (_, i) => i)
          : [0, 1, Math.floor(n / 2), n - 2, n - 1, (n * 7) % n, (n * 13 + 5) % n, (n * n) % (n - 3)];
      for (const i of idx) {
        count++;
        if (!sameHashes(inclusionProof(h, i, n, leafHashes), naive.path(i, n))) bad.push(`leaf ${i}, size ${n}`);
      }
    }
    expect(bad).toEqual([]);
    expect(count).toBeGreaterThan(7000);
  });

  it('every inclusion proof verifies; a flipped bit or a wrong index is rejected', () => {
    const bad: string[] = [];
    for (let n = 1; n <= N; n++) {
      const root = naive.mth(0, n);
      for (let i = 0; i < n; i++) {
        const proof = naive.path(i, n);
        const leaf = leafHashes[i]!;
        const where = `leaf ${i}, size ${n}`;
        if (!verifyInclusion(h, i, n, leaf, proof, root).ok) bad.push(`${where}: genuine proof refused`);
        if (proof.length > 0) {
          const j = (i + n) % proof.length;
          const tampered = proof.map((p, k) => (k === j ? flipBit(p, i) : p));
          if (verifyInclusion(h, i, n, leaf, tampered, root).ok) bad.push(`${where}: flipped bit in proof hash ${j} accepted`);
        } else if (verifyInclusion(h, i, n, flipBit(leaf, i), proof, root).ok) bad.push(`${where}: flipped leaf accepted`);
        if (n > 1 && verifyInclusion(h, (i + 1) % n, n, leaf, proof, root).ok) bad.push(`${where}: checked as leaf ${(i + 1) % n} accepted`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('up to size 64, every tampering with an inclusion proof is rejected (and a wrong size exactly when it changes the shape)', () => {
    const bad: string[] = [];
    let wrongSizeAccepted = 0;
    let wrongSizeRefused = 0;
    for (let n = 1; n <= 64; n++) {
      const root = naive.mth(0, n);
      for (let i = 0; i < n; i++) {
        const proof = naive.path(i, n);
        const leaf = leafHashes[i]!;
        const where = `leaf ${i}, size ${n}`;
        const refuse = (what: string, r: ProofCheck): void => {
          if (r.ok) bad.push(`${where}: ${what} accepted`);
        };
        refuse('flipped leaf', verifyInclusion(h, i, n, flipBit(leaf, i + 3), proof, root));
        refuse('flipped root', verifyInclusion(h, i, n, leaf, proof, flipBit(root, i + n)));
        proof.forEach((_, j) =>
          refuse(
            `flipped proof hash ${j}`,
            verifyInclusion(
              h,
              i,
              n,
              leaf,
              proof.map((p, k) => (k === j ? flipBit(p, 7 * i + j) : p)),
              root,
            ),
          ),
        );
        if (proof.length > 0) {
          refuse('truncated proof', verifyInclusion(h, i, n, leaf, proof.slice(0, -1), root));
          refuse('proof without its first hash', verifyInclusion(h, i, n, leaf, proof.slice(1), root));
          refuse('reversed proof', proof.length > 1 ? verifyInclusion(h, i, n, leaf, [...proof].reverse(), root) : { ok: false, reason: '' });
        }
        refuse('proof with the root appended', verifyInclusion(h, i, n, leaf, [...proof, root], root));
        refuse('proof with the leaf prepended', verifyInclusion(h, i, n, leaf, [leaf, ...proof], root));
        for (let i2 = 0; i2 < n; i2++) if (i2 !== i) refuse(`checked as leaf ${i2}`, verifyInclusion(h, i2, n, leaf, proof, root));
        for (const n2 of [n - 1, n + 1, 2 * n, Math.floor(n / 2)]) {
          if (n2 <= i || n2 === n) continue;
          const same = inclusionShape(i, n2) === inclusionShape(i, n);
          if (verifyInclusion(h, i, n2, leaf, proof, root).ok !== same) bad.push(`${where}: checked as size ${n2}, want ok=${same}`);
          if (same) wrongSizeAccepted++;
          else wrongSizeRefused++;
        }
      }
    }
    expect(bad).toEqual([]);
    // both kinds occur, so the shape rule was really exercised
    expect(wrongSizeRefused).toBeGreaterThan(2000);
    expect(wrongSizeAccepted).toBeGreaterThan(100);
  });

  it('consistency proof ranges equal SUBPROOF for every pair 1 ≤ m ≤ n ≤ 300', () => {
    const bad: string[] = [];
    for (let n = 1; n <= N; n++) {
      for (let m = 1; m <= n; m++) {
        if (!sameRanges(consistencyProofRanges(m, n), m === n ? [] : naiveSubproof(asRange, m, 0, n, true))) bad.push(`${m} → ${n}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('consistency proofs for every pair 1 ≤ m ≤ n ≤ 64: equal to PROOF, verify, and tampering is rejected', () => {
    const bad: string[] = [];
    for (let n = 1; n <= 64; n++) {
      const root2 = naive.mth(0, n);
      for (let m = 1; m <= n; m++) {
        const root1 = naive.mth(0, m);
        const proof = consistencyProof(h, m, n, leafHashes);
        const where = `${m} → ${n}`;
        const refuse = (what: string, r: ProofCheck): void => {
          if (r.ok) bad.push(`${where}: ${what} accepted`);
        };
        if (!sameHashes(proof, naive.proof(m, n))) bad.push(`${where}: proof differs from PROOF(m, D[n])`);
        if (!verifyConsistency(h, m, n, proof, root1, root2).ok) bad.push(`${where}: genuine proof refused`);
        refuse('flipped root1', verifyConsistency(h, m, n, proof, flipBit(root1, m), root2));
        refuse('flipped root2', verifyConsistency(h, m, n, proof, root1, flipBit(root2, n)));
        proof.forEach((_, j) =>
          refuse(
            `flipped proof hash ${j}`,
            verifyConsistency(
              h,
              m,
              n,
              proof.map((p, k) => (k === j ? flipBit(p, m + n + j) : p)),
              root1,
              root2,
            ),
          ),
        );
        refuse('proof with root2 appended', verifyConsistency(h, m, n, [...proof, root2], root1, root2));
        refuse('proof with root1 prepended', verifyConsistency(h, m, n, [root1, ...proof], root1, root2));
        if (proof.length > 0) refuse('truncated proof', verifyConsistency(h, m, n, proof.slice(0, -1), root1, root2));
        if (m < n) refuse('swapped roots', verifyConsistency(h, m, n, proof, root2, root1));
        for (const [m2, n2] of [
          [m + 1, n],
          [m - 1, n],
          [m, n + 1],
          [m, n - 1],
          [m, 2 * n],
        ] as const) {
          if (m2 < 1 || m2 > n2 || (m2 === m && n2 === n)) continue;
          const same = consistencyShape(m2, n2) === consistencyShape(m, n);
          if (verifyConsistency(h, m2, n2, proof, root1, root2).ok !== same) bad.push(`${where}: checked as ${m2} → ${n2}, want ok=${same}`);
        }
      }
    }
    expect(bad).toEqual([]);
  });
});

describe('strictness', () => {
  const root8 = naive.mth(0, 8);
  const proof = naive.path(3, 8);

  it('refuses hashes that are not 32 bytes', () => {
    expect(verifyInclusion(h, 3, 8, leafHashes[3]!.subarray(0, 31), proof, root8)).toEqual({
      ok: false,
      reason: 'the leaf hash is 31 bytes long; a SHA-256 hash is 32',
    });
    expect(verifyInclusion(h, 3, 8, leafHashes[3]!, proof, concatBytes(root8, Uint8Array.of(0))).ok).toBe(false);
    expect(verifyInclusion(h, 3, 8, leafHashes[3]!, [proof[0]!, proof[1]!.subarray(1), proof[2]!], root8).ok).toBe(false);
    expect(verifyConsistency(h, 3, 8, naive.proof(3, 8), naive.mth(0, 3).subarray(1), root8).ok).toBe(false);
    expect(() => new MerkleAccumulator(h).append(new Uint8Array(31))).toThrow(MerkleError);
  });

  it('gives reasons an auditor can read', () => {
    expect(verifyInclusion(h, 0, 8, leafHashes[0]!, proof.slice(0, 2), root8)).toEqual({
      ok: false,
      reason: 'the inclusion proof has 2 hashes, but leaf 0 of a tree of size 8 needs 3',
    });
    expect(verifyInclusion(h, 8, 8, leafHashes[0]!, proof, root8)).toEqual({
      ok: false,
      reason: 'leaf 8 is not in a tree of size 8 (leaves are numbered 0 to 7)',
    });
    const r = verifyInclusion(h, 2, 8, leafHashes[3]!, proof, root8);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/leads to a different root/);
    expect(verifyConsistency(h, 5, 3, [], root8, root8)).toEqual({
      ok: false,
      reason: 'the first tree size 5 is larger than the second 3: a log cannot shrink',
    });
    expect(verifyConsistency(h, 4, 8, [], naive.mth(0, 4), root8)).toEqual({
      ok: false,
      reason: 'the consistency proof has 0 hashes, but sizes 4 → 8 need 1',
    });
  });

  it('refuses index ≥ size, negative, fractional and unsafe numbers', () => {
    for (const [i, n] of [
      [0, 0],
      [1, 1],
      [-1, 4],
      [0.5, 4],
      [0, 2 ** 53],
      [2 ** 64 - 1, 1],
      [0, NaN],
    ] as const) {
      expect(verifyInclusion(h, i, n, leafHashes[0]!, [], root8).ok, `${i}, ${n}`).toBe(false);
      expect(() => inclusionProofRanges(i, n)).toThrow(MerkleError);
    }
    expect(() => inclusionProof(h, 0, 10, leafHashes.slice(0, 9))).toThrow(MerkleError);
  });

  it('consistency: size1 = 0 is refused, equal sizes need an empty proof and equal roots', () => {
    const e = sha();
    expect(verifyConsistency(h, 0, 0, [], e, e).ok).toBe(false);
    expect(verifyConsistency(h, 0, 5, [], e, naive.mth(0, 5)).ok).toBe(false);
    expect(() => consistencyProofRanges(0, 5)).toThrow(MerkleError);
    expect(() => consistencyProofRanges(6, 5)).toThrow(MerkleError);
    expect(consistencyProofRanges(5, 5)).toEqual([]);
    expect(verifyConsistency(h, 5, 5, [], naive.mth(0, 5), naive.mth(0, 5))).toEqual({ ok: true });
    expect(verifyConsistency(h, 5, 5, [root8], naive.mth(0, 5), naive.mth(0, 5)).ok).toBe(false);
    expect(verifyConsistency(h, 5, 5, [], naive.mth(0, 5), naive.mth(0, 6)).ok).toBe(false);
  });

  it('rootFromInclusionProof throws MerkleError rather than returning a meaningless root', () => {
    expect(() => rootFromInclusionProof(h, 3, 8, leafHashes[3]!, proof.slice(1))).toThrow(MerkleError);
    expect(() => rootFromInclusionProof(h, 3, 8, new Uint8Array(0), proof)).toThrow(MerkleError);
    expect(rootFromInclusionProof(h, 3, 8, leafHashes[3]!, proof)).toEqual(root8);
  });

  it('refuses a prior frontier that does not fit the prior size', () => {
    const acc = new MerkleAccumulator(h);
    for (let i = 0; i < 13; i++) acc.append(leafHashes[i]!);
    const f = acc.frontier(); // 13 = 8 + 4 + 1 → 3 hashes
    expect(f.length).toBe(3);
    expect(() => new MerkleAccumulator(h, 13, f.slice(1))).toThrow(
      /the first 13 leaves are covered by 3 perfect subtrees, so the prior frontier must list 3 hashes, but it lists 2/,
    );
    expect(() => new MerkleAccumulator(h, 13, [...f, f[0]!])).toThrow(MerkleError);
    expect(() => new MerkleAccumulator(h, 12, f)).toThrow(MerkleError);
    expect(() => new MerkleAccumulator(h, 0, [f[0]!])).toThrow(MerkleError);
    expect(() => new MerkleAccumulator(h, 13, [f[0]!, f[1]!.subarray(0, 16), f[2]!])).toThrow(/prior frontier hash 2 of 3 is 16 bytes long/);
    expect(() => new MerkleAccumulator(h, -1, [])).toThrow(MerkleError);
    expect(() => new MerkleAccumulator(h, 1.5, [f[0]!])).toThrow(MerkleError);
    // the accumulator keeps its own copy of the frontier list
    const resumed = new MerkleAccumulator(h, 13, f);
    f.length = 0;
    expect(resumed.root()).toEqual(naive.mth(0, 13));
  });
});

describe('trees larger than 2^32 leaves (no 32-bit arithmetic)', () => {
  // With every leaf equal, MTH of any range depends only on its length, so roots and proofs of astronomically
  // large trees are computable here and the library's index arithmetic is exercised far beyond 2^32.
  const leaf = h.hashLeaf(utf8Encode('same'));
  const memo = new Map<number, Uint8Array>();
  const M = (n: number): Uint8Array => {
    let r = memo.get(n);
    if (!r) {
      r = n === 1 ? leaf : sha(Uint8Array.of(1), M(kFor(n)), M(n - kFor(n)));
      memo.set(n, r);
    }
    return r;
  };
  const node = (lo: number, hi: number): Uint8Array => M(hi - lo);
  const sizes = [2 ** 32 + 1, 2 ** 33 - 1, 2 ** 40 + 12345, 2 ** 52 + 2 ** 31 + 7, Number.MAX_SAFE_INTEGER];

  it('inclusion proofs for leaves beyond 2^32', () => {
    for (const n of sizes) {
      for (const i of [0, 2 ** 31, 2 ** 32 - 1, 2 ** 32, n - 2, n - 1, Math.floor(n / 3)]) {
        const ranges = inclusionProofRanges(i, n);
        expect(ranges).toEqual(naivePath(asRange, i, 0, n));
        const proof = ranges.map(([a, b]) => M(b - a));
        expect(verifyInclusion(h, i, n, leaf, proof, M(n)), `leaf ${i} of ${n}`).toEqual({ ok: true });
        expect(verifyInclusion(h, i, n, leaf, proof, flipBit(M(n), 3)).ok).toBe(false);
        if (proof.length > 0) expect(verifyInclusion(h, i, n, leaf, [flipBit(proof[0]!, 9), ...proof.slice(1)], M(n)).ok).toBe(false);
        expect(verifyInclusion(h, i, n, leaf, proof.slice(1), M(n)).ok).toBe(false);
      }
    }
  });

  it('consistency proofs between sizes beyond 2^32', () => {
    const pairs: Array<[number, number]> = [
      [2 ** 32, 2 ** 32 + 1],
      [2 ** 32 - 1, 2 ** 33 - 1],
      [3, 2 ** 40 + 12345],
      [2 ** 40 + 12345, 2 ** 52 + 2 ** 31 + 7],
      [2 ** 52 + 2 ** 31 + 7, Number.MAX_SAFE_INTEGER],
      [2 ** 52, Number.MAX_SAFE_INTEGER],
    ];
    for (const [m, n] of pairs) {
      const ranges = consistencyProofRanges(m, n);
      expect(ranges).toEqual(naiveSubproof(asRange, m, 0, n, true));
      expect(naiveSubproof(node, m, 0, n, true)).toEqual(ranges.map(([a, b]) => M(b - a)));
      const proof = ranges.map(([a, b]) => M(b - a));
      expect(verifyConsistency(h, m, n, proof, M(m), M(n)), `${m} → ${n}`).toEqual({ ok: true });
      expect(verifyConsistency(h, m, n, proof, M(m), M(n - 1)).ok).toBe(false);
      expect(verifyConsistency(h, m, n, proof, M(m - 1), M(n)).ok).toBe(false);
      expect(verifyConsistency(h, m, n, [...proof.slice(0, -1), flipBit(proof[proof.length - 1]!, 1)], M(m), M(n)).ok).toBe(false);
    }
  });

  it('an accumulator resumed at a size beyond 2^32', () => {
    for (const m of [2 ** 32 - 1, 2 ** 32, 2 ** 40 + 12345, 2 ** 52 + 2 ** 31 + 7]) {
      const frontier: Uint8Array[] = [];
      let rest = m;
      for (let p = 2 ** 52; p >= 1; p /= 2) {
        if (rest >= p) {
          frontier.push(M(p));
          rest -= p;
        }
      }
      const acc = new MerkleAccumulator(h, m, frontier);
      expect(acc.root()).toEqual(M(m));
      for (let i = 1; i <= 5; i++) {
        acc.append(leaf);
        expect(acc.size).toBe(m + i);
        expect(acc.root(), `${m} + ${i}`).toEqual(M(m + i));
      }
    }
  });
});

describe('shared/hex encodings (as used to read the vectors)', () => {
  const all = Uint8Array.from({ length: 256 }, (_, i) => i);

  it('hex round-trips every byte, lowercase out, either case in', () => {
    expect(toHex(all)).toBe(Buffer.from(all).toString('hex'));
    expect(fromHex(toHex(all))).toEqual(all);
    expect(fromHex('ABCDEF')).toEqual(Uint8Array.of(0xab, 0xcd, 0xef));
    expect(fromHex('')).toEqual(new Uint8Array(0));
  });

  it('hex refuses odd length and non-hex characters', () => {
    for (const bad of ['a', 'abc', 'zz', '0g', ' 00', '00 ', '0x00', '\u0660\u0661', 'é0']) {
      expect(() => fromHex(bad), bad).toThrow(EncodingError);
    }
    expect(() => fromHex('0g')).toThrow(RangeError);
  });

  it('base64 agrees with Node for every length 0..100', () => {
    for (let n = 0; n <= 100; n++) {
      const b = Uint8Array.from({ length: n }, (_, i) => (i * 73 + n * 31) % 256);
      const s = Buffer.from(b).toString('base64');
      expect(toBase64(b)).toBe(s);
      expect(fromBase64(s)).toEqual(b);
    }
    expect(toBase64(all)).toBe(Buffer.from(all).toString('base64'));
  });

  it('base64 is strict', () => {
    for (const bad of [
      'Q',
      'QQ',
      'QQ=',
      'QUI',
      'Q===',
      '====',
      '=QQQ',
      'QQ==QQ==',
      'QR==',
      'QUJ=',
      'QU I=',
      'QUJD\n',
      '-_-_',
      'QUJ\u00e9',
      'QUJD====',
    ]) {
      expect(() => fromBase64(bad), JSON.stringify(bad)).toThrow(EncodingError);
    }
    expect(fromBase64('QQ==')).toEqual(utf8Encode('A'));
    expect(fromBase64('QUI=')).toEqual(utf8Encode('AB'));
    expect(fromBase64('')).toEqual(new Uint8Array(0));
  });

  it('bytesEqual, concatBytes, utf8Encode', () => {
    expect(bytesEqual(Uint8Array.of(1, 2), Uint8Array.of(1, 2))).toBe(true);
    expect(bytesEqual(Uint8Array.of(1, 2), Uint8Array.of(1, 3))).toBe(false);
    expect(bytesEqual(Uint8Array.of(1), Uint8Array.of(1, 0))).toBe(false);
    expect(concatBytes()).toEqual(new Uint8Array(0));
    expect(concatBytes(Uint8Array.of(1), new Uint8Array(0), Uint8Array.of(2, 3))).toEqual(Uint8Array.of(1, 2, 3));
    expect(utf8Encode('€😂')).toEqual(Uint8Array.of(0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x82));
  });
});
