// An import's batch of lines on a worker: the fields to store and the digests verification needs, in one
// pass over each line (an import that also verifies then reads every line once).
import { digestFast, type BatchContext, type PackedDigests } from './batch-digest';
import { emptyFields, fieldsOfBatch, type PackedFields } from './batch-fields';

export interface ImportBatch {
  id: number;
  fields: PackedFields;
  /** null when the batch has a line that is not a usable event */
  digests: PackedDigests | null;
}

/**
 * An import's batch: the fields, and the digests verification needs, in one pass. A batch with a line
 * that is not a usable event gets its fields the reference way (its error as before) and no digests:
 * verification then digests it itself, reporting that line as it always does.
 */
export function importBatch(bytes: Uint8Array, spans: Int32Array, n: number, ctx: BatchContext, leafOffset?: number): ImportBatch {
  const fields = emptyFields(bytes, spans, n);
  const digests = digestFast(bytes, spans, n, ctx, fields, leafOffset);
  if (digests.errors.length > 0) return { id: -1, fields: fieldsOfBatch(bytes, spans, n), digests: null };
  return { id: -1, fields, digests };
}

/** No window, silence or checkpoint sizes: a batch's fields need none of them. */
const FIELDS_ONLY: BatchContext = { windowStart: 0, windowEnd: 0, silentMs: 0, rootSizes: [] };

/**
 * A batch's fields the fast way: from the canonical-bytes scan (WebAssembly, then jcs-bytes.ts), each line
 * that scan is not sure of through shared/event.ts — the same fields and the same refusals as
 * fieldsOfBatch, which the tests hold it to, at a fraction of the cost of parsing every line.
 */
export function fieldsFast(bytes: Uint8Array, spans: Int32Array, n: number): PackedFields {
  return importBatch(bytes, spans, n, FIELDS_ONLY).fields;
}
