import type { Finding } from '../../../../shared/types';
import { useIntegrity } from '../../stores/integrity';
import { SeverityTag } from '../../components/SeverityTag';

/** A finding; when it points at a record, activating it opens that record in the inspector. */
export function FindingRow({ finding, streamId }: { finding: Finding; streamId?: string }) {
  const inspect = useIntegrity((s) => s.inspectFinding);
  const selected = useIntegrity((s) => s.finding === finding);
  const locatable = (finding.stream ?? streamId) !== undefined && (finding.seq !== undefined || finding.line !== undefined);
  const where = [finding.file, finding.line !== undefined ? `line ${finding.line}` : null, finding.seq !== undefined ? `seq ${finding.seq}` : null]
    .filter(Boolean)
    .join(' · ');
  const body = (
    <>
      <SeverityTag severity={finding.severity} />
      <span className="finding-code mono">{finding.code}</span>
      <span className="finding-msg">{finding.message}</span>
      {where ? <span className="finding-where mono">{where}</span> : null}
    </>
  );
  return (
    <li className={`finding finding-${finding.severity}${selected ? ' finding-selected' : ''}`}>
      {locatable ? (
        <button type="button" className="finding-btn" onClick={() => void inspect(finding, streamId)} data-testid="finding" data-code={finding.code}>
          {body}
          <span className="finding-go" aria-hidden="true">
            →
          </span>
        </button>
      ) : (
        <div className="finding-btn finding-static" data-testid="finding" data-code={finding.code}>
          {body}
        </div>
      )}
    </li>
  );
}
