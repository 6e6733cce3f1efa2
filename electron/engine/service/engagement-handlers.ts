// The engagement: recent and sample workspaces, creating and opening one, pinned keys, import and
// verification jobs, the integrity timeline and the verification report export.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Timeline } from '../../../shared/api';
import { pinKey } from '../store/keys';
import { latestRun } from '../store/runs';
import { importBundle } from '../import';
import { verifyWorkspace } from '../index';
import { prepareSampleEngagement } from '../sample-engagement';
import { newWorkspacePath, readablePath } from '../path-policy';
import type { Workspace } from '../store/workspace';
import { ApiError, type Handlers, type ServiceContext } from './context';

type EngagementMethods =
  | 'startupError'
  | 'recentWorkspaces'
  | 'openSampleEngagement'
  | 'openWorkspace'
  | 'createEngagement'
  | 'engagement'
  | 'pinKey'
  | 'chooseImportPath'
  | 'startImport'
  | 'startVerify'
  | 'cancelJob'
  | 'latestReport'
  | 'timeline'
  | 'exportReport';

export function engagementHandlers(ctx: ServiceContext): Handlers<EngagementMethods> {
  const o = ctx.options;
  return {
    // an engine that answers has started; the desktop shell answers this itself when it did not
    startupError: () => null,
    recentWorkspaces: () => {
      const f = path.join(o.dataDir, 'recent.json');
      return existsSync(f) ? JSON.parse(readFileSync(f, 'utf8')) : [];
    },
    openSampleEngagement: async () => {
      const file = path.join(o.dataDir, 'sample-engagement.tickmark');
      const fresh = !existsSync(file);
      ctx.open(file, true);
      const ws = ctx.workspace();
      if (fresh) {
        ws.setEngagement({
          name: 'Northwind Health — sample engagement',
          client: 'Northwind Health',
          system: 'Northwind EHR (SaaS)',
          framework: 'SOC 2 + HIPAA',
          windowStart: '2026-01-01T00:00:00Z',
          windowEnd: '2026-06-30T23:59:59Z',
        });
        pinKey(ws, readFileSync(o.sampleKeyFile, 'utf8').trim(), 'Sample vendor key (shipped with Tickmark)', ctx.actor);
        if (o.prepareSample) await prepareSampleEngagement(ws, o.sampleBundle, ctx.actor);
      }
      return { ...ctx.summary(), sampleBundle: o.sampleBundle };
    },
    openWorkspace: ({ path: p }) => ctx.open(readablePath(p, 'workspace')),
    createEngagement: (a) => {
      ctx.open(newWorkspacePath(a.path), true);
      ctx.workspace().setEngagement({
        name: a.name,
        client: a.client,
        system: a.system,
        framework: a.framework,
        windowStart: a.windowStart,
        windowEnd: a.windowEnd,
      });
      return ctx.summary();
    },
    engagement: () => (ctx.hasWorkspace() ? ctx.summary() : null),
    pinKey: ({ vkey, label }) => {
      pinKey(ctx.workspace(), vkey, label, ctx.actor);
      return ctx.summary();
    },
    chooseImportPath: async () => (o.chooseImportPath ? await o.chooseImportPath() : null),
    startImport: ({ path: p }) => {
      const source = readablePath(p, 'bundle', { folder: true });
      return ctx.startJob(async (ws, signal, jobId) => {
        // An auditor imports in order to verify: both in one reading of the bundle, the run recorded.
        const r = await importBundle(ws, source, {
          signal,
          actor: ctx.actor,
          verify: {},
          onProgress: (progress) => ctx.emit({ jobId, type: 'progress', progress }),
        });
        return { import: r, verdicts: r.verification ? [{ bundleId: r.bundleId, verdict: r.verification.verdict }] : [] };
      });
    },
    startVerify: () =>
      ctx.startJob(async (ws, signal, jobId) => {
        const runs = await verifyWorkspace(ws, { signal, onProgress: (progress) => ctx.emit({ jobId, type: 'progress', progress }) });
        return runs.map((x) => ({ bundleId: x.bundleId, verdict: x.report.verdict }));
      }),
    cancelJob: ({ jobId }) => ctx.cancelJob(jobId),
    latestReport: ({ bundleId }) => latestRun(ctx.workspace(), bundleId)?.report ?? null,
    timeline: ({ bundleId, buckets }) => timelineOf(ctx.workspace(), bundleId, buckets),
    exportReport: async ({ bundleId, path: p }) => {
      const named = p !== null ? ctx.checkSavePath(p) : null;
      const run = latestRun(ctx.workspace(), bundleId);
      if (!run) throw new ApiError(`Bundle #${bundleId} has not been verified yet.`);
      const target = named ?? (await ctx.savePath('report', `verification-report-bundle-${bundleId}.json`));
      writeFileSync(target, `${JSON.stringify(run.report, null, 2)}\n`);
      return { path: target };
    },
  };
}

/** Events per stream in `buckets` equal slices of the bundle's window, with silent intervals and breaks marked. */
function timelineOf(ws: Workspace, bundleId: number, buckets: number): Timeline {
  const db = ws.db;
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
  const report = latestRun(ws, bundleId)?.report;
  for (const s of report?.streams ?? []) {
    for (const f of s.findings) {
      if (f.code === 'silent-interval' && f.found) {
        const [a, z] = f.found.split(' – ');
        marks.push({ kind: 'silent', stream: s.id, start: a!, end: z!, finding: f });
      } else if (f.severity === 'error' && f.seq !== undefined) {
        const ts = db
          .prepare('SELECT e.ts FROM events e JOIN streams s ON s.id = e.stream_id WHERE s.bundle_id = ? AND s.stream_key = ? AND e.seq = ? LIMIT 1')
          .pluck()
          .get(bundleId, s.id, f.seq) as string | undefined;
        if (ts) marks.push({ kind: 'break', stream: s.id, start: ts, end: ts, finding: f });
      }
    }
  }
  return { buckets: out, streams, marks };
}
