// UTC days as whole numbers: day d is [d × 86 400 000, (d + 1) × 86 400 000) milliseconds since the epoch
// (POSIX time has no leap seconds, so every UTC day is 86 400 000 ms long). The engine groups events by the
// same division in SQL (electron/engine/coverage/day-counts.ts), so a day here is a day there.

export const DAY_MS = 86_400_000;

/** The UTC day of an instant (floor, so instants before 1970 fall on the right day too). */
export function utcDay(ms: number): number {
  return Math.floor(ms / DAY_MS);
}

/** "2026-03-14" for the day. */
export function dayText(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The first instant of the day, as RFC 3339. */
export function dayStartText(day: number): string {
  return new Date(day * DAY_MS).toISOString();
}
