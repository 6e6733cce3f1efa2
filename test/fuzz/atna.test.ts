// Fuzzing the ATNA reader (#15): random bytes, and generated syslog files (both framings) with bytes cut,
// put in or replaced — XML and syslog punctuation, entity and DOCTYPE fragments, octet counts, line ends,
// invalid UTF-8. Whatever the input: no throw and no hang; every record comes from a message that exists in
// the file, as received; every problem names its place (or the whole file); a record and a problem never
// share a place; a duplicate points back at an earlier record.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readAtnaMessages, type AtnaReadResult } from '../../shared/atna/reader';
import { refText, type FrameRef } from '../../shared/atna/framing';
import { generateAtnaMessages, seeded, toOctetCounted, toSyslogLines } from '../helpers/atna-messages';
import { fuzzParams } from '../helpers/fuzz';

const msgs = generateAtnaMessages(seeded(15), 4, { noEventTime: 0.3, noZone: 0.3 });
const LINES = toSyslogLines(msgs, { bom: true });
const OCTETS = toOctetCounted(msgs).bytes;
const enc = new TextEncoder();

const FRAGMENTS = [
  '<',
  '>',
  '/',
  '"',
  '=',
  ' ',
  '\n',
  '\r',
  '&',
  ';',
  '&amp;',
  '&#0;',
  '&x;',
  '<!DOCTYPE a>',
  '<!ENTITY',
  ']]>',
  '<![CDATA[',
  '-',
  '[',
  ']',
  '\\',
  '0',
  '9',
  '12 ',
  '\ufeff',
  'é',
].map((s) => enc.encode(s));
const piece = fc.oneof(fc.constantFrom(...FRAGMENTS), fc.uint8Array({ minLength: 1, maxLength: 3 }));

/** Cut, insert or replace bytes of `bytes`. */
const damaged = (bytes: Uint8Array) =>
  fc.array(fc.record({ at: fc.nat(bytes.length), cut: fc.nat(6), put: piece }), { minLength: 1, maxLength: 4 }).map((edits) =>
    edits.reduce((b, e) => {
      const at = Math.min(e.at, b.length);
      return new Uint8Array([...b.subarray(0, at), ...e.put, ...b.subarray(Math.min(at + e.cut, b.length))]);
    }, bytes),
  );

const key = (ref: FrameRef): string => (ref.framing === 'lines' ? `l${ref.line}` : `m${ref.message}`);

function wellFormed(r: AtnaReadResult, input: Uint8Array): void {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(input);
  const lines = text.split('\n').length;
  for (const rec of r.records) {
    expect(Number.isFinite(rec.tsMs)).toBe(true);
    expect(rec.ref.line).toBeGreaterThanOrEqual(1);
    expect(rec.ref.line).toBeLessThanOrEqual(lines);
    expect(text.includes(rec.raw)).toBe(true);
    expect(['auth', 'phi_access', 'admin', 'config_change', 'third_party', 'system']).toContain(rec.category);
    expect(['success', 'failure']).toContain(rec.outcome);
  }
  for (const p of r.problems) {
    expect(typeof p.message).toBe('string');
    if (p.ref !== null) {
      expect(p.message.startsWith(refText(p.ref))).toBe(true);
      expect(p.line).toBeGreaterThanOrEqual(p.ref.line);
    }
  }
  const bad = new Set(r.problems.flatMap((p) => (p.ref === null ? [] : [key(p.ref)])));
  for (const rec of r.records) expect(bad.has(key(rec.ref))).toBe(false);
  const read = new Set(r.records.map((x) => key(x.ref)));
  for (const d of r.duplicates) {
    expect(read.has(key(d.ref)) && read.has(key(d.first))).toBe(true);
    expect(key(d.ref)).not.toBe(key(d.first));
  }
}

describe('ATNA reader under damage', () => {
  it('RFC 5424 lines: damaged messages are read or refused by line, never thrown', () => {
    fc.assert(
      fc.property(damaged(LINES), (bytes) => wellFormed(readAtnaMessages(bytes), bytes)),
      fuzzParams(400),
    );
  });

  it('octet-counted: damaged frames are read or refused by message number and offset, never thrown', () => {
    fc.assert(
      fc.property(damaged(OCTETS), (bytes) => wellFormed(readAtnaMessages(bytes), bytes)),
      fuzzParams(400),
    );
  });

  it('random bytes, and random bytes after a PRI or an octet count', () => {
    const prefixed = fc
      .tuple(fc.constantFrom(enc.encode('<13>1 '), enc.encode('57 '), enc.encode('')), fc.uint8Array({ maxLength: 300 }))
      .map(([a, b]) => new Uint8Array([...a, ...b]));
    fc.assert(
      fc.property(prefixed, (bytes) => wellFormed(readAtnaMessages(bytes), bytes)),
      fuzzParams(1000),
    );
  });

  it('a valid file is read whole (the damage above is what makes the problems)', () => {
    for (const bytes of [LINES, OCTETS]) {
      const r = readAtnaMessages(bytes);
      expect(r.problems).toEqual([]);
      expect(r.records).toHaveLength(msgs.length);
    }
  });

  it('a large hostile message stays fast: deep nesting, many references, a long attribute', () => {
    const heavy = [
      `${'<a>'.repeat(5000)}${'</a>'.repeat(5000)}`,
      `<AuditMessage x="${'&amp;'.repeat(100000)}"/>`,
      `<AuditMessage x="${'a'.repeat(500000)}"/>`,
      `<AuditMessage>${'&'.repeat(100000)}</AuditMessage>`,
      `<?xml version="1.0"${' '.repeat(100000)}?><AuditMessage/>`,
    ];
    for (const xml of heavy) {
      const t0 = Date.now();
      const r = readAtnaMessages(enc.encode(`<13>1 - h a - - - ${xml}\n`));
      expect(Date.now() - t0).toBeLessThan(3000);
      expect(r.records).toEqual([]);
      expect(r.problems).toHaveLength(1);
    }
  });
});
