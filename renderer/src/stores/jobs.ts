// Long work (import, verification) runs as engine jobs. This store follows the current job from its
// JobEvents: progress, throughput and time left, then its result or error. The UI never waits on a job.
import { create } from 'zustand';
import type { ApiErrorInfo, JobEvent } from '../../../shared/api';
import type { ImportResult, Progress, Verdict } from '../../../shared/types';
import { api, toErrorInfo } from '../api';
import { workspaceDataChanged } from './lifecycle';
import { useEngagement } from './engagement';
import { useNotices } from './notices';

export type JobKind = 'import' | 'verify';
export type JobStatus = 'starting' | 'running' | 'done' | 'error' | 'cancelled';

/** What the engine reports when an import job ends. */
export type ImportOutcome = ImportResult;

export interface JobVerdict {
  bundleId: number;
  verdict: Verdict;
}

export interface Job {
  jobId: string | null;
  kind: JobKind;
  /** what it works on: the bundle path or "the workspace" */
  subject: string;
  status: JobStatus;
  progress: Progress | null;
  startedAt: number;
  /** throughput of the current phase, from a sliding window of samples */
  bytesPerSecond: number | null;
  eventsPerSecond: number | null;
  secondsLeft: number | null;
  importOutcome: ImportOutcome | null;
  verdicts: JobVerdict[];
  error: ApiErrorInfo | null;
  cancelRequested: boolean;
  finishedAt: number | null;
}

interface Sample {
  t: number;
  bytes: number;
  events: number;
}

interface JobsState {
  job: Job | null;
  start: (kind: JobKind, subject: string, arg: { path: string } | { bundleId?: number }) => Promise<void>;
  cancel: () => Promise<void>;
  dismiss: () => void;
}

const WINDOW_MS = 3000;
let samples: Sample[] = [];
let samplePhase = '';
/** events that arrived before startImport/startVerify answered with the job's id */
const early = new Map<string, JobEvent[]>();

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

function readVerdicts(v: unknown): JobVerdict[] {
  if (!Array.isArray(v)) return [];
  return v.filter((x): x is JobVerdict => isRecord(x) && typeof x.bundleId === 'number' && typeof x.verdict === 'string');
}

function readImport(v: unknown): ImportOutcome | null {
  if (!isRecord(v) || (v.status !== 'imported' && v.status !== 'duplicate') || typeof v.bundleId !== 'number') return null;
  return v as unknown as ImportOutcome;
}

function withProgress(job: Job, p: Progress): Job {
  const now = performance.now();
  if (p.phase !== samplePhase) {
    samples = [];
    samplePhase = p.phase;
  }
  samples.push({ t: now, bytes: p.bytesDone, events: p.eventsDone });
  while (samples.length > 2 && now - samples[0]!.t > WINDOW_MS) samples.shift();
  const first = samples[0]!;
  const dt = (now - first.t) / 1000;
  const bytesPerSecond = dt > 0.2 ? (p.bytesDone - first.bytes) / dt : job.bytesPerSecond;
  const eventsPerSecond = dt > 0.2 ? (p.eventsDone - first.events) / dt : p.rate;
  const secondsLeft =
    p.bytesTotal !== null && bytesPerSecond !== null && bytesPerSecond > 0 ? Math.max(0, (p.bytesTotal - p.bytesDone) / bytesPerSecond) : null;
  return { ...job, status: 'running', progress: p, bytesPerSecond, eventsPerSecond, secondsLeft };
}

export const useJobs = create<JobsState>()((set, get) => {
  const apply = (e: JobEvent): void => {
    const job = get().job;
    if (!job || job.jobId !== e.jobId) {
      if (!job || job.jobId === null) early.set(e.jobId, [...(early.get(e.jobId) ?? []), e]);
      return;
    }
    if (job.status === 'done' || job.status === 'error' || job.status === 'cancelled') return;
    if (e.type === 'progress') {
      set({ job: withProgress(job, e.progress) });
    } else if (e.type === 'done') {
      const r = e.result;
      const importOutcome = isRecord(r) ? readImport(r.import) : null;
      const verdicts = isRecord(r) ? readVerdicts(r.verdicts) : readVerdicts(r);
      set({ job: { ...job, status: 'done', importOutcome, verdicts, secondsLeft: 0, finishedAt: Date.now() } });
      void useEngagement.getState().refresh().then(workspaceDataChanged);
    } else {
      const cancelled = job.cancelRequested || /cancel/i.test(e.error.name) || /cancel/i.test(e.error.message);
      set({ job: { ...job, status: cancelled ? 'cancelled' : 'error', error: e.error, finishedAt: Date.now() } });
      // an import shows its error on the Import screen; a verification's goes to a notice
      if (job.kind === 'verify' && !cancelled)
        useNotices.getState().push({
          kind: 'error',
          title: 'Verification stopped',
          message: e.error.message,
          ...(e.error.file ? { file: e.error.file } : {}),
          ...(e.error.line ? { line: e.error.line } : {}),
        });
      void useEngagement.getState().refresh();
    }
  };
  api.onJobEvent(apply);

  return {
    job: null,
    start: async (kind, subject, arg) => {
      samples = [];
      samplePhase = '';
      const job: Job = {
        jobId: null,
        kind,
        subject,
        status: 'starting',
        progress: null,
        startedAt: Date.now(),
        bytesPerSecond: null,
        eventsPerSecond: null,
        secondsLeft: null,
        importOutcome: null,
        verdicts: [],
        error: null,
        cancelRequested: false,
        finishedAt: null,
      };
      set({ job });
      try {
        const { jobId } =
          kind === 'import' ? await api.call('startImport', arg as { path: string }) : await api.call('startVerify', arg as { bundleId?: number });
        set({ job: { ...job, jobId, status: 'running' } });
        const pending = early.get(jobId) ?? [];
        early.clear();
        for (const e of pending) apply(e);
      } catch (err) {
        set({ job: { ...job, status: 'error', error: toErrorInfo(err), finishedAt: Date.now() } });
      }
    },
    cancel: async () => {
      const job = get().job;
      if (!job?.jobId || (job.status !== 'running' && job.status !== 'starting')) return;
      set({ job: { ...job, cancelRequested: true } });
      try {
        await api.call('cancelJob', { jobId: job.jobId });
      } catch (err) {
        set({ job: { ...job, error: toErrorInfo(err) } });
      }
    },
    dismiss: () => {
      const job = get().job;
      if (job && (job.status === 'running' || job.status === 'starting')) return;
      set({ job: null });
    },
  };
});

export function jobActive(job: Job | null): boolean {
  return job !== null && (job.status === 'running' || job.status === 'starting');
}
