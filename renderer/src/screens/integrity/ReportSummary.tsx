import type { VerificationReport } from '../../../../shared/types';
import { jobActive, useJobs } from '../../stores/jobs';
import { useExports } from '../../stores/exports';
import { VerdictBadge } from '../../components/VerdictBadge';
import { VerifyProgress } from './VerifyProgress';
import { fmtBytes, fmtInt, fmtTs } from '../../lib/format';

const SIGNATURE: Record<VerificationReport['manifest']['signature'], string> = {
  verified: 'Signed by a pinned key',
  'valid-unpinned': 'Valid, but by a key you have not pinned',
  invalid: 'Invalid signature',
  missing: 'Not signed',
};

const VERDICT_SENTENCE: Record<VerificationReport['verdict'], string> = {
  verified: 'Every chain, Merkle root, checkpoint and evidence hash holds, and a pinned key signed them.',
  failed: 'Something was altered, removed, inserted, reordered, forged or is missing. See the findings below.',
  unverifiable: 'Internally consistent, but no pinned key vouches for it.',
};

export function ReportSummary({ report, bundleId }: { report: VerificationReport; bundleId: number }) {
  const start = useJobs((s) => s.start);
  const job = useJobs((s) => s.job);
  const exportReport = useExports((s) => s.exportReport);
  const exporting = useExports((s) => s.busy === `report-${bundleId}`);
  const verifying = jobActive(job);
  const lastExport = useExports((s) => s.done.find((d) => d.kind === 'report' && d.label === `bundle-${bundleId}`));
  return (
    <section className={`summary summary-${report.verdict}`} aria-label="Verification summary" data-testid="report-summary">
      <div className="summary-verdict">
        <VerdictBadge verdict={report.verdict} large />
        <p>{VERDICT_SENTENCE[report.verdict]}</p>
      </div>
      <dl className="summary-facts">
        <div>
          <dt>Tenant</dt>
          <dd>{report.bundle.tenant ?? '—'}</dd>
        </div>
        <div>
          <dt>Audit window</dt>
          <dd className="num">
            {report.bundle.auditWindow ? (
              <>
                <span className="nowrap">{fmtTs(report.bundle.auditWindow.start)}</span> –{' '}
                <span className="nowrap">{fmtTs(report.bundle.auditWindow.end)}</span>
              </>
            ) : (
              '—'
            )}
          </dd>
        </div>
        <div>
          <dt>Manifest</dt>
          <dd>{SIGNATURE[report.manifest.signature]}</dd>
        </div>
        <div>
          <dt>Events</dt>
          <dd className="num">
            {fmtInt(report.totals.events)} · {fmtBytes(report.totals.bytes)}
          </dd>
        </div>
        <div>
          <dt>Findings</dt>
          <dd className="num">
            <span className={report.totals.errors > 0 ? 'text-failed' : ''}>{fmtInt(report.totals.errors)} errors</span> ·{' '}
            {fmtInt(report.totals.warnings)} warnings
          </dd>
        </div>
        <div>
          <dt>Checked</dt>
          <dd className="num">
            <span className="nowrap">{fmtTs(report.finishedAt)}</span> ·{' '}
            <span className="nowrap">
              {report.tool.name} {report.tool.version}
            </span>
          </dd>
        </div>
      </dl>
      <div className="summary-actions">
        <button type="button" className="btn" onClick={() => void start('verify', 'the workspace', { bundleId })} disabled={verifying}>
          {verifying ? 'Verifying…' : 'Re-verify'}
        </button>
        <button type="button" className="btn" onClick={() => void exportReport(bundleId, `bundle-${bundleId}`)} disabled={exporting}>
          Export report…
        </button>
        <VerifyProgress />
        {lastExport ? (
          <span className="muted mono small break" title="Saved">
            Saved: {lastExport.path}
          </span>
        ) : null}
      </div>
    </section>
  );
}
