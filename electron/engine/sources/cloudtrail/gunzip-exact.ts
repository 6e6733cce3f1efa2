// One gzip member (RFC 1952) decompressed, refusing any byte after it. Node's gunzip reads concatenated
// members as one and skips trailing zeros silently, so two files with different bytes would hash the
// same uncompressed content: for CloudTrail, whose hashes cover the uncompressed bytes, bytes after the
// end of the gzip stream make the object invalid (cloudtrail-export-kit/1 §3 item 4).
// The header is read here (its optional FEXTRA, FNAME, FCOMMENT, FHCRC fields), the deflate body inflated
// raw to learn where it ends, then the exact member gunzipped again so that zlib checks CRC-32 and ISIZE.
import { gunzipSync, inflateRawSync } from 'node:zlib';

/** CloudTrail log files are a few MB; anything past this is not one (and would not fit in a JS string). */
export const MAX_UNCOMPRESSED = 256 * 1024 * 1024;

export type GunzipResult = { ok: true; bytes: Buffer } | { ok: false; problem: string };

const FHCRC = 2;
const FEXTRA = 4;
const FNAME = 8;
const FCOMMENT = 16;

function headerLength(b: Buffer): number | string {
  if (b.length < 18 || b[0] !== 0x1f || b[1] !== 0x8b) return 'is not gzip-compressed (no gzip header)';
  if (b[2] !== 8) return 'uses a compression method other than deflate';
  const flags = b[3]!;
  if (flags & 0xe0) return 'has reserved gzip header flags set';
  let at = 10;
  if (flags & FEXTRA) at += 2 + b.readUInt16LE(at);
  for (const f of [FNAME, FCOMMENT]) {
    if (flags & f) {
      const nul = b.indexOf(0, at);
      if (nul < 0) return 'has a gzip header that never ends';
      at = nul + 1;
    }
  }
  if (flags & FHCRC) at += 2;
  return at < b.length ? at : 'has a gzip header that never ends';
}

export function gunzipExact(stored: Buffer, maxBytes = MAX_UNCOMPRESSED): GunzipResult {
  const hl = headerLength(stored);
  if (typeof hl === 'string') return { ok: false, problem: hl };
  let bodyLength: number;
  try {
    const r = inflateRawSync(stored.subarray(hl), { info: true, maxOutputLength: maxBytes }) as unknown as { engine: { bytesWritten: number } };
    bodyLength = r.engine.bytesWritten;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE')
      return { ok: false, problem: `would inflate past ${maxBytes} bytes, which is a decompression bomb, not a CloudTrail object` };
    return { ok: false, problem: `is a damaged or truncated gzip file (${(e as Error).message})` };
  }
  const end = hl + bodyLength + 8;
  if (end > stored.length) return { ok: false, problem: 'is a truncated gzip file (its CRC-32 and size trailer is missing)' };
  if (end < stored.length)
    return { ok: false, problem: `has ${stored.length - end} bytes after the end of its gzip stream, which is not how CloudTrail writes objects` };
  try {
    return { ok: true, bytes: gunzipSync(stored, { maxOutputLength: maxBytes }) };
  } catch (e) {
    return { ok: false, problem: `is a damaged gzip file (${(e as Error).message})` };
  }
}
