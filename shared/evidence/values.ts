// Reading one cell of an evidence table (../shared/formats/evidence-tables.md, "Reading rules"). Each reader
// returns the value, or a problem that completes the sentence 'row 7, column x: …'.
//
// Time: an RFC 3339 timestamp is the instant, [t, t]; a date YYYY-MM-DD is the whole UTC day, from its 00:00
// to the next day's 00:00, so "24 h after terminated_on" counts from the end of that day. A date that does
// not exist (2026-02-29, 2026-04-31) is refused, never rolled over to the next month as Date.UTC would.
import { parseRfc3339 } from '../time';

export type Read<T> = { ok: true; value: T } | { ok: false; problem: string };

const ok = <T>(value: T): Read<T> => ({ ok: true, value });
const no = <T>(problem: string): Read<T> => ({ ok: false, problem });

/** A value quoted for a message, cut short when long. */
export function quoted(s: string, max = 60): string {
  return JSON.stringify(s.length > max ? `${s.slice(0, max)}…` : s);
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

function daysIn(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** The instants a time cell covers: [fromMs, toMs). A timestamp covers one instant (fromMs = toMs). */
export interface TimeSpan {
  fromMs: number;
  toMs: number;
  /** true for YYYY-MM-DD, false for a timestamp */
  date: boolean;
}

export function readTime(s: string): Read<TimeSpan> {
  const d = DATE.exec(s);
  if (d) {
    const [y, m, day] = [+d[1]!, +d[2]!, +d[3]!];
    if (m < 1 || m > 12 || day < 1 || day > daysIn(y, m))
      return no(`${quoted(s)} is not a date: ${d[1]}-${d[2]} has no day ${d[3]} (YYYY-MM-DD, a day that exists)`);
    let from = Date.UTC(y, m - 1, day);
    if (y < 100) from = new Date(from).setUTCFullYear(y); // Date.UTC reads years 0-99 as 1900-1999
    return ok({ fromMs: from, toMs: from + DAY_MS, date: true });
  }
  const t = parseRfc3339(s);
  if (t === null) return no(`${quoted(s)} is not a date (YYYY-MM-DD) or an RFC 3339 timestamp`);
  return ok({ fromMs: t, toMs: t, date: false });
}

const TRUE = new Set(['true', 'yes', '1']);
const FALSE = new Set(['false', 'no', '0', '']);

export function readBool(s: string): Read<0 | 1> {
  const k = s.toLowerCase();
  if (TRUE.has(k)) return ok(1);
  if (FALSE.has(k)) return ok(0);
  return no(`${quoted(s)} is not true or false (true/false, yes/no or 1/0, in any case; empty is false)`);
}

/** One of `values`, in any case; the result is spelled as `values` spells it. */
export function readEnum(s: string, values: readonly string[]): Read<string> {
  const k = s.toLowerCase();
  const found = values.find((v) => v.toLowerCase() === k);
  return found !== undefined ? ok(found) : no(`${quoted(s)} is not one of ${values.join(', ')} (in any case)`);
}

const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

export function readNumber(s: string): Read<number> {
  const n = DECIMAL.test(s) ? Number(s) : NaN;
  return Number.isFinite(n) ? ok(n) : no(`${quoted(s)} is not a number`);
}
