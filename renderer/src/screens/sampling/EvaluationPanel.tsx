import { useSampling } from '../../stores/sampling';
import { Panel } from '../../components/Panel';
import { fmtInt, fmtPct } from '../../lib/format';

/** Per attribute: deviations found, the upper deviation limit, and whether the test supports reliance. */
export function EvaluationPanel() {
  const v = useSampling((s) => s.view);
  if (!v) return null;
  const failing = v.evaluation.filter((a) => a.evaluation?.conclusion === 'does-not-support');
  const complete = v.evaluation.every((a) => a.untested === 0);
  return (
    <Panel title="Evaluation" id="evaluation">
      <ul className="eval-list" data-testid="evaluation">
        {v.evaluation.map((a, i) => {
          const ev = a.evaluation;
          const state = a.untested > 0 || !ev ? 'pending' : ev.conclusion;
          return (
            <li key={a.attributeId} className={`eval eval-${state}`} data-state={state}>
              <div className="eval-head">
                <span className="attr-num">{i + 1}</span>
                <span className="eval-name">{a.name}</span>
              </div>
              <dl className="eval-facts num">
                <div>
                  <dt>Tested</dt>
                  <dd>{fmtInt(a.tested)}</dd>
                </div>
                <div>
                  <dt>Deviations</dt>
                  <dd className={a.deviations > 0 ? 'text-failed' : ''}>{fmtInt(a.deviations)}</dd>
                </div>
                <div>
                  <dt>N/A</dt>
                  <dd>{fmtInt(a.notApplicable)}</dd>
                </div>
                <div>
                  <dt>Untested</dt>
                  <dd>{fmtInt(a.untested)}</dd>
                </div>
                {ev ? (
                  <>
                    <div>
                      <dt>{ev.method === 'census' ? 'Rate (census)' : 'Upper limit'}</dt>
                      <dd>{fmtPct(ev.upperDeviationLimitTable)}</dd>
                    </div>
                    <div>
                      <dt>Tolerable</dt>
                      <dd>{fmtPct(ev.tolerableRate)}</dd>
                    </div>
                  </>
                ) : null}
              </dl>
              <p className="eval-conclusion">
                {state === 'pending'
                  ? `${fmtInt(a.untested)} result${a.untested === 1 ? '' : 's'} still to record.`
                  : state === 'supports-reliance'
                    ? '✓ Supports reliance on the control.'
                    : '✕ Does not support reliance on the control.'}
              </p>
              {ev ? (
                <details>
                  <summary className="small">Formula</summary>
                  <p className="formula">{ev.formula}</p>
                  <p className="small">{ev.explanation}</p>
                  {a.stratified ? (
                    <p className="small" data-testid="stratified-basis">
                      By stratum: {a.stratified.strata.map((h) => `${h.label} ${fmtInt(h.deviations)}/${fmtInt(h.tested)}`).join(', ')}.{' '}
                      {a.stratified.basis}
                    </p>
                  ) : null}
                </details>
              ) : null}
            </li>
          );
        })}
      </ul>
      <p className={`conclusion ${!complete ? 'muted' : failing.length ? 'text-failed' : 'ok-text'}`} data-testid="conclusion">
        {!complete
          ? 'Conclusion: pending until every result is recorded.'
          : failing.length
            ? `Conclusion: ${failing.length} attribute${failing.length === 1 ? '' : 's'} do${failing.length === 1 ? 'es' : ''} not support reliance; the control did not operate effectively as tested.`
            : 'Conclusion: every attribute supports reliance; the control operated effectively as tested.'}
      </p>
    </Panel>
  );
}
