import { useJobs } from '../../stores/jobs';
import { ImportForm } from './ImportForm';
import { JobProgress } from './JobProgress';
import { ImportDone } from './ImportDone';
import { ImportFailed } from './ImportFailed';

/** Bring a vendor bundle into the workspace; it is verified as soon as it is imported. */
export function ImportScreen() {
  const job = useJobs((s) => s.job);
  const showJob = job && job.kind === 'import';
  return (
    <div className="screen" data-testid="screen-import">
      <div className="screen-head">
        <h1>Import</h1>
        <p className="screen-lede">
          Give the bundle the vendor exported — a folder or a .zip. Tickmark copies every event and file into the workspace, never changes the
          original, and verifies it at once.
        </p>
      </div>
      {showJob && (job.status === 'starting' || job.status === 'running') ? <JobProgress job={job} /> : null}
      {showJob && job.status === 'done' ? <ImportDone job={job} /> : null}
      {showJob && (job.status === 'error' || job.status === 'cancelled') ? <ImportFailed job={job} /> : null}
      {!showJob || job.status === 'done' || job.status === 'error' || job.status === 'cancelled' ? <ImportForm /> : null}
    </div>
  );
}
