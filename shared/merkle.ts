// RFC 9162 §2.1 Merkle trees: the tree hash, a streaming builder that keeps only the compact range (O(log n)
// memory, resumable from a slice's prior frontier), inclusion and consistency proofs, and their verification.
//
// Tree sizes may exceed 2^32, so sizes and indices are plain numbers up to 2^53 and all arithmetic on them is
// Math.floor, % and *, never JavaScript's 32-bit bitwise operators.
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';
import { bytesEqual } from './hex';

export type Sha256 = (data: Uint8Array) => Uint8Array;

export interface MerkleHasher {
  /** MTH({}) = SHA-256("") */
  emptyRoot(): Uint8Array;
  /** SHA-256(0x00 || data) */
  hashLeaf(data: Uint8Array): Uint8Array;
  /** SHA-256(0x01 || left || right) */
  hashChildren(left: Uint8Array, right: Uint8Array): Uint8Array;
}

export class MerkleError extends Error {
  override name = 'MerkleError';
}

export type ProofCheck = { ok: true } | { ok: false; reason: string };

const HASH_LEN = 32;

/** A hasher over any SHA-256, so the Node engine can inject node:crypto's. The digest must be fresh per call. */
export function merkleHasher(sha256: Sha256): MerkleHasher {
  // One scratch buffer per hasher: millions of leaves and nodes go through here, and the input is consumed
  // before sha256 returns, so there is no need to allocate per call.
  let scratch = new Uint8Array(1 + 2 * HASH_LEN);
  const empty = sha256(new Uint8Array(0)).slice();
  return {
    emptyRoot: () => empty.slice(),
    hashLeaf(data) {
      if (scratch.length < data.length + 1) scratch = new Uint8Array(Math.max(data.length + 1, 2 * scratch.length));
      scratch[0] = 0x00;
      scratch.set(data, 1);
      return sha256(scratch.subarray(0, data.length + 1));
    },
    hashChildren(left, right) {
      const n = 1 + left.length + right.length;
      if (scratch.length < n) scratch = new Uint8Array(Math.max(n, 2 * scratch.length));
      scratch[0] = 0x01;
      scratch.set(left, 1);
      scratch.set(right, 1 + left.length);
      return sha256(scratch.subarray(0, n));
    },
  };
}

export const defaultHasher: MerkleHasher = merkleHasher(nobleSha256);

// ---- number helpers (no 32-bit bitwise operators: sizes go up to 2^53) ----

function half(n: number): number {
  return Math.floor(n / 2);
}

function isOdd(n: number): boolean {
  return n % 2 === 1;
}

/** Number of set bits: how many perfect subtrees cover a tree of this size. */
export function popcount(n: number): number {
  let c = 0;
  for (let x = n; x > 0; x = half(x)) c += x % 2;
  return c;
}

function isPowerOfTwo(n: number): boolean {
  return n > 0 && popcount(n) === 1;
}

/** RFC 9162's split point: the largest power of two strictly smaller than n (n ≥ 2). */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function checkCount(n: number, what: string): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new MerkleError(`${what} ${n} is not a whole number between 0 and 2^53`);
}

function checkLeafIndex(index: number, size: number): void {
  checkCount(size, 'the tree size');
  checkCount(index, 'the leaf index');
  if (index >= size) {
    throw new MerkleError(
      size === 0
        ? `leaf ${index} cannot be in the empty tree`
        : `leaf ${index} is not in a tree of size ${size} (leaves are numbered 0 to ${size - 1})`,
    );
  }
}

function checkHash(h: Uint8Array, what: string): void {
  if (!(h instanceof Uint8Array)) throw new MerkleError(`${what} is not a byte string`);
  if (h.length !== HASH_LEN) throw new MerkleError(`${what} is ${h.length} bytes long; a SHA-256 hash is ${HASH_LEN}`);
}

function hashes(n: number): string {
  return n === 1 ? '1 hash' : `${n} hashes`;
}

// ---- tree hash ----

/**
 * The compact range of a tree growing from leaf 0: one perfect subtree root per set bit of the size, largest
 * first. Appending leaf number n merges as many subtrees as n has trailing one bits; the root folds them.
 */
export class MerkleAccumulator {
  private readonly stack: Uint8Array[];
  private n: number;

  constructor(
    private readonly h: MerkleHasher,
    priorSize = 0,
    priorFrontier: readonly Uint8Array[] = [],
  ) {
    checkCount(priorSize, 'the prior tree size');
    const want = popcount(priorSize);
    if (priorFrontier.length !== want) {
      throw new MerkleError(
        `the first ${priorSize} leaves are covered by ${want === 1 ? '1 perfect subtree' : `${want} perfect subtrees`}, so the prior frontier must list ${hashes(want)}, but it lists ${priorFrontier.length}`,
      );
    }
    priorFrontier.forEach((f, i) => checkHash(f, `prior frontier hash ${i + 1} of ${want}`));
    this.stack = priorFrontier.slice();
    this.n = priorSize;
  }

  get size(): number {
    return this.n;
  }

  append(leafHash: Uint8Array): void {
    if (leafHash.length !== HASH_LEN) checkHash(leafHash, `the hash of leaf ${this.n}`);
    if (this.n >= Number.MAX_SAFE_INTEGER) throw new MerkleError('the tree cannot grow beyond 2^53 - 1 leaves');
    let h = leafHash;
    // each trailing one bit of the old size is a full subtree of the same height to merge with
    for (let m = this.n; isOdd(m); m = half(m)) h = this.h.hashChildren(this.stack.pop()!, h);
    this.stack.push(h);
    this.n++;
  }

  /**
   * Append the root of a perfect subtree of 2^height leaves, as if its leaves were appended one by one.
   * Only where such a subtree starts in the tree: the size so far must be a multiple of 2^height.
   */
  appendSubtree(height: number, subtreeRoot: Uint8Array): void {
    const width = 2 ** height;
    if (this.n % width !== 0) throw new MerkleError(`a subtree of ${width} leaves cannot start at leaf ${this.n}`);
    if (subtreeRoot.length !== HASH_LEN) checkHash(subtreeRoot, `the root of the subtree at leaf ${this.n}`);
    if (this.n + width > Number.MAX_SAFE_INTEGER) throw new MerkleError('the tree cannot grow beyond 2^53 - 1 leaves');
    let h = subtreeRoot;
    // the size so far has no set bit below `height`: merge as append() does, one level up
    for (let m = this.n / width; isOdd(m); m = half(m)) h = this.h.hashChildren(this.stack.pop()!, h);
    this.stack.push(h);
    this.n += width;
  }

  /** MTH of all leaves so far, from leaf 0. */
  root(): Uint8Array {
    return foldFrontier(this.h, this.stack);
  }

  /** The current compact range, largest subtree first (a copy). */
  frontier(): Uint8Array[] {
    return this.stack.slice();
  }
}

/** Perfect subtrees of consecutive leaves from leaf `from`: heights, and 32-byte roots one after another. */
export interface Subtrees {
  from: number;
  heights: Uint8Array;
  roots: Uint8Array;
}

/**
 * Leaves [start, end) as perfect subtrees that appendSubtree can take, in order: at each position the
 * largest one that starts there and ends by the next of `stops` (sizes at which the root is wanted, so
 * each is a subtree boundary) or by `end`. Returns their heights.
 */
export function alignedSubtrees(start: number, end: number, stops: readonly number[]): number[] {
  const heights: number[] = [];
  const bounds = [...stops.filter((x) => x > start && x < end), end].sort((a, b) => a - b);
  let i = start;
  for (const bound of bounds) {
    while (i < bound) {
      let k = 0;
      while (i % 2 ** (k + 1) === 0 && i + 2 ** (k + 1) <= bound) k++;
      heights.push(k);
      i += 2 ** k;
    }
  }
  return heights;
}

/** The root of a compact range: fold right to left, h = H(0x01 || f_i || h). The empty range is the empty tree. */
export function foldFrontier(h: MerkleHasher, frontier: readonly Uint8Array[]): Uint8Array {
  if (frontier.length === 0) return h.emptyRoot();
  let r = frontier[frontier.length - 1]!;
  for (let i = frontier.length - 2; i >= 0; i--) r = h.hashChildren(frontier[i]!, r);
  return r;
}

/** MTH(D[n]) for any n, including the empty tree. */
export function rootFromLeafHashes(h: MerkleHasher, leafHashes: readonly Uint8Array[]): Uint8Array {
  return subtreeRoot(h, leafHashes, 0, leafHashes.length);
}

function subtreeRoot(h: MerkleHasher, leaves: readonly Uint8Array[], start: number, end: number): Uint8Array {
  const acc = new MerkleAccumulator(h);
  for (let i = start; i < end; i++) acc.append(leaves[i]!);
  return acc.root();
}

// ---- proofs as subtree ranges ----

/**
 * RFC 9162 §2.1.3.1 PATH(index, D[size]) as the [start, end) leaf ranges whose subtree hashes MTH(D[start:end])
 * form the inclusion proof, in proof order (nearest the leaf first).
 */
export function inclusionProofRanges(index: number, size: number): Array<[number, number]> {
  checkLeafIndex(index, size);
  const out: Array<[number, number]> = [];
  // Walk down from the root, remembering the sibling at each level; the proof lists them bottom-up.
  let lo = 0;
  let hi = size;
  while (hi - lo > 1) {
    const k = splitPoint(hi - lo);
    if (index < lo + k) {
      out.push([lo + k, hi]);
      hi = lo + k;
    } else {
      out.push([lo, lo + k]);
      lo += k;
    }
  }
  return out.reverse();
}

/**
 * RFC 9162 §2.1.4.1 PROOF(size1, D[size2]) = SUBPROOF(size1, D[size2], true) as [start, end) leaf ranges, in
 * proof order. Defined for 0 < size1 ≤ size2; equal sizes need no hashes.
 */
export function consistencyProofRanges(size1: number, size2: number): Array<[number, number]> {
  checkCount(size1, 'the first tree size');
  checkCount(size2, 'the second tree size');
  if (size1 > size2) throw new MerkleError(`the first tree size ${size1} is larger than the second ${size2}: a log cannot shrink`);
  if (size1 === 0) throw new MerkleError('there is no consistency proof from the empty tree: every tree extends it');
  const out: Array<[number, number]> = [];
  if (size1 === size2) return out;
  let lo = 0;
  let hi = size2;
  let m = size1; // the old tree's leaves within [lo, hi)
  let onLeftEdge = true; // SUBPROOF's b: still on the path to an old root that the verifier already has
  while (m !== hi - lo) {
    const k = splitPoint(hi - lo);
    if (m <= k) {
      out.push([lo + k, hi]);
      hi = lo + k;
    } else {
      out.push([lo, lo + k]);
      lo += k;
      m -= k;
      onLeftEdge = false;
    }
  }
  if (!onLeftEdge) out.push([lo, hi]);
  return out.reverse();
}

function checkLeaves(leafHashes: readonly Uint8Array[], size: number): void {
  if (leafHashes.length < size) throw new MerkleError(`a tree of size ${size} needs ${size} leaf hashes, but only ${leafHashes.length} were given`);
}

/** The inclusion proof for leaf `index` in the tree of the first `size` leaf hashes. */
export function inclusionProof(h: MerkleHasher, index: number, size: number, leafHashes: readonly Uint8Array[]): Uint8Array[] {
  const ranges = inclusionProofRanges(index, size);
  checkLeaves(leafHashes, size);
  return ranges.map(([a, b]) => subtreeRoot(h, leafHashes, a, b));
}

/** The consistency proof between the trees of the first `size1` and `size2` leaf hashes. */
export function consistencyProof(h: MerkleHasher, size1: number, size2: number, leafHashes: readonly Uint8Array[]): Uint8Array[] {
  const ranges = consistencyProofRanges(size1, size2);
  checkLeaves(leafHashes, size2);
  return ranges.map(([a, b]) => subtreeRoot(h, leafHashes, a, b));
}

// ---- proof lengths (so a wrong-length proof is refused with a clear reason before any hashing) ----

/**
 * Splits an inclusion proof into the part below the point where the paths to `index` and to the last leaf
 * `size - 1` meet (inner) and the part above it, along the tree's right border (border).
 */
function inclusionShape(index: number, size: number): { inner: number; border: number } {
  let inner = 0;
  let a = index;
  let b = size - 1;
  while (a !== b) {
    a = half(a);
    b = half(b);
    inner++;
  }
  return { inner, border: popcount(a) };
}

function inclusionProofLength(index: number, size: number): number {
  const { inner, border } = inclusionShape(index, size);
  return inner + border;
}

function consistencyProofLength(size1: number, size2: number): number {
  // a suffix of the inclusion proof for leaf size1 - 1, minus the levels inside the old tree's last full
  // subtree, plus that subtree's root unless it is the whole old tree (which the verifier already holds)
  const { inner, border } = inclusionShape(size1 - 1, size2);
  let shift = 0;
  for (let x = size1; !isOdd(x); x = half(x)) shift++;
  return (isPowerOfTwo(size1) ? 0 : 1) + inner - shift + border;
}

// ---- verification ----

/**
 * RFC 9162 §2.1.3.2: the root that an inclusion proof for this leaf leads to. Throws MerkleError when the proof
 * cannot belong to this leaf and tree size at all (wrong length, malformed hashes, index out of range).
 */
export function rootFromInclusionProof(h: MerkleHasher, index: number, size: number, leafHash: Uint8Array, proof: readonly Uint8Array[]): Uint8Array {
  checkLeafIndex(index, size);
  checkHash(leafHash, 'the leaf hash');
  const want = inclusionProofLength(index, size);
  if (proof.length !== want) {
    throw new MerkleError(`the inclusion proof has ${hashes(proof.length)}, but leaf ${index} of a tree of size ${size} needs ${want}`);
  }
  proof.forEach((p, i) => checkHash(p, `inclusion proof hash ${i + 1} of ${proof.length}`));
  let fn = index;
  let sn = size - 1;
  let r = leafHash;
  for (const p of proof) {
    if (sn === 0) throw new MerkleError('the inclusion proof is longer than the path from the leaf to the root');
    if (isOdd(fn) || fn === sn) {
      r = h.hashChildren(p, r);
      // on the right border the tree has no right sibling for several levels: climb past them
      if (!isOdd(fn)) {
        while (!isOdd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      r = h.hashChildren(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  if (sn !== 0) throw new MerkleError('the inclusion proof is shorter than the path from the leaf to the root');
  return r;
}

/** RFC 9162 §2.1.3.2: does leaf `index` with this hash belong to the tree of `size` leaves with this root? */
export function verifyInclusion(
  h: MerkleHasher,
  index: number,
  size: number,
  leafHash: Uint8Array,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): ProofCheck {
  try {
    checkHash(root, `the root of the tree of size ${size}`);
    const r = rootFromInclusionProof(h, index, size, leafHash, proof);
    if (!bytesEqual(r, root)) {
      return {
        ok: false,
        reason: `leaf ${index} with this inclusion proof leads to a different root than the one given for the tree of size ${size}: the leaf, the proof or the root is not genuine`,
      };
    }
    return { ok: true };
  } catch (e) {
    if (e instanceof MerkleError) return { ok: false, reason: e.message };
    throw e;
  }
}

/**
 * RFC 9162 §2.1.4.2: is the tree of `size2` leaves with `root2` an append-only extension of the tree of
 * `size1` leaves with `root1`? Stricter than the RFC's prose, as the transparency-dev vectors require: no proof
 * from size 0, and equal sizes only with an empty proof and equal roots.
 */
export function verifyConsistency(
  h: MerkleHasher,
  size1: number,
  size2: number,
  proof: readonly Uint8Array[],
  root1: Uint8Array,
  root2: Uint8Array,
): ProofCheck {
  try {
    checkCount(size1, 'the first tree size');
    checkCount(size2, 'the second tree size');
    if (size1 > size2) throw new MerkleError(`the first tree size ${size1} is larger than the second ${size2}: a log cannot shrink`);
    if (size1 === 0) throw new MerkleError('a consistency proof from the empty tree proves nothing, and is refused');
    if (size1 === size2) {
      if (proof.length > 0) throw new MerkleError(`both trees have size ${size1}, so the proof must be empty, but it has ${hashes(proof.length)}`);
      // Nothing is hashed here, so the roots are only compared (the vectors accept equal roots of any length).
      if (!bytesEqual(root1, root2)) throw new MerkleError(`both trees have size ${size1} but their roots differ: the log forked`);
      return { ok: true };
    }
    checkHash(root1, `the root of the tree of size ${size1}`);
    checkHash(root2, `the root of the tree of size ${size2}`);
    const want = consistencyProofLength(size1, size2);
    if (proof.length !== want) {
      throw new MerkleError(`the consistency proof has ${hashes(proof.length)}, but sizes ${size1} → ${size2} need ${want}`);
    }
    proof.forEach((p, i) => checkHash(p, `consistency proof hash ${i + 1} of ${proof.length}`));

    // When size1 is a power of two the old tree is a single subtree of the new one and its root (which the
    // verifier has) starts the path; otherwise the proof starts with the old tree's last full subtree.
    const path = isPowerOfTwo(size1) ? [root1, ...proof] : proof;
    let fn = size1 - 1;
    let sn = size2 - 1;
    while (isOdd(fn)) {
      fn = half(fn);
      sn = half(sn);
    }
    let fr = path[0]!;
    let sr = path[0]!;
    for (let i = 1; i < path.length; i++) {
      const c = path[i]!;
      if (sn === 0) throw new MerkleError('the consistency proof is longer than the path to the root');
      if (isOdd(fn) || fn === sn) {
        fr = h.hashChildren(c, fr);
        sr = h.hashChildren(c, sr);
        if (!isOdd(fn)) {
          while (!isOdd(fn) && fn !== 0) {
            fn = half(fn);
            sn = half(sn);
          }
        }
      } else {
        sr = h.hashChildren(sr, c);
      }
      fn = half(fn);
      sn = half(sn);
    }
    if (sn !== 0) throw new MerkleError('the consistency proof is shorter than the path to the root');
    if (!bytesEqual(fr, root1)) {
      return {
        ok: false,
        reason: `the consistency proof does not reproduce the root of the tree of size ${size1}: the proof or that root is not genuine`,
      };
    }
    if (!bytesEqual(sr, root2)) {
      return {
        ok: false,
        reason: `the consistency proof does not lead from the tree of size ${size1} to the root given for size ${size2}: the larger tree is not an append-only extension of the smaller one, or the proof is not genuine`,
      };
    }
    return { ok: true };
  } catch (e) {
    if (e instanceof MerkleError) return { ok: false, reason: e.message };
    throw e;
  }
}
