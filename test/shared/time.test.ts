import { describe, expect, it } from 'vitest';
import { parseRfc3339 } from '../../shared/time';

describe('parseRfc3339', () => {
  it('agrees with Date.parse on valid timestamps, offsets and fractions', () => {
    for (const s of [
      '2026-01-01T00:00:00Z',
      '2026-06-30T23:59:59.999Z',
      '2024-02-29T12:00:00.5Z',
      '2026-03-01T01:30:00+02:00',
      '2026-03-01T01:30:00.123456789-05:30',
      '1999-12-31t23:59:59z',
    ]) {
      expect(parseRfc3339(s)).toBe(Date.parse(s.toUpperCase().replace(/(\.\d{3})\d+/, '$1')));
    }
    expect(parseRfc3339('0050-01-01T00:00:00Z')).toBe(Date.parse('0050-01-01T00:00:00Z'));
    expect(parseRfc3339('2016-12-31T23:59:60Z')).toBe(Date.parse('2016-12-31T23:59:59.999Z'));
  });
  it('refuses what is not RFC 3339, including dates that do not exist', () => {
    for (const s of [
      '2026-02-29T00:00:00Z',
      '2026-04-31T00:00:00Z',
      '2026-13-01T00:00:00Z',
      '2026-01-01 00:00:00Z',
      '2026-01-01T24:00:00Z',
      '2026-01-01T00:00:00',
      'yesterday',
      '2026-01-01T00:00:00+25:00',
      '1767225600',
    ]) {
      expect(parseRfc3339(s)).toBeNull();
    }
  });
});
