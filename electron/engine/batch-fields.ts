// The per-record work of import for a batch of lines: check each event (shared/event.ts) and take the
// fields an auditor filters on, packed so that a worker thread can hand them back cheaply while the main
// thread writes rows. The original line itself is never re-serialized: the store keeps its exact text.
import { isUtf8 } from 'node:buffer';
import { parseEventLine, EventLineError } from '../../shared/event';
import type { EventFields } from '../../shared/types';

export interface PackedFields {
  id: number;
  n: number;
  seq: Float64Array;
  tsMs: Float64Array;
  /** 1 true, 0 false, -1 absent */
  mfa: Int8Array;
  /** per record: ts, category, action, actor id, actor type, outcome, target ('' with hasTarget 0 for none) */
  text: string[];
  hasTarget: Uint8Array;
  /** the first record that is not a usable event: [index in batch, problem]; records after it are not read */
  errors: [number, string][];
  buf: Uint8Array;
  spans: Int32Array;
}

/** strings per record in PackedFields.text */
export const FIELDS = 7;

export function fieldsOfBatch(bytes: Uint8Array, spans: Int32Array, n: number): PackedFields {
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: PackedFields = { id: -1, n, seq: new Float64Array(n), tsMs: new Float64Array(n), mfa: new Int8Array(n), text: new Array<string>(FIELDS * n), hasTarget: new Uint8Array(n), errors: [], buf: bytes, spans };
  const allUtf8 = isUtf8(buf);
  for (let i = 0; i < n; i++) {
    const s = spans[2 * i]!;
    const e = spans[2 * i + 1]!;
    if (!allUtf8 && !isUtf8(buf.subarray(s, e))) {
      out.errors.push([i, 'is not valid UTF-8']);
      break;
    }
    let f: EventFields;
    try {
      f = parseEventLine(buf.toString('utf8', s, e)).fields;
    } catch (err) {
      if (!(err instanceof EventLineError)) throw err;
      out.errors.push([i, err.message]);
      break;
    }
    out.seq[i] = f.seq;
    out.tsMs[i] = f.tsMs;
    out.mfa[i] = f.mfa === null ? -1 : f.mfa ? 1 : 0;
    out.hasTarget[i] = f.target === null ? 0 : 1;
    const t = FIELDS * i;
    out.text[t] = f.ts;
    out.text[t + 1] = f.category;
    out.text[t + 2] = f.action;
    out.text[t + 3] = f.actorId;
    out.text[t + 4] = f.actorType;
    out.text[t + 5] = f.outcome;
    out.text[t + 6] = f.target ?? '';
  }
  return out;
}
