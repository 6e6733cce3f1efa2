// Edge cases of the custody-only kinds' mappings, each from its spec: pgaudit log_time zones (PostgreSQL
// writes log_timezone's abbreviation, or a numeric offset when it has none), a STATEMENT quoted across lines
// in a csvlog record (its leaf is the whole record, line breaks included), and duplicate keys.
import { describe, expect, it } from 'vitest';
import { logTimeRfc3339, pgauditKind } from '../../electron/engine/sources/custody/kinds/pgaudit';
import { oktaKind } from '../../electron/engine/sources/custody/kinds/okta';
import { csvLine, oktaEvent, pgauditLine, seeded } from '../helpers/custody-exports';

describe('pgaudit csvlog', () => {
  it('reads log_time in UTC or at a numeric offset, and refuses a zone abbreviation', () => {
    expect(logTimeRfc3339('2026-03-01 10:15:42.123 UTC')).toBe('2026-03-01T10:15:42.123Z');
    expect(logTimeRfc3339('2026-03-01 10:15:42 GMT')).toBe('2026-03-01T10:15:42Z');
    expect(logTimeRfc3339('2026-03-01 10:15:42.123 +02')).toBe('2026-03-01T10:15:42.123+02:00');
    expect(logTimeRfc3339('2026-03-01 10:15:42.123 +0530')).toBe('2026-03-01T10:15:42.123+05:30');
    expect(logTimeRfc3339('2026-03-01 10:15:42.123 CET')).toBeNull();
    const line = csvLine(pgauditLine(seeded(1), Date.UTC(2026, 2, 1), 26).value as string[]).replace(' UTC,', ' CET,');
    const f = pgauditKind.frame(`${line}\n`, {});
    expect(f.records).toEqual([]);
    const broken = pgauditLine(seeded(1), Date.UTC(2026, 2, 1), 26).value as string[];
    broken[13] = 'AUDIT: SESSION,1,1,READ,SELECT,TABLE,public.t,"select 1';
    expect(pgauditKind.frame(`${csvLine(broken)}\n`, {}).problems[0]!.message).toBe(
      'line 1 has an AUDIT entry whose fields are not CSV as pgaudit writes them',
    );
    expect(f.problems[0]!.message).toMatch(
      /^line 1 has the log_time "2026-03-01 00:00:00\.000 CET", which is not a date and time with UTC or a numeric offset/,
    );
  });

  it('keeps a record whose statement spans lines whole, at the line it starts on, and maps it again from its leaf', () => {
    const rand = seeded(2);
    const a = pgauditLine(rand, Date.UTC(2026, 2, 1), 26, false, 1).value as string[];
    const b = pgauditLine(rand, Date.UTC(2026, 2, 2), 26, false, 2).value as string[];
    b[13] = 'AUDIT: SESSION,2,1,READ,SELECT,TABLE,public.t,"SELECT 1\nFROM t\nWHERE a = \'x,y\'",<not logged>';
    const text = `${csvLine(a)}\r\n${csvLine(b)}\r\n${csvLine(a)}\r\n`;
    const f = pgauditKind.frame(text, {});
    expect(f.problems).toEqual([]);
    expect(f.records.map((r) => r.line)).toEqual([1, 2, 5]);
    expect(f.records[1]!.leaf).toBe(csvLine(b));
    expect(f.records[1]!.leaf.split('\n')).toHaveLength(3);
    expect(f.records[1]!.fields).toMatchObject({ action: 'read.select', target: 'public.t', category: 'phi_access' });
    expect(pgauditKind.remap(f.records[1]!.leaf, f.context)).toEqual(f.records[1]!.fields);
    // the third line repeats the first: the same session and line number
    expect(f.records[2]!.dupKey).toBe(f.records[0]!.dupKey);
    expect(f.records[2]!.offset).toBe(Buffer.byteLength(`${csvLine(a)}\r\n${csvLine(b)}\r\n`));
  });
});

describe('Okta LogEvent', () => {
  it('refuses a member of the wrong shape by name, and reads an event with no outcome as a success', () => {
    const e = oktaEvent(seeded(3)).value;
    const f = oktaKind.frame(`${JSON.stringify({ ...e, outcome: null })}\n${JSON.stringify({ ...e, target: { id: 'x' } })}\n`, {});
    expect(f.records.map((r) => r.fields.outcome)).toEqual(['success']);
    expect(f.problems).toEqual([{ line: 2, member: 'target', message: 'line 2 has target that is not a JSON array' }]);
  });
});
