// The engine behind the UI contract (shared/api.ts): one object that answers every ApiMethods request
// for the open workspace and runs long work as cancellable jobs that report progress. The Electron main
// process and the browser-test harness both put this behind their transport; neither adds logic.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type {
  ApiArg,
  ApiMethod,
  ApiResult,
  BundleSummary,
  EngagementSummary,
  EventDetail,
  EvidenceItem,
  EvidencePreview,
  JobEvent,
  Timeline,
} from '../../shared/api';
import { apiArgSchemas, errorInfo } from '../../shared/api';
import type { EventFilter, Finding, VerificationReport } from '../../shared/types';
import { digestLine, isDigest } from '../../shared/digest';
import { inclusionProof, verifyInclusion } from '../../shared/merkle';
import { toHex } from '../../shared/hex';
import { planAttributeSample } from '../../shared/sampling/plan';
import { Workspace } from './store/workspace';
import { pinKey, pinnedKeys } from './store/keys';
import { latestRun } from './store/runs';
import { importBundle } from './import';
import { verifyWorkspace } from './index';
import { whereFor } from './query';
import { definePopulation, listPopulations } from './population';
import { createSession, listSessions, recordResult, reopenSession, sessionView, signOff, updateItem } from './sessions';
import { extendSample, replaceItem } from './sample-additions';
import { setAttributeJudgement, setDeviationAnalysis, setSessionConclusion } from './judgement';
import { answerReviewNote, clearReviewNote, raiseReviewNote } from './review-notes';
import { exportWorkpaper } from './workpaper-io';
import { nodeHashing } from './hashing';
import { defaultActor } from './activity';
import { prepareSampleEngagement } from './sample-engagement';
import { SavePathAllowlist, newWorkspacePath, readablePath } from './path-policy';
import { eventRowOf } from './store/event-rows';
import { workspaceCoverage } from './coverage/index';
import type { CoverageReport } from '../../shared/coverage/coverage';

export interface EngineServiceOptions {
  /** the bundled sample engagement: a bundle folder and the vendor key file beside it */
  sampleBundle: string;
  sampleKeyFile: string;
  /** where the sample workspace and default exports go */
  dataDir: string;
  /** asks where to save an export; null means the user cancelled */
  chooseSavePath?: (kind: 'workpaper' | 'report', suggestedName: string) => Promise<string | null>;
  /** asks which bundle to import (a native dialog in Electron); absent where the host has no dialog */
  chooseImportPath?: () => Promise<string | null>;
  actor?: string;
  /** open the sample engagement already imported, verified and with a session in progress (npm start,
   *  npm run web); tests that walk the import themselves leave it off */
  prepareSample?: boolean;
}

export class ApiError extends Error {
  constructor(
    message: string,
    readonly file?: string,
    readonly line?: number,
  ) {
    super(message);
  }
}

// errorInfo lives in shared/api.ts (the shell uses it without loading the engine); kept importable from here
export { errorInfo } from '../../shared/api';

type Handler<M extends ApiMethod> = (arg: ApiArg<M>) => Promise<ApiResult<M>> | ApiResult<M>;

export class EngineService {
  private ws: Workspace | null = null;
  private readonly listeners = new Set<(e: JobEvent) => void>();
  private readonly jobs = new Map<string, AbortController>();
  private readonly leafCache = new Map<number, Uint8Array[]>();
  /** the workspace's coverage, counted once per state of its data (a scan of every event: seconds at 1M) */
  private coverageCache: { report: CoverageReport | null } | null = null;
  private readonly actor: string;
  /** where exports may go: only paths the save dialog (or the data folder) gave in this session */
  private readonly savePaths = new SavePathAllowlist();

  constructor(private readonly o: EngineServiceOptions) {
    this.actor = o.actor ?? defaultActor();
    mkdirSync(o.dataDir, { recursive: true });
  }

  onJobEvent(listener: (e: JobEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Validate the argument against the contract, then answer. Throws ApiError-like errors with a message for the auditor. */
  async call<M extends ApiMethod>(method: M, rawArg: unknown): Promise<ApiResult<M>> {
    const schema = apiArgSchemas[method];
    if (!schema) throw new ApiError(`Unknown request "${String(method)}".`);
    const parsed = schema.safeParse(rawArg);
    if (!parsed.success)
      throw new ApiError(
        `Invalid request ${method}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(argument)'} ${i.message}`).join('; ')}`,
      );
    const h = this.handlers[method] as Handler<M>;
    return h(parsed.data as ApiArg<M>);
  }

  close(): void {
    for (const c of this.jobs.values()) c.abort();
    this.ws?.close();
    this.ws = null;
  }

  private get workspace(): Workspace {
    if (!this.ws) throw new ApiError('No engagement is open: open or create one first.');
    return this.ws;
  }

  private emit(e: JobEvent): void {
    for (const l of this.listeners) l(e);
  }

  private open(file: string, create = false): EngagementSummary {
    const ws = Workspace.open(file, { create });
    this.ws?.close();
    this.ws = ws;
    this.leafCache.clear();
    this.coverageCache = null;
    this.remember(file, ws.engagement().name);
    return this.summary();
  }

  private remember(file: string, name: string): void {
    const f = path.join(this.o.dataDir, 'recent.json');
    const list = existsSync(f) ? (JSON.parse(readFileSync(f, 'utf8')) as { path: string; name: string; openedAt: string }[]) : [];
    const next = [{ path: path.resolve(file), name, openedAt: new Date().toISOString() }, ...list.filter((r) => r.path !== path.resolve(file))].slice(
      0,
      12,
    );
    writeFileSync(f, JSON.stringify(next, null, 2));
  }

  private summary(): EngagementSummary {
    const ws = this.workspace;
    const e = ws.engagement();
    const bundles = (
      ws.db
        .prepare('SELECT id, source_path, source_sha256, manifest_sha256, tenant_name, event_count, imported_at FROM bundles ORDER BY id')
        .all() as Record<string, unknown>[]
    ).map((b): BundleSummary => {
      const run = latestRun(ws, b.id as number);
      return {
        id: b.id as number,
        sourcePath: b.source_path as string,
        sourceSha256: (b.source_sha256 as string | null) ?? null,
        manifestSha256: b.manifest_sha256 as string,
        tenant: b.tenant_name as string,
        events: b.event_count as number,
        importedAt: b.imported_at as string,
        verdict: run?.report.verdict ?? null,
        runId: run?.id ?? null,
      };
    });
    return {
      workspace: ws.file,
      name: e.name,
      client: e.client,
      system: e.system,
      framework: e.framework,
      windowStart: e.windowStart,
      windowEnd: e.windowEnd,
      pinnedKeys: pinnedKeys(ws).map(({ vkey, name, keyId, label }) => ({ vkey, name, keyId, label })),
      bundles,
      anchors: { state: ws.anchors.state, messages: ws.anchors.messages },
    };
  }

  /** Run work as a job on its own connection, so the UI's queries go on while it writes or reads. */
  private startJob(work: (ws: Workspace, signal: AbortSignal, jobId: string) => Promise<unknown>): { jobId: string } {
    const file = this.workspace.file;
    const jobId = randomUUID();
    const ac = new AbortController();
    this.jobs.set(jobId, ac);
    void (async () => {
      const ws = Workspace.open(file);
      try {
        const result = await work(ws, ac.signal, jobId);
        this.leafCache.clear();
        this.emit({ jobId, type: 'done', result });
      } catch (e) {
        this.emit({ jobId, type: 'error', error: errorInfo(e) });
      } finally {
        // whatever the job committed before it ended (a verification run, say) changes what coverage shows
        this.coverageCache = null;
        ws.close();
        this.jobs.delete(jobId);
      }
    })();
    return { jobId };
  }

  private readonly handlers: { [M in ApiMethod]: Handler<M> } = {
    // an engine that answers has started; the desktop shell answers this itself when it did not
    startupError: () => null,
    recentWorkspaces: () => {
      const f = path.join(this.o.dataDir, 'recent.json');
      return existsSync(f) ? JSON.parse(readFileSync(f, 'utf8')) : [];
    },
    openSampleEngagement: async () => {
      const file = path.join(this.o.dataDir, 'sample-engagement.tickmark');
      const fresh = !existsSync(file);
      this.open(file, true);
      const ws = this.workspace;
      if (fresh) {
        ws.setEngagement({
          name: 'Northwind Health — sample engagement',
          client: 'Northwind Health',
          system: 'Northwind EHR (SaaS)',
          framework: 'SOC 2 + HIPAA',
          windowStart: '2026-01-01T00:00:00Z',
          windowEnd: '2026-06-30T23:59:59Z',
        });
        pinKey(ws, readFileSync(this.o.sampleKeyFile, 'utf8').trim(), 'Sample vendor key (shipped with Tickmark)', this.actor);
        if (this.o.prepareSample) await prepareSampleEngagement(ws, this.o.sampleBundle, this.actor);
      }
      return { ...this.summary(), sampleBundle: this.o.sampleBundle };
    },
    openWorkspace: ({ path: p }) => this.open(readablePath(p, 'workspace')),
    createEngagement: (a) => {
      this.open(newWorkspacePath(a.path), true);
      this.workspace.setEngagement({
        name: a.name,
        client: a.client,
        system: a.system,
        framework: a.framework,
        windowStart: a.windowStart,
        windowEnd: a.windowEnd,
      });
      return this.summary();
    },
    engagement: () => (this.ws ? this.summary() : null),
    pinKey: ({ vkey, label }) => {
      pinKey(this.workspace, vkey, label, this.actor);
      return this.summary();
    },
    chooseImportPath: async () => (this.o.chooseImportPath ? await this.o.chooseImportPath() : null),
    startImport: ({ path: p }) => {
      const source = readablePath(p, 'bundle', { folder: true });
      return this.startJob(async (ws, signal, jobId) => {
        // An auditor imports in order to verify: both in one reading of the bundle, the run recorded.
        const r = await importBundle(ws, source, {
          signal,
          actor: this.actor,
          verify: {},
          onProgress: (progress) => this.emit({ jobId, type: 'progress', progress }),
        });
        return { import: r, verdicts: r.verification ? [{ bundleId: r.bundleId, verdict: r.verification.verdict }] : [] };
      });
    },
    startVerify: () =>
      this.startJob(async (ws, signal, jobId) => {
        const runs = await verifyWorkspace(ws, { signal, onProgress: (progress) => this.emit({ jobId, type: 'progress', progress }) });
        return runs.map((x) => ({ bundleId: x.bundleId, verdict: x.report.verdict }));
      }),
    cancelJob: ({ jobId }) => {
      this.jobs.get(jobId)?.abort();
    },
    latestReport: ({ bundleId }) => latestRun(this.workspace, bundleId)?.report ?? null,
    timeline: ({ bundleId, buckets }) => this.timeline(bundleId, buckets),
    coverage: () => (this.coverageCache ??= { report: workspaceCoverage(this.workspace) }).report,
    queryEvents: ({ filter, offset, limit }) => {
      const w = whereFor(filter);
      const db = this.workspace.db;
      const total = (db.prepare(`SELECT COUNT(*) AS n FROM events e ${w.sql}`).get(...w.params) as { n: number }).n;
      const rows = (
        db
          .prepare(`SELECT ${ROW_COLUMNS} FROM events e JOIN streams s ON s.id = e.stream_id ${w.sql} ORDER BY e.ts_ms, e.id LIMIT ? OFFSET ?`)
          .all(...w.params, limit, offset) as Record<string, unknown>[]
      ).map((r) => eventRowOf(r));
      return { rows, total, offset };
    },
    eventDetail: ({ eventId }) => this.eventDetail(eventId),
    findEvent: ({ bundleId, stream, seq, file, line }) => {
      const db = this.workspace.db;
      const st = db.prepare('SELECT id, files FROM streams WHERE bundle_id = ? AND stream_key = ?').get(bundleId, stream) as
        { id: number; files: string } | undefined;
      if (!st) return null;
      let row: Record<string, unknown> | undefined;
      if (file !== undefined && line !== undefined) {
        const fileNo = (JSON.parse(st.files) as string[]).indexOf(file);
        row = db
          .prepare(`SELECT ${ROW_COLUMNS} FROM events e JOIN streams s ON s.id = e.stream_id WHERE e.stream_id = ? AND e.file_no = ? AND e.line = ?`)
          .get(st.id, fileNo, line) as Record<string, unknown> | undefined;
      }
      if (!row && seq !== undefined)
        row = db
          .prepare(
            `SELECT ${ROW_COLUMNS} FROM events e JOIN streams s ON s.id = e.stream_id WHERE e.stream_id = ? AND e.seq = ? ORDER BY e.file_no, e.line LIMIT 1`,
          )
          .get(st.id, seq) as Record<string, unknown> | undefined;
      return row ? eventRowOf(row) : null;
    },
    filterValues: () => {
      const db = this.workspace.db;
      const col = (sql: string): string[] => db.prepare(sql).pluck().all() as string[];
      return {
        streams: col('SELECT DISTINCT stream_key FROM streams ORDER BY 1'),
        categories: col('SELECT DISTINCT category FROM events ORDER BY 1'),
        actions: col('SELECT DISTINCT action FROM events ORDER BY 1'),
        actors: col('SELECT DISTINCT actor_id FROM events ORDER BY 1 LIMIT 5000'),
      };
    },
    definePopulation: ({ name, filter }) => definePopulation(this.workspace, name, filter as EventFilter, this.actor),
    populations: () => listPopulations(this.workspace),
    planSample: (a) => planAttributeSample(a),
    createSession: (a) => createSession(this.workspace, { ...a, actor: this.actor }),
    sessions: () => listSessions(this.workspace),
    session: ({ sessionId }) => sessionView(this.workspace, sessionId),
    recordResult: ({ itemId, attributeId, result }) => {
      recordResult(this.workspace, itemId, attributeId, result, this.actor);
      return sessionView(this.workspace, this.sessionOfItem(itemId));
    },
    updateItem: ({ itemId, ...change }) => {
      updateItem(this.workspace, itemId, change, this.actor);
      return sessionView(this.workspace, this.sessionOfItem(itemId));
    },
    signOff: ({ sessionId, role, name }) => signOff(this.workspace, sessionId, role, name),
    reopenSession: ({ sessionId, reason }) => reopenSession(this.workspace, sessionId, reason, this.actor),
    replaceItem: ({ sessionId, position, reason }) => replaceItem(this.workspace, sessionId, position, reason, this.actor),
    extendSample: ({ sessionId, count, reason }) => extendSample(this.workspace, sessionId, count, reason, this.actor),
    setAttributeJudgement: ({ attributeId, ...change }) => setAttributeJudgement(this.workspace, attributeId, change, this.actor),
    setDeviationAnalysis: ({ itemId, attributeId, ...analysis }) => setDeviationAnalysis(this.workspace, itemId, attributeId, analysis, this.actor),
    setSessionConclusion: ({ sessionId, text }) => setSessionConclusion(this.workspace, sessionId, text, this.actor),
    raiseReviewNote: ({ sessionId, itemPosition, text, by }) => raiseReviewNote(this.workspace, sessionId, { itemPosition, text, by }),
    answerReviewNote: ({ noteId, text, by }) => answerReviewNote(this.workspace, noteId, { text, by }),
    clearReviewNote: ({ noteId, by }) => clearReviewNote(this.workspace, noteId, by),
    evidence: () => this.evidence(),
    evidencePreview: ({ bundleId, path: p }) => this.preview(bundleId, p),
    exportWorkpaper: async ({ sessionId, path: p }) => {
      const named = p !== null ? this.savePaths.check(p) : null;
      const v = sessionView(this.workspace, sessionId);
      const target = named ?? (await this.savePath('workpaper', `${safeName(v.name)}-workpaper.xlsx`));
      await exportWorkpaper(this.workspace, sessionId, target, this.actor);
      return { path: target };
    },
    exportReport: async ({ bundleId, path: p }) => {
      const named = p !== null ? this.savePaths.check(p) : null;
      const run = latestRun(this.workspace, bundleId);
      if (!run) throw new ApiError(`Bundle #${bundleId} has not been verified yet.`);
      const target = named ?? (await this.savePath('report', `verification-report-bundle-${bundleId}.json`));
      writeFileSync(target, `${JSON.stringify(run.report, null, 2)}\n`);
      return { path: target };
    },
  };

  /** Ask the dialog (or use the data folder) where to save; the answer joins this session's allowlist. */
  private async savePath(kind: 'workpaper' | 'report', suggested: string): Promise<string> {
    const chosen = this.o.chooseSavePath ? await this.o.chooseSavePath(kind, suggested) : path.join(this.o.dataDir, 'exports', suggested);
    if (chosen === null) throw new ApiError('Export cancelled.');
    mkdirSync(path.dirname(chosen), { recursive: true });
    return this.savePaths.allow(chosen);
  }

  private sessionOfItem(itemId: number): number {
    return (this.workspace.db.prepare('SELECT session_id FROM sample_items WHERE id = ?').pluck().get(itemId) as number | undefined) ?? 0;
  }

  private timeline(bundleId: number, buckets: number): Timeline {
    const db = this.workspace.db;
    const b = db.prepare('SELECT window_start, window_end FROM bundles WHERE id = ?').get(bundleId) as
      { window_start: string; window_end: string } | undefined;
    if (!b) throw new ApiError(`There is no bundle #${bundleId}.`);
    const t0 = Date.parse(b.window_start);
    const t1 = Date.parse(b.window_end) + 1000;
    const width = Math.max(1, Math.ceil((t1 - t0) / buckets));
    const streams = db.prepare('SELECT stream_key FROM streams WHERE bundle_id = ? ORDER BY stream_key').pluck().all(bundleId) as string[];
    const out = Array.from({ length: buckets }, (_, i) => ({
      start: new Date(t0 + i * width).toISOString(),
      end: new Date(Math.min(t1, t0 + (i + 1) * width)).toISOString(),
      counts: {} as Record<string, number>,
    }));
    const rows = db
      .prepare(
        'SELECT s.stream_key AS k, (e.ts_ms - ?) / ? AS b, COUNT(*) AS n FROM events e JOIN streams s ON s.id = e.stream_id WHERE s.bundle_id = ? AND e.ts_ms >= ? AND e.ts_ms < ? GROUP BY k, b',
      )
      .all(t0, width, bundleId, t0, t1) as { k: string; b: number; n: number }[];
    for (const r of rows) {
      const bucket = out[Math.floor(r.b)];
      if (bucket) bucket.counts[r.k] = r.n;
    }
    const marks: Timeline['marks'] = [];
    const report = latestRun(this.workspace, bundleId)?.report;
    for (const s of report?.streams ?? []) {
      for (const f of s.findings) {
        if (f.code === 'silent-interval' && f.found) {
          const [a, z] = f.found.split(' – ');
          marks.push({ kind: 'silent', stream: s.id, start: a!, end: z!, finding: f });
        } else if (f.severity === 'error' && f.seq !== undefined) {
          const ts = db
            .prepare(
              'SELECT e.ts FROM events e JOIN streams s ON s.id = e.stream_id WHERE s.bundle_id = ? AND s.stream_key = ? AND e.seq = ? LIMIT 1',
            )
            .pluck()
            .get(bundleId, s.id, f.seq) as string | undefined;
          if (ts) marks.push({ kind: 'break', stream: s.id, start: ts, end: ts, finding: f });
        }
      }
    }
    return { buckets: out, streams, marks };
  }

  /** Leaf hashes of a stream in file order, cached: the inclusion proof needs the whole tree. */
  private leaves(streamId: number): Uint8Array[] {
    const hit = this.leafCache.get(streamId);
    if (hit) return hit;
    const out: Uint8Array[] = [];
    for (const raw of this.workspace.db
      .prepare('SELECT raw FROM events WHERE stream_id = ? ORDER BY file_no, line')
      .pluck()
      .iterate(streamId) as IterableIterator<string>) {
      const d = digestLine(raw, nodeHashing);
      out.push(isDigest(d) ? d.leafHash : new Uint8Array(32));
    }
    this.leafCache.set(streamId, out);
    return out;
  }

  private eventDetail(eventId: number): EventDetail {
    const db = this.workspace.db;
    const r = db
      .prepare(`SELECT ${ROW_COLUMNS}, e.raw, e.stream_id, e.file_no, s.first_seq FROM events e JOIN streams s ON s.id = e.stream_id WHERE e.id = ?`)
      .get(eventId) as Record<string, unknown> | undefined;
    if (!r) throw new ApiError(`There is no event #${eventId}.`);
    const row = eventRowOf(r);
    const d = digestLine(r.raw as string, nodeHashing);
    const neighbours = (
      db
        .prepare(
          `SELECT ${ROW_COLUMNS} FROM events e JOIN streams s ON s.id = e.stream_id WHERE e.stream_id = ? AND e.file_no = ? AND e.line BETWEEN ? AND ? ORDER BY e.line`,
        )
        .all(r.stream_id, r.file_no, row.line - 3, row.line + 3) as Record<string, unknown>[]
    ).map((r) => eventRowOf(r));
    const report = latestRun(this.workspace, row.bundleId)?.report;
    const findings: Finding[] = (report?.streams.find((s) => s.id === row.stream)?.findings ?? []).filter(
      (f) => (f.line === row.line && f.file === row.file) || (f.line === undefined && f.seq === row.seq),
    );
    let proof: EventDetail['proof'] = null;
    if ((r.first_seq as number) === 0 && isDigest(d)) {
      const leaves = this.leaves(r.stream_id as number);
      const index = db
        .prepare('SELECT COUNT(*) FROM events WHERE stream_id = ? AND (file_no < ? OR (file_no = ? AND line < ?))')
        .pluck()
        .get(r.stream_id, r.file_no, r.file_no, row.line) as number;
      const path_ = inclusionProof(nodeHashing.merkle, index, leaves.length, leaves);
      const root = report?.streams.find((s) => s.id === row.stream)?.merkleRoot ?? null;
      const verifies = root !== null && verifyInclusion(nodeHashing.merkle, index, leaves.length, d.leafHash, path_, hexToBytes(root)).ok;
      proof = { leafIndex: index, treeSize: leaves.length, leafHash: toHex(d.leafHash), root: root ?? '', path: path_.map(toHex), verifies };
    }
    return {
      ...row,
      raw: r.raw as string,
      computedHash: isDigest(d) ? d.computedHash : '',
      claimedHash: isDigest(d) ? d.claimedHash : '',
      prevHash: isDigest(d) ? d.prevHash : '',
      findings,
      neighbours,
      proof,
    };
  }

  private evidence(): EvidenceItem[] {
    const db = this.workspace.db;
    const out: EvidenceItem[] = [];
    for (const b of db.prepare('SELECT id FROM bundles ORDER BY id').pluck().all() as number[]) {
      const report: VerificationReport | undefined = latestRun(this.workspace, b)?.report;
      const declared = new Map(
        (
          db
            .prepare('SELECT path, declared_sha256, declared_size, media_type, controls, description FROM evidence WHERE bundle_id = ?')
            .all(b) as Record<string, unknown>[]
        ).map((x) => [x.path as string, x]),
      );
      const paths = new Set<string>([...declared.keys(), ...(report?.evidence.map((e) => e.path) ?? [])]);
      for (const p of [...paths].sort()) {
        const d = declared.get(p);
        const e = report?.evidence.find((x) => x.path === p);
        out.push({
          bundleId: b,
          path: p,
          mediaType: (d?.media_type as string) || guessType(p),
          size: e?.size ?? null,
          declaredSha256: (d?.declared_sha256 as string | undefined) ?? null,
          foundSha256: e?.foundSha256 ?? null,
          verdict: e?.verdict ?? 'unverifiable',
          controls: d ? (JSON.parse(d.controls as string) as string[]) : [],
          description: (d?.description as string) ?? '',
          findings: e?.findings ?? [],
        });
      }
    }
    return out;
  }

  private preview(bundleId: number, p: string): EvidencePreview {
    const row = this.workspace.db.prepare('SELECT content FROM bundle_files WHERE bundle_id = ? AND path = ?').get(bundleId, p) as
      { content: Buffer | null } | undefined;
    if (!row?.content) return { kind: 'none', reason: `${p} is not in the bundle (missing evidence).` };
    const type = guessType(p);
    const buf = row.content;
    if (type.startsWith('image/')) {
      if (buf.length > 8 * 1024 * 1024) return { kind: 'none', reason: 'The image is larger than 8 MB; open it from the bundle instead.' };
      return { kind: 'image', dataUrl: `data:${type};base64,${buf.toString('base64')}` };
    }
    if (type === 'text/csv') {
      const rows = parseCsv(buf.toString('utf8'), 501);
      return { kind: 'table', columns: rows[0] ?? [], rows: rows.slice(1, 501), truncated: rows.length > 501 };
    }
    if (type.startsWith('text/') || type === 'application/json') {
      const max = 256 * 1024;
      return { kind: 'text', text: buf.subarray(0, max).toString('utf8'), truncated: buf.length > max };
    }
    return { kind: 'none', reason: `No preview for ${type} files.` };
  }
}

const ROW_COLUMNS =
  'e.id, s.bundle_id, s.stream_key, s.files, e.file_no, e.line, e.seq, e.ts, e.category, e.action, e.actor_id, e.actor_type, e.target, e.outcome';

function hexToBytes(h: string): Uint8Array {
  return Uint8Array.from(Buffer.from(h, 'hex'));
}

function safeName(s: string): string {
  return (
    s
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80) || 'session'
  );
}

function guessType(p: string): string {
  const ext = path.extname(p).toLowerCase();
  return (
    (
      {
        '.csv': 'text/csv',
        '.txt': 'text/plain',
        '.md': 'text/markdown',
        '.json': 'application/json',
        '.png': 'image/png',
        '.jpg': 'image/jpeg',
        '.jpeg': 'image/jpeg',
        '.gif': 'image/gif',
        '.pdf': 'application/pdf',
      } as Record<string, string>
    )[ext] ?? 'application/octet-stream'
  );
}

/** RFC 4180 CSV, enough for previews: quoted fields, doubled quotes, CRLF. */
export function parseCsv(text: string, maxRows: number): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length && rows.length < maxRows + 1; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

// the data dir is also the auditor's profile, where the trust anchors of every workspace are kept
export { defaultDataDir } from './store/anchor-ledger';
