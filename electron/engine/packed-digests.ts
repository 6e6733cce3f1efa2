// What the per-record work of verification hands back for a batch of lines, packed in typed arrays so that
// passing it between threads costs little (made in batch-digest.ts, read by the StreamVerifier's caller),
// and what a batch is checked against. Types only: the line reader carries a batch's digests without
// depending on how they are made.
import type { Subtrees } from '../../shared/merkle';

/** What a batch is checked against among its own records. */
export interface BatchContext {
  windowStart: number;
  windowEnd: number;
  silentMs: number;
  /** tree sizes at which the stream's root is wanted (its checkpoints'), ascending */
  rootSizes: readonly number[];
}

export interface PackedDigests {
  id: number;
  n: number;
  seq: Float64Array;
  tsMs: Float64Array;
  /** per record: ts, prev_hash, hash as written, hash as recomputed; for a clean batch only the first and last record */
  text: string[];
  leaf: Uint8Array;
  /** records that could not be read: [index in batch, problem]; reading stops at the first */
  errors: [number, string][];
  /** every record matches its hash, links to the one before, has the next seq, a time not before the one before
   *  and within the window, and no silent interval from the one before */
  clean: boolean;
  /** the batch's bytes, handed back so that a clean batch can be digested again record by record */
  buf: Uint8Array;
  spans: Int32Array;
  /** for a clean batch whose place in the tree was given: its leaves after the first, as whole subtrees */
  subtrees: Subtrees | null;
}
