import { useEffect, useRef } from 'react';
import { useIntegrity } from '../../stores/integrity';
import { SeverityTag } from '../../components/SeverityTag';
import { HashComparison } from './HashComparison';
import { NeighbourTable } from './NeighbourTable';
import { InclusionProof } from './InclusionProof';
import { OriginalRecord } from '../../components/OriginalRecord';

/** The record a finding points at: expected vs found, its neighbours, its Merkle inclusion proof, its JSON. */
export function RecordInspector() {
  const detail = useIntegrity((s) => s.detail);
  const finding = useIntegrity((s) => s.finding);
  const loading = useIntegrity((s) => s.detailLoading);
  const error = useIntegrity((s) => s.detailError);
  const close = useIntegrity((s) => s.closeInspector);
  const inspectEvent = useIntegrity((s) => s.inspectEvent);
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, [detail?.id]);
  return (
    <aside
      className="panel inspector"
      aria-label="Record inspector"
      ref={ref}
      tabIndex={-1}
      data-testid="record-inspector"
      onKeyDown={(e) => e.key === 'Escape' && close()}
    >
      <header className="panel-head">
        <h2 className="panel-title">{detail ? `Record ${detail.stream} · seq ${detail.seq}` : 'Record'}</h2>
        <div className="panel-actions">
          <button type="button" className="btn btn-ghost btn-sm" onClick={close} aria-label="Close the inspector (Esc)">
            ✕
          </button>
        </div>
      </header>
      <div className="panel-body inspector-body">
        {loading && !detail ? <p className="muted">Loading the record…</p> : null}
        {error ? <p className="warn-text">{error}</p> : null}
        {finding ? (
          <div className={`inspector-finding finding-${finding.severity}`}>
            <SeverityTag severity={finding.severity} /> <span className="mono small">{finding.code}</span>
            <p>{finding.message}</p>
          </div>
        ) : null}
        {detail ? (
          <>
            <p className="mono small muted" data-testid="record-location">
              {detail.file} · line {detail.line} · {detail.ts}
            </p>
            <HashComparison detail={detail} finding={finding} />
            <h3 className="subhead">Neighbours in {detail.file}</h3>
            <NeighbourTable rows={detail.neighbours} currentId={detail.id} onOpen={(id) => void inspectEvent(id)} />
            <h3 className="subhead">Merkle inclusion proof</h3>
            <InclusionProof proof={detail.proof} />
            <OriginalRecord raw={detail.raw} testId="record-json" />
          </>
        ) : null}
      </div>
    </aside>
  );
}
