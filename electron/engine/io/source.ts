// A bundle as a set of named files, whether it sits in a folder, a .zip or a workspace. Readers only:
// nothing here ever writes to or moves the originals.
import { createGunzip } from 'node:zlib';
import { createHash, type Hash } from 'node:crypto';
import { Transform, pipeline, type Readable } from 'node:stream';
import type { DecompressionBudget } from './budget';
import { open, type FileHandle } from 'node:fs/promises';
import type { BatchBuffers } from './batch-buffers';
import { readRawLines, decodeBatch, LineError, type LineBatch, type RawLineBatch, type ReadInto } from './lines';
import { InputError } from './input-error';

export interface SourceEntry {
  path: string;
  size: number;
}

export interface BundleSource {
  /** where the bundle is, as the auditor named it */
  readonly location: string;
  readonly kind: 'folder' | 'zip' | 'workspace';
  entries(): readonly SourceEntry[];
  has(path: string): boolean;
  /** the file's stored bytes (compressed, for .gz) */
  open(path: string): Promise<Readable>;
  /** the file's lines, decompressed; `sha256` resolves to the hash of the stored bytes once read */
  lines(path: string, opts?: LinesOptions): Promise<FileLines>;
  close(): Promise<void>;
}

export interface LinesOptions {
  maxLineBytes?: number;
  /** hash the stored bytes as they pass (default true); verification does not need it */
  hashStored?: boolean;
  /** about how many bytes of lines go in one batch (default 1 MiB) */
  batchBytes?: number;
  /** the buffers to cut batches in (their size is the batch size), shared by the files one job reads;
   *  default: new ones for this file */
  buffers?: BatchBuffers;
}

/** Read either `batches` (decoded strings) or `raw` (bytes), not both: they share one stream. */
export interface FileLines {
  batches: AsyncIterable<LineBatch>;
  raw: AsyncIterable<RawLineBatch>;
  /** SHA-256 of the stored bytes, once they have all been read (null when not asked for) */
  sha256: Promise<string | null>;
  /** stored bytes read so far (compressed bytes for .gz), for progress against the file size */
  storedBytesRead(): number;
}

export { InputError } from './input-error';

export async function readAll(source: BundleSource, path: string, maxBytes: number): Promise<Buffer> {
  const s = await source.open(path);
  const parts: Buffer[] = [];
  let n = 0;
  try {
    for await (const c of s as AsyncIterable<Buffer>) {
      n += c.length;
      if (n > maxBytes) {
        s.destroy();
        throw new InputError(`${path} is larger than ${maxBytes} bytes, more than such a file can be`, path);
      }
      parts.push(c);
    }
  } catch (e) {
    throw unreadable(e, path);
  }
  return Buffer.concat(parts, n);
}

export async function sha256Of(source: BundleSource, path: string): Promise<{ sha256: string; size: number }> {
  const h = createHash('sha256');
  let size = 0;
  try {
    for await (const c of (await source.open(path)) as AsyncIterable<Buffer>) {
      h.update(c);
      size += c.length;
    }
  } catch (e) {
    throw unreadable(e, path);
  }
  return { sha256: h.digest('hex'), size };
}

/** An error met reading a file, as input that cannot be used (the sources name what they can). */
function unreadable(e: unknown, path: string): InputError {
  return e instanceof InputError ? e : new InputError(`${path} cannot be read: ${(e as Error).message}`, path);
}

/** A file's stored bytes as they are read: how many, and their SHA-256 once all are (unless not asked for). */
class StoredBytes {
  count = 0;
  private readonly h: Hash | null;
  private resolve!: (s: string | null) => void;
  readonly sha256 = new Promise<string | null>((r) => (this.resolve = r));

  constructor(opts: LinesOptions) {
    this.h = opts.hashStored === false ? null : createHash('sha256');
  }
  add(bytes: Uint8Array): void {
    this.h?.update(bytes);
    this.count += bytes.length;
  }
  end(): void {
    this.resolve(this.h ? this.h.digest('hex') : null);
  }
}

function fileLines(rawBatches: () => AsyncGenerator<RawLineBatch>, path: string, stored: StoredBytes): FileLines {
  return {
    raw: { [Symbol.asyncIterator]: rawBatches },
    batches: { [Symbol.asyncIterator]: () => decodedBatches(rawBatches(), path) },
    sha256: stored.sha256,
    storedBytesRead: () => stored.count,
  };
}

/**
 * Lines of a stored file: hash the stored bytes as they pass, gunzip when the name says .gz (spending the
 * gunzipped bytes from `budget`, when the bundle has one). The stages are one pipeline: an error in any of
 * them (a lying zip entry, a damaged .gz) reaches the reader of the lines, and never goes unheard even if
 * nobody has started reading yet; stopping early closes them all.
 */
export function linesOfRaw(raw: Readable, path: string, opts: LinesOptions = {}, budget?: DecompressionBudget): FileLines {
  const stored = new StoredBytes(opts);
  const tap = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      stored.add(chunk);
      cb(null, chunk);
    },
    flush(cb) {
      stored.end();
      cb();
    },
  });
  const stages: (Readable | Transform)[] = [raw, tap];
  if (path.endsWith('.gz')) stages.push(createGunzip(), ...(budget ? [budget.meter(path)] : []));
  const decoded = stages[stages.length - 1]!;
  // an error in any stage destroys the last with it, and its reader throws it
  pipeline(stages, () => undefined);
  return fileLines(() => withFileErrors(decoded, () => decoded.destroy(), path, opts), path, stored);
}

/**
 * Lines of a plain (not compressed) file on disk, read straight into the batches' buffers: no stream
 * chunks to allocate and copy, which a million-event verification felt (see batch-buffers.ts).
 */
export function linesOfFile(file: string, path: string, opts: LinesOptions = {}): FileLines {
  const stored = new StoredBytes(opts);
  async function* rawBatches(): AsyncGenerator<RawLineBatch> {
    let fh = null as FileHandle | null;
    const read: ReadInto = async (buf, at, max) => {
      fh ??= await open(file, 'r'); // here, so that a failure is reported as the file's
      const { bytesRead } = await fh.read(buf, at, max, null);
      stored.add(buf.subarray(at, at + bytesRead));
      if (bytesRead === 0) stored.end();
      return bytesRead;
    };
    try {
      yield* withFileErrors(read, () => undefined, path, opts);
    } finally {
      await fh?.close();
    }
  }
  return fileLines(rawBatches, path, stored);
}

async function* decodedBatches(raw: AsyncGenerator<RawLineBatch>, path: string): AsyncGenerator<LineBatch> {
  for await (const r of raw) {
    let b: LineBatch;
    try {
      b = decodeBatch(r);
    } catch (e) {
      if (e instanceof LineError) throw new InputError(`${path} ${e.message}`, path, e.line);
      throw e;
    }
    r.release?.();
    yield b;
  }
}

async function* withFileErrors(
  input: AsyncIterable<Buffer> | ReadInto,
  stop: () => void,
  path: string,
  opts: LinesOptions,
): AsyncGenerator<RawLineBatch> {
  let lastLine = 0;
  try {
    for await (const b of readRawLines(input, opts.maxLineBytes, opts.buffers ?? opts.batchBytes)) {
      lastLine = b.firstLine + b.n - 1;
      yield b;
    }
  } catch (e) {
    stop();
    if (e instanceof LineError) throw new InputError(`${path} ${e.message}`, path, e.line);
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'Z_BUF_ERROR' || err.code === 'Z_DATA_ERROR' || /unexpected end of file/i.test(err.message)) {
      throw new InputError(`${path} is a damaged or truncated gzip file: it breaks off after line ${lastLine} (${err.message})`, path, lastLine + 1);
    }
    if (err instanceof InputError) throw err;
    throw new InputError(`${path} cannot be read after line ${lastLine}: ${err.message}`, path, lastLine + 1);
  }
}
