// #12: bundles from a producer that is not Tickmark (test/helpers/foreign-bundle.ts: any key order, floats,
// exponents, escapes, unicode, deep nesting, long strings, offsets in timestamps) verify, and verify
// identically on the fast paths (WebAssembly, then jcs-bytes.ts, inline or on workers, any batch size) and
// on the reference path, and an import that verifies records the same report. Property-tested over seeds.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { importBundle, verifyBundlePath, Workspace } from '../../electron/engine/index';
import { latestRun } from '../../electron/engine/store/runs';
import { writeForeignBundle } from '../helpers/foreign-bundle';
import { fuzzParams } from '../helpers/fuzz';
import type { VerificationReport } from '../../shared/types';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'tickmark-foreign-'));
const strip = (x: VerificationReport): unknown => JSON.parse(JSON.stringify({ ...x, startedAt: 0, finishedAt: 0 }));
let n = 0;

describe('foreign-shaped bundles', () => {
  it('verify under the pinned key, with the same report on every path', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 1e9 }),
        fc.integer({ min: 1, max: 120 }),
        fc.integer({ min: 0, max: 9 }),
        async (seed, events, depth) => {
          const b = writeForeignBundle({ out: path.join(tmp, `b${++n}`), events: events + 1, seed: String(seed), depth });
          const opts = { pins: [b.vendorKey] };
          const ref = await verifyBundlePath(b.dir, { ...opts, reference: true });
          expect(ref.verdict, JSON.stringify(ref.streams.flatMap((s) => s.findings).slice(0, 3))).toBe('verified');
          expect(strip(await verifyBundlePath(b.dir, opts))).toEqual(strip(ref));
          expect(strip(await verifyBundlePath(b.dir, { ...opts, batchBytes: 3000 }))).toEqual(strip(ref));
        },
      ),
      fuzzParams(25),
    );
  });

  it('verify on workers and through an import that verifies, as on the reference path', async () => {
    const b = writeForeignBundle({ out: path.join(tmp, 'large'), events: 3000, seed: 'large', depth: 8 });
    const opts = { pins: [b.vendorKey] };
    const ref = await verifyBundlePath(b.dir, { ...opts, reference: true });
    expect(ref.verdict).toBe('verified');
    expect(strip(await verifyBundlePath(b.dir, { ...opts, parallel: true, batchBytes: 20_000 }))).toEqual(strip(ref));
    const ws = Workspace.open(path.join(tmp, 'large.tickmark'), { create: true });
    const imp = await importBundle(ws, b.dir, { parallel: true, batchBytes: 30_000, verify: { ...opts, batchBytes: 30_000 } });
    expect(strip(latestRun(ws, imp.bundleId)!.report)).toEqual(strip(ref));
    expect(ws.db.prepare('SELECT count(*) AS n FROM events').get()).toEqual({ n: 3000 });
    ws.close();
  });
});
