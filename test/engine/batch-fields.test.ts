// An import takes each event's fields either from the canonical-bytes scan (in the same pass as the
// digests) or by parsing the line (shared/event.ts). Both must store exactly the same fields.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { batchOf } from '../../electron/engine/io/lines';
import { fieldsAt, fieldsOfBatch } from '../../electron/engine/batch-fields';
import { importBatch } from '../../electron/engine/import-batch';
import { canonicalEvent, newEventScan } from '../../shared/jcs-bytes';
import { SeededRandom } from '../../shared/sampling/prng';

const root = path.resolve(__dirname, '../..');
const ctx = { windowStart: Number.NEGATIVE_INFINITY, windowEnd: Number.POSITIVE_INFINITY, silentMs: Number.POSITIVE_INFINITY, rootSizes: [] };

/** Fields of every line both ways (each line its own batch, so one bad line does not hide the others). */
function compare(lines: string[]): { scanned: number } {
  let scanned = 0;
  const out = Buffer.alloc(1 << 16);
  for (const l of lines) {
    const bytes = Buffer.from(l, 'utf8');
    const b = batchOf([bytes], 1, bytes.length);
    const ref = fieldsOfBatch(b.buf, b.spans, 1);
    const fast = importBatch(b.buf, b.spans, 1, ctx);
    // the records' fields as stored (the two paths may number their words differently)
    const rows = (f: typeof ref): unknown => ({
      errors: f.errors,
      n: f.n,
      fields: Array.from({ length: f.errors[0]?.[0] ?? f.n }, (_, i) => fieldsAt(f, i)),
    });
    expect(rows(fast.fields), l).toEqual(rows(ref));
    expect(fast.digests === null, l).toBe(ref.errors.length > 0);
    if (canonicalEvent(bytes, 0, bytes.length, out, 1, newEventScan()) >= 0) scanned++;
  }
  return { scanned };
}

describe('the fields an import stores, from the scan or from the parse', () => {
  it('agree on every line of the sample engagement', () => {
    for (const s of ['auth', 'phi-access', 'admin']) {
      const lines = readFileSync(path.join(root, `resources/sample-engagement/streams/${s}.jsonl`), 'utf8')
        .trimEnd()
        .split('\n');
      expect(compare(lines).scanned).toBe(lines.length);
    }
  });

  it('agree on escapes, non-ASCII text, every shape of target and mfa, and lines that are refused', () => {
    const rnd = new SeededRandom('batch-fields');
    const pick = <T>(xs: readonly T[]): T => xs[rnd.nextBelow(xs.length)]!;
    const texts = ['record.read', 'a"quoted"', 'back\\slash', 'Zoë Ünal', 'line\nbreak', '€ 😀', '/path', 'x', '\u0007'];
    const targets: unknown[] = [
      undefined,
      null,
      'pt-1',
      'quo"te',
      { type: 'patient_record', id: 'pt-9' },
      { id: 42, type: 'row' },
      { id: 'only-id' },
      { name: 'neither' },
      { type: true },
      [1, 2],
      7,
      { type: 'nested', id: { deep: 1 } },
      '',
      { type: 'quo"te\\', id: -1.5 },
      { id: 1e21, type: 'Zoë' },
      { type: null, id: 0 },
      { type: [], id: 'x', extra: { type: 'no' } },
      { extra: 'z', id: 'pt-2', type: 'patient' },
      { id: 'ü-1', type: 'Zoë' },
      { type: 'a\nb', id: 'c' },
      { type: '', id: '' },
      { type: 'only-type', x: 'y' },
      { id: 'i', type: 'y', z: 1 },
      {},
    ];
    const mfas: unknown[] = [undefined, true, false, 'yes', null, 1];
    const lines: string[] = [];
    for (let n = 0; n < 1500; n++) {
      const o: Record<string, unknown> = {
        seq: n,
        ts: '2026-03-01T12:00:00.250Z',
        category: pick(['auth', 'phi_access', 'admin']),
        action: pick(texts),
        actor: { type: pick(texts), id: pick(texts), ...(rnd.nextBelow(2) ? { name: pick(texts) } : {}) },
        outcome: pick(['success', 'failure']),
        prev_hash: 'a'.repeat(64),
        hash: 'b'.repeat(64),
      };
      const t = pick(targets);
      if (t !== undefined) o.target = t;
      const m = pick(mfas);
      if (m !== undefined) o.mfa = m;
      let l = JSON.stringify(o);
      const k = rnd.nextBelow(10);
      if (k === 0) l = l.replace('"action":', '"action":"x","action":'); // a duplicate key: JSON.parse takes the last
      if (k === 1) l = l.replace('"seq":', '"seq":"x","q":'); // refused
      if (k === 2) l = l.replace(/"action":"[^"]*"/, '"action":""'); // refused: empty action
      if (k === 3) l = l.replace('"type":', '"type":1,"t":'); // refused: actor.type not a string
      if (k === 4) l = l.replace('"target":{"', '"target":{ "').replace('","id":', '" , "id" :'); // whitespace in a target
      lines.push(l);
    }
    const { scanned } = compare(lines);
    expect(scanned).toBeGreaterThan(800); // most lines take the scan's path: the comparison is not vacuous
  });

  it('agree within one large batch, where repeated values are sent once (thousands of distinct ones, some alike in their hash)', () => {
    const rnd = new SeededRandom('batch-words');
    const ids = Array.from({ length: 2500 }, (_, i) => (i % 7 === 0 ? `Zoë-${i}` : i % 11 === 0 ? `q\"${i}` : `u-${i}`));
    const lines = Array.from({ length: 6000 }, (_, n) =>
      JSON.stringify({
        seq: n,
        ts: '2026-03-01T12:00:00.250Z',
        category: 'auth',
        action: ['login', 'logout', 'admin'][n % 3],
        actor: { id: ids[rnd.nextBelow(ids.length)], type: n % 5 ? 'user' : 'service' },
        outcome: n % 4 ? 'success' : 'failure',
        prev_hash: 'a'.repeat(64),
        hash: 'b'.repeat(64),
      }),
    );
    const b = batchOf(
      lines.map((l) => Buffer.from(l, 'utf8')),
      1,
      0,
    );
    const ref = fieldsOfBatch(b.buf, b.spans, b.n);
    const fast = importBatch(b.buf, b.spans, b.n, ctx);
    expect(fast.digests).not.toBeNull(); // the scan's path, not the fallback
    for (let i = 0; i < b.n; i++) expect(fieldsAt(fast.fields, i)).toEqual(fieldsAt(ref, i));
    expect(fast.fields.words.length).toBeLessThan(2600); // each distinct value once
  });
});
