// Spreads the per-record digest work of verification over worker threads (one per core), keeping a few
// batches in flight; results come back in order. A batch's bytes are transferred, not copied, and come
// back with the result. Where workers cannot start (a bundled app without the worker file), verification
// digests inline: slower, same result.
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BatchContext, PackedDigests } from './batch-digest';

export interface DigestRequest {
  id: number;
  buf: Uint8Array;
  spans: Int32Array;
  n: number;
  ctx: BatchContext;
}

const WORKER = fileURLToPath(new URL('./digest-worker.mjs', import.meta.url));

export class DigestPool {
  private next = 0;
  private readonly waiting = new Map<number, { resolve: (p: PackedDigests) => void; reject: (e: Error) => void }>();
  private rr = 0;

  private constructor(private readonly workers: Worker[]) {
    for (const w of workers) {
      w.on('message', (p: PackedDigests) => {
        const r = this.waiting.get(p.id);
        this.waiting.delete(p.id);
        r?.resolve(p);
      });
      w.on('error', (e) => {
        for (const r of this.waiting.values()) r.reject(e);
        this.waiting.clear();
      });
    }
  }

  /** A pool of one worker per core, or null where workers are not available. */
  static create(size = availableParallelism()): DigestPool | null {
    if (!existsSync(WORKER) || size < 2) return null;
    try {
      return new DigestPool(Array.from({ length: size }, () => new Worker(WORKER)));
    } catch {
      return null;
    }
  }

  /** Digest a batch on the next worker. `buf` must own its ArrayBuffer alone: it is transferred. */
  digest(buf: Uint8Array, spans: Int32Array, n: number, ctx: BatchContext): Promise<PackedDigests> {
    const id = this.next++;
    const w = this.workers[this.rr++ % this.workers.length]!;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      const req: DigestRequest = { id, buf, spans, n, ctx };
      w.postMessage(req, [buf.buffer as ArrayBuffer, spans.buffer as ArrayBuffer]);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
