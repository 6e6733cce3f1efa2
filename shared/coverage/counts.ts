// Records per source and UTC day, split by where each falls against the audit window: the shape the
// engine's one GROUP BY returns (electron/engine/coverage/day-counts.ts), and its reference in plain
// TypeScript, by which the tests check the SQL. The window is closed: [start, end], both instants
// included, as an engagement's window is written ("2026-01-01T00:00:00Z" to "2026-06-30T23:59:59Z").
import { utcDay } from './days';

/** -1: before the window's start; 0: inside the window; 1: after its end. */
export type WindowSide = -1 | 0 | 1;

export interface DayCount {
  day: number;
  side: WindowSide;
  count: number;
}

export interface CoverageWindow {
  startMs: number;
  endMs: number;
}

export function sideOf(tsMs: number, w: CoverageWindow): WindowSide {
  return tsMs < w.startMs ? -1 : tsMs > w.endMs ? 1 : 0;
}

/** The day counts of a list of instants (the reference for the engine's SQL). */
export function tallyDays(instants: Iterable<number>, w: CoverageWindow): DayCount[] {
  const by = new Map<string, DayCount>();
  for (const t of instants) {
    const day = utcDay(t);
    const side = sideOf(t, w);
    const k = `${day} ${side}`;
    const c = by.get(k);
    if (c) c.count++;
    else by.set(k, { day, side, count: 1 });
  }
  return [...by.values()].sort((a, b) => a.day - b.day || a.side - b.side);
}
