// One file of a custody-only kind as received: its bytes read once, their SHA-256 and size, the text framed
// by the kind (kind.ts), and the RFC 9162 root over the leaves (shared/merkle.ts, as for bundles: leaf hash
// SHA-256(0x00 || leaf), node SHA-256(0x01 || left || right)).
import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { MerkleAccumulator, merkleHasher } from '../../../../shared/merkle';
import { toHex } from '../../../../shared/hex';
import { InputError } from '../../io/source';
import type { CustodyFrame, CustodySourceKind, FrameOptions } from './kind';

/** Read whole: a larger export is to be split, or imported once a streaming reader lands. */
export const MAX_CUSTODY_FILE_BYTES = 512 * 1024 * 1024;
export const HEAD_BYTES = 65536;
const sha = (b: Uint8Array): Uint8Array => createHash('sha256').update(b).digest();

export interface CustodyFileRead {
  file: string;
  sha256: string;
  bytes: number;
  frame: CustodyFrame;
  merkleRoot: string;
}

/** The first 64 KiB of a regular file as text (BOM stripped), or null when it is not one or unreadable. */
export function headOf(file: string): string | null {
  try {
    if (!statSync(file).isFile()) return null;
    const fd = openSync(file, 'r');
    try {
      const buf = Buffer.alloc(HEAD_BYTES);
      return buf.toString('utf8', 0, readSync(fd, buf, 0, buf.length, 0)).replace(/^\uFEFF/, '');
    } finally {
      closeSync(fd);
    }
  } catch {
    return null;
  }
}

export function readCustodyFile(kind: CustodySourceKind, file: string, opts: FrameOptions = {}): CustodyFileRead {
  const size = statSync(file).size;
  if (size > MAX_CUSTODY_FILE_BYTES)
    throw new InputError(`${file} is ${size} bytes; exports over ${MAX_CUSTODY_FILE_BYTES} bytes are not read whole: split it.`, file);
  const bytes = readFileSync(file);
  const text = utf8Text(bytes, file);
  // the framing is told from the bytes already read, not a second read
  if (kind.detect(text.slice(0, HEAD_BYTES).replace(/^\uFEFF/, ''), file) === null && !kind.needsMapping)
    throw new InputError(`${file} is not ${kind.noun} data of a framing Tickmark reads.`, file);
  const frame = kind.frame(text, { ...opts, bytes });
  return { file, sha256: toHex(sha(bytes)), bytes: bytes.length, frame, merkleRoot: custodyRoot(frame.records.map((r) => r.leaf)) };
}

/**
 * The file's text. Bytes that are not UTF-8 are refused at their line rather than read as U+FFFD: a leaf
 * must be the record's bytes as received, and a replacement character is not what was received.
 */
function utf8Text(bytes: Uint8Array, file: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const strict = new TextDecoder('utf-8', { fatal: true });
    let line = 1;
    let start = 0;
    for (let i = 0; i <= bytes.length; i++) {
      if (i < bytes.length && bytes[i] !== 0x0a) continue;
      try {
        strict.decode(bytes.subarray(start, i));
      } catch {
        break;
      }
      line++;
      start = i + 1;
    }
    throw new InputError(`${file}: line ${line} is not UTF-8 text, so its bytes cannot be kept as received. Nothing was imported.`, file, line);
  }
}

/** The hex RFC 9162 root over leaves given as text (their UTF-8 bytes). */
export function custodyRoot(leaves: Iterable<string>): string {
  const hasher = merkleHasher(sha);
  const tree = new MerkleAccumulator(hasher);
  const enc = new TextEncoder();
  for (const leaf of leaves) tree.append(hasher.hashLeaf(enc.encode(leaf)));
  return toHex(tree.root());
}
