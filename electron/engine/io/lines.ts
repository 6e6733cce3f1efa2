// Splits a byte stream into JSONL lines in constant memory. Lines come out in batches of about a
// megabyte: one contiguous buffer that owns its memory (so it can be handed to a worker thread without a
// copy) with the start and end of every line in it. Each line is checked against a length limit, so a
// 100 MB line or a binary file is refused with its line number instead of exhausting memory. UTF-8 is
// checked by whoever decodes the lines (readLines here, or the verification digest stage).
import { isUtf8 } from 'node:buffer';
import type { BatchContext, PackedDigests } from '../batch-digest';

export const DEFAULT_MAX_LINE_BYTES = 4 * 1024 * 1024;
const BATCH_BYTES = 1 << 20;

export interface RawLineBatch {
  /** owns its ArrayBuffer alone, from offset 0 */
  buf: Buffer;
  /** per line i: spans[2i] start, spans[2i+1] end (exclusive, without a trailing CR) */
  spans: Int32Array;
  n: number;
  /** 1-based number of the first line in the file */
  firstLine: number;
  /** bytes consumed from the (decoded) stream so far */
  bytesRead: number;
  /** the records' digests, when an import reading the same batch computed them (see TeeSource) */
  digested?: { digests: PackedDigests; ctx: BatchContext };
}

export interface LineBatch {
  lines: string[];
  /** 1-based number of lines[0] in the file */
  firstLine: number;
  /** bytes consumed from the (decoded) stream so far */
  bytesRead: number;
}

/** A batch's bytes as a Buffer: a batch back from a worker thread arrives as a plain Uint8Array. */
export const asBuffer = (u: Uint8Array): Buffer => (Buffer.isBuffer(u) ? u : Buffer.from(u.buffer, u.byteOffset, u.byteLength));

/** A problem with the input at a known line; the caller adds the file name. */
export class LineError extends Error {
  override name = 'LineError';
  constructor(
    readonly line: number,
    readonly problem: string,
  ) {
    super(`line ${line} ${problem}`);
  }
}

export async function* readRawLines(chunks: AsyncIterable<Buffer | Uint8Array>, maxLineBytes = DEFAULT_MAX_LINE_BYTES, batchBytes = BATCH_BYTES): AsyncGenerator<RawLineBatch> {
  let parts: Uint8Array[] = [];
  let partsLen = 0;
  let lineNo = 1;
  let bytesRead = 0;
  let sawBlank = 0; // line number of a blank line, an error unless it is the very end

  // Join what has arrived into one fresh buffer and cut it into lines up to its last newline (or its end).
  const take = (final: boolean): RawLineBatch | null => {
    const buf = Buffer.allocUnsafeSlow(partsLen);
    let o = 0;
    for (const x of parts) {
      buf.set(x, o);
      o += x.length;
    }
    const last = final ? buf.length : buf.lastIndexOf(10) + 1;
    if (last === 0) {
      if (partsLen > maxLineBytes) throw tooLong(lineNo, maxLineBytes);
      parts = [buf];
      return null;
    }
    let spans = new Int32Array(Math.max(64, (last >> 8) * 2));
    let n = 0;
    const firstLine = lineNo;
    let firstSet = false;
    let batchFirst = firstLine;
    for (let pos = 0; pos < last; ) {
      let nl = buf.indexOf(10, pos);
      if (nl === -1 || nl >= last) nl = last;
      if (nl - pos > maxLineBytes) throw tooLong(lineNo, maxLineBytes);
      let e = nl;
      if (e > pos && buf[e - 1] === 13) e--; // tolerate CRLF
      if (e === pos) {
        if (sawBlank === 0) sawBlank = lineNo;
      } else {
        if (sawBlank !== 0) throw new LineError(sawBlank, 'is blank; a stream file has one event per line and no blank lines');
        if (!firstSet) {
          batchFirst = lineNo;
          firstSet = true;
        }
        if (2 * n + 2 > spans.length) {
          const grown = new Int32Array(spans.length * 2);
          grown.set(spans);
          spans = grown;
        }
        spans[2 * n] = pos;
        spans[2 * n + 1] = e;
        n++;
      }
      lineNo++;
      pos = nl + 1;
    }
    // the unfinished last line is copied: `buf` goes to whoever consumes the batch
    parts = last < buf.length ? [Uint8Array.prototype.slice.call(buf, last)] : [];
    partsLen = buf.length - last;
    return n > 0 ? { buf, spans, n, firstLine: batchFirst, bytesRead } : null;
  };

  for await (const c of chunks) {
    bytesRead += c.length;
    // kept by reference: a Node stream hands each pushed chunk over and never writes to it again
    parts.push(c);
    partsLen += c.length;
    if (partsLen < batchBytes && partsLen <= maxLineBytes) continue;
    const b = take(false);
    if (b) yield b;
  }
  if (partsLen > 0) {
    const b = take(true);
    if (b) yield b;
  }
}

/** The same lines decoded to strings, each checked to be valid UTF-8. */
export async function* readLines(chunks: AsyncIterable<Buffer | Uint8Array>, maxLineBytes = DEFAULT_MAX_LINE_BYTES): AsyncGenerator<LineBatch> {
  for await (const r of readRawLines(chunks, maxLineBytes)) yield decodeBatch(r);
}

export function decodeBatch(r: RawLineBatch): LineBatch {
  const lines = new Array<string>(r.n);
  for (let i = 0; i < r.n; i++) {
    const s = r.spans[2 * i]!;
    const e = r.spans[2 * i + 1]!;
    if (!isUtf8(r.buf.subarray(s, e))) throw new LineError(r.firstLine + i, 'is not valid UTF-8');
    lines[i] = r.buf.toString('utf8', s, e);
  }
  return { lines, firstLine: r.firstLine, bytesRead: r.bytesRead };
}

/** One batch from separate lines (each without its newline), copied into one buffer the batch owns. */
export function batchOf(lines: readonly Uint8Array[], firstLine: number, bytesRead: number): RawLineBatch {
  const buf = Buffer.allocUnsafeSlow(lines.reduce((n, x) => n + x.length, 0));
  const spans = new Int32Array(2 * lines.length);
  let o = 0;
  lines.forEach((x, i) => {
    buf.set(x, o);
    spans[2 * i] = o;
    o += x.length;
    spans[2 * i + 1] = o;
  });
  return { buf, spans, n: lines.length, firstLine, bytesRead };
}

/** Lines that are already strings as raw batches. */
export async function* encodeBatches(batches: AsyncIterable<LineBatch>): AsyncGenerator<RawLineBatch> {
  for await (const b of batches) yield batchOf(b.lines.map((l) => Buffer.from(l, 'utf8')), b.firstLine, b.bytesRead);
}

function tooLong(line: number, max: number): LineError {
  return new LineError(line, `is longer than ${Math.round(max / 1024 / 1024)} MiB; no audit event is that large (is this a stream file?)`);
}
