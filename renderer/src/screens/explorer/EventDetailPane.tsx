import { useId } from 'react';
import { useExplorer } from '../../stores/explorer';
import { useIntegrity } from '../../stores/integrity';
import { useNav } from '../../stores/nav';
import { DefinitionList } from '../../components/DefinitionList';
import { SeverityTag } from '../../components/SeverityTag';
import { Hash } from '../../components/Hash';
import { OriginalRecord } from '../../components/OriginalRecord';
import { fmtTs } from '../../lib/format';

/** The selected event: its fields, where it is in the bundle, its hash check and the original JSON. */
export function EventDetailPane() {
  const detail = useExplorer((s) => s.detail);
  const error = useExplorer((s) => s.detailError);
  const selected = useExplorer((s) => s.selectedIndex);
  const inspectEvent = useIntegrity((s) => s.inspectEvent);
  const load = useIntegrity((s) => s.load);
  const go = useNav((s) => s.go);
  const titleId = useId();
  if (selected === null) {
    return (
      <aside className="panel detail-pane" aria-label="Event detail">
        <div className="panel-body empty">Select an event to see its original record. Use ↑ ↓ or j k in the table.</div>
      </aside>
    );
  }
  const intact = detail ? detail.computedHash !== '' && detail.computedHash === detail.claimedHash : true;
  return (
    <aside className="panel detail-pane" aria-label="Event detail" data-testid="event-detail">
      <header className="panel-head">
        <h2 className="panel-title" id={titleId}>
          {detail ? `${detail.stream} · seq ${detail.seq}` : 'Loading…'}
        </h2>
        {detail ? (
          <div className="panel-actions">
            <button
              type="button"
              className="btn btn-sm"
              onClick={() => {
                void load(detail.bundleId).then(() => inspectEvent(detail.id, detail.findings[0] ?? null));
                go('integrity');
              }}
            >
              Inspect integrity
            </button>
          </div>
        ) : null}
      </header>
      {/* the fields and the record scroll here: a region the keyboard can reach and scroll (WCAG 2.1.1) */}
      <div className="panel-body detail-body" tabIndex={0} role="region" aria-labelledby={titleId}>
        {error ? <p className="warn-text">{error}</p> : null}
        {detail ? (
          <>
            <DefinitionList
              items={[
                [
                  'Time',
                  <span className="num" key="t">
                    {fmtTs(detail.ts)}
                  </span>,
                ],
                ['Category', detail.category],
                [
                  'Action',
                  <span className="mono" key="a">
                    {detail.action}
                  </span>,
                ],
                ['Actor', <span className="mono" key="ac">{`${detail.actorId} (${detail.actorType})`}</span>],
                [
                  'Target',
                  <span className="mono" key="tg">
                    {detail.target ?? '—'}
                  </span>,
                ],
                [
                  'Outcome',
                  <span className={`outcome-${detail.outcome}`} key="o">
                    {detail.outcome}
                  </span>,
                ],
                ['Location', <span className="mono" key="l">{`${detail.file} line ${detail.line}`}</span>],
                ['Hash', <Hash value={detail.claimedHash} short key="h" />],
                [
                  'Integrity',
                  <span className={intact ? 'ok-text' : 'text-failed'} key="i">
                    {intact ? '✓ content matches its hash' : '✕ content does not match its hash'}
                  </span>,
                ],
              ]}
            />
            {detail.findings.length > 0 ? (
              <ul className="finding-list">
                {detail.findings.map((f, i) => (
                  <li key={i} className={`finding finding-${f.severity}`}>
                    <div className="finding-btn finding-static">
                      <SeverityTag severity={f.severity} />
                      <span className="finding-msg">{f.message}</span>
                    </div>
                  </li>
                ))}
              </ul>
            ) : null}
            <OriginalRecord raw={detail.raw} testId="event-json" />
          </>
        ) : null}
      </div>
    </aside>
  );
}
