import { useEffect, useState } from 'react';
import { useJobs, type Job } from '../../stores/jobs';
import { Panel } from '../../components/Panel';
import { Kbd } from '../../components/Kbd';
import { fmtBytes, fmtDuration, fmtInt, fmtRate } from '../../lib/format';

const PHASES: Record<string, string> = {
  import: 'Importing and verifying events',
  index: 'Building the filter indexes',
  verify: 'Verifying hash chains, Merkle trees, checkpoints and evidence',
};

/** Progress of an import or verification job: bar, events, MB/s, time left; Esc or the button cancels. */
export function JobProgress({ job }: { job: Job }) {
  const cancel = useJobs((s) => s.cancel);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = window.setInterval(() => setNow(Date.now()), 500);
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') void cancel();
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.clearInterval(t);
      window.removeEventListener('keydown', onKey);
    };
  }, [cancel]);
  const p = job.progress;
  const max = p?.bytesTotal ?? undefined;
  return (
    <Panel title={job.kind === 'import' ? 'Importing' : 'Verifying'} id="job-progress">
      <div className="progress-block" data-testid="job-progress">
        <div className="progress-phase">
          <strong>{p ? (PHASES[p.phase] ?? p.phase) : 'Starting…'}</strong>
          {p?.file ? <span className="mono muted"> · {p.file}</span> : null}
        </div>
        {max !== undefined ? (
          <progress className="progress" value={p?.bytesDone ?? 0} max={max} aria-label="Progress" />
        ) : (
          <progress className="progress" aria-label="Progress" />
        )}
        <dl className="progress-stats">
          <div>
            <dt>Events</dt>
            <dd className="num">{fmtInt(p?.eventsDone ?? 0)}</dd>
          </div>
          <div>
            <dt>Read</dt>
            <dd className="num nowrap">
              {fmtBytes(p?.bytesDone ?? 0)}
              {p?.bytesTotal ? <span className="muted"> of {fmtBytes(p.bytesTotal)}</span> : null}
            </dd>
          </div>
          <div>
            <dt>Throughput</dt>
            <dd className="num">{fmtRate(job.bytesPerSecond === null ? null : job.bytesPerSecond / 1024 / 1024, 'MB/s')}</dd>
          </div>
          <div>
            <dt>Events/s</dt>
            <dd className="num">{fmtRate(job.eventsPerSecond ?? p?.rate ?? null, '/s')}</dd>
          </div>
          <div>
            <dt>Elapsed</dt>
            <dd className="num">{fmtDuration((now - job.startedAt) / 1000)}</dd>
          </div>
          <div>
            <dt>Time left</dt>
            <dd className="num">{fmtDuration(job.secondsLeft)}</dd>
          </div>
        </dl>
        <div className="form-actions">
          <button type="button" className="btn btn-danger" onClick={() => void cancel()} disabled={job.cancelRequested || job.jobId === null}>
            {job.cancelRequested ? 'Cancelling…' : 'Cancel'}
          </button>
          <span className="muted">
            <Kbd>Esc</Kbd> cancels. A cancelled import leaves the workspace as it was.
          </span>
        </div>
      </div>
    </Panel>
  );
}
