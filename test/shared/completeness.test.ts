import { describe, expect, it } from 'vitest';
import { completenessOf, completenessText, durationText } from '../../shared/completeness';
import type { Finding } from '../../shared/types';

const silent = (from: string, to: string): Finding => ({
  code: 'silent-interval',
  severity: 'warning',
  message: `No events from ${from} to ${to}`,
  found: `${from} – ${to}`,
});

describe('completeness of a stream from its verification findings', () => {
  it('groups the findings that bear on completeness, with counts and time spans, and ignores the rest', () => {
    const notes = completenessOf([
      silent('2026-02-01T00:00:00.000Z', '2026-02-03T06:00:00.000Z'),
      { code: 'link-broken', severity: 'error', message: 'x' },
      { code: 'seq-gap', severity: 'error', message: 'seq 5–6 missing' },
      silent('2026-03-01T00:00:00.000Z', '2026-03-01T20:30:00.000Z'),
    ]);
    expect(notes.map((n) => [n.code, n.count, n.severity])).toEqual([
      ['seq-gap', 1, 'error'],
      ['silent-interval', 2, 'warning'],
    ]);
    expect(notes[1]!.spannedMs).toBe((54 + 20.5) * 3600_000);
    expect(completenessText(notes)).toBe('1 sequence gap; 2 possible logging outages (silent intervals) over 3 d 2 h');
    expect(completenessText([])).toBeNull();
  });

  it('writes durations as an auditor reads them', () => {
    expect(durationText(30_000)).toBe('under a minute');
    expect(durationText(200 * 60_000)).toBe('3 h 20 min');
    expect(durationText(2 * 86_400_000 + 60_000)).toBe('2 d');
  });
});
