// The signed head (docs/vendor-chain-profiles.md §Head file): a small JSON file beside the records,
//   {"seq": <last sequence number>, "hash": "<last record's hash, in the chain's encoding>",
//    "signature": "<signature, in the profile's signatureEncoding>", "public_key": "<optional base64 SPKI>", …}
// The signed bytes are the RFC 8785 (JCS) text of that object without "signature" and "public_key", as
// UTF-8: any other member the vendor adds (a time, a record count, an export id) is signed too. The head
// binds the newest record, so records cut from the end (or added after it) show. "public_key" is only
// the vendor's claim: a signature valid under it alone is "unpinned".
import { z } from 'zod';
import { canonicalize, JcsError } from '../jcs';
import { iJsonProblem } from '../i-json';
import { JsonTextError, parseJsonText } from '../json-text';
import { fromBase64, fromHex, utf8Encode } from '../hex';
import { decodeHash } from './recipe';
import { VendorChainInputError } from './errors';
import { parsePublicKeys, PublicKeyError, type PublicKey } from './public-key';
import { verifyUnder, type SignatureSpec } from './signature';
import type { HeadSignatureStatus } from './report';

const headSchema = z.looseObject({
  seq: z.number().int().nonnegative(),
  hash: z.string().min(1),
  signature: z.string().min(1),
  public_key: z.string().min(1).optional(),
});

export interface SignedHead {
  file: string;
  seq: number;
  hash: string;
  hashBytes: Uint8Array;
  signed: Uint8Array;
  signature: Uint8Array;
  claimed: PublicKey | null;
}

export function parseHead(text: string, file: string, encoding: 'hex' | 'base64', signatureEncoding: 'hex' | 'base64'): SignedHead {
  const refuse = (what: string, line?: number): VendorChainInputError => new VendorChainInputError(`The head file ${file} ${what}`, file, line);
  let raw: unknown;
  try {
    raw = parseJsonText(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    if (e instanceof JsonTextError) throw refuse(e.message, e.line);
    throw e;
  }
  const problem = typeof raw === 'object' ? iJsonProblem(text.replace(/^\uFEFF/, '')) : null;
  if (problem !== null) throw refuse(`cannot be read one way only: ${problem}`);
  const r = headSchema.safeParse(raw);
  if (!r.success) {
    const i = r.error.issues[0]!;
    throw refuse(`is not a signed head: ${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`);
  }
  const h = r.data;
  const hashBytes = decodeHash(h.hash, encoding);
  if (hashBytes === null) throw refuse(`has a "hash" that is not ${encoding}`);
  let signature: Uint8Array;
  try {
    signature = signatureEncoding === 'hex' ? fromHex(h.signature) : fromBase64(h.signature);
  } catch {
    throw refuse(`has a "signature" that is not ${signatureEncoding}`);
  }
  let claimed: PublicKey | null = null;
  if (h.public_key !== undefined) {
    try {
      claimed = parsePublicKeys(h.public_key, `the "public_key" of ${file}`)[0]!;
    } catch (e) {
      if (e instanceof PublicKeyError) throw refuse(`names a key that cannot be read: ${e.message}`);
      throw e;
    }
  }
  const body: Record<string, unknown> = { ...(raw as Record<string, unknown>) };
  delete body.signature;
  delete body.public_key;
  let signed: Uint8Array;
  try {
    signed = utf8Encode(canonicalize(body));
  } catch (e) {
    if (e instanceof JcsError) throw refuse(e.message);
    throw e;
  }
  return { file, seq: h.seq, hash: h.hash, hashBytes, signed, signature, claimed };
}

/** Pinned first: only a pinned key makes the head "pinned"; the head's own key at most "unpinned". */
export function checkHeadSignature(
  head: SignedHead,
  spec: SignatureSpec,
  pinned: readonly PublicKey[],
): { status: HeadSignatureStatus; key: PublicKey | null } {
  const mine = pinned.filter((k) => k.algorithm === spec.algorithm);
  const byPin = mine.find((k) => verifyUnder(k, spec, head.signed, head.signature));
  if (byPin) return { status: 'pinned', key: byPin };
  if (head.claimed && verifyUnder(head.claimed, spec, head.signed, head.signature)) return { status: 'unpinned', key: head.claimed };
  if (mine.length === 0 && head.claimed === null) return { status: 'no-key', key: null };
  return { status: 'invalid', key: null };
}
