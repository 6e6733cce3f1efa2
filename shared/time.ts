// RFC 3339 timestamps. Date.parse accepts far more than RFC 3339, so the shape is checked first; the
// instant is then computed from the fields (this runs once per event, millions of times).

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

function daysIn(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Milliseconds since the epoch, or null when `s` is not a valid RFC 3339 timestamp. */
export function parseRfc3339(s: string): number | null {
  const m = RFC3339.exec(s);
  if (m === null) return null;
  const year = +m[1]!;
  const month = +m[2]!;
  const day = +m[3]!;
  const hour = +m[4]!;
  const minute = +m[5]!;
  const second = +m[6]!;
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour > 23 || minute > 59 || second > 60) return null;
  // a leap second (:60) is kept as the last instant of its minute
  const ms = m[7] === undefined ? 0 : Math.floor(+`${m[7]}00`.slice(0, 3));
  let t = Date.UTC(year, month - 1, day, hour, minute, second === 60 ? 59 : second, second === 60 ? 999 : ms);
  if (year < 100) t = new Date(t).setUTCFullYear(year); // Date.UTC reads years 0-99 as 1900-1999
  if (m[8] === undefined) {
    const oh = +m[10]!;
    const om = +m[11]!;
    if (oh > 23 || om > 59) return null;
    t -= (m[9] === '+' ? 1 : -1) * (oh * 60 + om) * 60_000;
  }
  return t;
}

export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const parts: string[] = [];
  if (d) parts.push(`${d} d`);
  if (h) parts.push(`${h} h`);
  if (m && !d) parts.push(`${m} min`);
  if (parts.length === 0) parts.push(`${s} s`);
  return parts.join(' ');
}

export function isoFromMs(ms: number): string {
  return new Date(ms).toISOString();
}
