// Coverage of the audit window per source and UTC day (shared/coverage): silent days, silences and the
// longest of them, the window's edges, UTC day boundaries, and the retention stated per framework.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { computeCoverage, CoverageError, silenceText, type CoverageSource, type Duplicates } from '../../shared/coverage/coverage';
import { tallyDays, type CoverageWindow } from '../../shared/coverage/counts';
import { DAY_MS, dayText, utcDay } from '../../shared/coverage/days';
import { retentionRequired, retentionStatement } from '../../shared/coverage/retention';
import { fuzzParams } from '../helpers/fuzz';

const T = (s: string): number => Date.parse(s);
const SRC: CoverageSource = {
  bundleId: 1,
  stream: 'auth',
  label: 'acme · auth (bundle #1)',
  kind: 'tickmark-bundle',
  grade: 'producer-signed',
  verdict: 'verified',
};
const NO_DUP: Duplicates = { basis: 'seq', checked: true, extra: 0, examples: [] };
const JAN: CoverageWindow = { startMs: T('2026-01-01T00:00:00Z'), endMs: T('2026-01-31T23:59:59Z') };

/** One record at noon on every day of January 2026 except the given days of the month. */
function januaryExcept(...silent: number[]): number[] {
  const out: number[] = [];
  for (let d = 1; d <= 31; d++) if (!silent.includes(d)) out.push(Date.UTC(2026, 0, d, 12));
  return out;
}

function cover(instants: number[], w = JAN, framework = 'SOC 2') {
  return computeCoverage({
    window: w,
    windowBasis: 'engagement',
    framework,
    sources: [{ source: SRC, counts: tallyDays(instants, w), duplicates: NO_DUP }],
  });
}

describe('silent days and silences', () => {
  it('names exactly the days with no record, and the runs they form, longest first', () => {
    const r = cover(januaryExcept(3, 4, 5, 10, 20, 21));
    const s = r.sources[0]!;
    expect(r.window).toMatchObject({ firstDay: '2026-01-01', lastDay: '2026-01-31', days: 31 });
    expect(s.counts).toHaveLength(31);
    expect(s.silentDays).toEqual(['2026-01-03', '2026-01-04', '2026-01-05', '2026-01-10', '2026-01-20', '2026-01-21']);
    expect(s.silences.map((x) => [x.from, x.to, x.days])).toEqual([
      ['2026-01-03', '2026-01-05', 3],
      ['2026-01-10', '2026-01-10', 1],
      ['2026-01-20', '2026-01-21', 2],
    ]);
    expect(s.longestSilences.map((x) => x.days)).toEqual([3, 2, 1]);
    expect(s.longestSilences[0]).toMatchObject({ fromInstant: '2026-01-03T00:00:00.000Z', toInstant: '2026-01-06T00:00:00.000Z' });
    expect(silenceText(s)).toBe('6 silent days in 3 silences, the longest 3 d (2026-01-03 – 2026-01-05)');
    expect(s.inWindow).toBe(25);
  });

  it('counts silences at both ends of the window, and ties in time order', () => {
    const s = cover(januaryExcept(1, 2, 30, 31)).sources[0]!;
    expect(s.silences.map((x) => `${x.from}/${x.to}`)).toEqual(['2026-01-01/2026-01-02', '2026-01-30/2026-01-31']);
    expect(s.longestSilences.map((x) => x.from)).toEqual(['2026-01-01', '2026-01-30']);
  });

  it('a source with no record at all is one silence over the whole window', () => {
    const s = cover([]).sources[0]!;
    expect(s.silences).toEqual([expect.objectContaining({ from: '2026-01-01', to: '2026-01-31', days: 31 })]);
    expect(s.total).toBe(0);
    expect(s.retention.met).toBeNull();
  });

  it('keeps only the longest N', () => {
    const r = computeCoverage({
      window: JAN,
      windowBasis: 'engagement',
      framework: 'SOC 2',
      longest: 2,
      sources: [{ source: SRC, counts: tallyDays(januaryExcept(2, 4, 5, 8, 9, 10, 20), JAN), duplicates: NO_DUP }],
    });
    expect(r.sources[0]!.longestSilences.map((x) => x.from)).toEqual(['2026-01-08', '2026-01-04']);
  });

  it('agrees with a day-by-day recount on random instants (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: T('2025-12-25T00:00:00Z'), max: T('2026-02-05T00:00:00Z') }), { maxLength: 200 }), (ts) => {
        const s = cover(ts).sources[0]!;
        for (let i = 0; i < 31; i++) {
          const day = utcDay(JAN.startMs) + i;
          const n = ts.filter((t) => utcDay(t) === day && t >= JAN.startMs && t <= JAN.endMs).length;
          expect(s.counts[i]).toBe(n);
          expect(s.silentDays.includes(dayText(day))).toBe(n === 0);
        }
        expect(s.beforeWindow).toBe(ts.filter((t) => t < JAN.startMs).length);
        expect(s.afterWindow).toBe(ts.filter((t) => t > JAN.endMs).length);
        expect(s.silences.reduce((a, x) => a + x.days, 0)).toBe(s.silentDays.length);
      }),
      fuzzParams(200),
    );
  });
});

describe('window edges and UTC day boundaries', () => {
  it('the window is closed: its first and last instants are inside, a millisecond beyond is outside', () => {
    const s = cover([JAN.startMs, JAN.endMs, JAN.startMs - 1, JAN.endMs + 1, JAN.endMs + 1000]).sources[0]!;
    expect(s.counts[0]).toBe(1);
    expect(s.counts[30]).toBe(1);
    expect(s.beforeWindow).toBe(1);
    expect(s.afterWindow).toBe(2);
    expect(s.total).toBe(5);
  });

  it('a day is a UTC day: 23:59:59.999Z and 00:00:00.000Z fall on different days, whatever the offset written', () => {
    const late = T('2026-01-10T23:59:59.999Z');
    const midnight = T('2026-01-11T00:00:00.000Z');
    // 2026-01-11T01:30+02:00 is 2026-01-10T23:30Z: the 10th in UTC
    const offset = T('2026-01-11T01:30:00+02:00');
    expect(utcDay(late) + 1).toBe(utcDay(midnight));
    expect(dayText(utcDay(offset))).toBe('2026-01-10');
    const s = cover([late, offset, midnight]).sources[0]!;
    expect(s.counts[9]).toBe(2);
    expect(s.counts[10]).toBe(1);
  });

  it('a window starting mid-day still counts that day, and a record earlier that day is outside it', () => {
    const w = { startMs: T('2026-01-01T12:00:00Z'), endMs: T('2026-01-03T06:00:00Z') };
    const s = cover([T('2026-01-01T11:00:00Z'), T('2026-01-02T11:00:00Z'), T('2026-01-03T07:00:00Z')], w).sources[0]!;
    expect(s.counts).toEqual([0, 1, 0]);
    expect(s.silentDays).toEqual(['2026-01-01', '2026-01-03']);
    expect(s.beforeWindow).toBe(1);
    expect(s.afterWindow).toBe(1);
  });

  it('days before 1970 are floored, not truncated', () => {
    expect(dayText(utcDay(T('1969-12-31T23:00:00Z')))).toBe('1969-12-31');
    expect(utcDay(-1)).toBe(-1);
    expect(utcDay(DAY_MS - 1)).toBe(0);
  });

  it('refuses a window that ends before it starts, or one of centuries', () => {
    expect(() => cover([], { startMs: JAN.endMs, endMs: JAN.startMs })).toThrow(CoverageError);
    expect(() => cover([], { startMs: T('1900-01-01T00:00:00Z'), endMs: T('2026-01-01T00:00:00Z') })).toThrow(/spans 46022 days/);
  });
});

describe('retention per framework', () => {
  const day = (s: string): number => utcDay(T(`${s}T00:00:00Z`));

  it('SOC 2: one year back from the latest record', () => {
    const r = retentionStatement(retentionRequired('SOC 2'), day('2026-01-01'), day('2026-06-30'));
    expect(r).toMatchObject({ years: 1, requiredFrom: '2025-07-01', requiredDays: 365, coveredDays: 181, met: false, shortDays: 184 });
    expect(r.text).toBe(
      'The records span 2026-01-01 – 2026-06-30 (181 days): SHORT of the retention required (SOC 2: 1 year, the 12 months a Type 2 report period may cover) by 184 days; 1 year back from the latest record reaches 2025-07-01, the records begin 2026-01-01.',
    );
    const met = retentionStatement(retentionRequired('SOC 2'), day('2025-07-01'), day('2026-06-30'));
    expect(met).toMatchObject({ met: true, shortDays: 0 });
    expect(met.text).toMatch(/: they cover the retention required/);
  });

  it('HIPAA: six years, and under SOC 2 + HIPAA the longer holds', () => {
    const h = retentionStatement(retentionRequired('HIPAA'), day('2020-07-01'), day('2026-06-30'));
    expect(h).toMatchObject({ years: 6, requiredFrom: '2020-07-01', met: true });
    expect(h.basis).toMatch(/45 CFR §164\.316\(b\)\(2\)\(i\)/);
    const both = retentionStatement(retentionRequired('SOC 2 + HIPAA'), day('2020-07-02'), day('2026-06-30'));
    expect(both).toMatchObject({ years: 6, met: false, shortDays: 1 });
    expect(both.basis).toMatch(/the longer of SOC 2's and HIPAA's/);
  });

  it('an unknown framework is stated, not guessed', () => {
    const r = retentionStatement(retentionRequired('ISO 27001'), day('2026-01-01'), day('2026-01-31'));
    expect(r).toMatchObject({ years: null, met: null, coveredDays: 31 });
    expect(r.text).toMatch(/no retention requirement is known for the framework "ISO 27001"/);
  });

  it('the report states retention per source and over all sources, from every record including those outside the window', () => {
    const r = cover([T('2025-06-01T00:00:00Z'), ...januaryExcept()], JAN, 'HIPAA');
    expect(r.sources[0]!.retention).toMatchObject({ firstDay: '2025-06-01', lastDay: '2026-01-31', years: 6, met: false });
    expect(r.retention.firstDay).toBe('2025-06-01');
  });
});
