// The engine behind the UI contract (shared/api.ts): one object that answers every ApiMethods request
// for the open workspace and runs long work as cancellable jobs that report progress. The Electron main
// process and the browser-test harness both put this behind their transport; neither adds logic. The
// answers live per domain in service/*-handlers.ts; this file holds what they share (service/context.ts).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { ApiArg, ApiMethod, ApiResult, BundleSummary, EngagementSummary, JobEvent } from '../../shared/api';
import { apiArgSchemas } from '../../shared/api';
import { errorInfo } from '../../shared/api';
import { Workspace } from './store/workspace';
import { pinnedKeys } from './store/keys';
import { latestRun } from './store/runs';
import { defaultActor } from './activity';
import { SavePathAllowlist } from './path-policy';
import { setRulePackDir } from './analytics/index';
import { ApiError, type EngineServiceOptions, type Handler, type ServiceContext } from './service/context';
import { engagementHandlers } from './service/engagement-handlers';
import { explorerHandlers, LeafCache } from './service/explorer-handlers';
import { samplingHandlers } from './service/sampling-handlers';
import { evidenceHandlers } from './service/evidence-handlers';
import { CoverageCache, coverageHandlers } from './service/coverage-handlers';
import { analyticsHandlers } from './service/analytics-handlers';

export { ApiError, type EngineServiceOptions } from './service/context';
// errorInfo lives in shared/api.ts (the shell uses it without loading the engine); kept importable from here
export { errorInfo } from '../../shared/api';

export class EngineService {
  private ws: Workspace | null = null;
  private readonly listeners = new Set<(e: JobEvent) => void>();
  private readonly jobs = new Map<string, AbortController>();
  private readonly leafCache = new LeafCache();
  private readonly coverageCache = new CoverageCache();
  /** where exports may go: only paths the save dialog (or the data folder) gave in this session */
  private readonly savePaths = new SavePathAllowlist();

  private readonly context: ServiceContext;
  private readonly handlers: { [M in ApiMethod]: Handler<M> };

  constructor(private readonly o: EngineServiceOptions) {
    mkdirSync(o.dataDir, { recursive: true });
    // the built-in rule packs ship beside the sample engagement (resources/ in development, the app's
    // resources folder when packaged); a bundled engine cannot find them from its own module's place
    const packs = path.join(path.dirname(o.sampleBundle), 'rule-packs');
    if (existsSync(packs)) setRulePackDir(packs);
    this.context = {
      options: this.o,
      actor: this.o.actor ?? defaultActor(),
      workspace: () => this.workspace,
      hasWorkspace: () => this.ws !== null,
      open: (file, create) => this.open(file, create),
      summary: () => this.summary(),
      emit: (e) => this.emit(e),
      startJob: (work) => this.startJob(work),
      cancelJob: (jobId) => this.jobs.get(jobId)?.abort(),
      savePath: (kind, suggested) => this.savePath(kind, suggested),
      checkSavePath: (p) => this.savePaths.check(p),
      eventsChanged: () => this.dataChanged(),
    };
    this.handlers = {
      ...engagementHandlers(this.context),
      ...explorerHandlers(this.context, this.leafCache),
      ...samplingHandlers(this.context),
      ...evidenceHandlers(this.context),
      ...coverageHandlers(this.context, this.coverageCache),
      ...analyticsHandlers(this.context),
    };
  }

  /** what the open workspace's data gave, kept for the UI, is counted again after an open or a job */
  private dataChanged(): void {
    this.leafCache.clear();
    this.coverageCache.clear();
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
    this.dataChanged();
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
        this.dataChanged();
        this.emit({ jobId, type: 'done', result });
      } catch (e) {
        this.emit({ jobId, type: 'error', error: errorInfo(e) });
      } finally {
        ws.close();
        this.jobs.delete(jobId);
      }
    })();
    return { jobId };
  }

  /** Ask the dialog (or use the data folder) where to save; the answer joins this session's allowlist. */
  private async savePath(kind: 'workpaper' | 'report', suggested: string): Promise<string> {
    const chosen = this.o.chooseSavePath ? await this.o.chooseSavePath(kind, suggested) : path.join(this.o.dataDir, 'exports', suggested);
    if (chosen === null) throw new ApiError('Export cancelled.');
    mkdirSync(path.dirname(chosen), { recursive: true });
    return this.savePaths.allow(chosen);
  }
}

// the data dir is also the auditor's profile, where the trust anchors of every workspace are kept
export { defaultDataDir } from './store/anchor-ledger';
