import { useAnalytics } from '../../stores/analytics';
import { Panel } from '../../components/Panel';
import { Empty } from '../../components/Empty';
import { RefCard } from './RefCard';
import { DispositionForm } from './DispositionForm';

/** The selected exception: its records side by side (the verified event, the evidence row), then the disposition. */
export function ExceptionDetailPane() {
  const key = useAnalytics((s) => s.key);
  const detail = useAnalytics((s) => (s.detail?.exception.key === s.key ? s.detail : null));
  if (!key) return null;
  if (!detail)
    return (
      <Panel title="Exception" id="analytics-exception">
        <Empty>Loading…</Empty>
      </Panel>
    );
  const x = detail.exception;
  return (
    <Panel title={x.severity === 'info' ? 'Item for information' : 'Exception'} id="analytics-exception">
      <div data-testid="exception-detail" data-key={x.key}>
        <p className="analytics-message">{x.message}</p>
        <p className="muted small">
          <span className="mono">{x.rule}</span> · {detail.ruleTitle} · {x.criteria.join(', ')}
          {detail.ruleRefs ? ` · references ${detail.ruleRefs}` : ''}
        </p>
        <div className="analytics-refs">
          {detail.refs.map((r, i) => (
            <RefCard key={i} r={r} index={i} />
          ))}
        </div>
        {x.severity === 'exception' ? (
          <DispositionForm detail={detail} />
        ) : (
          <p className="muted small">Listed for information: no disposition needed.</p>
        )}
      </div>
    </Panel>
  );
}
