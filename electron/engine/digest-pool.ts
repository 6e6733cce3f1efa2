// Spreads the per-record work of verification (digests) and import (fields and digests) over worker threads (one per core), keeping a few
// batches in flight; results come back in order. A batch's bytes are transferred, not copied, and come
// back with the result. Where workers cannot start (no worker file, or a packaged app whose archive a
// worker cannot load from), every batch is done inline instead: slower, same result.
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { digestFast, type BatchContext, type PackedDigests } from './batch-digest';
import { fieldsFast, importBatch, type ImportBatch } from './import-batch';
import type { PackedFields } from './batch-fields';
import { transferable } from './io/batch-buffers';

export interface DigestRequest {
  id: number;
  /** digest: verification's digests; fields: an import's checked fields; import: both in one pass */
  kind: 'digest' | 'fields' | 'import';
  buf: Uint8Array;
  spans: Int32Array;
  n: number;
  ctx: BatchContext;
  /** where the batch's first record goes in the stream's Merkle tree, when known */
  leafOffset?: number;
}

const WORKER = fileURLToPath(new URL('./digest-worker.mjs', import.meta.url));
const WORKER_SOURCE = fileURLToPath(new URL('./digest-worker-main.ts', import.meta.url));

let bundled: URL | null | undefined;

/** A worker of the bundle, with Node's flags where a worker accepts them (V8's, like --expose-gc, it does not). */
function bundledWorker(url: URL): Worker {
  try {
    return new Worker(url, { execArgv: withoutLoaders(process.execArgv) });
  } catch {
    return new Worker(url, { execArgv: [] });
  }
}

/** Node's flags for a bundled worker: the same (--cpu-prof, say), without module loaders it has no use for. */
export function withoutLoaders(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (/^--(import|loader|experimental-loader|require)$/.test(a) || a === '-r')
      i++; // and its value
    else if (!/^--(import|loader|experimental-loader|require)=/.test(a)) out.push(a);
  }
  return out;
}

/**
 * Run from source (the CLI, the tests, `npm run web`), each worker would start its own tsx loader and
 * transpile the engine again: about half a second before the first batch. Instead the worker's code is
 * bundled once per process with esbuild (what tsx runs on) and started from memory, without loaders.
 * A built app has its worker bundled already (electron.vite.config.ts) and does not come here.
 */
function sourceWorker(): URL | null {
  if (bundled !== undefined) return bundled;
  bundled = null;
  if (!existsSync(WORKER_SOURCE)) return null;
  try {
    const { buildSync } = createRequire(import.meta.url)('esbuild') as typeof import('esbuild');
    const out = buildSync({
      entryPoints: [WORKER_SOURCE],
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      write: false,
      logLevel: 'silent',
    });
    bundled = new URL(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0]!.contents).toString('base64')}`);
  } catch {
    // no esbuild, or it failed: the tsx bootstrap (digest-worker.mjs) still works, only slower to start
  }
  return bundled;
}

export class DigestPool {
  private next = 0;
  private readonly waiting = new Map<number, { resolve: (p: never) => void; reject: (e: Error) => void }>();
  private rr = 0;
  /** whether every worker loaded (each says so first); nothing is sent to a worker before */
  private readonly ready: Promise<boolean>;

  private constructor(private readonly workers: Worker[]) {
    this.ready = Promise.all(
      workers.map(
        (w) =>
          new Promise<boolean>((resolve) => {
            w.once('message', () => resolve(true));
            w.once('error', () => resolve(false));
            w.once('exit', () => resolve(false));
          }),
      ),
    ).then((all) => all.every(Boolean));
    for (const w of workers) {
      w.on('message', (p: { id: number }) => {
        const r = this.waiting.get(p.id);
        this.waiting.delete(p.id);
        r?.resolve(p as never);
      });
      w.on('error', (e) => {
        for (const r of this.waiting.values()) r.reject(e);
        this.waiting.clear();
      });
    }
  }

  /** A pool of `size` workers (default one per core, at least two), or null where workers are not available. */
  static create(size = availableParallelism(), workerFile = WORKER): DigestPool | null {
    if (!existsSync(workerFile) || size < 1 || availableParallelism() < 2) return null;
    const fromMemory = workerFile === WORKER ? sourceWorker() : null;
    try {
      return new DigestPool(Array.from({ length: size }, () => (fromMemory ? bundledWorker(fromMemory) : new Worker(workerFile))));
    } catch {
      return null;
    }
  }

  /** Digest a batch on the next worker. `buf` must own its ArrayBuffer alone: it is transferred. */
  async digest(buf: Uint8Array, spans: Int32Array, n: number, ctx: BatchContext, leafOffset?: number): Promise<PackedDigests> {
    if (!(await this.ready)) return digestFast(buf, spans, n, ctx, undefined, leafOffset);
    return this.send({ id: 0, kind: 'digest', buf, spans, n, ctx, leafOffset });
  }

  /** Check a batch's events and take their fields, on the next worker (`buf` is transferred). */
  async fields(buf: Uint8Array, spans: Int32Array, n: number): Promise<PackedFields> {
    if (!(await this.ready)) return fieldsFast(buf, spans, n);
    return this.send({ id: 0, kind: 'fields', buf, spans, n, ctx: { windowStart: 0, windowEnd: 0, silentMs: 0, rootSizes: [] } });
  }

  /** Check a batch's events, take their fields and digests, on the next worker (`buf` is transferred). */
  async importBatch(buf: Uint8Array, spans: Int32Array, n: number, ctx: BatchContext, leafOffset?: number): Promise<ImportBatch> {
    if (!(await this.ready)) return importBatch(buf, spans, n, ctx, leafOffset);
    return this.send({ id: 0, kind: 'import', buf, spans, n, ctx, leafOffset });
  }

  private send<T>(req: DigestRequest): Promise<T> {
    const id = this.next++;
    const w = this.workers[this.rr++ % this.workers.length]!;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (p: never) => void, reject });
      w.postMessage({ ...req, id }, transferable([req.buf.buffer, req.spans.buffer]));
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
