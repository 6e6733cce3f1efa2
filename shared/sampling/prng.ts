// The deterministic random stream behind every sample, chosen so that anyone can re-perform a selection with
// another tool (docs/sampling-algorithm.md gives a Python version):
//
//   block_i = SHA-256( UTF-8(seed) || 0x00 || uint64_be(i) )          for i = 0, 1, 2, …
//   the stream is the blocks in order, read as unsigned 64-bit big-endian integers w_0, w_1, … (4 per block:
//   bytes 0–7, 8–15, 16–23, 24–31)
//   nextBelow(n), 1 ≤ n ≤ 2^53: limit = ⌊2^64 / n⌋ · n; take the next word w; if w < limit return w mod n,
//   else discard w and take the next one. Every residue then has exactly ⌊2^64 / n⌋ preimages below limit,
//   so the result is exactly uniform; a word is discarded with probability < n / 2^64 ≤ 2^-11.
//   drawsUsed counts the 64-bit words consumed, discarded ones included, so a reviewer can check the position.
//
//   deriveSeed: seed = hex(SHA-256(UTF-8(sorted chain heads joined by "\n" + "\n" + auditor value)))
//   The chain heads are fixed by the audited bundle and the auditor value is the auditor's own input, so
//   neither the auditee nor the auditor alone controls the sample.
import { sha256 } from '@noble/hashes/sha2.js';
import { SamplingError } from './errors';

const TWO_POW_32 = 2 ** 32;
const TWO_POW_64 = 1n << 64n;
const encoder = new TextEncoder();

export function toHex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

export class SeededRandom {
  readonly seed: string;
  /** the SHA-256 input: UTF-8(seed) || 0x00 || 8 counter bytes, the last 8 rewritten for each block */
  private readonly input: Uint8Array;
  private readonly view: DataView;
  private block: DataView | null = null;
  private blockIndex = 0;
  /** index of the next word in the current block, 0..4 */
  private wordInBlock = 4;
  private words = 0;
  private lastN = 0;
  private lastBn = 1n;
  private lastLimit = TWO_POW_64;

  constructor(seed: string) {
    if (typeof seed !== 'string' || seed.length === 0) {
      throw new SamplingError('invalid-input', 'The sampling seed must be a non-empty string.');
    }
    this.seed = seed;
    const seedBytes = encoder.encode(seed);
    this.input = new Uint8Array(seedBytes.length + 9);
    this.input.set(seedBytes, 0);
    this.input[seedBytes.length] = 0x00;
    this.view = new DataView(this.input.buffer);
  }

  /** 64-bit words consumed so far, discarded ones included. */
  get drawsUsed(): number {
    return this.words;
  }

  /** The next unsigned 64-bit word of the stream. */
  nextWord(): bigint {
    if (this.wordInBlock === 4) {
      const at = this.input.length - 8;
      // Counter as two 32-bit halves; i stays far below 2^53, so / and % are exact.
      this.view.setUint32(at, Math.floor(this.blockIndex / TWO_POW_32), false);
      this.view.setUint32(at + 4, this.blockIndex % TWO_POW_32, false);
      const digest = sha256(this.input);
      this.block = new DataView(digest.buffer, digest.byteOffset, digest.byteLength);
      this.blockIndex++;
      this.wordInBlock = 0;
    }
    const w = (this.block as DataView).getBigUint64(this.wordInBlock * 8, false);
    this.wordInBlock++;
    this.words++;
    return w;
  }

  /** A uniform integer in [0, n), 1 ≤ n ≤ 2^53, by rejection (see the module comment). */
  nextBelow(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > 2 ** 53) {
      throw new SamplingError('invalid-input', `nextBelow needs a whole number from 1 to 2^53 (got ${String(n)}).`);
    }
    if (n !== this.lastN) {
      // Cached: a selection calls nextBelow with the same n many times.
      this.lastN = n;
      this.lastBn = BigInt(n);
      this.lastLimit = (TWO_POW_64 / this.lastBn) * this.lastBn;
    }
    const bn = this.lastBn;
    const limit = this.lastLimit;
    for (;;) {
      const w = this.nextWord();
      if (w < limit) return Number(w % bn);
    }
  }
}

export interface SeedParts {
  /** chain heads of the audited streams: 64 lowercase (or uppercase, folded to lower) hex characters each */
  chainHeads: string[];
  /** the auditor's own value (a phrase, a number, a dice roll…): printable, no control characters */
  auditorValue: string;
}

/** The exact text that deriveSeed hashes, exposed so a reviewer can see and re-hash it. */
export function seedMaterial(parts: SeedParts): string {
  if (!Array.isArray(parts.chainHeads) || parts.chainHeads.length === 0) {
    throw new SamplingError('invalid-input', 'Deriving a sampling seed needs at least one chain head.');
  }
  const heads = parts.chainHeads.map((h) => {
    const lower = typeof h === 'string' ? h.toLowerCase() : '';
    if (!/^[0-9a-f]{64}$/.test(lower)) {
      throw new SamplingError('invalid-input', `A chain head must be 64 hexadecimal characters (got ${JSON.stringify(h)}).`);
    }
    return lower;
  });
  // Plain code-unit order; the heads are ASCII, so this is also Python's sorted() and byte order.
  heads.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const v = parts.auditorValue;
  if (typeof v !== 'string' || v.length === 0) {
    throw new SamplingError('invalid-input', 'Deriving a sampling seed needs the auditor value; it is empty.');
  }
  // No control characters (the value could not then be mistaken for more heads) and no outer whitespace
  // (a value copied with a stray space would silently give another sample).
  // eslint-disable-next-line no-control-regex -- control characters are what this refuses
  if (/[\u0000-\u001f\u007f]/.test(v) || v.trim() !== v) {
    throw new SamplingError(
      'invalid-input',
      'The auditor value must not contain line breaks or other control characters, nor start or end with spaces.',
    );
  }
  return `${heads.join('\n')}\n${v}`;
}

/** seed = hex SHA-256 of seedMaterial(parts) in UTF-8. */
export function deriveSeed(parts: SeedParts): string {
  return toHex(sha256(encoder.encode(seedMaterial(parts))));
}
