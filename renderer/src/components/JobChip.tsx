import { jobActive, useJobs } from '../stores/jobs';
import { useNav } from '../stores/nav';

/** A small indicator of the running job, visible from every screen. */
export function JobChip() {
  const job = useJobs((s) => s.job);
  const go = useNav((s) => s.go);
  if (!job || !jobActive(job)) return <div className="job-chip-slot" />;
  const p = job.progress;
  const frac = p && p.bytesTotal ? p.bytesDone / p.bytesTotal : null;
  return (
    <button type="button" className="job-chip" onClick={() => go(job.kind === 'import' ? 'import' : 'integrity')} aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {p?.phase === 'verify' ? 'Verifying' : job.kind === 'import' ? 'Importing' : 'Verifying'}
      {frac !== null ? ` ${Math.floor(frac * 100)} %` : '…'}
    </button>
  );
}
