// What a stream's verification says about the completeness of a population drawn from it (#13 item 5).
// A chain can hold — every record intact, every link right — and still be incomplete: the vendor logged
// nothing for days (a possible outage), records are missing between two seqs, records are dated outside
// the audit window, or the stream holds no event at all (a silent interval over the whole window). Such findings do not fail integrity, so they must
// travel with the population into the sample and the workpaper, where a green "verified" would hide them.
import type { Finding, FindingCode } from './types';

/** The findings that bear on completeness, in the order a reviewer reads them. */
export const COMPLETENESS_CODES = [
  'seq-gap',
  'event-count-mismatch',
  'silent-interval',
  'ts-outside-window',
] as const satisfies readonly FindingCode[];

export type CompletenessCode = (typeof COMPLETENESS_CODES)[number];

export interface CompletenessNote {
  code: CompletenessCode;
  severity: Finding['severity'];
  /** how many findings of this code the stream's verification reported */
  count: number;
  /** the time spans they cover, where the finding states one (silent intervals): ISO start and end */
  spans: { from: string; to: string }[];
  /** the spans' total length in milliseconds (0 when none) */
  spannedMs: number;
  /** the first such finding's message, as an example */
  example: string;
}

const SPAN = /^(\S+) – (\S+)$/;

/** Group a stream's findings by completeness code, with counts and time spans. */
export function completenessOf(findings: readonly Finding[]): CompletenessNote[] {
  const notes = new Map<CompletenessCode, CompletenessNote>();
  for (const f of findings) {
    if (!(COMPLETENESS_CODES as readonly string[]).includes(f.code)) continue;
    const code = f.code as CompletenessCode;
    let n = notes.get(code);
    if (!n) {
      n = { code, severity: f.severity, count: 0, spans: [], spannedMs: 0, example: f.message };
      notes.set(code, n);
    }
    n.count++;
    if (f.severity === 'error') n.severity = 'error';
    const m = code === 'silent-interval' && f.found ? SPAN.exec(f.found) : null;
    if (m) {
      const ms = Date.parse(m[2]!) - Date.parse(m[1]!);
      if (Number.isFinite(ms)) {
        n.spans.push({ from: m[1]!, to: m[2]! });
        n.spannedMs += ms;
      }
    }
  }
  return COMPLETENESS_CODES.flatMap((c) => (notes.has(c) ? [notes.get(c)!] : []));
}

const LABEL: Record<CompletenessCode, [string, string]> = {
  'seq-gap': ['sequence gap', 'sequence gaps'],
  'event-count-mismatch': ['event count that differs from the manifest', 'event counts that differ from the manifest'],
  'silent-interval': ['possible logging outage (silent interval)', 'possible logging outages (silent intervals)'],
  'ts-outside-window': ['record dated outside the audit window', 'records dated outside the audit window'],
};

/** "141 possible logging outages (silent intervals) over 12 d 4 h; 2 sequence gaps" — or null when none. */
export function completenessText(notes: readonly CompletenessNote[]): string | null {
  if (notes.length === 0) return null;
  return notes
    .map((n) => `${n.count} ${LABEL[n.code][n.count === 1 ? 0 : 1]}${n.spannedMs > 0 ? ` over ${durationText(n.spannedMs)}` : ''}`)
    .join('; ');
}

/** A span in days, hours and minutes, as an auditor reads it ("12 d 4 h", "3 h 20 min"). */
export function durationText(ms: number): string {
  const min = Math.floor(ms / 60_000);
  const d = Math.floor(min / 1440);
  const h = Math.floor((min % 1440) / 60);
  const m = min % 60;
  const parts = [d ? `${d} d` : '', h ? `${h} h` : '', !d && m ? `${m} min` : ''].filter(Boolean);
  return parts.length ? parts.join(' ') : 'under a minute';
}
