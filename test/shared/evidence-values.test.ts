// The reading rules for one cell (evidence-tables.md "Reading rules"): time as a whole UTC day or an instant,
// booleans, enumerations in any case, numbers.
import { describe, expect, it } from 'vitest';
import { readBool, readEnum, readNumber, readTime } from '../../shared/evidence/values';

const DAY = 86_400_000;

describe('time cells', () => {
  it('a date is the whole UTC day: from its 00:00 to the next day 00:00', () => {
    const r = readTime('2026-02-10');
    expect(r).toEqual({ ok: true, value: { fromMs: Date.UTC(2026, 1, 10), toMs: Date.UTC(2026, 1, 11), date: true } });
    // so "24 h after terminated_on" is the end of the day + 24 h
    if (r.ok) expect(r.value.toMs + DAY).toBe(Date.parse('2026-02-12T00:00:00Z'));
  });

  it('a timestamp is the instant it names, offsets applied', () => {
    expect(readTime('2026-03-01T17:30:00Z')).toEqual({
      ok: true,
      value: { fromMs: Date.parse('2026-03-01T17:30:00Z'), toMs: Date.parse('2026-03-01T17:30:00Z'), date: false },
    });
    const t = readTime('2026-02-04T23:10:00+02:00');
    expect(t.ok && t.value.fromMs).toBe(Date.parse('2026-02-04T21:10:00Z'));
    expect(t.ok && t.value.toMs).toBe(Date.parse('2026-02-04T21:10:00Z'));
  });

  it('leap days: 2024-02-29 and 2000-02-29 exist, 2026-02-29 and 1900-02-29 do not', () => {
    expect(readTime('2024-02-29').ok).toBe(true);
    expect(readTime('2000-02-29').ok).toBe(true);
    for (const s of ['2026-02-29', '1900-02-29', '2026-04-31', '2026-13-01', '2026-00-10', '2026-01-00']) {
      const r = readTime(s);
      expect(r.ok, s).toBe(false);
      if (!r.ok) expect(r.problem).toMatch(/is not a date/);
    }
    const r = readTime('2026-02-29');
    expect(!r.ok && r.problem).toBe('"2026-02-29" is not a date: 2026-02 has no day 29 (YYYY-MM-DD, a day that exists)');
  });

  it('anything else is refused with the expected forms named', () => {
    for (const s of ['31/02/2026', '2026-2-3', '2026-02-03 10:00', '2026-02-03T10:00:00', '20260203', 'yesterday', '2026-02-03T25:00:00Z']) {
      const r = readTime(s);
      expect(r.ok, s).toBe(false);
    }
    const r = readTime('31/02/2026');
    expect(!r.ok && r.problem).toBe('"31/02/2026" is not a date (YYYY-MM-DD) or an RFC 3339 timestamp');
  });
});

describe('booleans', () => {
  it('true/false, yes/no, 1/0 in any case; empty is false', () => {
    for (const s of ['true', 'TRUE', 'True', 'yes', 'YES', 'Yes', '1']) expect(readBool(s), s).toEqual({ ok: true, value: 1 });
    for (const s of ['false', 'FALSE', 'no', 'No', '0', '']) expect(readBool(s), s).toEqual({ ok: true, value: 0 });
  });
  it('anything else is refused', () => {
    for (const s of ['y', 'n', 't', '2', 'on', 'maybe', 'true ']) expect(readBool(s).ok, s).toBe(false);
  });
});

describe('enumerations', () => {
  it('are matched in any case and stored as the spec spells them', () => {
    expect(readEnum('REVOKE', ['retain', 'modify', 'revoke'])).toEqual({ ok: true, value: 'revoke' });
    expect(readEnum('ddl', ['DDL', 'PIPELINE'])).toEqual({ ok: true, value: 'DDL' });
    expect(readEnum('Rolled_Back', ['SUCCESS', 'FAILED', 'ROLLED_BACK'])).toEqual({ ok: true, value: 'ROLLED_BACK' });
  });
  it('a value not in the list is refused, naming the list', () => {
    const r = readEnum('approve', ['retain', 'modify', 'revoke']);
    expect(!r.ok && r.problem).toBe('"approve" is not one of retain, modify, revoke (in any case)');
  });
});

describe('numbers', () => {
  it('decimals only', () => {
    expect(readNumber('42')).toEqual({ ok: true, value: 42 });
    expect(readNumber('5.5')).toEqual({ ok: true, value: 5.5 });
    expect(readNumber('-1e3')).toEqual({ ok: true, value: -1000 });
    for (const s of ['ten', '0x10', '1,5', 'Infinity', 'NaN', '1e999']) expect(readNumber(s).ok, s).toBe(false);
  });
});
