// Fuzzing the FHIR AuditEvent readers (#15): generated R4/R5 NDJSON and Bundles with characters cut, put in
// or replaced, JSON values swapped for values of another type, and arbitrary text. Whatever the input: no
// throw and no hang, every record maps from a line or entry that exists, every problem names a line (NDJSON)
// or an entry or the whole file (Bundle), and a record and a problem never share a line or entry.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readAuditEventBundle, readAuditEventNdjson, type FhirReadResult } from '../../shared/fhir/audit-event-readers';
import { generateAuditEvents, seeded } from '../helpers/fhir-audit-events';
import { fuzzParams } from '../helpers/fuzz';

const events = generateAuditEvents(seeded(15), 4).map((g) => g.resource);
const NDJSON = events.map((r) => JSON.stringify(r)).join('\n') + '\n';
const BUNDLE = JSON.stringify({ resourceType: 'Bundle', type: 'collection', entry: events.map((resource) => ({ resource })) }, null, 1);

/** Cut, insert or replace characters of `text`. */
const damaged = (text: string) =>
  fc
    .array(
      fc.record({
        at: fc.nat(text.length),
        cut: fc.nat(4),
        put: fc.string({ maxLength: 4, unit: fc.constantFrom('"', '{', '}', '[', ']', ',', ':', '\n', ' ', 'a', '0', '\\', '\ud800', 'é') }),
      }),
      { minLength: 1, maxLength: 3 },
    )
    .map((edits) => edits.reduce((s, e) => s.slice(0, Math.min(e.at, s.length)) + e.put + s.slice(Math.min(e.at, s.length) + e.cut), text));

/** Replace one JSON value (found by its member name) with a value of another type. */
const retyped = (text: string) =>
  fc
    .tuple(
      fc.constantFrom('recorded', 'agent', 'who', 'entity', 'what', 'outcome', 'code', 'type', 'coding', 'requestor', 'profile', 'resource', 'entry'),
      fc.constantFrom('1', 'null', '"x"', '[]', '{}', 'true', '[1]', '{"reference":1}'),
    )
    .map(([name, value]) => text.replace(new RegExp(`"${name}":\\s*("[^"]*"|\\d+|true|false|null)`), `"${name}": ${value}`));

function wellFormed(r: FhirReadResult, lines: number, kind: 'ndjson' | 'bundle'): void {
  for (const rec of r.records) {
    expect(rec.line).toBeGreaterThanOrEqual(1);
    expect(rec.line).toBeLessThanOrEqual(lines);
    expect(Number.isFinite(rec.tsMs)).toBe(true);
  }
  for (const p of r.problems) {
    expect(typeof p.message).toBe('string');
    if (kind === 'ndjson') {
      expect(p.line).not.toBeNull();
      expect(p.message.startsWith(`line ${p.line} `)).toBe(true);
    } else if (p.entry !== null) {
      expect(p.message.startsWith(`entry[${p.entry}] (line ${p.line}) `)).toBe(true);
    }
  }
  const key = (x: { line: number | null; entry: number | null }): string => (kind === 'ndjson' ? `${x.line}` : `${x.entry}`);
  const bad = new Set(r.problems.map(key));
  for (const rec of r.records) expect(bad.has(key(rec))).toBe(false);
}

describe('FHIR AuditEvent readers under damage', () => {
  it('NDJSON: damaged or retyped lines are read or refused by line, never thrown', () => {
    fc.assert(
      fc.property(fc.oneof(damaged(NDJSON), retyped(NDJSON), fc.string({ maxLength: 200 })), (text) => {
        wellFormed(readAuditEventNdjson(text), text.split('\n').length, 'ndjson');
      }),
      fuzzParams(400),
    );
  });

  it('Bundle: a damaged or retyped Bundle is read or refused by entry or as a whole, never thrown', () => {
    fc.assert(
      fc.property(fc.oneof(damaged(BUNDLE), retyped(BUNDLE), fc.string({ maxLength: 200 })), (text) => {
        wellFormed(readAuditEventBundle(text), text.split('\n').length, 'bundle');
      }),
      fuzzParams(400),
    );
  });

  it('the undamaged inputs read without a problem', () => {
    expect(readAuditEventNdjson(NDJSON)).toMatchObject({ problems: [], records: { length: 4 } });
    expect(readAuditEventBundle(BUNDLE)).toMatchObject({ problems: [], records: { length: 4 } });
  });
});
