// Splits a byte stream into JSONL lines in constant memory. Lines come out in batches of about a
// megabyte: one contiguous buffer of the batch's own (shared with worker threads, reused once the batch
// is released: see batch-buffers.ts) with the start and end of every line in it. Each line is checked
// against a length limit, so a 100 MB line or a binary file is refused with its line number instead of
// exhausting memory. UTF-8 is checked by whoever decodes the lines (readLines here, or the verification
// digest stage).
import { isUtf8 } from 'node:buffer';
import type { BatchContext, PackedDigests } from '../packed-digests';
import { BatchBuffers } from './batch-buffers';

export const DEFAULT_MAX_LINE_BYTES = 4 * 1024 * 1024;
export const DEFAULT_BATCH_BYTES = 1 << 20;

export interface RawLineBatch {
  /** from offset 0 of its ArrayBuffer, which it owns alone (a SharedArrayBuffer, or one a worker can be handed) */
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
  /** hands `buf` back to be read into again: called once, by the batch's last reader, when nothing will
   *  read `buf` (or a view of it, on any thread) any more; a batch not released is simply not reused */
  release?: () => void;
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

/** Reads up to `max` bytes into buf at `at`; 0 at the end of the input. */
export type ReadInto = (buf: Buffer, at: number, max: number) => Promise<number>;

/** A stream's chunks read into the caller's buffer (each chunk is copied once, as far as it fits). */
function chunkReader(it: AsyncIterator<Buffer | Uint8Array>): ReadInto {
  let chunk: Uint8Array = new Uint8Array(0);
  let used = 0;
  return async (buf, at, max) => {
    while (used === chunk.length) {
      const r = await it.next();
      if (r.done) return 0;
      chunk = r.value;
      used = 0;
    }
    const n = Math.min(max, chunk.length - used);
    buf.set(chunk.subarray(used, used + n), at);
    used += n;
    return n;
  };
}

/**
 * The lines of `input` (a stream's chunks, or a reader that fills a buffer itself, like a file's) in
 * batches of about `batch` bytes, or of its buffers' size: each is cut in a buffer of its own that goes
 * back for the next batches when the batch is released. A job reading files one after another shares one
 * BatchBuffers between them, so that it keeps a few buffers whatever the number of files.
 */
export async function* readRawLines(
  input: AsyncIterable<Buffer | Uint8Array> | ReadInto,
  maxLineBytes = DEFAULT_MAX_LINE_BYTES,
  batch: number | BatchBuffers = DEFAULT_BATCH_BYTES,
): AsyncGenerator<RawLineBatch> {
  // a stream is closed with the reading, whether it ends or stops early
  const chunks = typeof input === 'function' ? null : input[Symbol.asyncIterator]();
  try {
    yield* cutLines(chunks ? chunkReader(chunks) : (input as ReadInto), maxLineBytes, typeof batch === 'number' ? new BatchBuffers(batch) : batch);
  } finally {
    await chunks?.return?.();
  }
}

async function* cutLines(read: ReadInto, maxLineBytes: number, buffers: BatchBuffers): AsyncGenerator<RawLineBatch> {
  const batchBytes = buffers.size;
  let cur = buffers.take();
  let fill = 0; // bytes in cur; none of cur[0, searched) is a newline
  let searched = 0;
  let lineNo = 1;
  let bytesRead = 0;

  // Cut what is in cur into lines up to its last newline (or its end), moving the rest to a new buffer.
  const cut = (final: boolean): RawLineBatch | null => {
    const k = final ? -1 : cur.subarray(searched, fill).lastIndexOf(10);
    if (!final && k < 0) {
      searched = fill;
      return null;
    }
    const last = final ? fill : searched + k + 1;
    let spans = new Int32Array(Math.max(64, (last >> 8) * 2));
    let n = 0;
    const batchFirst = lineNo;
    for (let pos = 0; pos < last;) {
      let nl = cur.indexOf(10, pos);
      if (nl === -1 || nl >= last) nl = last;
      if (nl - pos > maxLineBytes) throw tooLong(lineNo, maxLineBytes);
      let e = nl;
      if (e > pos && cur[e - 1] === 13) e--; // tolerate CRLF
      // a blank line is not an event, at the end of a file as anywhere else (a 2 GiB run of newlines
      // would otherwise be read to the end and accepted)
      if (e === pos) throw new LineError(lineNo, 'is blank; a stream file has one event per line and no blank lines');
      if (2 * n + 2 > spans.length) {
        const grown = new Int32Array(spans.length * 2);
        grown.set(spans);
        spans = grown;
      }
      spans[2 * n] = pos;
      spans[2 * n + 1] = e;
      n++;
      lineNo++;
      pos = nl + 1;
    }
    // the unfinished last line goes to the next buffer: `cur` goes to whoever reads the batch
    const buf = cur;
    cur = buffers.take(fill - last);
    cur.set(buf.subarray(last, fill));
    fill -= last;
    searched = fill;
    if (n === 0) {
      buffers.release(buf);
      return null;
    }
    return { buf, spans, n, firstLine: batchFirst, bytesRead, release: () => buffers.release(buf) };
  };

  try {
    for (;;) {
      // cur is never smaller than a batch; full, it holds part of one line (see cut)
      if (fill === cur.length) {
        if (fill > maxLineBytes) throw tooLong(lineNo, maxLineBytes);
        const larger = Buffer.allocUnsafeSlow(Math.min(2 * cur.length, maxLineBytes + 1));
        larger.set(cur.subarray(0, fill));
        buffers.release(cur);
        cur = larger;
      }
      const got = await read(cur, fill, (fill < batchBytes ? batchBytes : cur.length) - fill);
      bytesRead += got;
      fill += got;
      if (got > 0 && fill < batchBytes) continue;
      const b = fill > 0 ? cut(got === 0) : null;
      if (b) yield b;
      if (got === 0) return;
    }
  } finally {
    // the buffer being filled was never handed out: back for the job's next file
    buffers.release(cur);
  }
}

/** The same lines decoded to strings, each checked to be valid UTF-8. */
export async function* readLines(chunks: AsyncIterable<Buffer | Uint8Array>, maxLineBytes = DEFAULT_MAX_LINE_BYTES): AsyncGenerator<LineBatch> {
  for await (const r of readRawLines(chunks, maxLineBytes)) {
    const b = decodeBatch(r);
    r.release?.();
    yield b;
  }
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
  for await (const b of batches)
    yield batchOf(
      b.lines.map((l) => Buffer.from(l, 'utf8')),
      b.firstLine,
      b.bytesRead,
    );
}

function tooLong(line: number, max: number): LineError {
  return new LineError(line, `is longer than ${Math.round(max / 1024 / 1024)} MiB; no audit event is that large (is this a stream file?)`);
}
