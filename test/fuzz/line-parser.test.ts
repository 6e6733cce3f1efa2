// Fuzzing the event-line parser and the canonicalizers (#11 "Also"): over arbitrary JSON and arbitrary
// text, the reference path (shared/event.ts + shared/jcs.ts) never throws anything but its own typed
// error, the fast path (shared/jcs-bytes.ts) never disagrees with it, and I-JSON violations are refused.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { digestLine, isDigest } from '../../shared/digest';
import { EventLineError, parseEventLine } from '../../shared/event';
import { iJsonProblem } from '../../shared/i-json';
import { canonicalEvent, newEventScan } from '../../shared/jcs-bytes';
import { nodeHashing } from '../../electron/engine/hashing';
import { fuzzParams } from '../helpers/fuzz';

const event = {
  seq: 7,
  ts: '2026-03-01T12:00:00.250Z',
  category: 'phi_access',
  action: 'record.read',
  actor: { type: 'user', id: 'u-1' },
  outcome: 'success',
  prev_hash: 'a'.repeat(64),
  hash: 'b'.repeat(64),
};

/** The fast path's canonical bytes for a line, or null when it is not sure. */
function fastC(line: string): string | null {
  const b = Buffer.from(line, 'utf8');
  const out = Buffer.alloc(b.length + 8);
  const n = canonicalEvent(b, 0, b.length, out, 0, newEventScan());
  return n < 0 ? null : out.toString('utf8', 0, n);
}

/** The reference answer: the canonical text's hash, or the refusal. */
function reference(line: string): { hash: string } | { error: string } {
  const d = digestLine(line, nodeHashing);
  return isDigest(d) ? { hash: d.computedHash } : d;
}

describe('the event-line parser over arbitrary input', () => {
  it('refuses or reads any text, and throws nothing but EventLineError', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (s) => {
        try {
          parseEventLine(s);
        } catch (e) {
          expect(e).toBeInstanceOf(EventLineError);
        }
        const d = digestLine(s, nodeHashing);
        expect(isDigest(d) || typeof d.error === 'string').toBe(true);
      }),
      fuzzParams(3000),
    );
  });

  it('on events with arbitrary extra members: the fast path agrees with the reference path or is not sure', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 5 }), fc.boolean(), (extra, first) => {
        const line = JSON.stringify(first ? { ...extra, ...event } : { ...event, ...extra });
        const ref = reference(line);
        const c = fastC(line);
        if (c !== null) {
          expect('hash' in ref, line).toBe(true);
          expect(nodeHashing.recordHashes(c).hash, line).toBe((ref as { hash: string }).hash);
        }
        // JSON.stringify never writes a duplicate member; fc.jsonValue may give -0, huge or tiny numbers
        if ('error' in ref && ref.error.includes('I-JSON')) expect(iJsonProblem(line)).not.toBeNull();
      }),
      fuzzParams(3000),
    );
  });

  it('refuses a line with any member written twice, wherever it is, on both paths', () => {
    fc.assert(
      fc.property(fc.constantFrom(...Object.keys(event), 'extra'), fc.jsonValue({ maxDepth: 2 }), fc.boolean(), (name, value, before) => {
        const line = JSON.stringify({ ...event, extra: 1 });
        const dup = `"${name}":${JSON.stringify(value)},`;
        const at = before ? 1 : line.indexOf(`"${name}":`);
        const edited = line.slice(0, at) + dup + line.slice(at);
        expect(fastC(edited), edited).toBeNull();
        const ref = reference(edited);
        expect('error' in ref && ref.error, edited).toMatch(/member name .* twice|I-JSON|surrogate/);
      }),
      fuzzParams(2000),
    );
  });
});
