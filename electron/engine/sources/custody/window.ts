// The audit window records are counted against: `--window START/END` (two RFC 3339 instants), else the
// engagement's window. An engagement date without a time (YYYY-MM-DD) covers that whole UTC day.
import { parseRfc3339 } from '../../../../shared/time';
import { InputError } from '../../io/source';

export interface AuditWindow {
  start: string;
  end: string;
  startMs: number;
  /** inclusive */
  endMs: number;
  from: 'option' | 'engagement';
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function instant(s: string, edge: 'start' | 'end'): number | null {
  if (DATE.test(s)) {
    const t = parseRfc3339(`${s}T00:00:00Z`);
    return t === null ? null : edge === 'start' ? t : t + 86_400_000 - 1;
  }
  return parseRfc3339(s);
}

/** `START/END` as given to --window; refused in words when it is not two RFC 3339 instants in order. */
export function parseWindow(text: string): AuditWindow {
  const [start, end, more] = text.split('/');
  const startMs = start === undefined ? null : parseRfc3339(start);
  const endMs = end === undefined ? null : parseRfc3339(end);
  if (more !== undefined || startMs === null || endMs === null)
    throw new InputError(`--window "${text}" is not START/END, two RFC 3339 instants (2026-01-01T00:00:00Z/2026-12-31T23:59:59Z).`);
  if (endMs < startMs) throw new InputError(`--window "${text}" ends before it starts.`);
  return { start: start!, end: end!, startMs, endMs, from: 'option' };
}

/** The engagement's window, or null when it has none (then nothing is counted out of window). */
export function engagementWindow(e: { windowStart: string | null; windowEnd: string | null }): AuditWindow | null {
  if (e.windowStart === null || e.windowEnd === null) return null;
  const startMs = instant(e.windowStart, 'start');
  const endMs = instant(e.windowEnd, 'end');
  if (startMs === null || endMs === null) return null;
  return { start: e.windowStart, end: e.windowEnd, startMs, endMs, from: 'engagement' };
}
