// Just enough ASN.1 DER (ITU-T X.690 §10) to read a SubjectPublicKeyInfo (RFC 5280 §4.1.2.7) and an
// RSAPublicKey (RFC 8017 §A.1.1): tag, definite minimal length, content. Anything else is refused.

export interface Tlv {
  tag: number;
  /** content [start, end) in the input */
  start: number;
  end: number;
}

export class DerError extends Error {
  override name = 'DerError';
}

export function readTlv(b: Uint8Array, at: number, limit = b.length): Tlv {
  if (at + 2 > limit) throw new DerError('truncated DER');
  const tag = b[at]!;
  if ((tag & 0x1f) === 0x1f) throw new DerError('multi-byte DER tags are not used in public keys');
  let len = b[at + 1]!;
  let start = at + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4 || start + n > limit) throw new DerError('bad DER length');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + b[start + i]!;
    if (len < 0x80 || b[start] === 0) throw new DerError('DER length not in its shortest form');
    start += n;
  }
  if (start + len > limit) throw new DerError('DER content runs past its container');
  return { tag, start, end: start + len };
}

/** The items of a constructed value, in order. */
export function children(b: Uint8Array, t: Tlv): Tlv[] {
  const out: Tlv[] = [];
  for (let at = t.start; at < t.end;) {
    const c = readTlv(b, at, t.end);
    out.push(c);
    at = c.end;
  }
  return out;
}

/** A non-negative INTEGER as a bigint. */
export function unsignedInteger(b: Uint8Array, t: Tlv): bigint {
  if (t.tag !== 0x02 || t.end === t.start) throw new DerError('expected an INTEGER');
  if (b[t.start]! & 0x80) throw new DerError('expected a positive INTEGER');
  let v = 0n;
  for (let i = t.start; i < t.end; i++) v = (v << 8n) | BigInt(b[i]!);
  return v;
}
