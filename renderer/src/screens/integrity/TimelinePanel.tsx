import { useIntegrity } from '../../stores/integrity';
import { Panel } from '../../components/Panel';
import { TimelineChart } from './TimelineChart';
import { fmtTs } from '../../lib/format';

/** Event counts across the audit window, per stream, with silent intervals and integrity breaks marked. */
export function TimelinePanel() {
  const timeline = useIntegrity((s) => s.timeline);
  const inspect = useIntegrity((s) => s.inspectFinding);
  if (!timeline || timeline.buckets.length === 0) return null;
  const silent = timeline.marks.filter((m) => m.kind === 'silent');
  const breaks = timeline.marks.filter((m) => m.kind === 'break');
  return (
    <Panel
      title="Timeline of events across the audit window"
      id="timeline"
      actions={
        <ul className="legend" aria-label="Streams">
          {timeline.streams.map((s, i) => (
            <li key={s}>
              <span className={`swatch tl-s${i % 6}`} aria-hidden="true" />
              {s}
            </li>
          ))}
          <li>
            <span className="swatch swatch-silent" aria-hidden="true" />
            silent interval
          </li>
          <li>
            <span className="swatch swatch-break" aria-hidden="true" />
            integrity break
          </li>
        </ul>
      }
    >
      <TimelineChart timeline={timeline} />
      {timeline.marks.length > 0 ? (
        <div className="mark-list">
          <span className="muted small">
            {silent.length} silent interval{silent.length === 1 ? '' : 's'}, {breaks.length} break{breaks.length === 1 ? '' : 's'}:
          </span>
          {timeline.marks.slice(0, 12).map((m, i) => (
            <button
              key={i}
              type="button"
              className={`chip chip-${m.kind}`}
              onClick={() => void inspect(m.finding, m.stream)}
              title={m.finding.message}
            >
              {m.kind === 'silent' ? 'Silent' : 'Break'} · {m.stream} · {fmtTs(m.start)}
            </button>
          ))}
          {timeline.marks.length > 12 ? <span className="muted small">and {timeline.marks.length - 12} more (see the findings)</span> : null}
        </div>
      ) : (
        <p className="muted small">No silent intervals and no integrity breaks in this window.</p>
      )}
    </Panel>
  );
}
