// Byte encodings for hashes, keys and signatures, on plain Uint8Array (shared/ has neither Buffer nor DOM).
// Decoders are strict: an encoding that could be read two ways is refused rather than guessed at, because a
// hash that "almost" decodes is evidence of tampering or corruption, not something to repair.

/** Text that is not the hex or base64 it should be. A RangeError so older `catch (RangeError)` sites still match. */
export class EncodingError extends RangeError {
  override name = 'EncodingError';
}

function preview(s: string): string {
  return JSON.stringify(s.length > 80 ? `${s.slice(0, 77)}...` : s);
}

// toHex runs once per record (chain hashes), so it is a table lookup per byte rather than toString(16).
const HEX_PAIRS: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

// char code → nibble value, -1 for anything that is not a hex digit
const HEX_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < 10; i++) HEX_VALUE[48 + i] = i;
for (let i = 0; i < 6; i++) {
  HEX_VALUE[65 + i] = 10 + i;
  HEX_VALUE[97 + i] = 10 + i;
}

/** Lowercase hex. */
export function toHex(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += HEX_PAIRS[bytes[i]!];
  return s;
}

/** Hex in either case; throws EncodingError on odd length or any non-hex character. */
export function fromHex(s: string): Uint8Array {
  if (s.length % 2 !== 0) throw new EncodingError(`not hex: ${preview(s)} has an odd number of digits (${s.length})`);
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) {
    const a = s.charCodeAt(2 * i);
    const b = s.charCodeAt(2 * i + 1);
    const hi = a < 128 ? HEX_VALUE[a]! : -1;
    const lo = b < 128 ? HEX_VALUE[b]! : -1;
    if (hi < 0 || lo < 0) {
      const at = hi < 0 ? 2 * i : 2 * i + 1;
      throw new EncodingError(`not hex: ${preview(s)} has ${JSON.stringify(s[at])} at position ${at}`);
    }
    out[i] = hi * 16 + lo;
  }
  return out;
}

const B64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < 64; i++) B64_VALUE[B64_ALPHABET.charCodeAt(i)] = i;

/** Standard base64 (RFC 4648 §4) with padding. */
export function toBase64(bytes: Uint8Array): string {
  const A = B64_ALPHABET;
  let s = '';
  const full = bytes.length - (bytes.length % 3);
  for (let i = 0; i < full; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    s += A[n >> 18]! + A[(n >> 12) & 63]! + A[(n >> 6) & 63]! + A[n & 63]!;
  }
  const rest = bytes.length - full;
  if (rest === 1) {
    const n = bytes[full]! << 16;
    s += `${A[n >> 18]!}${A[(n >> 12) & 63]!}==`;
  } else if (rest === 2) {
    const n = (bytes[full]! << 16) | (bytes[full + 1]! << 8);
    s += `${A[n >> 18]!}${A[(n >> 12) & 63]!}${A[(n >> 6) & 63]!}=`;
  }
  return s;
}

/**
 * Strict standard base64 with padding, as signed notes and checkpoints write it: no whitespace, no URL-safe
 * alphabet, no missing padding, and the unused low bits of the last character must be zero (otherwise two
 * different strings would decode to the same bytes).
 */
export function fromBase64(s: string): Uint8Array {
  if (s.length % 4 !== 0) throw new EncodingError(`not base64: ${preview(s)} is not a multiple of 4 characters long`);
  const pad = s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((s.length / 4) * 3 - pad);
  const body = s.length - pad;
  let o = 0;
  for (let i = 0; i < s.length; i += 4) {
    let n = 0;
    for (let j = 0; j < 4; j++) {
      const p = i + j;
      let v: number;
      if (p >= body) v = 0;
      else {
        const c = s.charCodeAt(p);
        v = c < 128 ? B64_VALUE[c]! : -1;
        if (v < 0) throw new EncodingError(`not base64: ${preview(s)} has ${JSON.stringify(s[p])} at position ${p}`);
      }
      n = n * 64 + v;
    }
    out[o++] = n >> 16;
    if (o < out.length) out[o++] = (n >> 8) & 255;
    if (o < out.length) out[o++] = n & 255;
  }
  if (pad > 0) {
    // bits of the last data character that fall beyond the last byte must be zero
    const last = B64_VALUE[s.charCodeAt(body - 1)]!;
    if ((pad === 2 ? last & 15 : last & 3) !== 0) throw new EncodingError(`not canonical base64: ${preview(s)} has non-zero padding bits`);
  }
  return out;
}

/** Byte-wise equality. Hashes compared here are public, so an early exit leaks nothing. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
  let len = 0;
  for (const p of parts) len += p.length;
  const out = new Uint8Array(len);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

const encoder = new TextEncoder();

/** UTF-8 bytes of a string (lone surrogates become U+FFFD: callers that must refuse them check first, as jcs.ts does). */
export function utf8Encode(s: string): Uint8Array {
  return encoder.encode(s);
}
