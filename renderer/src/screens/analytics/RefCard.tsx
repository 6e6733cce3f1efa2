import { useId } from 'react';
import type { ResolvedRef } from '../../../../shared/analytics-view';
import { VerdictBadge } from '../../components/VerdictBadge';
import { DefinitionList } from '../../components/DefinitionList';
import { OriginalRecord } from '../../components/OriginalRecord';
import { Hash } from '../../components/Hash';
import { fmtTs } from '../../lib/format';

/** One reference of an exception with the record it names: the verified event, the evidence row, or the week. */
export function RefCard({ r, index }: { r: ResolvedRef; index: number }) {
  const titleId = useId();
  return (
    <section className="panel analytics-ref" aria-labelledby={titleId} data-testid={`ref-${r.kind}`}>
      <header className="panel-head">
        <h3 className="panel-title" id={titleId}>
          <span className="muted">{r.kind === 'event' ? 'Event' : r.kind === 'evidence' ? 'Evidence row' : 'Week'} · </span>
          <span className="mono">{r.label}</span>
        </h3>
      </header>
      <div className="panel-body">
        {r.kind === 'event' ? <EventRef r={r} index={index} /> : null}
        {r.kind === 'evidence' ? <EvidenceRef r={r} /> : null}
        {r.kind === 'period' ? (
          <p>
            ISO week {r.label.replace(/^week /, '')}: {fmtTs(r.start)} to {fmtTs(r.end)} (Monday 00:00 UTC to the next Monday).
          </p>
        ) : null}
      </div>
    </section>
  );
}

function EventRef({ r, index }: { r: Extract<ResolvedRef, { kind: 'event' }>; index: number }) {
  if (r.events.length === 0) return <p className="warn-text">No event with this stream and seq is in the workspace.</p>;
  return (
    <>
      {r.events.map(({ event: e, raw, verdict, verificationRunId }, i) => (
        <div key={e.id} className="analytics-event">
          <p>
            <VerdictBadge verdict={verdict} />{' '}
            <span className="muted small">
              {verificationRunId === null ? 'bundle never verified' : `bundle #${e.bundleId}, verification run #${verificationRunId}`}
            </span>
          </p>
          <DefinitionList
            items={[
              [
                'Time (UTC)',
                <span className="mono" key="c1">
                  {fmtTs(e.ts)}
                </span>,
              ],
              ['Stream · seq', <span className="mono" key="c2">{`${e.stream} · ${e.seq}`}</span>],
              ['Action', <span className="mono" key="c3">{`${e.category} / ${e.action}`}</span>],
              ['Actor', <span className="mono" key="c4">{`${e.actorId} (${e.actorType})`}</span>],
              [
                'Target',
                <span className="mono break" key="c5">
                  {e.target ?? '—'}
                </span>,
              ],
              ['Outcome', e.outcome],
              ['File · line', <span className="mono break" key="c6">{`${e.file}:${e.line}`}</span>],
            ]}
          />
          <OriginalRecord raw={raw} testId={`ref-raw-${index}-${i}`} />
        </div>
      ))}
    </>
  );
}

function EvidenceRef({ r }: { r: Extract<ResolvedRef, { kind: 'evidence' }> }) {
  if (!r.table)
    return <p className="warn-text">No evidence table in this workspace has the path {String((r.ref as { evidence: string }).evidence)}.</p>;
  return (
    <>
      <DefinitionList
        items={[
          [
            'File',
            <span className="mono break" key="c7">
              {r.table.path}
            </span>,
          ],
          [
            'Kind',
            <span className="mono" key="c8">
              {r.table.kind}
            </span>,
          ],
          ...(r.table.sheet ? ([['Sheet', r.table.sheet]] as [string, string][]) : []),
          [
            'Row',
            <span className="mono" key="c9">
              {r.rowNo}
            </span>,
          ],
          ['SHA-256', <Hash value={r.table.sha256} short key="c10" />],
        ]}
      />
      {r.cells ? (
        <table className="table table-compact analytics-cells" data-testid="evidence-cells" aria-label={`Row ${r.rowNo} of ${r.table.path}`}>
          <thead>
            <tr>
              <th scope="col">Column</th>
              <th scope="col">Value</th>
            </tr>
          </thead>
          <tbody>
            {r.cells.map((c, i) => (
              <tr key={i}>
                <th scope="row" className="analytics-cell-head">
                  {c.header}
                  {c.column && c.column !== c.header ? <span className="muted small mono"> ({c.column})</span> : null}
                </th>
                <td className="mono break">{c.value === '' ? <span className="muted">empty</span> : c.value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="warn-text">The table has no row {r.rowNo}.</p>
      )}
    </>
  );
}
