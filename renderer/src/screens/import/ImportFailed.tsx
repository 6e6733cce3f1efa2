import { useJobs, type Job } from '../../stores/jobs';
import { ErrorBox } from '../../components/ErrorBox';

/** Why the import stopped, naming the file and line at fault. */
export function ImportFailed({ job }: { job: Job }) {
  const dismiss = useJobs((s) => s.dismiss);
  const info = job.error ?? { name: 'Error', message: 'The import stopped.' };
  return (
    <div data-testid="import-failed">
      <ErrorBox title={job.status === 'cancelled' ? 'Import cancelled — the workspace is unchanged' : 'The bundle could not be imported'} info={info}>
        <p className="mono muted break">{job.subject}</p>
        <div className="form-actions">
          <button type="button" className="btn" onClick={dismiss}>
            Dismiss
          </button>
        </div>
      </ErrorBox>
    </div>
  );
}
