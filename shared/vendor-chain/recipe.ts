// How a record's hash is made from its canonical bytes C, per the profile's recipe:
//   sha256              SHA-256(C); the previous hash is inside C (jcs, or a named field), so it is bound.
//   sha256-prev-prefix  SHA-256(P || C), P the previous record's hash as bytes (decoded from the record's
//                       previous-hash field; the empty string is zero bytes, as at a genesis).
//   hmac-sha256         HMAC-SHA256(vendor secret, …): nobody without the secret can recompute it, so Tickmark
//                       does not try (null); links, sequence and time are still checked.
// Hashes are written in hex (either case) or standard base64 with padding (RFC 4648 §4), and compared as bytes.
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes, fromBase64, fromHex, toBase64, toHex } from '../hex';
import type { VendorChainProfile } from './profile';

export const HASH_BYTES = 32;

/** The bytes of a hash written in `encoding`, or null when the text is not that encoding. */
export function decodeHash(text: string, encoding: 'hex' | 'base64'): Uint8Array | null {
  try {
    return encoding === 'hex' ? fromHex(text) : fromBase64(text);
  } catch {
    return null;
  }
}

export function encodeHash(bytes: Uint8Array, encoding: 'hex' | 'base64'): string {
  return encoding === 'hex' ? toHex(bytes) : toBase64(bytes);
}

/** The record's hash as the recipe computes it, or null when it cannot be recomputed (HMAC). */
export function recomputeHash(p: VendorChainProfile, prevBytes: Uint8Array, canonical: Uint8Array): Uint8Array | null {
  switch (p.recipe.algorithm) {
    case 'sha256':
      return sha256(canonical);
    case 'sha256-prev-prefix':
      return sha256(concatBytes(prevBytes, canonical));
    case 'hmac-sha256':
      return null;
  }
}
