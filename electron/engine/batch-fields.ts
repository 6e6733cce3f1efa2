// The per-record work of import for a batch of lines: check each event and take the fields an auditor
// filters on, packed so that a worker thread can hand them back cheaply while the main thread writes rows.
// The original line itself is never re-serialized: the store keeps its exact text.
//
// Two paths give the same fields. The reference path parses each line (shared/event.ts). The fast path
// reads them from the spans the verification's canonical-bytes scan found (shared/jcs-bytes.ts), in the
// pass that computes the record's digests (import-batch.ts); a line the scan is not sure of takes the
// reference path. Tests compare both.
import { isUtf8 } from 'node:buffer';
import { parseEventLine, EventLineError, targetText } from '../../shared/event';
import { CATEGORIES, OUTCOMES, type EventFields } from '../../shared/types';
import type { EventScan } from '../../shared/jcs-bytes';
import { asBuffer } from './io/lines';

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

export function emptyFields(bytes: Uint8Array, spans: Int32Array, n: number): PackedFields {
  return { id: -1, n, seq: new Float64Array(n), tsMs: new Float64Array(n), mfa: new Int8Array(n), text: new Array<string>(FIELDS * n), hasTarget: new Uint8Array(n), errors: [], buf: bytes, spans };
}

/** Record i's fields as shared/event.ts gives them. */
export function putFields(out: PackedFields, i: number, f: EventFields): void {
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

/** The reference path: every line through shared/event.ts. */
export function fieldsOfBatch(bytes: Uint8Array, spans: Int32Array, n: number): PackedFields {
  const buf = asBuffer(bytes);
  const out = emptyFields(bytes, spans, n);
  const allUtf8 = isUtf8(buf);
  for (let i = 0; i < n; i++) {
    const s = spans[2 * i]!;
    const e = spans[2 * i + 1]!;
    if (!allUtf8 && !isUtf8(buf.subarray(s, e))) {
      out.errors.push([i, 'is not valid UTF-8']);
      break;
    }
    try {
      putFields(out, i, parseEventLine(buf.toString('utf8', s, e)).fields);
    } catch (err) {
      if (!(err instanceof EventLineError)) throw err;
      out.errors.push([i, err.message]);
      break;
    }
  }
  return out;
}

/** A JSON string value at buf[s, e) (quotes included), as JSON.parse would give it. */
function jsonString(buf: Buffer, s: number, e: number): string {
  for (let i = s + 1; i < e - 1; i++) if (buf[i] === 0x5c) return JSON.parse(buf.toString('utf8', s, e)) as string;
  return buf.toString('utf8', s + 1, e - 1);
}

/** Record i's fields from what the canonical-bytes scan found in its line (valid UTF-8, valid JSON). */
export function putScannedFields(out: PackedFields, i: number, buf: Buffer, scan: EventScan): void {
  out.seq[i] = scan.seq;
  out.tsMs[i] = scan.tsMs;
  out.mfa[i] = scan.mfa;
  const t = FIELDS * i;
  out.text[t] = buf.toString('latin1', scan.tsAt, scan.tsEnd);
  out.text[t + 1] = CATEGORIES[scan.category]!;
  out.text[t + 2] = jsonString(buf, scan.actionAt, scan.actionEnd);
  out.text[t + 3] = jsonString(buf, scan.actorIdAt, scan.actorIdEnd);
  out.text[t + 4] = jsonString(buf, scan.actorTypeAt, scan.actorTypeEnd);
  out.text[t + 5] = OUTCOMES[scan.outcome]!;
  let target: string | null = null;
  if (scan.targetAt >= 0) {
    target = buf[scan.targetAt] === 0x22 ? jsonString(buf, scan.targetAt, scan.targetEnd) : targetText(JSON.parse(buf.toString('utf8', scan.targetAt, scan.targetEnd)));
  }
  out.hasTarget[i] = target === null ? 0 : 1;
  out.text[t + 6] = target ?? '';
}
