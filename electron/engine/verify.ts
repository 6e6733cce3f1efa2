// The verification job: recompute everything a bundle claims from its bytes — chains, Merkle roots,
// checkpoint signatures, the manifest signature, evidence hashes — and report what does not hold.
import { createHash } from 'node:crypto';
import { parseManifest, ManifestError } from '../../shared/manifest';
import type { Hashing } from '../../shared/digest';
import { DigestPool } from './digest-pool';
import { digestFast, digestReference, unpack, type BatchContext, type PackedDigests } from './batch-digest';
import { StreamVerifier } from '../../shared/stream-verifier';
import { checkCheckpoints, checkManifestSignature, parseKeys, readCheckpointFile, type KeySet, type ParsedCheckpoint } from '../../shared/signatures';
import { combineVerdicts, verdictOf } from '../../shared/findings';
import { isoFromMs, parseRfc3339 } from '../../shared/time';
import type { EvidenceReport, Finding, Manifest, ManifestStream, Progress, StreamReport, VerificationReport } from '../../shared/types';
import { InputError, readAll, sha256Of, type BundleSource } from './io/source';
import { BatchBuffers } from './io/batch-buffers';
import { DEFAULT_BATCH_BYTES } from './io/lines';
import { nodeHashing } from './hashing';
import { TOOL_VERSION } from './version';

// A day without any event in a stream of a production system is worth an auditor's question.
export const DEFAULT_SILENT_INTERVAL_MS = 24 * 3600 * 1000;
const MAX_MANIFEST_BYTES = 64 * 1024 * 1024;
const MAX_NOTE_BYTES = 16 * 1024 * 1024;

export interface VerifyOptions {
  /** verifier keys the auditor pinned (note vkey strings) */
  pins?: readonly string[];
  silentIntervalMs?: number;
  hashing?: Hashing;
  onProgress?: (p: Progress) => void;
  signal?: AbortSignal;
  /** the SHA-256 of the bundle file itself, when it is one file (a .zip) */
  bundleSha256?: string | null;
  /** digest records on worker threads (default: when the stream files exceed 16 MB) */
  parallel?: boolean;
  /** digest every record through the reference path (JSON.parse and RFC 8785 re-serialization) instead
   *  of the canonical-bytes fast path; same result, slower. Implied by a custom `hashing`. */
  reference?: boolean;
  /** about how many bytes of lines go in one digest batch (default 1 MiB; small in tests to cross batch edges) */
  batchBytes?: number;
  /** worker threads to use instead of starting its own (an import verifying in the same reading shares
   *  its pool); left open */
  pool?: DigestPool | null;
}

/** stream bytes from which verification digests on worker threads (unless told) */
export const PARALLEL_FROM_BYTES = 16 * 1024 * 1024;

export class CancelledError extends Error {
  override name = 'CancelledError';
  constructor() {
    super('cancelled by the user');
  }
}

export async function verifySource(source: BundleSource, opts: VerifyOptions = {}): Promise<VerificationReport> {
  const startedAt = new Date().toISOString();
  const hashing = opts.hashing ?? nodeHashing;
  const findings: Finding[] = [];
  const report: VerificationReport = {
    tool: { name: 'tickmark', version: TOOL_VERSION },
    format: 'tickmark-verification/1',
    bundle: { path: source.location, sha256: opts.bundleSha256 ?? null, tenant: null, auditWindow: null },
    startedAt,
    finishedAt: startedAt,
    verdict: 'unverifiable',
    pinnedKeys: [...(opts.pins ?? [])],
    manifest: { signature: 'missing', findings: [] },
    streams: [],
    evidence: [],
    findings,
    totals: { events: 0, bytes: 0, errors: 0, warnings: 0 },
  };
  const done = (): VerificationReport => {
    report.finishedAt = new Date().toISOString();
    const all = [
      ...findings,
      ...report.manifest.findings,
      ...report.streams.flatMap((s) => s.findings),
      ...report.evidence.flatMap((e) => e.findings),
    ];
    report.totals.errors = all.filter((f) => f.severity === 'error').length;
    report.totals.warnings = all.filter((f) => f.severity === 'warning').length;
    return report;
  };

  // The manifest: without it there is nothing to verify against.
  if (!source.has('manifest.json')) {
    findings.push({
      code: 'input-unreadable',
      severity: 'error',
      file: 'manifest.json',
      message: `${source.location} has no manifest.json at its root: it is not a tickmark-bundle/1 bundle.`,
    });
    return done();
  }
  const manifestBytes = await readAll(source, 'manifest.json', MAX_MANIFEST_BYTES);
  let manifest: Manifest;
  try {
    manifest = parseManifest(manifestBytes.toString('utf8'));
  } catch (e) {
    if (!(e instanceof ManifestError)) throw e;
    findings.push({ code: 'manifest-invalid', severity: 'error', file: 'manifest.json', message: e.message });
    return done();
  }
  report.bundle.tenant = `${manifest.tenant.name} (${manifest.tenant.id})`;
  report.bundle.auditWindow = manifest.audit_window;

  const keyFindings: Finding[] = [];
  const keys: KeySet = {
    pinned: parseKeys(opts.pins ?? [], 'the pinned keys', keyFindings),
    claimed: parseKeys(manifest.signing_keys, 'manifest.json signing_keys', keyFindings),
  };
  findings.push(...keyFindings);

  const manifestSha = createHash('sha256').update(manifestBytes).digest('hex');
  const sigNote = source.has('manifest.json.sig') ? (await readAll(source, 'manifest.json.sig', MAX_NOTE_BYTES)).toString('utf8') : null;
  const ms = checkManifestSignature(sigNote, manifestSha, keys);
  report.manifest = { signature: ms.status, findings: ms.findings };

  checkListing(source, manifest, findings);

  const progress = makeProgress(source, manifest, opts.onProgress);
  // Workers pay off only on large bundles: starting them costs more than a few thousand records.
  const streamBytes = manifest.streams.flatMap((x) => x.files).reduce((n, f) => n + (source.entries().find((e) => e.path === f)?.size ?? 0), 0);
  const own = opts.pool === undefined;
  const wanted = (opts.parallel ?? streamBytes > PARALLEL_FROM_BYTES) && !opts.hashing && !opts.reference;
  const pool = !wanted ? null : own ? DigestPool.create() : opts.pool!;
  // one set of batch buffers for every stream file, read one after another
  const buffers = new BatchBuffers(opts.batchBytes ?? DEFAULT_BATCH_BYTES);
  try {
    for (const s of manifest.streams) {
      if (opts.signal?.aborted) throw new CancelledError();
      report.streams.push(await verifyStream(source, manifest, s, keys, hashing, opts, progress, pool, buffers));
    }
  } finally {
    // also when cancelled or failed: idle workers would keep the process alive
    if (own) await pool?.close();
  }
  report.totals.events = report.streams.reduce((n, s) => n + s.eventsRead, 0);
  report.totals.bytes = progress.bytes();

  const manifestAnchored = report.manifest.signature === 'verified';
  for (const ev of manifest.evidence) {
    if (opts.signal?.aborted) throw new CancelledError();
    report.evidence.push(await verifyEvidence(source, ev, manifestAnchored));
  }
  for (const e of source.entries()) {
    if (e.path.startsWith('evidence/') && !manifest.evidence.some((x) => x.path === e.path)) {
      const f: Finding = {
        code: 'evidence-unlisted',
        severity: 'error',
        file: e.path,
        message: `${e.path} is in the bundle but not listed in the manifest: it was added after the manifest was made, or left out of it.`,
      };
      report.evidence.push({
        path: e.path,
        verdict: 'failed',
        expectedSha256: null,
        foundSha256: (await sha256Of(source, e.path)).sha256,
        size: e.size,
        findings: [f],
      });
    }
  }

  const manifestErrors = [...findings, ...report.manifest.findings].filter((f) => f.severity === 'error');
  report.verdict = combineVerdicts([
    ...report.streams.map((s) => s.verdict),
    ...report.evidence.map((e) => e.verdict),
    manifestErrors.some((f) => f.code !== 'input-unreadable') ? 'failed' : manifestErrors.length > 0 ? 'unverifiable' : 'verified',
  ]);
  if (report.streams.length === 0 && report.evidence.length === 0) report.verdict = 'unverifiable';
  return done();
}

/** Files the manifest names that the bundle lacks; stream and checkpoint files it does not name. */
function checkListing(source: BundleSource, m: Manifest, findings: Finding[]): void {
  const named = new Set<string>(['manifest.json', 'manifest.json.sig']);
  for (const s of m.streams) for (const f of [...s.files, ...s.checkpoints]) named.add(f);
  for (const e of source.entries()) {
    if (!named.has(e.path) && !e.path.startsWith('evidence/')) {
      findings.push({
        code: 'manifest-mismatch',
        severity: 'warning',
        file: e.path,
        message: `${e.path} is in the bundle but the manifest does not mention it; it was not verified.`,
      });
    }
  }
}

interface ProgressTracker {
  add(bytes: number, events: number, file: string): void;
  bytes(): number;
}

function makeProgress(source: BundleSource, m: Manifest, cb?: (p: Progress) => void): ProgressTracker {
  const sizes = new Map(source.entries().map((e) => [e.path, e.size]));
  const total = m.streams.flatMap((s) => s.files).reduce((n, f) => n + (sizes.get(f) ?? 0), 0);
  const t0 = Date.now();
  let bytes = 0;
  let events = 0;
  let last = 0;
  return {
    add(b, e, file) {
      bytes += b;
      events += e;
      const now = Date.now();
      if (cb && (now - last > 100 || bytes === total)) {
        last = now;
        cb({
          phase: 'verify',
          file,
          bytesDone: bytes,
          bytesTotal: total || null,
          eventsDone: events,
          rate: events / Math.max(0.001, (now - t0) / 1000),
        });
      }
    },
    bytes: () => bytes,
  };
}

async function verifyStream(
  source: BundleSource,
  m: Manifest,
  s: ManifestStream,
  keys: KeySet,
  hashing: Hashing,
  opts: VerifyOptions,
  progress: ProgressTracker,
  pool: DigestPool | null,
  buffers: BatchBuffers,
): Promise<StreamReport> {
  const pre: Finding[] = [];
  const cps: ParsedCheckpoint[] = [];
  for (const f of s.checkpoints) {
    if (!source.has(f)) {
      pre.push({
        code: 'manifest-mismatch',
        severity: 'error',
        stream: s.id,
        file: f,
        message: `The checkpoint file ${f} named by the manifest is not in the bundle.`,
      });
      continue;
    }
    cps.push(...readCheckpointFile(s.id, f, (await readAll(source, f, MAX_NOTE_BYTES)).toString('utf8'), pre));
  }

  const v = new StreamVerifier({
    stream: s,
    auditWindow: m.audit_window,
    merkle: hashing.merkle,
    silentIntervalMs: opts.silentIntervalMs ?? DEFAULT_SILENT_INTERVAL_MS,
    rootSizes: cps.map((c) => c.checkpoint.treeSize),
  });
  const ctx = batchContext(
    m,
    opts.silentIntervalMs,
    cps.map((c) => c.checkpoint.treeSize),
  );
  const reference = opts.reference === true || opts.hashing !== undefined;
  let stopped = false;
  // where the next batch's first record goes in the stream's tree (one leaf per line until reading stops)
  let nextLeaf = s.first_seq;
  for (const file of s.files) {
    if (stopped) break;
    if (!source.has(file)) {
      pre.push({
        code: 'manifest-mismatch',
        severity: 'error',
        stream: s.id,
        file,
        message: `The stream file ${file} named by the manifest is not in the bundle: its events are missing.`,
      });
      continue;
    }
    const fl = await source.lines(file, { hashStored: false, buffers });
    let lastBytes = 0;
    // keep a few batches in flight so the workers stay busy while this thread reads and chains
    const inFlight: { done: Promise<PackedDigests>; firstLine: number; stored: number; release?: () => void }[] = [];
    const settle = async (): Promise<void> => {
      const b = inFlight.shift()!;
      let p = await b.done;
      if (p.clean && v.canRun(unpack(p, 0))) {
        v.acceptRun(unpack(p, 0), unpack(p, p.n - 1), p.n, p.leaf, file, b.firstLine, p.subtrees);
      } else {
        if (p.clean) p = digestReference(p.buf, p.spans, p.n, hashing); // rare: time went back at the batch's start
        const firstError = p.errors[0];
        const upto = firstError ? firstError[0] : p.n;
        for (let i = 0; i < upto; i++) v.accept(unpack(p, i), file, b.firstLine + i);
        if (firstError) {
          v.stop(file, b.firstLine + firstError[0], firstError[1]);
          stopped = true;
        }
      }
      b.release?.(); // nothing reads the batch's bytes after this
      progress.add(b.stored - lastBytes, p.errors[0]?.[0] ?? p.n, file);
      lastBytes = b.stored;
    };
    try {
      for await (const b of fl.raw) {
        if (opts.signal?.aborted) throw new CancelledError();
        // a batch an import has already digested (same reading, same checks) is taken as it is
        const given = !reference && b.digested && sameContext(b.digested.ctx, ctx) ? b.digested.digests : null;
        const leafOffset = nextLeaf;
        nextLeaf += b.n;
        const done = given
          ? Promise.resolve(given)
          : pool
            ? pool.digest(b.buf, b.spans, b.n, ctx, leafOffset)
            : Promise.resolve(
                reference ? digestReference(b.buf, b.spans, b.n, hashing) : digestFast(b.buf, b.spans, b.n, ctx, undefined, leafOffset),
              );
        inFlight.push({ done, firstLine: b.firstLine, stored: fl.storedBytesRead(), release: b.release });
        while (inFlight.length > (pool ? 4 : 0) && !stopped) await settle();
        if (stopped) break;
      }
      while (inFlight.length > 0 && !stopped) await settle();
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      while (inFlight.length > 0 && !stopped) await settle();
      if (!stopped) {
        v.stop(file, e.line ?? 0, e.message.startsWith(file) ? e.message.slice(file.length + 1).replace(/^line \d+ /, '') : e.message);
        stopped = true;
      }
    }
  }
  const t = v.finish();
  const end = s.first_seq + t.eventsRead;
  const cpOut = checkCheckpoints(s, cps, t.rootsAt, stopped ? Number.MAX_SAFE_INTEGER : end, keys);
  const all = [...pre, ...v.findings.items, ...cpOut.findings];
  return {
    id: s.id,
    origin: s.origin,
    files: s.files,
    verdict: verdictOf(all, cpOut.anchored),
    eventsRead: t.eventsRead,
    firstSeq: t.firstSeq,
    lastSeq: t.lastSeq,
    firstTs: t.firstTsMs === null ? null : isoFromMs(t.firstTsMs),
    lastTs: t.lastTsMs === null ? null : isoFromMs(t.lastTsMs),
    chainHead: t.chainHead,
    merkleRoot: t.merkleRoot,
    treeSize: t.treeSize,
    checkpoints: cpOut.reports,
    findings: all,
    suppressed: v.findings.suppressed,
  };
}

/** What a stream's batches are checked against among their own records. */
export function batchContext(m: Manifest, silentIntervalMs: number | undefined, rootSizes: readonly number[] = []): BatchContext {
  return {
    windowStart: parseRfc3339(m.audit_window.start) ?? Number.NEGATIVE_INFINITY,
    windowEnd: parseRfc3339(m.audit_window.end) ?? Number.POSITIVE_INFINITY,
    silentMs: silentIntervalMs ?? DEFAULT_SILENT_INTERVAL_MS,
    rootSizes: [...new Set(rootSizes)].sort((a, b) => a - b),
  };
}

function sameContext(a: BatchContext, b: BatchContext): boolean {
  return (
    a.windowStart === b.windowStart &&
    a.windowEnd === b.windowEnd &&
    a.silentMs === b.silentMs &&
    a.rootSizes.length === b.rootSizes.length &&
    a.rootSizes.every((x, i) => x === b.rootSizes[i])
  );
}

/** The tree sizes of a stream's readable checkpoints: where verification wants the stream's root. */
export async function checkpointSizes(source: BundleSource, s: ManifestStream): Promise<number[]> {
  const sizes: number[] = [];
  for (const f of s.checkpoints) {
    if (!source.has(f)) continue;
    for (const c of readCheckpointFile(s.id, f, (await readAll(source, f, MAX_NOTE_BYTES)).toString('utf8'), [])) sizes.push(c.checkpoint.treeSize);
  }
  return sizes;
}

async function verifyEvidence(source: BundleSource, ev: Manifest['evidence'][number], manifestAnchored: boolean): Promise<EvidenceReport> {
  const base = { path: ev.path, expectedSha256: ev.sha256 };
  if (!source.has(ev.path)) {
    return {
      ...base,
      verdict: 'failed',
      foundSha256: null,
      size: null,
      findings: [
        {
          code: 'evidence-missing',
          severity: 'error',
          file: ev.path,
          expected: ev.sha256,
          message: `The evidence file ${ev.path} listed in the manifest is missing from the bundle.`,
        },
      ],
    };
  }
  const { sha256, size } = await sha256Of(source, ev.path);
  const findings: Finding[] = [];
  if (sha256 !== ev.sha256 || size !== ev.size) {
    findings.push({
      code: 'evidence-altered',
      severity: 'error',
      file: ev.path,
      expected: `sha256 ${ev.sha256}, ${ev.size} bytes`,
      found: `sha256 ${sha256}, ${size} bytes`,
      message: `The evidence file ${ev.path} differs from the one the manifest lists: it was altered or replaced.`,
    });
  }
  return { ...base, verdict: verdictOf(findings, manifestAnchored), foundSha256: sha256, size, findings };
}
