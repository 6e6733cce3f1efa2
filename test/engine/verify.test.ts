import { beforeAll, describe, expect, it, vi } from 'vitest';
import { MerkleAccumulator } from '../../shared/merkle';
import { mkdtempSync, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import yazl from 'yazl';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { DigestPool, withoutLoaders } from '../../electron/engine/digest-pool';
import { digestReference, unpack } from '../../electron/engine/batch-digest';
import { encodeBatches } from '../../electron/engine/io/lines';
import { poisonReleasedBuffers } from '../helpers/poison';
import { nodeHashing } from '../../electron/engine/hashing';
import { canonicalizeWithout } from '../../shared/jcs';
import { generateBundle, importBundle, verifyBundlePath, Workspace, type TamperKind } from '../../electron/engine/index';
import { latestRun } from '../../electron/engine/store/runs';
import type { Finding, VerificationReport } from '../../shared/types';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'tickmark-verify-'));
const WEEK = 7 * 24 * 3600 * 1000;

function allFindings(r: VerificationReport): Finding[] {
  return [...r.findings, ...r.manifest.findings, ...r.streams.flatMap((s) => s.findings), ...r.evidence.flatMap((e) => e.findings)];
}

function errors(r: VerificationReport): Finding[] {
  return allFindings(r).filter((f) => f.severity === 'error');
}

/** The first error that names a line in the stream: the record where integrity first breaks. */
function firstBreak(r: VerificationReport, stream: string): Finding | undefined {
  const file = `streams/${stream}.jsonl`;
  return r.streams
    .find((s) => s.id === stream)!
    .findings.filter((f) => f.severity === 'error' && f.file === file && f.line !== undefined)
    .sort((a, b) => a.line! - b.line!)[0];
}

async function zipFolder(dir: string, out: string, prefix = ''): Promise<string> {
  const z = new yazl.ZipFile();
  const walk = (rel: string): void => {
    for (const name of readdirSync(path.join(dir, rel))) {
      const r = rel ? `${rel}/${name}` : name;
      if (statSync(path.join(dir, r)).isDirectory()) walk(r);
      else z.addFile(path.join(dir, r), `${prefix}${r}`);
    }
  };
  walk('');
  z.end();
  const ws = createWriteStream(out);
  z.outputStream.pipe(ws);
  await once(ws, 'close');
  return out;
}

describe('valid bundles verify clean', () => {
  let valid: Awaited<ReturnType<typeof generateBundle>>;
  beforeAll(async () => {
    valid = await generateBundle({ out: path.join(tmp, 'valid'), events: 1500, seed: 'valid' });
  });

  it('verifies with the vendor key pinned: every stream, checkpoint, the manifest and all evidence', async () => {
    const r = await verifyBundlePath(valid.dir, { pins: [valid.vendorKey], silentIntervalMs: WEEK });
    expect(allFindings(r).filter((f) => f.severity !== 'info')).toEqual([]);
    expect(r.verdict).toBe('verified');
    expect(r.manifest.signature).toBe('verified');
    expect(r.totals.events).toBe(1500);
    for (const s of r.streams) {
      expect(s.verdict).toBe('verified');
      const declared = valid.manifest.streams.find((x) => x.id === s.id)!;
      expect(s.merkleRoot).toBe(declared.merkle.root);
      expect(s.chainHead).toBe(declared.chain.head);
      expect(s.checkpoints.length).toBe(4);
      expect(s.checkpoints.every((c) => c.consistency === 'consistent' && c.signatures[0]!.status === 'verified')).toBe(true);
    }
    expect(r.evidence.map((e) => e.verdict)).toEqual(valid.manifest.evidence.map(() => 'verified'));
  });

  it('without a pinned key is valid but unpinned: unverifiable, never verified', async () => {
    const r = await verifyBundlePath(valid.dir, { silentIntervalMs: WEEK });
    expect(errors(r)).toEqual([]);
    expect(r.verdict).toBe('unverifiable');
    expect(r.manifest.signature).toBe('valid-unpinned');
    expect(allFindings(r).some((f) => f.code === 'checkpoint-unpinned')).toBe(true);
  });

  it('a key that is pinned but is not the signer does not verify it', async () => {
    const other = await generateBundle({ out: path.join(tmp, 'other-seed'), events: 30, seed: 'someone-else', evidence: false });
    const r = await verifyBundlePath(valid.dir, { pins: [other.vendorKey], silentIntervalMs: WEEK });
    expect(r.verdict).toBe('unverifiable');
  });

  it('verifies the same bundle as a .zip, with and without a top-level folder', async () => {
    for (const prefix of ['', 'export-2026-07-02/']) {
      const z = await zipFolder(valid.dir, path.join(tmp, `valid-${prefix ? 'nested' : 'flat'}.zip`), prefix);
      const r = await verifyBundlePath(z, { pins: [valid.vendorKey], silentIntervalMs: WEEK });
      expect(r.verdict).toBe('verified');
      expect(r.bundle.sha256).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it('verifies gzip streams', async () => {
    const g = await generateBundle({ out: path.join(tmp, 'gz'), events: 900, seed: 'gz', gzip: true });
    expect(g.manifest.streams[0]!.files[0]).toMatch(/\.jsonl\.gz$/);
    const r = await verifyBundlePath(g.dir, { pins: [g.vendorKey], silentIntervalMs: WEEK });
    expect(errors(r)).toEqual([]);
    expect(r.verdict).toBe('verified');
  });

  it('verifies a slice of a longer log from its prior frontier and the earlier checkpoint', async () => {
    const g = await generateBundle({ out: path.join(tmp, 'slice'), events: 900, seed: 'slice', sliceFrom: 1234 });
    const s = g.manifest.streams[0]!;
    expect(s.first_seq).toBe(1234);
    expect(s.merkle.prior_frontier.length).toBe(5); // popcount(1234) = 5
    const r = await verifyBundlePath(g.dir, { pins: [g.vendorKey], silentIntervalMs: WEEK });
    expect(errors(r)).toEqual([]);
    expect(r.verdict).toBe('verified');
    const early = r.streams[0]!.checkpoints.find((c) => c.treeSize === 1234)!;
    expect(early.consistency).toBe('consistent');
  });

  it('reports a long silent interval inside the window as a possible logging outage', async () => {
    const g = await generateBundle({
      out: path.join(tmp, 'outage'),
      events: 3000,
      seed: 'outage',
      outage: { stream: 'phi-access', from: 0.4, to: 0.5 },
    });
    const r = await verifyBundlePath(g.dir, { pins: [g.vendorKey], silentIntervalMs: 5 * 24 * 3600 * 1000 });
    const silent = allFindings(r).filter((f) => f.code === 'silent-interval');
    expect(silent.length).toBe(1);
    expect(silent[0]!.stream).toBe('phi-access');
    expect(silent[0]!.message).toMatch(/possible logging outage/);
    expect(errors(r)).toEqual([]);
  });
});

describe('every tampered variant is reported at the right record', () => {
  poisonReleasedBuffers();
  const cases: { kind: TamperKind; slice?: number; expect: (r: VerificationReport, g: Awaited<ReturnType<typeof generateBundle>>) => void }[] = [
    {
      kind: 'edit',
      expect: (r, g) => {
        const f = firstBreak(r, 'phi-access')!;
        expect(f.code).toBe('content-altered');
        expect([f.seq, f.line, f.file]).toEqual([g.tamperedSeq, g.tamperedLine, 'streams/phi-access.jsonl']);
        expect(r.streams.find((s) => s.id === 'phi-access')!.findings.filter((x) => x.code === 'link-broken')).toEqual([]);
      },
    },
    {
      kind: 'edit-rehash',
      expect: (r, g) => {
        const f = firstBreak(r, 'phi-access')!;
        expect(f.code).toBe('link-broken');
        expect([f.seq, f.line]).toEqual([g.tamperedSeq, g.tamperedLine]);
        expect(f.message).toContain(`seq ${g.tamperedSeq! - 1}`);
      },
    },
    {
      kind: 'delete',
      expect: (r, g) => {
        const f = firstBreak(r, 'phi-access')!;
        expect([f.seq, f.line]).toEqual([g.tamperedSeq, g.tamperedLine]);
        const at = r.streams[1]!.findings.filter((x) => x.line === g.tamperedLine)
          .map((x) => x.code)
          .sort();
        expect(at).toEqual(['link-broken', 'seq-gap']);
      },
    },
    {
      kind: 'insert',
      expect: (r, g) => {
        const f = firstBreak(r, 'phi-access')!;
        expect([f.seq, f.line]).toEqual([g.tamperedSeq, g.tamperedLine]);
        const at = r.streams[1]!.findings.filter((x) => x.line === g.tamperedLine)
          .map((x) => x.code)
          .sort();
        expect(at).toEqual(['link-broken', 'seq-duplicate']);
      },
    },
    {
      kind: 'swap',
      expect: (r, g) => {
        const f = firstBreak(r, 'phi-access')!;
        expect(f.code).toBe('link-broken');
        expect([f.seq, f.line]).toEqual([g.tamperedSeq, g.tamperedLine]);
        expect(r.streams[1]!.findings.some((x) => x.code === 'seq-out-of-order' && x.line === g.tamperedLine! + 1)).toBe(true);
      },
    },
    {
      kind: 'truncate',
      expect: (r, g) => {
        const codes = r.streams[1]!.findings.filter((x) => x.severity === 'error').map((x) => x.code);
        expect(codes).toContain('event-count-mismatch');
        expect(codes).toContain('chain-head-mismatch');
        expect(codes).toContain('checkpoint-inconsistent');
        expect(r.streams[1]!.lastSeq).toBe(g.tamperedSeq);
      },
    },
    {
      kind: 'rewrite-history',
      expect: (r) => {
        const s = r.streams[1]!;
        expect(s.findings.filter((x) => ['content-altered', 'link-broken'].includes(x.code))).toEqual([]);
        expect(s.findings.some((x) => x.code === 'checkpoint-inconsistent')).toBe(true);
        expect(r.manifest.signature).toBe('invalid');
      },
    },
    {
      kind: 'forged-checkpoint',
      expect: (r) => {
        const codes = r.streams[1]!.findings.map((x) => x.code);
        expect(codes).toContain('checkpoint-signature-invalid');
        expect(codes).toContain('checkpoint-inconsistent');
        expect(r.streams[1]!.findings.filter((x) => x.code === 'content-altered' || x.code === 'link-broken')).toEqual([]);
      },
    },
    {
      kind: 'checkpoint-other-key',
      expect: (r) => {
        const s = r.streams[1]!;
        expect(s.findings.filter((x) => x.severity === 'error')).toEqual([]);
        expect(s.findings.some((x) => x.code === 'checkpoint-unpinned')).toBe(true);
        expect(s.verdict).toBe('unverifiable');
        expect(r.verdict).toBe('unverifiable');
      },
    },
    {
      kind: 'wrong-frontier',
      slice: 777,
      expect: (r) => {
        const codes = r.streams[1]!.findings.map((x) => x.code);
        expect(codes).toContain('frontier-invalid');
        expect(codes).toContain('merkle-root-mismatch');
      },
    },
    {
      kind: 'evidence-altered',
      expect: (r, g) => {
        const e = r.evidence.find((x) => x.path === g.manifest.evidence[0]!.path)!;
        expect(e.verdict).toBe('failed');
        expect(e.findings.map((x) => x.code)).toEqual(['evidence-altered']);
      },
    },
    {
      kind: 'evidence-missing',
      expect: (r, g) => {
        const e = r.evidence.find((x) => x.path === g.manifest.evidence[1]!.path)!;
        expect(e.findings.map((x) => x.code)).toEqual(['evidence-missing']);
      },
    },
    {
      kind: 'evidence-added',
      expect: (r) => {
        const e = r.evidence.find((x) => x.path === 'evidence/access-review-2026Q1-corrected.csv')!;
        expect(e.findings.map((x) => x.code)).toEqual(['evidence-unlisted']);
      },
    },
    {
      kind: 'manifest-edited',
      expect: (r) => {
        expect(r.manifest.signature).toBe('invalid');
        expect(r.manifest.findings.map((x) => x.code)).toEqual(['manifest-signature-invalid']);
      },
    },
  ];

  for (const c of cases) {
    it(`${c.kind}`, async () => {
      const g = await generateBundle({
        out: path.join(tmp, `t-${c.kind}`),
        events: 1200,
        seed: `tamper-${c.kind}`,
        tamper: c.kind,
        sliceFrom: c.slice,
      });
      const r = await verifyBundlePath(g.dir, { pins: [g.vendorKey], silentIntervalMs: WEEK });
      expect(r.verdict).not.toBe('verified');
      if (c.kind !== 'checkpoint-other-key') expect(r.verdict).toBe('failed');
      c.expect(r, g);
      // the fast path (canonical bytes from the line's bytes, clean runs) reports exactly what the reference
      // path (JSON.parse, RFC 8785 re-serialization, record by record) reports, whatever the batch edges
      const strip = (x: VerificationReport): unknown => ({ ...x, startedAt: 0, finishedAt: 0 });
      const ref = await verifyBundlePath(g.dir, { pins: [g.vendorKey], silentIntervalMs: WEEK, reference: true });
      expect(strip(r)).toEqual(strip(ref));
      for (const batchBytes of [2000, 30_000]) {
        expect(strip(await verifyBundlePath(g.dir, { pins: [g.vendorKey], silentIntervalMs: WEEK, batchBytes }))).toEqual(strip(ref));
      }
      expect(strip(await verifyBundlePath(g.dir, { pins: [g.vendorKey], silentIntervalMs: WEEK, batchBytes: 8000, parallel: true }))).toEqual(
        strip(ref),
      );
      // and an import that verifies in the same reading records the same report, whatever the pacing
      for (const [i, o] of [
        { parallel: false, batchBytes: 3000 },
        { parallel: true, batchBytes: 9000 },
      ].entries()) {
        const ws = Workspace.open(path.join(tmp, `t-${c.kind}-${i}.tickmark`), { create: true });
        const imp = await importBundle(ws, g.dir, { ...o, bulk: i === 1, verify: { pins: [g.vendorKey], silentIntervalMs: WEEK, ...o } });
        expect(imp.verification?.verdict).toBe(ref.verdict);
        expect(strip(latestRun(ws, imp.bundleId)!.report)).toEqual(JSON.parse(JSON.stringify(strip(ref))));
        ws.close();
      }
      // the untouched streams still verify
      if (!c.kind.startsWith('evidence') && c.kind !== 'manifest-edited') {
        expect(r.streams.find((s) => s.id === 'auth')!.verdict).toBe('verified');
      }
    });
  }
});

describe('a clean batch whose first record goes back in time', () => {
  poisonReleasedBuffers();

  // Such a batch cannot be taken as a run and is digested again record by record from its bytes (after
  // the worker or the import gave it back): the same report as the reference path, from buffers in reuse.
  it('is read again from its own bytes, on every path', async () => {
    const g = await generateBundle({ out: path.join(tmp, 'edge-back'), events: 1200, seed: 'edge-back' });
    const file = path.join(g.dir, 'streams/auth.jsonl');
    const events = readFileSync(file, 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const L = 150; // 1-based line that goes back in time; the chain is rewritten from it on, so it holds
    events[L - 1]!.ts = new Date(Date.parse(events[L - 2]!.ts as string) - 1000).toISOString();
    for (let i = L - 1; i < events.length; i++) {
      events[i]!.prev_hash = events[i - 1]!.hash;
      events[i]!.hash = nodeHashing.recordHashes(canonicalizeWithout(events[i]!, 'hash')).hash;
    }
    const lines = events.map((e) => JSON.stringify(e));
    writeFileSync(file, `${lines.join('\n')}\n`);
    // batches that start exactly at line L
    const batchBytes = lines.slice(0, L - 1).reduce((n, l) => n + Buffer.byteLength(l) + 1, 0);
    const strip = (x: VerificationReport): unknown => JSON.parse(JSON.stringify({ ...x, startedAt: 0, finishedAt: 0 }));
    const ref = await verifyBundlePath(g.dir, { pins: [g.vendorKey], silentIntervalMs: WEEK, reference: true });
    const back = ref.streams.find((s) => s.id === 'auth')!.findings.find((f) => f.code === 'ts-out-of-order');
    expect([back?.line, back?.file]).toEqual([L, 'streams/auth.jsonl']);
    for (const parallel of [false, true]) {
      expect(
        strip(await verifyBundlePath(g.dir, { pins: [g.vendorKey], silentIntervalMs: WEEK, batchBytes, parallel })),
        `parallel ${parallel}`,
      ).toEqual(strip(ref));
      const ws = Workspace.open(path.join(tmp, `edge-back-${parallel}.tickmark`), { create: true });
      const imp = await importBundle(ws, g.dir, { parallel, batchBytes, verify: { pins: [g.vendorKey], silentIntervalMs: WEEK, batchBytes } });
      expect(strip(latestRun(ws, imp.bundleId)!.report), `import, parallel ${parallel}`).toEqual(strip(ref));
      ws.close();
    }
  });
});

describe('verification on worker threads', () => {
  it('folds the leaves of clean batches into whole subtrees off the main thread, stopping at every checkpoint size', async () => {
    const g = await generateBundle({ out: path.join(tmp, 'subtrees'), events: 3000, seed: 'subtrees', checkpointsPerStream: 7, sliceFrom: 333 });
    const reference = await verifyBundlePath(g.dir, { pins: [g.vendorKey], silentIntervalMs: WEEK, reference: true });
    expect(reference.verdict).toBe('verified');
    expect(reference.streams.every((st) => st.checkpoints.length >= 7)).toBe(true);
    const strip = (x: VerificationReport): unknown => JSON.parse(JSON.stringify({ ...x, startedAt: 0, finishedAt: 0 }));
    const spy = vi.spyOn(MerkleAccumulator.prototype, 'appendSubtree');
    try {
      for (const parallel of [false, true]) {
        spy.mockClear();
        expect(strip(await verifyBundlePath(g.dir, { pins: [g.vendorKey], silentIntervalMs: WEEK, batchBytes: 7000, parallel }))).toEqual(
          strip(reference),
        );
        expect(spy.mock.calls.length, `verify, parallel ${parallel}`).toBeGreaterThan(100);
        // the same in an import that verifies, which computes the subtrees with the fields
        spy.mockClear();
        const ws = Workspace.open(path.join(tmp, `subtrees-${parallel}.tickmark`), { create: true });
        const r = await importBundle(ws, g.dir, { parallel, batchBytes: 7000, verify: { pins: [g.vendorKey], silentIntervalMs: WEEK } });
        expect(strip(latestRun(ws, r.bundleId)!.report)).toEqual(strip(reference));
        expect(spy.mock.calls.length, `import --verify, parallel ${parallel}`).toBeGreaterThan(100);
        ws.close();
      }
    } finally {
      spy.mockRestore();
    }
  });

  it('starts a pool of workers here, and they digest like the main thread does', async () => {
    const pool = DigestPool.create(2)!;
    expect(pool).not.toBeNull();
    const lines = readFileSync(path.join(tmp, 'valid/streams/auth.jsonl'), 'utf8').trimEnd().split('\n').slice(0, 50);
    const batch = async (ls: string[]) => {
      for await (const b of encodeBatches([{ lines: ls, firstLine: 1, bytesRead: 0 }] as never)) return b;
      throw new Error('no batch');
    };
    const ctx = { windowStart: 0, windowEnd: Date.parse('2100-01-01'), silentMs: 365 * 86400_000, rootSizes: [] };
    const bad = await batch([...lines, '{"not":"an event"}']);
    const want = digestReference(bad.buf.slice(), bad.spans.slice(), bad.n, nodeHashing);
    const p = await pool.digest(bad.buf, bad.spans, bad.n, ctx);
    expect(bad.buf.byteLength, 'the batch went to a worker thread (transferred), not inline').toBe(0);
    expect(p.clean).toBe(false);
    expect(p.errors).toEqual([[50, 'has no "seq" member']]);
    expect(want.errors).toEqual(p.errors);
    for (let i = 0; i < 50; i++) expect(unpack(p, i)).toEqual(unpack(want, i));
    // the same lines without the bad one form a clean batch: only its ends are sent back as text
    const good = await batch(lines);
    const c = await pool.digest(good.buf, good.spans, good.n, ctx);
    await pool.close();
    expect(c.clean).toBe(true);
    expect(unpack(c, 0)).toEqual(unpack(want, 0));
    expect(unpack(c, 49)).toEqual(unpack(want, 49));
    expect(Buffer.from(c.leaf)).toEqual(Buffer.from(want.leaf.subarray(0, 50 * 32)));
  });

  it("starts bundled workers with Node's flags but without module loaders, and without the flags a worker refuses", async () => {
    expect(
      withoutLoaders([
        '--import',
        'tsx',
        '--cpu-prof',
        '--require=./x.cjs',
        '-r',
        'y',
        '--loader',
        'z',
        '--experimental-loader=w',
        '--max-old-space-size=300',
      ]),
    ).toEqual(['--cpu-prof', '--max-old-space-size=300']);
    // a V8 flag on the process (node --expose-gc …) must not leave the pool without workers
    const argv = process.execArgv;
    process.execArgv = [...argv, '--expose-gc'];
    try {
      const pool = DigestPool.create(2)!;
      const lines = readFileSync(path.join(tmp, 'valid/streams/auth.jsonl'), 'utf8').trimEnd().split('\n').slice(0, 5);
      for await (const b of encodeBatches([{ lines, firstLine: 1, bytesRead: 0 }] as never)) {
        const got = await pool.digest(b.buf, b.spans, b.n, {
          windowStart: 0,
          windowEnd: Date.parse('2100-01-01'),
          silentMs: 365 * 86400_000,
          rootSizes: [],
        });
        expect(b.buf.byteLength, 'sent to a worker').toBe(0);
        expect(got.clean).toBe(true);
      }
      await pool.close();
    } finally {
      process.execArgv = argv;
    }
  });

  it('does every batch inline when its workers cannot load (as in an archive a worker cannot read)', async () => {
    const broken = path.join(tmp, 'broken-worker.mjs');
    writeFileSync(broken, "throw new Error('cannot load');\n");
    const pool = DigestPool.create(2, broken)!;
    const lines = readFileSync(path.join(tmp, 'valid/streams/auth.jsonl'), 'utf8').trimEnd().split('\n').slice(0, 20);
    for await (const b of encodeBatches([{ lines, firstLine: 1, bytesRead: 0 }] as never)) {
      const ctx = { windowStart: 0, windowEnd: Date.parse('2100-01-01'), silentMs: 365 * 86400_000, rootSizes: [] };
      const want = digestReference(b.buf.slice(), b.spans.slice(), b.n, nodeHashing);
      const got = await pool.digest(b.buf, b.spans, b.n, ctx);
      expect(got.clean).toBe(true);
      expect(unpack(got, 19)).toEqual(unpack(want, 19));
    }
    await pool.close();
  });

  it('reports exactly what inline verification reports, at the same records', async () => {
    const g = await generateBundle({ out: path.join(tmp, 'parallel'), events: 6000, seed: 'parallel', tamper: 'swap' });
    const inline = await verifyBundlePath(g.dir, { pins: [g.vendorKey], silentIntervalMs: WEEK, parallel: false });
    const workers = await verifyBundlePath(g.dir, { pins: [g.vendorKey], silentIntervalMs: WEEK, parallel: true });
    const strip = (r: VerificationReport): unknown => ({ ...r, startedAt: 0, finishedAt: 0 });
    expect(strip(workers)).toEqual(strip(inline));
    expect(firstBreak(workers, 'phi-access')!.line).toBe(g.tamperedLine);
  });
});
