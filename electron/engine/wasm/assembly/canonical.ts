// AssemblyScript, compiled to WebAssembly by bin/build-wasm.mjs (not part of the TypeScript project).
//
// The same work as shared/jcs-bytes.ts `canonicalEvent`, in linear memory: an event line's RFC 8785
// canonical bytes C (without `hash`) and the members verification needs, or "not sure" (-1). It takes
// the same decisions as jcs-bytes.ts and is not sure of more: numbers other than plain integers of up to
// 15 digits, times other than the common UTC forms, lines with very many items. For those the caller
// runs jcs-bytes.ts, and then the reference path, so this can only make verification faster.
//
// Memory: this module's tables from __heap_base (layout below), then the caller's: C's room and the
// batch's bytes (see electron/engine/wasm/canonical.ts).

const Q: u32 = 0x22;
const BS: u32 = 0x5c;
const MAX_DEPTH: i32 = 64;
const MAX_ITEMS: i32 = 1 << 16; // items recorded per line; beyond, "not sure"
const MAX_CONTS: i32 = 1 << 14;

// An item (a member of an object or an element of an array), ITEM bytes at its address in ITEMS.
const KS: usize = 0; // key span without quotes (objects)
const KE: usize = 4;
const VS: usize = 8; // value span
const VE: usize = 12;
const CHILD: usize = 16; // the value's container index, or STRING_HEX64, or SCALAR
const PREF: usize = 20; // the key's first four bytes, big-endian, zero-padded
const NEXT: usize = 24; // address of the next item of the same container, or -1
const ITEM: usize = 28;
const SCALAR: i32 = -1;
const STRING_HEX64: i32 = -2;
// A container, CONT bytes at CONTS + CONT * index.
const C_FIRST: usize = 0;
const C_N: usize = 4;
const C_FLAGS: usize = 8;
const C_ORDER: usize = 12; // index in ORDER of its members in key order (objects)
const CONT: usize = 16;
const ARRAY: i32 = 1;
const VERBATIM: i32 = 2;

// ---- layout ----
const RES: usize = (__heap_base + 15) & ~15; // the answer: see canonical.ts RES_*
const CLS: usize = RES + 128; // byte classes in strings
const WORDS: usize = CLS + 256; // category and outcome words, written by the caller
const F_FIRST: usize = WORDS + 1024; // per open container (by depth)
const F_LAST: usize = F_FIRST + 4 * (MAX_DEPTH + 2);
const F_COUNT: usize = F_LAST + 4 * (MAX_DEPTH + 2);
const F_ARRAY: usize = F_COUNT + 4 * (MAX_DEPTH + 2);
const F_ALLV: usize = F_ARRAY + 4 * (MAX_DEPTH + 2);
const F_ITEM: usize = F_ALLV + 4 * (MAX_DEPTH + 2);
const ITEMS: usize = F_ITEM + 4 * (MAX_DEPTH + 2);
const CONTS: usize = ITEMS + ITEM * MAX_ITEMS;
const ORDER: usize = CONTS + CONT * MAX_CONTS;
const IDX: usize = ORDER + 8 * MAX_ITEMS;
const DATE: usize = IDX + 4 * MAX_ITEMS; // the last date read, 16 bytes
const END: usize = DATE + 16;

for (let c: u32 = 0; c < 0x20; c++) store<u8>(CLS + c, 3);
store<u8>(CLS + Q, 1);
store<u8>(CLS + BS, 2);
for (let c: u32 = 0x80; c < 0x100; c++) store<u8>(CLS + c, 4);

/** Where the caller's memory may start. */
export function tablesEnd(): usize {
  return END;
}
export function resultAt(): usize {
  return RES;
}
/** Where the caller writes the words: a count, then each word as a length and its bytes; categories, then outcomes. */
export function wordsAt(): usize {
  return WORDS;
}

// per-call state
let op: usize = 0;
let sawWs = false;
let plain = true;
let orp: i32 = 0;
let lastDay: f64 = NaN;

@inline function isWs(c: u32): bool {
  return c == 0x20 || c == 0x0a || c == 0x0d || c == 0x09;
}
@inline function at(p: usize): u32 {
  return <u32>load<u8>(p);
}
@inline function ld(a: usize): i32 {
  return load<i32>(a);
}
@inline function st(a: usize, v: i32): void {
  store<i32>(a, v);
}

// ---- reading ----

/** The string whose opening quote is at p: the position after its closing quote, or 0. Sets `plain`. */
function readString(p: usize, e: usize): usize {
  let i = p + 1;
  plain = true;
  while (i < e) {
    // 16 bytes at a time to the next quote, backslash, control or non-ASCII byte (memory past the line
    // may be read: the caller leaves room after the batch, and a match past `e` ends the line)
    const v = v128.load(i);
    const special = v128.or(v128.or(i8x16.eq(v, i8x16.splat(0x22)), i8x16.eq(v, i8x16.splat(0x5c))), v128.or(i8x16.lt_u(v, i8x16.splat(0x20)), i8x16.gt_u(v, i8x16.splat(0x7f))));
    const bits = i8x16.bitmask(special);
    if (bits == 0) {
      i += 16;
      continue;
    }
    i += <usize>ctz<i32>(bits);
    if (i >= e) return 0;
    const k = load<u8>(CLS + at(i));
    if (k == 1) return i + 1;
    if (k == 4) {
      plain = false;
      i++;
      continue;
    }
    if (k == 3 || i + 1 >= e) return 0;
    plain = false;
    const x = at(i + 1);
    if (x == Q || x == BS || x == 0x62 || x == 0x66 || x == 0x6e || x == 0x72 || x == 0x74) {
      i += 2;
      continue;
    }
    if (x == 0x75 && i + 6 <= e && at(i + 2) == 0x30 && at(i + 3) == 0x30) {
      const h = at(i + 4);
      const l = at(i + 5);
      const lv: i32 = l >= 0x30 && l <= 0x39 ? <i32>l - 0x30 : l >= 0x61 && l <= 0x66 ? <i32>l - 0x57 : -1;
      if ((h == 0x30 || h == 0x31) && lv >= 0) {
        const code = (<i32>h - 0x30) * 16 + lv;
        if (code != 8 && code != 9 && code != 10 && code != 12 && code != 13) {
          i += 6;
          continue;
        }
      }
    }
    return 0;
  }
  return 0;
}

/** A plain integer of up to 15 digits (not -0): its end, or 0 (anything else is left to jcs-bytes.ts). */
function readNumber(s: usize, end: usize): usize {
  let p = s;
  if (at(p) == 0x2d) p++;
  if (p >= end) return 0;
  if (at(p) == 0x30) {
    p++;
  } else if (at(p) >= 0x31 && at(p) <= 0x39) {
    while (p < end && at(p) >= 0x30 && at(p) <= 0x39) p++;
  } else {
    return 0;
  }
  if (p < end && (at(p) == 0x2e || at(p) == 0x65 || at(p) == 0x45)) return 0;
  if (p - s > 15) return 0;
  if (at(s) == 0x2d && at(s + 1) == 0x30) return 0; // -0
  return p;
}

function literal(p: usize, stop: usize, c0: u32, c1: u32, c2: u32, c3: u32, c4: u32): usize {
  const n: usize = c4 == 0 ? 4 : 5;
  if (p + n > stop) return 0;
  if (at(p) != c0 || at(p + 1) != c1 || at(p + 2) != c2 || at(p + 3) != c3 || (c4 != 0 && at(p + 4) != c4)) return 0;
  return p + n;
}

/** 64 lowercase hex digits at p */
function hexDigits(p: usize): bool {
  let ok = i8x16.splat(-1);
  for (let i: usize = 0; i < 64; i += 16) {
    const v = v128.load(p + i);
    const digit = i8x16.lt_u(i8x16.sub(v, i8x16.splat(0x30)), i8x16.splat(10));
    const af = i8x16.lt_u(i8x16.sub(v, i8x16.splat(0x61)), i8x16.splat(6));
    ok = v128.and(ok, v128.or(digit, af));
  }
  return i8x16.all_true(ok);
}

/** Read the JSON object at [start, stop), recording every container; its container index, or -1. */
function read(start: usize, stop: usize): i32 {
  let p = start;
  sawWs = false;
  orp = 0;
  let ip: usize = ITEMS;
  const ipEnd: usize = ITEMS + ITEM * MAX_ITEMS;
  let cp: i32 = 0;
  while (p < stop && isWs(at(p))) p++;
  if (p >= stop || at(p) != 0x7b) return -1;
  let depth: usize = 0;
  st(F_FIRST, -1);
  st(F_LAST, -1);
  st(F_COUNT, 0);
  st(F_ARRAY, 0);
  st(F_ALLV, 1);
  st(F_ITEM, -1);
  let isArray = false;
  p++;
  let opened = true;
  for (;;) {
    while (p < stop && isWs(at(p))) {
      p++;
      sawWs = true;
    }
    if (p >= stop) return -1;
    let closed = opened && at(p) == (isArray ? 0x5d : 0x7d);
    opened = false;
    if (!closed) {
      let ks: i32 = -1;
      let ke: i32 = -1;
      let pref: i32 = 0;
      if (!isArray) {
        if (at(p) != Q) return -1;
        const q = readString(p, stop);
        if (q == 0 || !plain) return -1;
        ks = <i32>(p + 1);
        ke = <i32>(q - 1);
        const len = ke - ks;
        if (len > 0) pref = <i32>((at(ks) << 24) | ((len > 1 ? at(ks + 1) : 0) << 16) | ((len > 2 ? at(ks + 2) : 0) << 8) | (len > 3 ? at(ks + 3) : 0));
        p = q;
        while (p < stop && isWs(at(p))) {
          p++;
          sawWs = true;
        }
        if (p >= stop || at(p) != 0x3a) return -1;
        p++;
        while (p < stop && isWs(at(p))) {
          p++;
          sawWs = true;
        }
        if (p >= stop) return -1;
      }
      if (ip >= ipEnd) return -1;
      const m = ip;
      ip += ITEM;
      st(m + KS, ks);
      st(m + KE, ke);
      st(m + VS, <i32>p);
      st(m + PREF, pref);
      st(m + NEXT, -1);
      const last = ld(F_LAST + 4 * depth);
      if (last < 0) st(F_FIRST + 4 * depth, <i32>m);
      else st(<usize>last + NEXT, <i32>m);
      st(F_LAST + 4 * depth, <i32>m);
      st(F_COUNT + 4 * depth, ld(F_COUNT + 4 * depth) + 1);
      const c = at(p);
      if (c == 0x7b || c == 0x5b) {
        if (<i32>++depth > MAX_DEPTH) return -1;
        isArray = c == 0x5b;
        st(F_FIRST + 4 * depth, -1);
        st(F_LAST + 4 * depth, -1);
        st(F_COUNT + 4 * depth, 0);
        st(F_ARRAY + 4 * depth, isArray ? 1 : 0);
        st(F_ALLV + 4 * depth, 1);
        st(F_ITEM + 4 * depth, <i32>m);
        p++;
        opened = true;
        continue;
      }
      let kind = SCALAR;
      if (c == Q) {
        if ((pref == 0x70726576 || pref == 0x68617368) && p + 65 < stop && at(p + 65) == Q && hexDigits(p + 1)) {
          p += 66;
          kind = STRING_HEX64;
        } else {
          p = readString(p, stop);
        }
      } else if (c == 0x74) p = literal(p, stop, 0x74, 0x72, 0x75, 0x65, 0);
      else if (c == 0x66) p = literal(p, stop, 0x66, 0x61, 0x6c, 0x73, 0x65);
      else if (c == 0x6e) p = literal(p, stop, 0x6e, 0x75, 0x6c, 0x6c, 0);
      else p = readNumber(p, stop);
      if (p == 0) return -1;
      st(m + VE, <i32>p);
      st(m + CHILD, kind);
    } else {
      p++;
    }
    // after an item: a comma, or the end of one or more containers
    for (;;) {
      if (closed) {
        const n = ld(F_COUNT + 4 * depth);
        let flags = isArray ? ARRAY : 0;
        const sorted = orp;
        if (!isArray) {
          if (orp + 2 * n > 2 * MAX_ITEMS) return -1;
          const moved = sortMembers(<usize>ld(F_FIRST + 4 * depth), n, orp);
          if (moved < 0) return -1;
          orp += n;
          if (moved == 0 && ld(F_ALLV + 4 * depth) == 1) flags |= VERBATIM;
        } else if (ld(F_ALLV + 4 * depth) == 1) {
          flags |= VERBATIM;
        }
        if (cp >= MAX_CONTS) return -1;
        const ci = cp++;
        const ca = CONTS + CONT * <usize>ci;
        st(ca + C_FIRST, ld(F_FIRST + 4 * depth));
        st(ca + C_N, n);
        st(ca + C_FLAGS, flags);
        st(ca + C_ORDER, sorted);
        if (depth == 0) {
          while (p < stop && isWs(at(p))) p++;
          return p == stop ? ci : -1;
        }
        const own = <usize>ld(F_ITEM + 4 * depth);
        st(own + VE, <i32>p);
        st(own + CHILD, ci);
        depth--;
        if ((flags & VERBATIM) == 0) st(F_ALLV + 4 * depth, 0);
        isArray = ld(F_ARRAY + 4 * depth) == 1;
      }
      while (p < stop && isWs(at(p))) {
        p++;
        sawWs = true;
      }
      if (p >= stop) return -1;
      const d = at(p++);
      if (d == 0x2c) break;
      if (d != (isArray ? 0x5d : 0x7d)) return -1;
      closed = true;
    }
  }
  return -1; // not reached: AssemblyScript wants a return after the loop
}

// ---- sorting an object's members (insertion sort; objects are small) ----

function compareKeys(x: usize, y: usize): i32 {
  const px = ld(x + PREF);
  const py = ld(y + PREF);
  if (px != py) return px - py;
  const as = <usize>ld(x + KS);
  const al = ld(x + KE) - <i32>as;
  const bs = <usize>ld(y + KS);
  const bl = ld(y + KE) - <i32>bs;
  const n = al < bl ? al : bl;
  for (let i = 4; i < n; i++) {
    const d = <i32>at(as + i) - <i32>at(bs + i);
    if (d != 0) return d;
  }
  return al - bl;
}

/** The n members linked from `first`, in key order, into ORDER[at, at + n). 1 if that differs from the
 *  written order, 0 if not, -1 on a duplicate key. */
function sortMembers(first: usize, n: i32, at0: i32): i32 {
  const o = ORDER + 4 * <usize>at0;
  let moved = 0;
  let m = first;
  for (let i = 0; i < n; i++) {
    let j = i - 1;
    for (; j >= 0; j--) {
      const y = <usize>ld(o + 4 * <usize>j);
      const c = compareKeys(y, m);
      if (c == 0) return -1;
      if (c < 0) break;
      st(o + 4 * <usize>(j + 1), <i32>y);
      moved = 1;
    }
    st(o + 4 * <usize>(j + 1), <i32>m);
    m = <usize>ld(m + NEXT);
  }
  return moved;
}

// ---- writing C ----

@inline function copy(s: usize, e: usize): void {
  const n = e - s;
  if (n > 16) {
    memory.copy(op, s, n);
  } else {
    for (let i: usize = 0; i < n; i++) store<u8>(op + i, load<u8>(s + i));
  }
  op += n;
}

function asWritten(m: usize): bool {
  const c = ld(m + CHILD);
  return c < 0 || (!sawWs && (ld(CONTS + CONT * <usize>c + C_FLAGS) & VERBATIM) != 0);
}

function emitMember(m: usize): void {
  if (!sawWs && asWritten(m)) {
    copy(<usize>ld(m + KS) - 1, <usize>ld(m + VE));
    return;
  }
  copy(<usize>ld(m + KS) - 1, <usize>ld(m + KE) + 1);
  store<u8>(op++, 0x3a);
  emitValue(m);
}

function emitValue(m: usize): void {
  if (asWritten(m)) {
    copy(<usize>ld(m + VS), <usize>ld(m + VE));
    return;
  }
  const ca = CONTS + CONT * <usize>ld(m + CHILD);
  const n = ld(ca + C_N);
  if ((ld(ca + C_FLAGS) & ARRAY) != 0) {
    store<u8>(op++, 0x5b);
    let e = <usize>ld(ca + C_FIRST);
    for (let i = 0; i < n; i++) {
      if (i > 0) store<u8>(op++, 0x2c);
      emitValue(e);
      e = <usize>ld(e + NEXT);
    }
    store<u8>(op++, 0x5d);
    return;
  }
  const sorted = ORDER + 4 * <usize>ld(ca + C_ORDER);
  store<u8>(op++, 0x7b);
  for (let i = 0; i < n; i++) {
    if (i > 0) store<u8>(op++, 0x2c);
    emitMember(<usize>ld(sorted + 4 * <usize>i));
  }
  store<u8>(op++, 0x7d);
}

// ---- members of interest ----
const K_SEQ = 1;
const K_TS = 2;
const K_CATEGORY = 4;
const K_ACTION = 8;
const K_ACTOR = 16;
const K_OUTCOME = 32;
const K_PREV = 64;
const K_HASH = 128;
const K_ALL = 255;
const K_TARGET = 256;
const K_MFA = 512;

/** bytes [s + 4, s + len) against `rest` (little-endian, up to 8 bytes) */
@inline function tail(s: usize, len: i32, want: i32, rest: u64): bool {
  if (len != want) return false;
  for (let i = 4; i < len; i++) if (at(s + i) != <u32>((rest >> (8 * (i - 4))) & 0xff)) return false;
  return true;
}

function keyId(s: usize, len: i32, pref: i32): i32 {
  switch (pref) {
    case 0x73657100: return len == 3 ? K_SEQ : 0; // "seq"
    case 0x74730000: return len == 2 ? K_TS : 0; // "ts"
    case 0x63617465: return tail(s, len, 8, 0x79726f67) ? K_CATEGORY : 0; // "cate" "gory"
    case 0x61637469: return tail(s, len, 6, 0x6e6f) ? K_ACTION : 0; // "acti" "on"
    case 0x6163746f: return tail(s, len, 5, 0x72) ? K_ACTOR : 0; // "acto" "r"
    case 0x6f757463: return tail(s, len, 7, 0x656d6f) ? K_OUTCOME : 0; // "outc" "ome"
    case 0x70726576: return tail(s, len, 9, 0x687361685f) ? K_PREV : 0; // "prev" "_hash"
    case 0x68617368: return len == 4 ? K_HASH : 0; // "hash"
    case 0x74617267: return tail(s, len, 6, 0x7465) ? K_TARGET : 0; // "targ" "et"
    case 0x6d666100: return len == 3 ? K_MFA : 0; // "mfa"
    default: return 0;
  }
}

/** which word of list `list` (0 categories, 1 outcomes) the plain string at [vs, ve) is, or -1 */
function oneOf(vs: usize, ve: usize, list: i32): i32 {
  if (at(vs) != Q) return -1;
  let w = WORDS;
  if (list == 1) {
    const n0 = <i32>at(w);
    w++;
    for (let i = 0; i < n0; i++) w += 1 + <usize>at(w);
  }
  const n = <i32>at(w);
  w++;
  const len = <u32>(ve - vs - 2);
  for (let i = 0; i < n; i++) {
    const wl = at(w);
    if (wl == len) {
      let same = true;
      for (let k: usize = 0; k < <usize>wl && same; k++) same = at(vs + 1 + k) == at(w + 1 + k);
      if (same) return i;
    }
    w += 1 + <usize>wl;
  }
  return -1;
}

function uint(vs: usize, ve: usize): f64 {
  const len = ve - vs;
  if (len < 1 || len > 15) return -1;
  let v: f64 = 0;
  for (let i = vs; i < ve; i++) {
    const c = at(i);
    if (c < 0x30 || c > 0x39) return -1;
    v = v * 10 + <f64>(c - 0x30);
  }
  return v;
}

function plainString(vs: usize, ve: usize): bool {
  if (at(vs) != Q) return false;
  for (let i = vs + 1; i < ve - 1; i++) {
    const c = at(i);
    if (c == BS || c >= 0x80) return false;
  }
  return true;
}

@inline function digit(t: usize): i32 {
  const c = <i32>at(t) - 0x30;
  return c >= 0 && c <= 9 ? c : -100000;
}

function daysIn(year: i32, month: i32): i32 {
  if (month == 2) return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28;
  return month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31;
}

/** Midnight UTC (ms) of the date YYYY-MM-DD at s, or NaN when it is not a date from year 100 on. */
function dayMs(s: usize): f64 {
  if (lastDay == lastDay && load<u64>(s) == load<u64>(DATE) && load<u16>(s + 8) == load<u16>(DATE + 8)) return lastDay;
  const year = digit(s) * 1000 + digit(s + 1) * 100 + digit(s + 2) * 10 + digit(s + 3);
  const month = digit(s + 5) * 10 + digit(s + 6);
  const day = digit(s + 8) * 10 + digit(s + 9);
  if (!(year >= 100 && month >= 1 && month <= 12 && day >= 1 && day <= daysIn(year, month))) return NaN;
  // days from 1970-01-01 in the proleptic Gregorian calendar (what Date.UTC counts)
  const y = month <= 2 ? year - 1 : year;
  const era = y / 400; // y >= 99 here
  const yoe = y - era * 400;
  const doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  const days = era * 146097 + doe - 719468;
  store<u64>(DATE, load<u64>(s));
  store<u16>(DATE + 8, load<u16>(s + 8));
  lastDay = <f64>days * 86400000;
  return lastDay;
}

/** The instant of the common UTC forms (…SSZ, …SS.fffZ, 1 to 9 fraction digits) at [s, e), or NaN. */
function timeMs(s: usize, e: usize): f64 {
  const len = e - s;
  const z = at(e - 1);
  if (len >= 20 && (z == 0x5a || z == 0x7a) && at(s + 4) == 0x2d && at(s + 7) == 0x2d && (at(s + 10) == 0x54 || at(s + 10) == 0x74) && at(s + 13) == 0x3a && at(s + 16) == 0x3a && (len == 20 || (len >= 22 && len <= 30 && at(s + 19) == 0x2e))) {
    const day = dayMs(s);
    const hour = digit(s + 11) * 10 + digit(s + 12);
    const minute = digit(s + 14) * 10 + digit(s + 15);
    const second = digit(s + 17) * 10 + digit(s + 18);
    let ms = 0;
    let fracOk = true;
    let k = 0;
    for (let i = s + 20; i < e - 1; i++, k++) {
      const d = digit(i);
      if (d < 0) fracOk = false;
      else if (k < 3) ms += d * (k == 0 ? 100 : k == 1 ? 10 : 1);
    }
    if (fracOk && day == day && hour <= 23 && minute <= 59 && second <= 59 && hour >= 0 && minute >= 0 && second >= 0) {
      return day + <f64>(((hour * 60 + minute) * 60 + second) * 1000 + ms);
    }
  }
  return NaN;
}

function actorOk(c: i32): bool {
  if (c < 0) return false;
  const ca = CONTS + CONT * <usize>c;
  if ((ld(ca + C_FLAGS) & ARRAY) != 0) return false;
  let found = 0;
  let m = <usize>ld(ca + C_FIRST);
  for (let k = ld(ca + C_N); k > 0; k--, m = <usize>ld(m + NEXT)) {
    const ks = <usize>ld(m + KS);
    const len = ld(m + KE) - <i32>ks;
    if (at(<usize>ld(m + VS)) != Q) continue;
    if (len == 2 && at(ks) == 0x69 && at(ks + 1) == 0x64) {
      found |= 1;
      st(RES + 16 + 4 * 8, ld(m + VS));
      st(RES + 16 + 4 * 9, ld(m + VE));
    } else if (len == 4 && at(ks) == 0x74 && at(ks + 1) == 0x79 && at(ks + 2) == 0x70 && at(ks + 3) == 0x65) {
      found |= 2;
      st(RES + 16 + 4 * 10, ld(m + VS));
      st(RES + 16 + 4 * 11, ld(m + VE));
    }
  }
  return found == 3;
}

/**
 * C of the event line at [start, stop), written from `out`; its length, or -1 for "not sure". The answer
 * goes to RES: f64 seq, f64 tsMs, then i32 tsAt, tsEnd, prevAt, hashAt, category, outcome, actionAt,
 * actionEnd, actorIdAt, actorIdEnd, actorTypeAt, actorTypeEnd, targetAt, targetEnd, mfa.
 */
export function canonicalEvent(start: usize, stop: usize, out: usize): i32 {
  const top = read(start, stop);
  if (top < 0) return -1;
  const ca = CONTS + CONT * <usize>top;
  const n = ld(ca + C_N);
  const sorted = ORDER + 4 * <usize>ld(ca + C_ORDER);
  let seen = 0;
  let seq: f64 = -1;
  let tsS: usize = 0;
  let tsE: usize = 0;
  let prevAt: i32 = -1;
  let hashAt: i32 = -1;
  let hashIdx = -1;
  let category = -1;
  let outcome = -1;
  let actionAt: i32 = 0;
  let actionEnd: i32 = 0;
  let targetAt: i32 = -1;
  let targetEnd: i32 = -1;
  let mfa = -1;
  for (let i = 0; i < n; i++) {
    const m = <usize>ld(sorted + 4 * <usize>i);
    const ks = ld(m + KS);
    const key = keyId(<usize>ks, ld(m + KE) - ks, ld(m + PREF));
    if (key == 0) continue;
    seen |= key;
    const vs = <usize>ld(m + VS);
    const ve = <usize>ld(m + VE);
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
        category = oneOf(vs, ve, 0);
        if (category < 0) return -1;
        break;
      case K_ACTION:
        if (at(vs) != Q || ve - vs < 3) return -1;
        actionAt = <i32>vs;
        actionEnd = <i32>ve;
        break;
      case K_ACTOR:
        if (!actorOk(ld(m + CHILD))) return -1;
        break;
      case K_OUTCOME:
        outcome = oneOf(vs, ve, 1);
        if (outcome < 0) return -1;
        break;
      case K_TARGET:
        targetAt = <i32>vs;
        targetEnd = <i32>ve;
        break;
      case K_MFA:
        mfa = at(vs) == 0x74 ? 1 : at(vs) == 0x66 ? 0 : -1;
        break;
      case K_PREV:
        if (ld(m + CHILD) != STRING_HEX64) return -1;
        prevAt = <i32>vs + 1;
        break;
      case K_HASH:
        if (ld(m + CHILD) != STRING_HEX64) return -1;
        hashAt = <i32>vs + 1;
        hashIdx = i;
        break;
    }
  }
  if ((seen & K_ALL) != K_ALL) return -1;
  const tsMs = timeMs(tsS, tsE);
  if (tsMs != tsMs) return -1; // other forms: jcs-bytes.ts reads them by the definition
  op = out;
  store<u8>(op++, 0x7b);
  let firstOut = true;
  for (let i = 0; i < n; i++) {
    if (i == hashIdx) continue;
    if (!firstOut) store<u8>(op++, 0x2c);
    firstOut = false;
    emitMember(<usize>ld(sorted + 4 * <usize>i));
  }
  store<u8>(op++, 0x7d);
  store<f64>(RES, seq);
  store<f64>(RES + 8, tsMs);
  const r = RES + 16;
  st(r, <i32>tsS);
  st(r + 4, <i32>tsE);
  st(r + 8, prevAt);
  st(r + 12, hashAt);
  st(r + 16, category);
  st(r + 20, outcome);
  st(r + 24, actionAt);
  st(r + 28, actionEnd);
  // actor id and type spans (r + 32 .. r + 44) were written by actorOk
  st(r + 48, targetAt);
  st(r + 52, targetEnd);
  st(r + 56, mfa);
  return <i32>(op - out);
}
