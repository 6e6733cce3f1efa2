import { useJobs, type Job } from '../../stores/jobs';
import { useNav } from '../../stores/nav';
import { Panel } from '../../components/Panel';
import { DefinitionList } from '../../components/DefinitionList';
import { VerdictBadge } from '../../components/VerdictBadge';
import { fmtBytes, fmtDuration, fmtInt } from '../../lib/format';

export function ImportDone({ job }: { job: Job }) {
  const go = useNav((s) => s.go);
  const dismiss = useJobs((s) => s.dismiss);
  const r = job.importOutcome;
  const verdict = r ? (job.verdicts.find((v) => v.bundleId === r.bundleId)?.verdict ?? null) : null;
  return (
    <Panel
      title={r?.status === 'duplicate' ? 'Already imported' : 'Imported and verified'}
      id="import-done"
      actions={
        <>
          <button type="button" className="btn" onClick={dismiss}>
            Import another
          </button>
          <button type="button" className="btn btn-primary" onClick={() => go('integrity')} data-testid="review-integrity">
            Review integrity →
          </button>
        </>
      }
    >
      <div className="done-summary" data-testid="import-done">
        {verdict ? <VerdictBadge verdict={verdict} large /> : null}
        <p>{r?.message ?? 'The job finished.'}</p>
      </div>
      {r ? (
        <DefinitionList
          className="deflist-cols"
          items={[
            ['Bundle', `#${r.bundleId}`],
            [
              'Source',
              <span className="mono break" key="s">
                {job.subject}
              </span>,
            ],
            [
              'Events',
              <span className="num" key="e">
                {fmtInt(r.events)}
              </span>,
            ],
            ['Streams', fmtInt(r.streams)],
            ['Evidence files', fmtInt(r.evidenceFiles)],
            ['Bytes', fmtBytes(r.bytes)],
            ['Import time', fmtDuration(r.seconds)],
          ]}
        />
      ) : null}
    </Panel>
  );
}
