// The fast path of record verification: an event line's RFC 8785 canonical bytes C (without `hash`),
// computed straight from its UTF-8 bytes, and the members verification needs, building no JavaScript
// values. Members are sorted and structural whitespace dropped; strings, numbers and literals are copied
// as written when JCS would write them the same way.
//
// One pass reads the line and records every object's and array's items (spans in an Int32Array), sorting
// each object's members as it closes; a second pass writes C from those records. A container whose
// members were already in order, on a line without whitespace, is copied as one span.
//
// The answer is either "here is C" or "not sure". Anything this does not fully handle — a string escape
// JCS writes differently (\/, \u00e9), a number not in shortest form (1.0, 1e2, -0) or beyond I-JSON's, a non-ASCII or
// escaped key, a duplicate key, a member of the wrong type — gives "not sure", and the caller takes the
// reference path (JSON.parse, shared/event.ts, shared/jcs.ts), which gives the exact result or error. So
// the fast path can make verification faster but never change its outcome; tests compare both paths over
// random JSON and over every tampered fixture.
//
// electron/engine/wasm/assembly/canonical.ts is a WebAssembly port of canonicalEvent that the workers try
// first: a change to what this accepts or writes belongs in both (test/shared/jcs-bytes.test.ts holds
// them to the same answers).

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
  return {
    seq: 0,
    tsAt: 0,
    tsEnd: 0,
    tsMs: 0,
    prevAt: 0,
    hashAt: 0,
    category: 0,
    outcome: 0,
    actionAt: 0,
    actionEnd: 0,
    actorIdAt: 0,
    actorIdEnd: 0,
    actorTypeAt: 0,
    actorTypeEnd: 0,
    targetAt: -1,
    targetEnd: -1,
    mfa: -1,
  };
}

const Q = 0x22;
const BS = 0x5c;
const MAX_DEPTH = 64;
/** items recorded per line at most (a line is at most a few MiB); beyond, the reference path */
const MAX_INTS = 1 << 22;

// An item is a member of an object or an element of an array: ITEM ints in `items`, in the order read
// (a container's own item comes before its children's), each linked to its next sibling.
const KS = 0; // key span without quotes (objects)
const KE = 1;
const VS = 2; // value span
const VE = 3;
const CHILD = 4; // the value's container index; or STRING_HEX64, or SCALAR for another string, number or literal
const PREF = 5; // the key's first four bytes, big-endian, zero-padded: most comparisons end here
const NEXT = 6; // the next item of the same container
const ITEM = 7;
const SCALAR = -1;
const STRING_HEX64 = -2; // 64 lowercase hex digits (prev_hash and hash are read as such)
// A container: CONT ints in `conts`.
const C_FIRST = 0; // its first item, an offset in `items`
const C_N = 1; // its item count
const C_FLAGS = 2;
const C_ORDER = 3; // an object's members in key order: offsets in `items`, from here in `order`
const CONT = 4;
const ARRAY = 1;
const VERBATIM = 2; // written as it stands when the line has no whitespace: members in order, all children too

// Per-call state, module-level so that no objects are made per line.
var b: Uint8Array = new Uint8Array(0);
var o: Uint8Array = new Uint8Array(0);
var op = 0;
var inPlace = false; // o is b
var sawWs = false; // whitespace outside strings anywhere in the line
var plain = true; // the last string read has no escape and no byte >= 0x80
var items: Int32Array = new Int32Array(ITEM * 256);
var conts: Int32Array = new Int32Array(CONT * 64);
var order: Int32Array = new Int32Array(256);
var orp = 0;
// per open container (by depth): its first and last item, item count, whether it is an array, whether
// its children are all verbatim, and its own item in the parent
const fFirst = new Int32Array(MAX_DEPTH + 2);
const fLast = new Int32Array(MAX_DEPTH + 2);
const fCount = new Int32Array(MAX_DEPTH + 2);
const fArray = new Uint8Array(MAX_DEPTH + 2);
const fAllV = new Uint8Array(MAX_DEPTH + 2);
const fItem = new Int32Array(MAX_DEPTH + 2);

/**
 * Write C for the event line `buf[start, stop)` into `out` from offset `at` (out must have room for
 * stop - start bytes after `at`: C is never longer than the line). Returns C's length, or -1 for "not sure".
 * `out` may be `buf` itself, with `at` past the line (or C's room before it): copying is fastest then.
 */
export function canonicalEvent(buf: Uint8Array, start: number, stop: number, out: Uint8Array, at: number, res: EventScan): number {
  b = buf;
  o = out;
  op = at;
  inPlace = out === buf;
  const top = read(buf, start, stop);
  if (top < 0) return -1;
  const n = conts[CONT * top + C_N]!;
  const sorted = conts[CONT * top + C_ORDER]!;
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
    const m = order[sorted + i]!;
    const key = keyId(items[m + KS]!, items[m + KE]! - items[m + KS]!, items[m + PREF]!);
    if (key === 0) continue;
    seen |= key;
    const vs = items[m + VS]!;
    const ve = items[m + VE]!;
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
        if (!actorOk(items[m + CHILD]!, res)) return -1;
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
        if (items[m + CHILD] !== STRING_HEX64) return -1;
        prevAt = vs + 1;
        break;
      case K_HASH:
        if (items[m + CHILD] !== STRING_HEX64) return -1;
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
    emitMember(order[sorted + i]!);
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

function rest(s: number, len: number, k: string): boolean {
  if (len !== k.length) return false;
  for (let i = 4; i < len; i++) if (b[s + i] !== k.charCodeAt(i)) return false;
  return true;
}

/** Which member of interest the key at b[s, s+len) is, or 0; `pref` is its first four bytes (PREF). */
function keyId(s: number, len: number, pref: number): number {
  switch (pref) {
    case 0x73657100:
      return len === 3 ? K_SEQ : 0; // "seq"
    case 0x74730000:
      return len === 2 ? K_TS : 0; // "ts"
    case 0x63617465:
      return rest(s, len, 'category') ? K_CATEGORY : 0;
    case 0x61637469:
      return rest(s, len, 'action') ? K_ACTION : 0;
    case 0x6163746f:
      return rest(s, len, 'actor') ? K_ACTOR : 0;
    case 0x6f757463:
      return rest(s, len, 'outcome') ? K_OUTCOME : 0;
    case 0x70726576:
      return rest(s, len, 'prev_hash') ? K_PREV : 0;
    case 0x68617368:
      return len === 4 ? K_HASH : 0; // "hash"
    case 0x74617267:
      return rest(s, len, 'target') ? K_TARGET : 0;
    case 0x6d666100:
      return len === 3 ? K_MFA : 0; // "mfa"
    default:
      return 0;
  }
}

function bytesAre(s: number, k: Uint8Array): boolean {
  for (let i = 0; i < k.length; i++) if (b[s + i] !== k[i]) return false;
  return true;
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
  if (
    len >= 20 &&
    (z === 0x5a || z === 0x7a) &&
    b[s + 4] === 0x2d &&
    b[s + 7] === 0x2d &&
    (b[s + 10] === 0x54 || b[s + 10] === 0x74) &&
    b[s + 13] === 0x3a &&
    b[s + 16] === 0x3a &&
    (len === 20 || (len >= 22 && len <= 30 && b[s + 19] === 0x2e))
  ) {
    const day = dayMs(s);
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
    if (fracOk && day === day && hour <= 23 && minute <= 59 && second <= 59 && hour >= 0 && minute >= 0 && second >= 0) {
      return day + ((hour * 60 + minute) * 60 + second) * 1000 + ms;
    }
  }
  return parseRfc3339(ascii(s, e));
}

// the last date read (YYYY-MM-DD) and its midnight: events of a stream mostly share their day
const lastDate = new Uint8Array(10);
let lastDay = NaN;

/** Midnight UTC of the date YYYY-MM-DD at b[s], or NaN when it is not a date from year 100 on. */
function dayMs(s: number): number {
  let same = lastDay === lastDay;
  for (let i = 0; i < 10 && same; i++) same = b[s + i] === lastDate[i];
  if (same) return lastDay;
  const year = DIGIT_AT(s) * 1000 + DIGIT_AT(s + 1) * 100 + DIGIT_AT(s + 2) * 10 + DIGIT_AT(s + 3);
  const month = DIGIT_AT(s + 5) * 10 + DIGIT_AT(s + 6);
  const day = DIGIT_AT(s + 8) * 10 + DIGIT_AT(s + 9);
  if (!(year >= 100 && month >= 1 && month <= 12 && day >= 1 && day <= daysIn(year, month))) return NaN;
  for (let i = 0; i < 10; i++) lastDate[i] = b[s + i]!;
  lastDay = Date.UTC(year, month - 1, day);
  return lastDay;
}

/** `actor` (container c, or -1 when not a container) is an object with string members `id` and `type` (their spans go to res). */
function actorOk(c: number, res: EventScan): boolean {
  if (c < 0 || (conts[CONT * c + C_FLAGS]! & ARRAY) !== 0) return false;
  let found = 0;
  for (let m = conts[CONT * c + C_FIRST]!, k = conts[CONT * c + C_N]!; k > 0; k--, m = items[m + NEXT]!) {
    const ks = items[m + KS]!;
    const len = items[m + KE]! - ks;
    if (b[items[m + VS]!] !== Q) continue;
    if (len === 2 && b[ks] === 0x69 && b[ks + 1] === 0x64) {
      found |= 1; // "id"
      res.actorIdAt = items[m + VS]!;
      res.actorIdEnd = items[m + VE]!;
    } else if (len === 4 && b[ks] === 0x74 && b[ks + 1] === 0x79 && b[ks + 2] === 0x70 && b[ks + 3] === 0x65) {
      found |= 2; // "type"
      res.actorTypeAt = items[m + VS]!;
      res.actorTypeEnd = items[m + VE]!;
    }
  }
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

/** 64 lowercase hex digits at buf[at] */
function hexDigits(buf: Uint8Array, at: number): boolean {
  let ok = 1;
  for (let i = at; i < at + 64; i++) ok &= LOWER_HEX[buf[i]!]!;
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

function isWs(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/**
 * Read the JSON object at buf[start, stop) (whitespace around it allowed), recording every container;
 * returns the top object's container index, or -1 for "not sure".
 */
function read(buf: Uint8Array, start: number, stop: number): number {
  let p = start;
  sawWs = false;
  orp = 0;
  let ip = 0; // end of `items`
  let cp = 0; // containers closed
  while (p < stop && isWs(buf[p]!)) p++;
  if (p >= stop || buf[p] !== 0x7b) return -1;
  let depth = 0;
  fFirst[0] = -1;
  fLast[0] = -1;
  fCount[0] = 0;
  fArray[0] = 0;
  fAllV[0] = 1;
  fItem[0] = -1;
  let isArray = false;
  p++;
  // whether the container just opened may be empty
  let opened = true;
  for (;;) {
    // ---- the next item of the innermost open container, or its end ----
    while (p < stop && buf[p]! <= 0x20 && isWs(buf[p]!)) {
      p++;
      sawWs = true;
    }
    if (p >= stop) return -1;
    let closed = opened && buf[p] === (isArray ? 0x5d : 0x7d);
    opened = false;
    if (!closed) {
      let ks = -1;
      let ke = -1;
      let pref = 0;
      if (!isArray) {
        if (buf[p] !== Q) return -1;
        const q = readString(buf, p, stop);
        if (q < 0 || !plain) return -1; // only plain ASCII keys sort bytewise like UTF-16 code units
        ks = p + 1;
        ke = q - 1;
        const len = ke - ks;
        if (len > 0)
          pref = (buf[ks]! << 24) | ((len > 1 ? buf[ks + 1]! : 0) << 16) | ((len > 2 ? buf[ks + 2]! : 0) << 8) | (len > 3 ? buf[ks + 3]! : 0);
        p = q;
        while (p < stop && isWs(buf[p]!)) {
          p++;
          sawWs = true;
        }
        if (p >= stop || buf[p] !== 0x3a) return -1;
        p++;
        while (p < stop && isWs(buf[p]!)) {
          p++;
          sawWs = true;
        }
        if (p >= stop) return -1;
      }
      // this item, linked after the container's last
      if (ip + ITEM > items.length) {
        if (items.length >= MAX_INTS) return -1;
        items = grow(items);
      }
      const m = ip;
      ip += ITEM;
      items[m + KS] = ks;
      items[m + KE] = ke;
      items[m + VS] = p;
      items[m + PREF] = pref;
      items[m + NEXT] = -1;
      if (fLast[depth]! < 0) fFirst[depth] = m;
      else items[fLast[depth]! + NEXT] = m;
      fLast[depth] = m;
      fCount[depth] = fCount[depth]! + 1;
      const c = buf[p]!;
      if (c === 0x7b || c === 0x5b) {
        // a container opens: its span end and index are filled in when it closes
        if (++depth > MAX_DEPTH) return -1;
        isArray = c === 0x5b;
        fFirst[depth] = -1;
        fLast[depth] = -1;
        fCount[depth] = 0;
        fArray[depth] = isArray ? 1 : 0;
        fAllV[depth] = 1;
        fItem[depth] = m;
        p++;
        opened = true;
        continue;
      }
      let kind = SCALAR;
      if (c === Q) {
        // prev_hash and hash: 64 lowercase hex digits, checked as such in one pass
        if ((pref === 0x70726576 || pref === 0x68617368) && p + 65 < stop && buf[p + 65] === Q && hexDigits(buf, p + 1)) {
          p += 66;
          kind = STRING_HEX64;
        } else {
          p = readString(buf, p, stop);
        }
      } else if (c === 0x74)
        p = literal(buf, p, stop, 0x74, 0x72, 0x75, 0x65, -1); // true
      else if (c === 0x66)
        p = literal(buf, p, stop, 0x66, 0x61, 0x6c, 0x73, 0x65); // false
      else if (c === 0x6e)
        p = literal(buf, p, stop, 0x6e, 0x75, 0x6c, 0x6c, -1); // null
      else p = readNumber(buf, p, stop);
      if (p < 0) return -1;
      items[m + VE] = p;
      items[m + CHILD] = kind;
    } else {
      p++;
    }
    // ---- after an item: a comma, or the end of one or more containers ----
    for (;;) {
      if (closed) {
        // the innermost container ends at p: an object's members are put in key order
        const n = fCount[depth]!;
        let flags = isArray ? ARRAY : 0;
        const sorted = orp;
        if (!isArray) {
          if (orp + 2 * n > order.length) {
            if (order.length >= MAX_INTS) return -1;
            order = grow(order);
          }
          const moved = sortMembers(fFirst[depth]!, n, orp);
          if (moved < 0) return -1;
          orp += n;
          if (moved === 0 && fAllV[depth] === 1) flags |= VERBATIM;
        } else if (fAllV[depth] === 1) {
          flags |= VERBATIM;
        }
        if (CONT * cp + CONT > conts.length) conts = grow(conts);
        const ci = cp++;
        conts[CONT * ci + C_FIRST] = fFirst[depth]!;
        conts[CONT * ci + C_N] = n;
        conts[CONT * ci + C_FLAGS] = flags;
        conts[CONT * ci + C_ORDER] = sorted;
        if (depth === 0) {
          while (p < stop && isWs(buf[p]!)) p++;
          return p === stop ? ci : -1;
        }
        const own = fItem[depth]!;
        items[own + VE] = p;
        items[own + CHILD] = ci;
        depth--;
        if ((flags & VERBATIM) === 0) fAllV[depth] = 0;
        isArray = fArray[depth] === 1;
      }
      while (p < stop && buf[p]! <= 0x20 && isWs(buf[p]!)) {
        p++;
        sawWs = true;
      }
      if (p >= stop) return -1;
      const d = buf[p++];
      if (d === 0x2c) break;
      if (d !== (isArray ? 0x5d : 0x7d)) return -1;
      closed = true;
    }
  }
}

function grow(a: Int32Array): Int32Array {
  const g = new Int32Array(a.length * 2);
  g.set(a);
  return g;
}

function literal(buf: Uint8Array, p: number, stop: number, c0: number, c1: number, c2: number, c3: number, c4: number): number {
  const n = c4 < 0 ? 4 : 5;
  if (p + n > stop) return -1;
  if (buf[p] !== c0 || buf[p + 1] !== c1 || buf[p + 2] !== c2 || buf[p + 3] !== c3 || (c4 >= 0 && buf[p + 4] !== c4)) return -1;
  return p + n;
}

// Bytes in a string: 0 copied as they are, 1 the closing quote, 2 a backslash, 3 a raw control
// character (not JSON), 4 a UTF-8 lead or continuation byte (copied, but the string is not plain ASCII).
const STR_CLASS = new Uint8Array(256);
for (let c = 0; c < 0x20; c++) STR_CLASS[c] = 3;
STR_CLASS[Q] = 1;
STR_CLASS[BS] = 2;
for (let c = 0x80; c < 0x100; c++) STR_CLASS[c] = 4;

/** The string whose opening quote is at p: the position after its closing quote, or -1. Sets `plain`.
 *  Only JCS's own escapes are accepted. */
function readString(buf: Uint8Array, p: number, e: number): number {
  let i = p + 1;
  plain = true;
  while (i < e) {
    const k = STR_CLASS[buf[i]!]!;
    if (k === 0) {
      i++;
      continue;
    }
    if (k === 1) return i + 1;
    if (k === 4) {
      // JCS writes every non-ASCII character as itself (the caller validated UTF-8)
      plain = false;
      i++;
      continue;
    }
    if (k === 3) return -1; // a raw control character
    plain = false;
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
    return -1;
  }
  return -1;
}

/** JSON number grammar, canonical (what ECMAScript's Number::toString prints) and I-JSON. The end, or -1. */
function readNumber(buf: Uint8Array, s: number, end: number): number {
  let p = s;
  if (buf[p] === 0x2d) p++;
  if (p >= end) return -1;
  if (buf[p] === 0x30) {
    p++;
  } else if (buf[p]! >= 0x31 && buf[p]! <= 0x39) {
    while (p < end && buf[p]! >= 0x30 && buf[p]! <= 0x39) p++;
  } else {
    return -1;
  }
  let plainInt = true;
  if (p < end && buf[p] === 0x2e) {
    plainInt = false;
    p++;
    const d = p;
    while (p < end && buf[p]! >= 0x30 && buf[p]! <= 0x39) p++;
    if (p === d) return -1;
  }
  if (p < end && (buf[p] === 0x65 || buf[p] === 0x45)) {
    plainInt = false;
    p++;
    if (p < end && (buf[p] === 0x2b || buf[p] === 0x2d)) p++;
    const d = p;
    while (p < end && buf[p]! >= 0x30 && buf[p]! <= 0x39) p++;
    if (p === d) return -1;
  }
  const negZero = buf[s] === 0x2d && buf[s + 1] === 0x30 && p === s + 2;
  // up to 15 digits an integer is exact and prints as written (but "-0" prints as "0")
  if (plainInt && p - s <= 15 && !negZero) return p;
  const text = ascii(s, p);
  const n = Number(text);
  // a whole number beyond ±(2^53 − 1) is not I-JSON (shared/i-json.ts): the reference path refuses it
  if (Number.isInteger(n) && !Number.isSafeInteger(n)) return -1;
  return Number.isFinite(n) && String(n) === text ? p : -1;
}

// ---- sorting an object's members ----
// An object's members stay in `items` as written; `order` lists them in key order. Lines of one export
// mostly share a few shapes, so the order found for a shape is kept (by a hash of its key prefixes) and
// tried first: it is taken only if the keys in that order are strictly increasing, which is a sort.

/** Key order of items x and y (offsets in `items`): negative, 0 (the same key) or positive. */
function compareKeys(x: number, y: number): number {
  const px = items[x + PREF]!;
  const py = items[y + PREF]!;
  if (px !== py) return px - py;
  // the first four bytes agree (keys have no NUL byte, so neither is shorter than four, or both are equal)
  const as = items[x + KS]!;
  const al = items[x + KE]! - as;
  const bs = items[y + KS]!;
  const bl = items[y + KE]! - bs;
  const n = al < bl ? al : bl;
  for (let i = 4; i < n; i++) {
    const d = b[as + i]! - b[bs + i]!;
    if (d !== 0) return d;
  }
  return al - bl;
}

const SHAPES = 256;
const SHAPE_MAX = 32; // members of the largest object whose order is kept
const shapeHash = new Int32Array(SHAPES);
const shapeN = new Int32Array(SHAPES); // 0: empty slot
const shapeMoved = new Uint8Array(SHAPES);
const shapeOrder = new Int32Array(SHAPES * SHAPE_MAX);
var idx: Int32Array = new Int32Array(64);

/** Put the n members linked from item `first` in key order, as offsets, into order[at, at + n) (order
 *  has room for 2n from `at`: the members as written go after). Returns 1 if that differs from the
 *  written order, 0 if not, -1 on a duplicate key. */
function sortMembers(first: number, n: number, at: number): number {
  if (idx.length < n) idx = new Int32Array(2 * n);
  const w = at + n; // the members as written
  let h = n;
  for (let i = 0, m = first; i < n; i++, m = items[m + NEXT]!) {
    order[w + i] = m;
    h = (Math.imul(h, 0x9e3779b1) + items[m + PREF]!) | 0;
  }
  const slot = (h ^ (h >>> 16)) & (SHAPES - 1);
  if (shapeN[slot] === n && shapeHash[slot] === h) {
    const from = slot * SHAPE_MAX;
    for (let i = 0; i < n; i++) order[at + i] = order[w + shapeOrder[from + i]!]!;
    let ok = true;
    for (let i = 1; i < n && ok; i++) ok = compareKeys(order[at + i - 1]!, order[at + i]!) < 0;
    if (ok) return shapeMoved[slot]!;
  }
  // insertion sort of the member indices (into shapeIdx), then their offsets
  let moved = 0;
  for (let i = 0; i < n; i++) {
    let j = i - 1;
    for (; j >= 0; j--) {
      const c = compareKeys(order[w + idx[j]!]!, order[w + i]!);
      if (c === 0) return -1;
      if (c < 0) break;
      idx[j + 1] = idx[j]!;
      moved = 1;
    }
    idx[j + 1] = i;
  }
  for (let i = 0; i < n; i++) order[at + i] = order[w + idx[i]!]!;
  if (n <= SHAPE_MAX) {
    shapeHash[slot] = h;
    shapeN[slot] = n;
    shapeMoved[slot] = moved;
    for (let i = 0; i < n; i++) shapeOrder[slot * SHAPE_MAX + i] = idx[i]!;
  }
  return moved;
}

// ---- writing C ----

function copy(s: number, e: number): void {
  // copyWithin is a native copy without a view to make: it wins from about a dozen bytes
  if (e - s > 12 && inPlace) {
    o.copyWithin(op, s, e);
    op += e - s;
    return;
  }
  if (e - s > 256) {
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

/** Whether item m's value is written as it stands. */
function asWritten(m: number): boolean {
  const c = items[m + CHILD]!;
  return c < 0 || (!sawWs && (conts[CONT * c + C_FLAGS]! & VERBATIM) !== 0);
}

function emitMember(m: number): void {
  if (!sawWs && asWritten(m)) {
    copy(items[m + KS]! - 1, items[m + VE]!); // "key":value as it stands
    return;
  }
  copy(items[m + KS]! - 1, items[m + KE]! + 1);
  o[op++] = 0x3a;
  emitValue(m);
}

function emitValue(m: number): void {
  if (asWritten(m)) {
    copy(items[m + VS]!, items[m + VE]!);
    return;
  }
  const c = items[m + CHILD]!;
  const n = conts[CONT * c + C_N]!;
  if ((conts[CONT * c + C_FLAGS]! & ARRAY) !== 0) {
    o[op++] = 0x5b;
    for (let i = 0, e = conts[CONT * c + C_FIRST]!; i < n; i++, e = items[e + NEXT]!) {
      if (i > 0) o[op++] = 0x2c;
      emitValue(e);
    }
    o[op++] = 0x5d;
    return;
  }
  const sorted = conts[CONT * c + C_ORDER]!;
  o[op++] = 0x7b;
  for (let i = 0; i < n; i++) {
    if (i > 0) o[op++] = 0x2c;
    emitMember(order[sorted + i]!);
  }
  o[op++] = 0x7d;
}
