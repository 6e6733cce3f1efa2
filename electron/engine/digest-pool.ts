// Spreads the per-record digest work of verification over worker threads (one per core), keeping a few
// batches in flight; results come back in order. Where workers cannot start (a bundled app without the
// worker file), verification digests inline: slower, same result.
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { digestLine, isDigest, type Hashing, type ChainRecord } from '../../shared/digest';

export interface PackedDigests {
  id: number;
  n: number;
  seq: Float64Array;
  tsMs: Float64Array;
  /** per record: ts, prev_hash, hash as written, hash as recomputed */
  text: string[];
  leaf: Uint8Array;
  /** records that could not be read: [index in batch, problem] */
  errors: [number, string][];
}

export type DigestOutcome = { record: ChainRecord } | { error: string };

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

  digest(lines: string[]): Promise<PackedDigests> {
    const id = this.next++;
    const w = this.workers[this.rr++ % this.workers.length]!;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      w.postMessage({ id, lines });
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

export function unpack(p: PackedDigests, i: number): ChainRecord {
  return {
    fields: { seq: p.seq[i]!, tsMs: p.tsMs[i]!, ts: p.text[4 * i]! },
    prevHash: p.text[4 * i + 1]!,
    claimedHash: p.text[4 * i + 2]!,
    computedHash: p.text[4 * i + 3]!,
    leafHash: p.leaf.subarray(32 * i, 32 * i + 32),
  };
}

/** The same work inline, in the same packed form. */
export function digestInline(lines: string[], hashing: Hashing): PackedDigests {
  const n = lines.length;
  const out: PackedDigests = { id: -1, n, seq: new Float64Array(n), tsMs: new Float64Array(n), text: new Array<string>(4 * n), leaf: new Uint8Array(32 * n), errors: [] };
  for (let i = 0; i < n; i++) {
    const d = digestLine(lines[i]!, hashing);
    if (!isDigest(d)) {
      out.errors.push([i, d.error]);
      continue;
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
