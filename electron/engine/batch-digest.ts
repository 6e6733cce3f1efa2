// The per-record work of verification for a batch of lines (parse, canonical bytes, two SHA-256), packed
// in typed arrays so that handing it between threads costs little. Order, chain and Merkle logic stay with
// the StreamVerifier on the main thread.
//
// Two paths give the same result. The reference path decodes each line and runs shared/digest.ts
// (JSON.parse, RFC 8785 re-serialization). The fast path builds C from the line's bytes, making no
// JavaScript values: with the WebAssembly canonicalizer (wasm/canonical.ts), else with
// shared/jcs-bytes.ts; any line neither is sure of goes the reference way.
// The fast path also checks the records of the batch among themselves (content, links, seq, time); when
// all hold, the batch is "clean" and the StreamVerifier only needs its first and last record.
import { hash } from 'node:crypto';
import { isUtf8 } from 'node:buffer';
import { canonicalEvent, newEventScan } from '../../shared/jcs-bytes';
import { alignedSubtrees, type Subtrees } from '../../shared/merkle';
import { digestLine, isDigest, type Hashing, type ChainRecord } from '../../shared/digest';
import { binaryInto, interiorInto, nodeHashing } from './hashing';
import { asBuffer } from './io/lines';
import { SLACK, WasmCanonical } from './wasm/canonical';
import { putFields, putScannedFields, type PackedFields } from './batch-fields';
import type { BatchContext, PackedDigests } from './packed-digests';

export type { BatchContext, PackedDigests } from './packed-digests';

/** Record i of a batch (any record of a batch that is not clean; the first and last of a clean one). */
export function unpack(p: PackedDigests, i: number): ChainRecord {
  const t = p.clean ? (i === 0 ? 0 : 4) : 4 * i;
  return {
    fields: { seq: p.seq[i]!, tsMs: p.tsMs[i]!, ts: p.text[t]! },
    prevHash: p.text[t + 1]!,
    claimedHash: p.text[t + 2]!,
    computedHash: p.text[t + 3]!,
    leafHash: p.leaf.subarray(32 * i, 32 * i + 32),
  };
}

function emptyPack(buf: Uint8Array, spans: Int32Array, n: number): PackedDigests {
  return {
    id: -1,
    n,
    seq: new Float64Array(n),
    tsMs: new Float64Array(n),
    text: [],
    leaf: new Uint8Array(32 * n),
    errors: [],
    clean: false,
    buf,
    spans,
    subtrees: null,
  };
}

/** The reference path, record by record through shared/digest.ts. */
export function digestReference(bytes: Uint8Array, spans: Int32Array, n: number, hashing: Hashing): PackedDigests {
  const buf = asBuffer(bytes);
  const out = emptyPack(bytes, spans, n);
  out.text = new Array<string>(4 * n);
  for (let i = 0; i < n; i++) {
    const s = spans[2 * i]!;
    const e = spans[2 * i + 1]!;
    if (!isUtf8(buf.subarray(s, e))) {
      out.errors.push([i, 'is not valid UTF-8']);
      break;
    }
    const d = digestLine(buf.toString('utf8', s, e), hashing);
    if (!isDigest(d)) {
      out.errors.push([i, d.error]);
      break;
    }
    out.seq[i] = d.fields.seq;
    out.tsMs[i] = d.fields.tsMs;
    out.text[4 * i] = d.fields.ts;
    out.text[4 * i + 1] = d.prevHash;
    out.text[4 * i + 2] = d.claimedHash;
    out.text[4 * i + 3] = d.computedHash;
    out.leaf.set(d.leafHash, 32 * i);
  }
  return out;
}

// The work buffer of the fast path: at `cAt - 1` the leaf prefix 0x00, then C, then from `room` a copy of
// the batch's bytes. With WebAssembly it is the canonicalizer's memory (wasm/canonical.ts), which writes C
// there itself; without, a Buffer, and jcs-bytes.ts copies with copyWithin from the line to C. C at a
// fixed place lets the views hashed be kept by length instead of made per record.
const wasm = WasmCanonical.create();
let work: Buffer = Buffer.alloc(0);
let cAt = 1;
let room = 0;
let viewsC: Uint8Array[] = []; // by C's length: work[cAt, cAt + len)
let viewsLeaf: Uint8Array[] = []; // work[cAt - 1, cAt + len)
const scan = newEventScan();

/** The work buffer holding a copy of `bytes` from `room`, with room for C before it. */
function workFor(bytes: Uint8Array, spans: Int32Array, n: number): Buffer {
  let longest = 0;
  for (let i = 0; i < n; i++) longest = Math.max(longest, spans[2 * i + 1]! - spans[2 * i]!);
  const base = wasm ? wasm.free : 0;
  // SLACK: the WebAssembly reads strings 16 bytes at a time, past the batch's last line too
  if (longest + 1 > room - base || room + bytes.length + SLACK > (wasm ? wasm.mem.length : work.length)) {
    room = base + Math.max(room - base, 64 * 1024, 2 * (longest + 1));
    const size = room + Math.max(bytes.length, 2 * 1024 * 1024) + SLACK;
    if (wasm) wasm.ensure(size);
    else work = Buffer.alloc(size);
    viewsC = [];
  }
  if (wasm && wasm.mem !== work) {
    // the memory grew: views over the old one are stale
    work = wasm.mem;
    viewsC = [];
  }
  if (viewsC.length === 0) {
    cAt = base + 1;
    work[cAt - 1] = 0;
    viewsC = new Array<Uint8Array>(room - base);
    viewsLeaf = new Array<Uint8Array>(room - base);
  }
  work.set(bytes, room);
  return work;
}

// the two hex characters of each byte value
const HEX_HI = new Uint8Array(256);
const HEX_LO = new Uint8Array(256);
for (let c = 0; c < 256; c++) {
  HEX_HI[c] = '0123456789abcdef'.charCodeAt(c >> 4);
  HEX_LO[c] = '0123456789abcdef'.charCodeAt(c & 15);
}

/** Copy the digest d ('binary' text) into dst at `to`, and say whether the hex text at buf[at] spells it. */
function digestMatches(d: string, dst: Uint8Array, to: number, buf: Buffer, at: number): boolean {
  let diff = 0;
  for (let i = 0; i < 32; i++) {
    const c = d.charCodeAt(i);
    dst[to + i] = c;
    diff |= (buf[at + 2 * i]! ^ HEX_HI[c]!) | (buf[at + 2 * i + 1]! ^ HEX_LO[c]!);
  }
  return diff === 0;
}

function sameHex(buf: Buffer, a: number, b: number): boolean {
  for (let i = 0; i < 64; i++) if (buf[a + i] !== buf[b + i]) return false;
  return true;
}

/** Leaves 1..count of `leaf` (tree positions from, from+1, …) as whole subtrees (shared/merkle.ts alignedSubtrees). */
function foldSubtrees(leaf: Uint8Array, from: number, count: number, stops: readonly number[]): Subtrees {
  const heights = Uint8Array.from(alignedSubtrees(from, from + count, stops));
  const roots = new Uint8Array(32 * heights.length);
  const level = new Uint8Array(32 * count);
  let at = 32; // leaf 1 of the batch
  for (let j = 0; j < heights.length; j++) {
    let width = 2 ** heights[j]!;
    level.set(leaf.subarray(at, at + 32 * width));
    at += 32 * width;
    // pairwise, level by level, in place: RFC 9162 interior nodes H(0x01 || left || right)
    while (width > 1) {
      for (let i = 0; i < width / 2; i++) interiorInto(level, 64 * i, level, 32 * i);
      width /= 2;
    }
    roots.set(level.subarray(0, 32), 32 * j);
  }
  return { from, heights, roots };
}

/** The fast path (node:crypto), falling back to the reference path line by line; with `fields`, also
 *  the fields an import stores (see batch-fields.ts). */
export function digestFast(
  bytes: Uint8Array,
  spans: Int32Array,
  n: number,
  ctx: BatchContext,
  fields?: PackedFields,
  leafOffset?: number,
): PackedDigests {
  const buf = workFor(bytes, spans, n); // the batch's bytes from `room`
  const out = emptyPack(bytes, spans, n);
  const ts = new Array<string>(n); // for records taken by the reference path
  const tsAt = new Int32Array(n);
  const tsEnd = new Int32Array(n);
  // where each record's prev_hash and hash text start in buf (-1: taken by the reference path)
  const prevAt = new Int32Array(n);
  const hashAt = new Int32Array(n);
  const computed = Buffer.allocUnsafe(32 * n);
  const leaf = out.leaf;
  const slow = new Map<number, [string, string, string]>();
  const allUtf8 = isUtf8(bytes);
  let clean = true;
  let count = n;
  for (let i = 0; i < n; i++) {
    const s = room + spans[2 * i]!;
    const e = room + spans[2 * i + 1]!;
    if (!allUtf8 && !isUtf8(buf.subarray(s, e))) {
      out.errors.push([i, 'is not valid UTF-8']);
      count = i;
      break;
    }
    let len = wasm ? wasm.canonicalEvent(s, e, cAt, scan) : -1;
    if (len < 0) len = canonicalEvent(buf, s, e, buf, cAt, scan);
    if (len >= 0) {
      // digests as 'binary' text (see hashing.ts binaryInto)
      const d = hash('sha256', (viewsC[len] ??= new Uint8Array(buf.buffer, buf.byteOffset + cAt, len)), 'binary');
      const l = hash('sha256', (viewsLeaf[len] ??= new Uint8Array(buf.buffer, buf.byteOffset + cAt - 1, 1 + len)), 'binary');
      const at = 32 * i;
      // while the batch is clean, the computed hash is checked against the written one as it is copied
      const matches: boolean = clean ? digestMatches(d, computed, at, buf, scan.hashAt) : (binaryInto(d, computed, at), false);
      binaryInto(l, leaf, at);
      out.seq[i] = scan.seq;
      out.tsMs[i] = scan.tsMs;
      tsAt[i] = scan.tsAt;
      tsEnd[i] = scan.tsEnd;
      prevAt[i] = scan.prevAt;
      hashAt[i] = scan.hashAt;
      if (fields) putScannedFields(fields, i, buf, scan);
      if (clean) {
        const t = scan.tsMs;
        clean =
          matches &&
          t >= ctx.windowStart &&
          t <= ctx.windowEnd &&
          (i === 0 ||
            (hashAt[i - 1]! >= 0 &&
              sameHex(buf, scan.prevAt, hashAt[i - 1]!) &&
              scan.seq === out.seq[i - 1]! + 1 &&
              t >= out.tsMs[i - 1]! &&
              t - out.tsMs[i - 1]! <= ctx.silentMs));
      }
      continue;
    }
    const d = digestLine(buf.toString('utf8', s, e), nodeHashing);
    if (!isDigest(d)) {
      out.errors.push([i, d.error]);
      count = i;
      break;
    }
    clean = false;
    if (fields) putFields(fields, i, d.fields);
    out.seq[i] = d.fields.seq;
    out.tsMs[i] = d.fields.tsMs;
    ts[i] = d.fields.ts;
    prevAt[i] = -1;
    hashAt[i] = -1;
    slow.set(i, [d.prevHash, d.claimedHash, d.computedHash]);
    out.leaf.set(d.leafHash, 32 * i);
  }
  out.clean = clean && count === n && n > 0;
  // the Merkle work of a clean batch is done here too, when its place in the tree is known
  if (out.clean && n > 1 && leafOffset !== undefined) out.subtrees = foldSubtrees(out.leaf, leafOffset + 1, n - 1, ctx.rootSizes);
  const texts = (i: number): string[] => {
    const sl = slow.get(i);
    if (sl) return [ts[i]!, ...sl];
    return [
      buf.toString('latin1', tsAt[i]!, tsEnd[i]!),
      buf.toString('latin1', prevAt[i]!, prevAt[i]! + 64),
      buf.toString('latin1', hashAt[i]!, hashAt[i]! + 64),
      computed.toString('hex', 32 * i, 32 * i + 32),
    ];
  };
  if (out.clean) {
    out.text = [...texts(0), ...texts(n - 1)];
  } else {
    out.text = new Array<string>(4 * count);
    for (let i = 0; i < count; i++) {
      const t = texts(i);
      for (let k = 0; k < 4; k++) out.text[4 * i + k] = t[k]!;
    }
  }
  return out;
}
