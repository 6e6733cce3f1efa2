import { jobActive, useJobs } from '../../stores/jobs';
import { fmtInt, fmtRate } from '../../lib/format';

/** A verification running in the background: a thin bar with events and throughput; the screen stays usable. */
export function VerifyProgress() {
  const job = useJobs((s) => s.job);
  const cancel = useJobs((s) => s.cancel);
  if (!job || job.kind !== 'verify' || !jobActive(job)) return null;
  const p = job.progress;
  return (
    <div className="verify-progress" role="status" aria-live="polite">
      <span className="spinner spinner-dark" aria-hidden="true" />
      <span>Verifying {p?.file ? <span className="mono small">{p.file}</span> : '…'}</span>
      {p?.bytesTotal ? (
        <progress className="progress" value={p.bytesDone} max={p.bytesTotal} aria-label="Verification progress" />
      ) : (
        <progress className="progress" aria-label="Verification progress" />
      )}
      <span className="num small nowrap">
        {fmtInt(p?.eventsDone ?? 0)} events · {fmtRate(job.bytesPerSecond === null ? null : job.bytesPerSecond / 1048576, 'MB/s')}
      </span>
      <button type="button" className="btn btn-sm btn-danger" onClick={() => void cancel()} disabled={job.cancelRequested}>
        Cancel
      </button>
    </div>
  );
}
