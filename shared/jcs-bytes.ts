// The fast path of record verification: an event line's RFC 8785 canonical bytes C (without `hash`),
// computed straight from its UTF-8 bytes, and the members verification needs, in one pass that builds no
// JavaScript values. Members are sorted and structural whitespace dropped; strings, numbers and literals
// are copied as written when JCS would write them the same way.
//
// The answer is either "here is C" or "not sure". Anything this does not fully handle — a string escape
// JCS writes differently (\/, \u00e9), a number not in shortest form (1.0, 1e2, -0), a non-ASCII or
// escaped key, a duplicate key, a member of the wrong type — gives "not sure", and the caller takes the
// reference path (JSON.parse, shared/event.ts, shared/jcs.ts), which gives the exact result or error. So
// the fast path can make verification faster but never change its outcome; tests compare both paths over
// random JSON and over every tampered fixture.

import { CATEGORIES, OUTCOMES } from './types';
import { parseRfc3339 } from './time';

/** What the scan found besides C. Reused between calls. */
export interface EventScan {
  seq: number;
  /** byte offsets in the input of the text of ts (ASCII: a string only where the caller needs one) */
  tsAt: number;
  tsEnd: number;
  tsMs: number;
  /** byte offsets in the input of the 64 hex characters of prev_hash and of hash */
  prevAt: number;
  hashAt: number;
  /** the fields an auditor filters on, for the import: the index of category and outcome in CATEGORIES
   *  and OUTCOMES; spans [at, end) of the JSON values (quotes included) of action, actor.id and actor.type,
   *  and of target (at -1 when absent); mfa 1 true, 0 false, -1 absent or not a boolean */
  category: number;
  outcome: number;
  actionAt: number;
  actionEnd: number;
  actorIdAt: number;
  actorIdEnd: number;
  actorTypeAt: number;
  actorTypeEnd: number;
  targetAt: number;
  targetEnd: number;
  mfa: number;
}

export function newEventScan(): EventScan {
  return { seq: 0, tsAt: 0, tsEnd: 0, tsMs: 0, prevAt: 0, hashAt: 0, category: 0, outcome: 0, actionAt: 0, actionEnd: 0, actorIdAt: 0, actorIdEnd: 0, actorTypeAt: 0, actorTypeEnd: 0, targetAt: -1, targetEnd: -1, mfa: -1 };
}

const Q = 0x22;
const BS = 0x5c;
const MAX_DEPTH = 64;

// Per-call state, module-level so the hot loop touches no objects.
var b: Uint8Array = new Uint8Array(0);
var p = 0;
var end = 0;
var o: Uint8Array = new Uint8Array(0);
var op = 0;
var keyPlain = true; // the last string scanned has no escape and no byte >= 0x80
// members of the objects being emitted, 4 ints each (key start, key end, value start, value end), as a stack
var mem = new Int32Array(4 * 1024);
var sp = 0;

/**
 * Write C for the event line `buf[start, stop)` into `out` from offset `at` (out must have room for
 * stop - start bytes after `at`: C is never longer than the line). Returns C's length, or -1 for "not sure".
 */
export function canonicalEvent(buf: Uint8Array, start: number, stop: number, out: Uint8Array, at: number, res: EventScan): number {
  b = buf;
  p = start;
  end = stop;
  o = out;
  op = at;
  sp = 0;
  ws();
  if (p >= end || b[p] !== 0x7b) return -1;
  const base = sp;
  if (!collect(0)) return -1;
  ws();
  if (p !== end) return -1;
  const n = (sp - base) / 4;
  if (!sortMembers(base, n)) return -1;
  // the members verification needs, with the types shared/event.ts requires
  let seen = 0;
  let seq = -1;
  let tsS = 0;
  let tsE = 0;
  let prevAt = -1;
  let hashAt = -1;
  let hashIdx = -1;
  let category = -1;
  let outcome = -1;
  let actionAt = 0;
  let actionEnd = 0;
  let targetAt = -1;
  let targetEnd = -1;
  let mfa = -1;
  for (let i = 0; i < n; i++) {
    const m = base + 4 * i;
    const key = keyId(mem[m]!, mem[m + 1]! - mem[m]!);
    if (key === 0) continue;
    seen |= key;
    const vs = mem[m + 2]!;
    const ve = mem[m + 3]!;
    switch (key) {
      case K_SEQ:
        seq = uint(vs, ve);
        if (seq < 0) return -1;
        break;
      case K_TS:
        if (!plainString(vs, ve)) return -1;
        tsS = vs + 1;
        tsE = ve - 1;
        break;
      case K_CATEGORY:
        category = oneOf(vs, ve, CATEGORY_BYTES);
        if (category < 0) return -1;
        break;
      case K_ACTION:
        if (b[vs] !== Q || ve - vs < 3) return -1; // a non-empty string
        actionAt = vs;
        actionEnd = ve;
        break;
      case K_ACTOR:
        if (!actorOk(vs, res)) return -1;
        break;
      case K_OUTCOME:
        outcome = oneOf(vs, ve, OUTCOME_BYTES);
        if (outcome < 0) return -1;
        break;
      case K_TARGET:
        targetAt = vs;
        targetEnd = ve;
        break;
      case K_MFA:
        mfa = b[vs] === 0x74 ? 1 : b[vs] === 0x66 ? 0 : -1; // true, false (literals are checked), or not a boolean
        break;
      case K_PREV:
        if (!hex64(vs, ve)) return -1;
        prevAt = vs + 1;
        break;
      case K_HASH:
        if (!hex64(vs, ve)) return -1;
        hashAt = vs + 1;
        hashIdx = i;
        break;
    }
  }
  if ((seen & K_ALL) !== K_ALL) return -1;
  const tsMs = timeMs(tsS, tsE);
  if (tsMs === null) return -1;
  // C: the sorted members without `hash`
  o[op++] = 0x7b;
  let firstOut = true;
  for (let i = 0; i < n; i++) {
    if (i === hashIdx) continue;
    if (!firstOut) o[op++] = 0x2c;
    firstOut = false;
    if (!emitMember(base + 4 * i)) return -1;
  }
  o[op++] = 0x7d;
  res.seq = seq;
  res.tsAt = tsS;
  res.tsEnd = tsE;
  res.tsMs = tsMs;
  res.prevAt = prevAt;
  res.hashAt = hashAt;
  res.category = category;
  res.outcome = outcome;
  res.actionAt = actionAt;
  res.actionEnd = actionEnd;
  res.targetAt = targetAt;
  res.targetEnd = targetEnd;
  res.mfa = mfa;
  return op - at;
}

// ---- members of interest, as bits ----
const K_SEQ = 1;
const K_TS = 2;
const K_CATEGORY = 4;
const K_ACTION = 8;
const K_ACTOR = 16;
const K_OUTCOME = 32;
const K_PREV = 64;
const K_HASH = 128;
const K_ALL = 255; // the members every event must have
const K_TARGET = 256;
const K_MFA = 512;

const bytesOf = (k: string): Uint8Array => Uint8Array.from(k, (c) => c.charCodeAt(0));
const CATEGORY_BYTES = CATEGORIES.map(bytesOf);
const OUTCOME_BYTES = OUTCOMES.map(bytesOf);

// the members of interest by key length: a key is only compared with the few of its own length
const KEYS_BY_LENGTH: { bytes: Uint8Array; id: number }[][] = [];
for (const [k, id] of [['seq', K_SEQ], ['ts', K_TS], ['category', K_CATEGORY], ['action', K_ACTION], ['actor', K_ACTOR], ['outcome', K_OUTCOME], ['prev_hash', K_PREV], ['hash', K_HASH], ['target', K_TARGET], ['mfa', K_MFA]] as const) {
  (KEYS_BY_LENGTH[k.length] ??= []).push({ bytes: bytesOf(k), id });
}

function bytesAre(s: number, k: Uint8Array): boolean {
  for (let i = 0; i < k.length; i++) if (b[s + i] !== k[i]) return false;
  return true;
}

/** Which member of interest the key at b[s, s+len) is, or 0. */
function keyId(s: number, len: number): number {
  const candidates = KEYS_BY_LENGTH[len];
  if (candidates === undefined) return 0;
  for (const k of candidates) if (bytesAre(s, k.bytes)) return k.id;
  return 0;
}

/** which of `words` a string value spells exactly (no escapes: the words are plain ASCII), or -1 */
function oneOf(vs: number, ve: number, words: readonly Uint8Array[]): number {
  if (b[vs] !== Q) return -1;
  const len = ve - vs - 2;
  for (let i = 0; i < words.length; i++) if (words[i]!.length === len && bytesAre(vs + 1, words[i]!)) return i;
  return -1;
}

function daysIn(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

const DIGIT_AT = (t: number): number => {
  const c = b[t]! - 0x30;
  return c >= 0 && c <= 9 ? c : -100000;
};

/**
 * The instant of an RFC 3339 time at b[s, e): the common UTC forms (…SSZ, …SS.fffZ, 1 to 9 fraction
 * digits) are read from the bytes; anything else (offsets, leap seconds, years before 100) goes through
 * shared/time.ts, which is the definition. null when it is not RFC 3339.
 */
function timeMs(s: number, e: number): number | null {
  const len = e - s;
  const z = b[e - 1];
  if (len >= 20 && (z === 0x5a || z === 0x7a) && b[s + 4] === 0x2d && b[s + 7] === 0x2d && (b[s + 10] === 0x54 || b[s + 10] === 0x74) && b[s + 13] === 0x3a && b[s + 16] === 0x3a && (len === 20 || (len >= 22 && len <= 30 && b[s + 19] === 0x2e))) {
    const year = DIGIT_AT(s) * 1000 + DIGIT_AT(s + 1) * 100 + DIGIT_AT(s + 2) * 10 + DIGIT_AT(s + 3);
    const month = DIGIT_AT(s + 5) * 10 + DIGIT_AT(s + 6);
    const day = DIGIT_AT(s + 8) * 10 + DIGIT_AT(s + 9);
    const hour = DIGIT_AT(s + 11) * 10 + DIGIT_AT(s + 12);
    const minute = DIGIT_AT(s + 14) * 10 + DIGIT_AT(s + 15);
    const second = DIGIT_AT(s + 17) * 10 + DIGIT_AT(s + 18);
    let ms = 0;
    let fracOk = true;
    for (let i = s + 20, k = 0; i < e - 1; i++, k++) {
      const d = DIGIT_AT(i);
      if (d < 0) fracOk = false;
      else if (k < 3) ms += d * (k === 0 ? 100 : k === 1 ? 10 : 1);
    }
    if (fracOk && year >= 100 && month >= 1 && month <= 12 && day >= 1 && day <= daysIn(year, month) && hour <= 23 && minute <= 59 && second <= 59 && hour >= 0 && minute >= 0 && second >= 0) {
      return Date.UTC(year, month - 1, day, hour, minute, second, ms);
    }
  }
  return parseRfc3339(ascii(s, e));
}

/** `actor` is an object with string members `id` and `type` (their spans go to res). */
function actorOk(vs: number, res: EventScan): boolean {
  if (b[vs] !== 0x7b) return false;
  const save = p;
  const base = sp;
  p = vs;
  const ok = collect(1);
  p = save;
  let found = 0;
  if (ok) {
    for (let m = base; m < sp; m += 4) {
      const ks = mem[m]!;
      const len = mem[m + 1]! - ks;
      if (b[mem[m + 2]!] !== Q) continue;
      if (len === 2 && b[ks] === 0x69 && b[ks + 1] === 0x64) {
        found |= 1; // "id"
        res.actorIdAt = mem[m + 2]!;
        res.actorIdEnd = mem[m + 3]!;
      } else if (len === 4 && b[ks] === 0x74 && b[ks + 1] === 0x79 && b[ks + 2] === 0x70 && b[ks + 3] === 0x65) {
        found |= 2; // "type"
        res.actorTypeAt = mem[m + 2]!;
        res.actorTypeEnd = mem[m + 3]!;
      }
    }
  }
  sp = base;
  return found === 3;
}

function ascii(s: number, e: number): string {
  let r = '';
  for (let i = s; i < e; i++) r += String.fromCharCode(b[i]!);
  return r;
}

/** a string value without escapes or non-ASCII (so its bytes are its characters) */
function plainString(vs: number, ve: number): boolean {
  if (b[vs] !== Q) return false;
  for (let i = vs + 1; i < ve - 1; i++) {
    const c = b[i]!;
    if (c === BS || c >= 0x80) return false;
  }
  return true;
}

const LOWER_HEX = new Uint8Array(256);
for (const c of '0123456789abcdef') LOWER_HEX[c.charCodeAt(0)] = 1;

function hex64(vs: number, ve: number): boolean {
  if (ve - vs !== 66 || b[vs] !== Q) return false;
  const buf = b;
  let ok = 1;
  for (let i = vs + 1; i < ve - 1; i++) ok &= LOWER_HEX[buf[i]!]!;
  return ok === 1;
}

/** a non-negative safe integer written as plain digits, or -1 */
function uint(vs: number, ve: number): number {
  const len = ve - vs;
  if (len < 1 || len > 15) return -1; // 15 digits are always below 2^53
  let v = 0;
  for (let i = vs; i < ve; i++) {
    const c = b[i]!;
    if (c < 0x30 || c > 0x39) return -1;
    v = v * 10 + (c - 0x30);
  }
  return v;
}

// ---- reading: JSON grammar, checking that strings and numbers are as JCS writes them ----

function ws(): void {
  if (p >= end || b[p]! > 0x20) return;
  while (p < end) {
    const c = b[p];
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return;
    p++;
  }
}

/** At '{': push its members onto the stack (unsorted) and move past '}'. */
function collect(depth: number): boolean {
  if (depth > MAX_DEPTH) return false;
  p++;
  ws();
  if (p < end && b[p] === 0x7d) {
    p++;
    return true;
  }
  for (;;) {
    if (p >= end || b[p] !== Q) return false;
    const ks = p;
    keyPlain = true;
    if (!skipString()) return false;
    if (!keyPlain) return false; // only plain ASCII keys sort bytewise like UTF-16 code units
    const ke = p;
    ws();
    if (p >= end || b[p] !== 0x3a) return false;
    p++;
    ws();
    const vs = p;
    if (!skipValue(depth)) return false;
    if (sp + 4 > mem.length) {
      const grown = new Int32Array(mem.length * 2);
      grown.set(mem);
      mem = grown;
    }
    // key span without its quotes
    mem[sp++] = ks + 1;
    mem[sp++] = ke - 1;
    mem[sp++] = vs;
    mem[sp++] = p;
    ws();
    if (p >= end) return false;
    const c = b[p++];
    if (c === 0x2c) {
      ws();
      continue;
    }
    return c === 0x7d;
  }
}

function skipValue(depth: number): boolean {
  if (p >= end) return false;
  const c = b[p]!;
  if (c === Q) return skipString();
  if (c === 0x7b) return skipObject(depth + 1);
  if (c === 0x5b) return skipArray(depth + 1);
  if (c === 0x74) return literal(0x74, 0x72, 0x75, 0x65, -1); // true
  if (c === 0x66) return literal(0x66, 0x61, 0x6c, 0x73, 0x65); // false
  if (c === 0x6e) return literal(0x6e, 0x75, 0x6c, 0x6c, -1); // null
  return skipNumber();
}

function skipObject(depth: number): boolean {
  const base = sp;
  const ok = collect(depth);
  sp = base;
  return ok;
}

function literal(c0: number, c1: number, c2: number, c3: number, c4: number): boolean {
  const n = c4 < 0 ? 4 : 5;
  if (p + n > end) return false;
  if (b[p] !== c0 || b[p + 1] !== c1 || b[p + 2] !== c2 || b[p + 3] !== c3 || (c4 >= 0 && b[p + 4] !== c4)) return false;
  p += n;
  return true;
}

// Bytes in a string: 0 copied as they are, 1 the closing quote, 2 a backslash, 3 a raw control
// character (not JSON), 4 a UTF-8 lead or continuation byte (copied, but the string is not plain ASCII).
const STR_CLASS = new Uint8Array(256);
for (let c = 0; c < 0x20; c++) STR_CLASS[c] = 3;
STR_CLASS[Q] = 1;
STR_CLASS[BS] = 2;
for (let c = 0x80; c < 0x100; c++) STR_CLASS[c] = 4;

/** At an opening quote; moves past the closing one. Only JCS's own escapes are accepted. */
function skipString(): boolean {
  const buf = b;
  const e = end;
  let i = p + 1;
  while (i < e) {
    const k = STR_CLASS[buf[i]!]!;
    if (k === 0) {
      i++;
      continue;
    }
    if (k === 1) {
      p = i + 1;
      return true;
    }
    if (k === 4) {
      // JCS writes every non-ASCII character as itself (the caller validated UTF-8)
      keyPlain = false;
      i++;
      continue;
    }
    if (k === 3) return false; // a raw control character
    keyPlain = false;
    const x = buf[i + 1];
    // \" \\ \b \f \n \r \t are JCS's short escapes
    if (x === Q || x === BS || x === 0x62 || x === 0x66 || x === 0x6e || x === 0x72 || x === 0x74) {
      i += 2;
      continue;
    }
    // \u00xx (lowercase) only for the control characters without a short escape
    if (x === 0x75 && i + 6 <= e && buf[i + 2] === 0x30 && buf[i + 3] === 0x30) {
      const h = buf[i + 4]!;
      const l = buf[i + 5]!;
      const lv = l >= 0x30 && l <= 0x39 ? l - 0x30 : l >= 0x61 && l <= 0x66 ? l - 0x57 : -1;
      if ((h === 0x30 || h === 0x31) && lv >= 0) {
        const code = (h - 0x30) * 16 + lv;
        if (code !== 8 && code !== 9 && code !== 10 && code !== 12 && code !== 13) {
          i += 6;
          continue;
        }
      }
    }
    return false;
  }
  return false;
}

function skipArray(depth: number): boolean {
  if (depth > MAX_DEPTH) return false;
  p++;
  ws();
  if (p < end && b[p] === 0x5d) {
    p++;
    return true;
  }
  for (;;) {
    if (!skipValue(depth)) return false;
    ws();
    if (p >= end) return false;
    const c = b[p++];
    if (c === 0x2c) {
      ws();
      continue;
    }
    return c === 0x5d;
  }
}

/** JSON number grammar, and canonical: what ECMAScript's Number::toString prints. */
function skipNumber(): boolean {
  const s = p;
  if (b[p] === 0x2d) p++;
  if (p >= end) return false;
  if (b[p] === 0x30) {
    p++;
  } else if (b[p]! >= 0x31 && b[p]! <= 0x39) {
    while (p < end && b[p]! >= 0x30 && b[p]! <= 0x39) p++;
  } else {
    return false;
  }
  let plainInt = true;
  if (p < end && b[p] === 0x2e) {
    plainInt = false;
    p++;
    const d = p;
    while (p < end && b[p]! >= 0x30 && b[p]! <= 0x39) p++;
    if (p === d) return false;
  }
  if (p < end && (b[p] === 0x65 || b[p] === 0x45)) {
    plainInt = false;
    p++;
    if (p < end && (b[p] === 0x2b || b[p] === 0x2d)) p++;
    const d = p;
    while (p < end && b[p]! >= 0x30 && b[p]! <= 0x39) p++;
    if (p === d) return false;
  }
  const negZero = b[s] === 0x2d && b[s + 1] === 0x30 && p === s + 2;
  // up to 15 digits an integer is exact and prints as written (but "-0" prints as "0")
  if (plainInt && p - s <= 15 && !negZero) return true;
  const text = ascii(s, p);
  const n = Number(text);
  return Number.isFinite(n) && String(n) === text;
}

// ---- writing C ----

function compareKeys(x: number, y: number): number {
  const as = mem[x]!;
  const al = mem[x + 1]! - as;
  const bs = mem[y]!;
  const bl = mem[y + 1]! - bs;
  const n = al < bl ? al : bl;
  for (let i = 0; i < n; i++) {
    const d = b[as + i]! - b[bs + i]!;
    if (d !== 0) return d;
  }
  return al - bl;
}

/** Insertion sort of n members at mem[base] by key (objects are small); false on a duplicate key. */
function sortMembers(base: number, n: number): boolean {
  for (let i = 1; i < n; i++) {
    const x = base + 4 * i;
    const c = compareKeys(x - 4, x);
    if (c < 0) continue;
    if (c === 0) return false;
    const k0 = mem[x]!;
    const k1 = mem[x + 1]!;
    const v0 = mem[x + 2]!;
    const v1 = mem[x + 3]!;
    let j = i - 1;
    for (; j >= 0; j--) {
      const y = base + 4 * j;
      // compare the saved member (now at x's old slot contents) with member j
      const as = k0;
      const al = k1 - k0;
      const bs = mem[y]!;
      const bl = mem[y + 1]! - bs;
      const nn = al < bl ? al : bl;
      let d = 0;
      for (let t = 0; t < nn && d === 0; t++) d = b[bs + t]! - b[as + t]!;
      if (d === 0) d = bl - al;
      if (d === 0) return false;
      if (d < 0) break;
      mem[y + 4] = mem[y]!;
      mem[y + 5] = mem[y + 1]!;
      mem[y + 6] = mem[y + 2]!;
      mem[y + 7] = mem[y + 3]!;
    }
    const z = base + 4 * (j + 1);
    mem[z] = k0;
    mem[z + 1] = k1;
    mem[z + 2] = v0;
    mem[z + 3] = v1;
  }
  return true;
}

function copy(s: number, e: number): void {
  if (e - s > 512) {
    o.set(b.subarray(s, e), op);
    op += e - s;
    return;
  }
  const src = b;
  const dst = o;
  let j = op;
  for (let i = s; i < e; i++) dst[j++] = src[i]!;
  op = j;
}

function emitMember(m: number): boolean {
  o[op++] = Q;
  copy(mem[m]!, mem[m + 1]!);
  o[op++] = Q;
  o[op++] = 0x3a;
  return emitValue(mem[m + 2]!, mem[m + 3]!);
}

function emitValue(vs: number, ve: number): boolean {
  const c = b[vs];
  if (c === 0x7b) {
    const base = sp;
    p = vs;
    if (!collect(1)) return false;
    const n = (sp - base) / 4;
    if (!sortMembers(base, n)) return false;
    o[op++] = 0x7b;
    for (let i = 0; i < n; i++) {
      if (i > 0) o[op++] = 0x2c;
      if (!emitMember(base + 4 * i)) return false;
    }
    o[op++] = 0x7d;
    sp = base;
    return true;
  }
  if (c === 0x5b) {
    o[op++] = 0x5b;
    p = vs + 1;
    ws();
    if (b[p] === 0x5d) {
      o[op++] = 0x5d;
      return true;
    }
    for (;;) {
      const es = p;
      if (!skipValue(1)) return false;
      const ee = p;
      if (!emitValue(es, ee)) return false;
      p = ee;
      ws();
      const d = b[p++];
      if (d === 0x5d) break;
      o[op++] = 0x2c;
      ws();
    }
    o[op++] = 0x5d;
    return true;
  }
  // a string, number or literal, already checked to be as JCS writes it
  copy(vs, ve);
  return true;
}
