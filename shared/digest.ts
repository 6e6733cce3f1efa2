// The per-record work of verification, independent of every other record (so it can run in parallel):
// parse the line, recompute its canonical bytes C (RFC 8785 without `hash`), its chain hash SHA-256(C)
// and its Merkle leaf hash SHA-256(0x00 || C).
import { parseEventLine, EventLineError } from './event';
import { canonicalizeWithout } from './jcs';
import { toHex } from './hex';
import type { MerkleHasher, Sha256 } from './merkle';
import type { EventFields } from './types';

export interface Hashing {
  sha256: Sha256;
  merkle: MerkleHasher;
  /** a record's chain hash (hex SHA-256 of its canonical text as UTF-8) and Merkle leaf hash (SHA-256(0x00 || text)) */
  recordHashes(canonical: string): { hash: string; leaf: Uint8Array };
}

const encoder = new TextEncoder();

/** Hashing from any SHA-256 function (pure JS by default; the engine injects node:crypto). */
export function hashingFrom(sha256: Sha256, merkle: MerkleHasher): Hashing {
  return {
    sha256,
    merkle,
    recordHashes: (c) => {
      const bytes = encoder.encode(c);
      return { hash: toHex(sha256(bytes)), leaf: merkle.hashLeaf(bytes) };
    },
  };
}

export interface RecordDigest {
  fields: EventFields;
  prevHash: string;
  /** the `hash` member as written in the record */
  claimedHash: string;
  /** hex SHA-256 of the record's canonical bytes, as recomputed here */
  computedHash: string;
  leafHash: Uint8Array;
}

/** What the chain, sequence, time and Merkle checks need of a record. */
export type ChainRecord = Omit<RecordDigest, 'fields'> & { fields: Pick<EventFields, 'seq' | 'ts' | 'tsMs'> };

export type DigestResult = RecordDigest | { error: string };

export function digestLine(raw: string, hashing: Hashing): DigestResult {
  let parsed;
  try {
    parsed = parseEventLine(raw);
  } catch (e) {
    if (e instanceof EventLineError) return { error: e.message };
    throw e;
  }
  let c: string;
  try {
    c = canonicalizeWithout(parsed.obj, 'hash');
  } catch (e) {
    return { error: `cannot be canonicalized (${(e as Error).message})` };
  }
  const { hash, leaf } = hashing.recordHashes(c);
  return { fields: parsed.fields, prevHash: parsed.prevHash, claimedHash: parsed.hash, computedHash: hash, leafHash: leaf };
}

export function isDigest(d: DigestResult): d is RecordDigest {
  return !('error' in d);
}
