import { useEffect, useRef } from 'react';
import { useSampling } from '../../stores/sampling';
import { DefinitionList } from '../../components/DefinitionList';
import { AttributeResults } from './AttributeResults';
import { TickmarkPicker } from './TickmarkPicker';
import { NotesField } from './NotesField';
import { EvidenceLinks } from './EvidenceLinks';
import { prettyJson } from '../../lib/json';
import { fmtTs } from '../../lib/format';

/** The focused item: the event, a result per attribute, tickmarks, notes and evidence. */
export function ItemTester() {
  const v = useSampling((s) => s.view);
  const index = useSampling((s) => s.focusedItem);
  const item = v?.items[index];
  const body = useRef<HTMLDivElement>(null);
  const itemId = item?.id;
  useEffect(() => {
    body.current?.scrollTo({ top: 0 });
  }, [itemId]);
  if (!v || !item) return <div className="panel item-tester empty">No items.</div>;
  const e = item.event;
  const readOnly = v.status !== 'open';
  const status = [
    item.replaced ? `Replaced by item ${item.replaced.byPosition} — not applicable: ${item.replaced.reason}. Not evaluated.` : '',
    item.addition?.kind === 'replacement' ? `Replacement for item ${item.addition.replaces?.position ?? '?'} (${item.addition.reason}).` : '',
    item.addition?.kind === 'extension' ? `Added by extension (${item.addition.reason}).` : '',
    item.editedAfterReview ? 'Edited after review.' : '',
  ].filter(Boolean);
  return (
    <section className="panel item-tester" aria-label={`Item ${item.position}`} data-testid="item-tester" data-position={item.position}>
      <header className="panel-head">
        <h2 className="panel-title">
          Item {item.position} of {v.items.length}
          {item.stratum ? <span className="muted"> · stratum {item.stratum}</span> : null}
        </h2>
        <span className="muted small mono">population index {item.populationIndex}</span>
      </header>
      <div className="panel-body tester-body" ref={body}>
        {status.length > 0 ? (
          <p className="warn-text small" data-testid="item-status">
            {status.join(' ')}
          </p>
        ) : null}
        <AttributeResults item={item} readOnly={readOnly || !!item.replaced} />
        <DefinitionList
          items={[
            [
              'Time',
              <span className="num" key="t">
                {fmtTs(e.ts)}
              </span>,
            ],
            ['Stream · seq', <span className="mono" key="s">{`${e.stream} · ${e.seq}`}</span>],
            [
              'Action',
              <span className="mono" key="a">
                {e.action}
              </span>,
            ],
            ['Actor', <span className="mono" key="ac">{`${e.actorId} (${e.actorType})`}</span>],
            [
              'Target',
              <span className="mono" key="tg">
                {e.target ?? '—'}
              </span>,
            ],
            [
              'Outcome',
              <span className={`outcome-${e.outcome}`} key="o">
                {e.outcome}
              </span>,
            ],
          ]}
        />
        <details className="raw-details">
          <summary>
            Original record <span className="mono muted small">{`${e.file} line ${e.line}`}</span>
          </summary>
          <pre className="json">{prettyJson(e.raw)}</pre>
        </details>
        <TickmarkPicker item={item} legend={v.legend} readOnly={readOnly} />
        <NotesField item={item} readOnly={readOnly} />
        <EvidenceLinks item={item} readOnly={readOnly} />
      </div>
    </section>
  );
}
