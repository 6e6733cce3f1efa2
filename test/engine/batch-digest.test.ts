// A worker's batch goes three ways line by line: the WebAssembly canonicalizer first, shared/jcs-bytes.ts
// for lines it is not sure of, the reference path for lines neither is sure of. A batch mixing all three
// must give, record by record, what the reference path gives for the whole batch.
import { describe, expect, it } from 'vitest';
import { batchOf } from '../../electron/engine/io/lines';
import { digestFast, digestReference, unpack } from '../../electron/engine/batch-digest';
import { nodeHashing } from '../../electron/engine/hashing';
import { wasmLine } from '../helpers/wasm-line';
import { canonicalEvent, newEventScan } from '../../shared/jcs-bytes';

const ctx = { windowStart: Number.NEGATIVE_INFINITY, windowEnd: Number.POSITIVE_INFINITY, silentMs: Number.POSITIVE_INFINITY, rootSizes: [] };

const event = (seq: number, extra: object = {}): string =>
  JSON.stringify({
    seq,
    ts: `2026-03-01T12:00:${String(seq % 60).padStart(2, '0')}.250Z`,
    category: 'phi_access',
    action: 'record.read',
    actor: { id: 'u-1', type: 'user' },
    outcome: 'success',
    target: { type: 'patient_record', id: `pt-${seq}` },
    ...extra,
    prev_hash: 'a'.repeat(64),
    hash: 'b'.repeat(64),
  });

/** Which path is sure of a line: 'wasm', 'js' (jcs-bytes.ts only) or 'reference' (neither). */
function pathOf(line: string): string {
  const b = Buffer.from(line);
  if (wasmLine(b).n >= 0) return 'wasm';
  return canonicalEvent(b, 0, b.length, Buffer.alloc(b.length + 8), 1, newEventScan()) >= 0 ? 'js' : 'reference';
}

describe('a batch whose lines take different paths', () => {
  it('gives every record the reference path gives it', () => {
    const lines: string[] = [];
    for (let i = 0; i < 60; i++) {
      const k = i % 4;
      if (k === 0) lines.push(event(i));
      if (k === 1) lines.push(event(i, { details: { duration_s: 1.5, ratio: -2.5e-7 } })); // numbers the WebAssembly leaves to jcs-bytes.ts
      if (k === 2) lines.push(event(i).replace(/\.250Z/, '.250+01:00')); // a time with an offset: the same
      if (k === 3) lines.push(event(i).replace('"target":', '"t\\u0061rget":')); // an escaped key: the reference path
    }
    expect(lines.map(pathOf).slice(0, 4)).toEqual(['wasm', 'js', 'js', 'reference']);
    const b = batchOf(
      lines.map((l) => Buffer.from(l)),
      1,
      0,
    );
    const fast = digestFast(b.buf, b.spans, b.n, ctx);
    const ref = digestReference(b.buf, b.spans, b.n, nodeHashing);
    expect(fast.clean).toBe(false); // the hashes are made up: every record is reported, not a run
    expect(fast.errors).toEqual(ref.errors);
    expect(fast.errors).toEqual([]);
    for (let i = 0; i < b.n; i++) expect(unpack(fast, i), lines[i]).toEqual(unpack(ref, i));
  });
});
