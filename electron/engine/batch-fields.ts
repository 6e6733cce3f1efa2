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
  /** per record: ts, and target ('' with hasTarget 0 for none) */
  text: string[];
  hasTarget: Uint8Array;
  /** per record: category, action, actor id, actor type, outcome, as indexes in `words`. These repeat from
   *  record to record: each distinct value crosses to the main thread once per batch, not once per record. */
  word: Int32Array;
  words: string[];
  /** the first record that is not a usable event: [index in batch, problem]; records after it are not read */
  errors: [number, string][];
  buf: Uint8Array;
  spans: Int32Array;
}

/** strings per record in PackedFields.text, and indexes per record in PackedFields.word */
export const TEXTS = 2;
export const WORDS = 5;

/** Record i's fields as shared/event.ts gives them (what a row stores). */
export function fieldsAt(p: PackedFields, i: number): EventFields {
  const w = WORDS * i;
  const m = p.mfa[i]!;
  return {
    seq: p.seq[i]!,
    ts: p.text[TEXTS * i]!,
    tsMs: p.tsMs[i]!,
    category: p.words[p.word[w]!]! as EventFields['category'],
    action: p.words[p.word[w + 1]!]!,
    actorId: p.words[p.word[w + 2]!]!,
    actorType: p.words[p.word[w + 3]!]!,
    outcome: p.words[p.word[w + 4]!]! as EventFields['outcome'],
    target: p.hasTarget[i] ? p.text[TEXTS * i + 1]! : null,
    mfa: m === -1 ? null : m === 1,
  };
}

// A batch's distinct words. The categories and outcomes come first, at fixed indexes; a word read from
// bytes is found again by its bytes (hashed), without making its string twice.
const FIXED: readonly string[] = [...CATEGORIES, ...OUTCOMES];
let byText = new Map<string, number>();
let slots = new Int32Array(1024); // index + 1 of a word read from bytes, by hash of its bytes; 0 empty
let wordAt = new Int32Array(256); // per word: where its bytes are in the batch's buffer (-1: not from bytes)
let wordEnd = new Int32Array(256);
let slotsUsed = 0;
let words: string[] = [];

function startWords(): string[] {
  words = [...FIXED];
  byText = new Map(FIXED.map((w, i) => [w, i]));
  slots.fill(0);
  slotsUsed = 0;
  return words;
}

function addWord(w: string, at: number, end: number): number {
  const k = words.length;
  words.push(w);
  byText.set(w, k);
  if (k >= wordAt.length) {
    const a = new Int32Array(2 * k);
    a.set(wordAt);
    wordAt = a;
    const e = new Int32Array(2 * k);
    e.set(wordEnd);
    wordEnd = e;
  }
  wordAt[k] = at;
  wordEnd[k] = end;
  return k;
}

function wordOfText(w: string): number {
  return byText.get(w) ?? addWord(w, -1, -1);
}

function hashBytes(buf: Buffer, s: number, e: number): number {
  let h = 0x811c9dc5;
  for (let i = s; i < e; i++) h = Math.imul(h ^ buf[i]!, 0x01000193);
  return h >>> 0;
}

/** The word spelled by the plain (unescaped) JSON string content buf[s, e), found by its bytes. */
function wordOfBytes(buf: Buffer, s: number, e: number): number {
  const mask = slots.length - 1;
  for (let h = hashBytes(buf, s, e) & mask; ; h = (h + 1) & mask) {
    const k = slots[h]! - 1;
    if (k < 0) {
      const w = buf.toString('utf8', s, e);
      const known = byText.get(w);
      if (known !== undefined) return known;
      slots[h] = addWord(w, s, e) + 1;
      if (++slotsUsed * 2 > slots.length) rehash(buf);
      return words.length - 1;
    }
    if (sameBytes(buf, s, e, wordAt[k]!, wordEnd[k]!)) return k;
  }
}

function sameBytes(buf: Buffer, s: number, e: number, a: number, b: number): boolean {
  if (b - a !== e - s) return false;
  for (let i = 0; i < e - s; i++) if (buf[s + i] !== buf[a + i]) return false;
  return true;
}

/** A table twice the size, the words in it hashed again from their bytes in the batch's buffer. */
function rehash(buf: Buffer): void {
  const old = slots;
  slots = new Int32Array(old.length * 2);
  const mask = slots.length - 1;
  for (const v of old) {
    if (v === 0) continue;
    let h = hashBytes(buf, wordAt[v - 1]!, wordEnd[v - 1]!) & mask;
    while (slots[h] !== 0) h = (h + 1) & mask;
    slots[h] = v;
  }
}

export function emptyFields(bytes: Uint8Array, spans: Int32Array, n: number): PackedFields {
  return {
    id: -1,
    n,
    seq: new Float64Array(n),
    tsMs: new Float64Array(n),
    mfa: new Int8Array(n),
    text: new Array<string>(TEXTS * n),
    hasTarget: new Uint8Array(n),
    word: new Int32Array(WORDS * n),
    words: startWords(),
    errors: [],
    buf: bytes,
    spans,
  };
}

/** Record i's fields as shared/event.ts gives them. */
export function putFields(out: PackedFields, i: number, f: EventFields): void {
  out.seq[i] = f.seq;
  out.tsMs[i] = f.tsMs;
  out.mfa[i] = f.mfa === null ? -1 : f.mfa ? 1 : 0;
  out.hasTarget[i] = f.target === null ? 0 : 1;
  out.text[TEXTS * i] = f.ts;
  out.text[TEXTS * i + 1] = f.target ?? '';
  const w = WORDS * i;
  out.word[w] = wordOfText(f.category);
  out.word[w + 1] = wordOfText(f.action);
  out.word[w + 2] = wordOfText(f.actorId);
  out.word[w + 3] = wordOfText(f.actorType);
  out.word[w + 4] = wordOfText(f.outcome);
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

function hasEscape(buf: Buffer, s: number, e: number): boolean {
  for (let i = s + 1; i < e - 1; i++) if (buf[i] === 0x5c) return true;
  return false;
}

/** A JSON string value at buf[s, e) (quotes included), as JSON.parse would give it. */
function jsonString(buf: Buffer, s: number, e: number): string {
  return hasEscape(buf, s, e) ? (JSON.parse(buf.toString('utf8', s, e)) as string) : buf.toString('utf8', s + 1, e - 1);
}

/** The word of a JSON string value at buf[s, e) (quotes included). */
function jsonWord(buf: Buffer, s: number, e: number): number {
  return hasEscape(buf, s, e) ? wordOfText(jsonString(buf, s, e)) : wordOfBytes(buf, s + 1, e - 1);
}

/**
 * targetText of a target object read from its bytes, for the common form: an object of string members
 * without escapes, `type` and/or `id` among them (`{"type":"patient_record","id":"pt-1"}` gives
 * "patient_record:pt-1"). null for anything else, which JSON.parse then reads. The line has passed the
 * canonical-bytes scan, so its keys are plain and not repeated.
 */
function flatTarget(buf: Buffer, s: number, e: number): string | null {
  if (buf[s] !== 0x7b) return null;
  let type = '';
  let id = '';
  let found = 0;
  let p = s + 1;
  for (;;) {
    if (buf[p] !== 0x22) return null;
    const ks = p + 1;
    const q = closingQuote(buf, ks, e);
    if (q < 0 || buf[q + 1] !== 0x3a || buf[q + 2] !== 0x22) return null;
    const vs = q + 3;
    const v = closingQuote(buf, vs, e);
    if (v < 0) return null;
    if (q - ks === 4 && buf[ks] === 0x74 && buf[ks + 1] === 0x79 && buf[ks + 2] === 0x70 && buf[ks + 3] === 0x65) {
      type = buf.toString('utf8', vs, v); // "type"
      found |= 1;
    } else if (q - ks === 2 && buf[ks] === 0x69 && buf[ks + 1] === 0x64) {
      id = buf.toString('utf8', vs, v); // "id"
      found |= 2;
    }
    p = v + 1;
    if (buf[p] === 0x2c) p++;
    else if (buf[p] === 0x7d && p + 1 === e) break;
    else return null;
  }
  return found === 3 ? `${type}:${id}` : found === 1 ? type : found === 2 ? id : null;
}

/** The closing quote of the string content from p, or -1 if an escape or `e` comes first. */
function closingQuote(buf: Buffer, p: number, e: number): number {
  while (p < e && buf[p] !== 0x22 && buf[p] !== 0x5c) p++;
  return p < e && buf[p] === 0x22 ? p : -1;
}

/** Record i's fields from what the canonical-bytes scan found in its line (valid UTF-8, valid JSON). The
 *  batch's words must all come from this `buf`. */
export function putScannedFields(out: PackedFields, i: number, buf: Buffer, scan: EventScan): void {
  out.seq[i] = scan.seq;
  out.tsMs[i] = scan.tsMs;
  out.mfa[i] = scan.mfa;
  out.text[TEXTS * i] = buf.toString('latin1', scan.tsAt, scan.tsEnd);
  const w = WORDS * i;
  out.word[w] = scan.category; // FIXED starts with CATEGORIES, then OUTCOMES
  out.word[w + 1] = jsonWord(buf, scan.actionAt, scan.actionEnd);
  out.word[w + 2] = jsonWord(buf, scan.actorIdAt, scan.actorIdEnd);
  out.word[w + 3] = jsonWord(buf, scan.actorTypeAt, scan.actorTypeEnd);
  out.word[w + 4] = CATEGORIES.length + scan.outcome;
  let target: string | null = null;
  if (scan.targetAt >= 0) {
    const at = scan.targetAt;
    const end = scan.targetEnd;
    target = buf[at] === 0x22 ? jsonString(buf, at, end) : (flatTarget(buf, at, end) ?? targetText(JSON.parse(buf.toString('utf8', at, end))));
  }
  out.hasTarget[i] = target === null ? 0 : 1;
  out.text[TEXTS * i + 1] = target ?? '';
}
