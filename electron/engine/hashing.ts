// SHA-256 for the engine. node:crypto (OpenSSL, with the CPU's SHA extensions) measured faster than
// @noble/hashes on ~400-byte records — `npm run bench` prints both — so the engine uses it, through the
// one-shot crypto.hash on the canonical text itself: no Hash object and no UTF-8 copy in JavaScript per
// record. shared/ code takes the hash functions as a parameter and defaults to noble.
import { createHash, hash } from 'node:crypto';
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';
import { merkleHasher, type MerkleHasher } from '../../shared/merkle';
import { hashingFrom, type Hashing } from '../../shared/digest';

const LEAF = new Uint8Array([0]);
// one scratch buffer for interior nodes: 0x01 || left || right
const node = Buffer.alloc(65);
node[0] = 1;

function nodeSha256(data: Uint8Array): Uint8Array {
  return hash('sha256', data, 'buffer');
}

/**
 * Copy a digest taken as 'binary' (latin1) text, one char per byte, into dst at `to`. On Node 20 a result
 * Buffer costs more than hashing a 470-byte record, so the hot paths take digests this way.
 */
export function binaryInto(d: string, dst: Uint8Array, to: number): void {
  for (let i = 0; i < 32; i++) dst[to + i] = d.charCodeAt(i);
}

/** The RFC 9162 interior node H(0x01 || src[from, from + 64)), two adjacent child hashes, into dst at `to`. */
export function interiorInto(src: Uint8Array, from: number, dst: Uint8Array, to: number): void {
  for (let i = 0; i < 64; i++) node[1 + i] = src[from + i]!;
  binaryInto(hash('sha256', node, 'binary'), dst, to);
}

const nodeMerkle: MerkleHasher = {
  emptyRoot: () => createHash('sha256').digest(),
  hashLeaf: (data) => createHash('sha256').update(LEAF).update(data).digest(),
  hashChildren: (l, r) => {
    if (l.length !== 32 || r.length !== 32) return createHash('sha256').update(node.subarray(0, 1)).update(l).update(r).digest();
    node.set(l, 1);
    node.set(r, 33);
    const out = new Uint8Array(32);
    binaryInto(hash('sha256', node, 'binary'), out, 0);
    return out;
  },
};

export const nodeHashing: Hashing = {
  sha256: nodeSha256,
  merkle: nodeMerkle,
  // UTF-8 of "\u0000" + text is 0x00 || UTF-8(text): the leaf prefix without building a byte array
  recordHashes: (c) => ({ hash: hash('sha256', c, 'hex'), leaf: hash('sha256', `\u0000${c}`, 'buffer') }),
};

export const nobleHashing: Hashing = hashingFrom(nobleSha256, merkleHasher(nobleSha256));
