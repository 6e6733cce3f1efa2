import { describeRef } from '../../../../shared/analytics';
import { EXCEPTION_PAGE, useAnalytics } from '../../stores/analytics';
import { Panel } from '../../components/Panel';
import { Empty } from '../../components/Empty';
import { fmtInt } from '../../lib/format';
import { DispositionBadge } from './DispositionBadge';
import { PopulationFromRule } from './PopulationFromRule';

/** The selected rule's exceptions (a page at a time), each with its references and current disposition. */
export function ExceptionList() {
  const view = useAnalytics((s) => s.view);
  const ruleId = useAnalytics((s) => s.rule);
  const page = useAnalytics((s) => s.page);
  const current = useAnalytics((s) => s.key);
  const select = useAnalytics((s) => s.selectException);
  const selectRule = useAnalytics((s) => s.selectRule);
  const rule = view?.rules.find((r) => r.rule === ruleId);
  if (!rule) return <Panel title="Exceptions">{null}</Panel>;
  const noun = rule.severity === 'info' ? 'items' : 'exceptions';
  return (
    <Panel title={<span className="mono">{rule.rule}</span>} id="analytics-exceptions">
      <p className="small">{rule.description}</p>
      <p className="muted small">References: {rule.refs}</p>
      {!page ? <Empty>Loading…</Empty> : null}
      {page && page.total === 0 ? <Empty>{rule.status === 'not-performed' ? `Not performed: ${rule.note ?? ''}` : `No ${noun}.`}</Empty> : null}
      {page && page.total > 0 ? (
        <>
          <table className="table table-compact" data-testid="exception-table" aria-label={`The ${noun} of ${rule.rule}`}>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Finding</th>
                <th scope="col">Disposition</th>
              </tr>
            </thead>
            <tbody>
              {page.rows.map((x, i) => {
                const on = x.key === current;
                return (
                  <tr key={x.key} className={on ? 'row-current' : ''} data-key={x.key}>
                    <td className="num">{page.offset + i + 1}</td>
                    <td>
                      <button
                        type="button"
                        className="link analytics-finding"
                        onClick={() => void select(x.key)}
                        aria-current={on ? 'true' : undefined}
                      >
                        {x.message}
                      </button>
                      <div className="muted small mono">{x.refs.map(describeRef).join(' · ')}</div>
                    </td>
                    <td>
                      <DispositionBadge disposition={x.disposition} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {page.total > EXCEPTION_PAGE ? (
            <div className="form-actions small">
              <span className="muted">
                {fmtInt(page.offset + 1)}–{fmtInt(page.offset + page.rows.length)} of {fmtInt(page.total)}
              </span>
              <button
                type="button"
                className="btn btn-sm"
                disabled={page.offset === 0}
                onClick={() => void selectRule(rule.rule, page.offset - EXCEPTION_PAGE)}
              >
                Previous
              </button>
              <button
                type="button"
                className="btn btn-sm"
                disabled={page.offset + page.rows.length >= page.total}
                onClick={() => void selectRule(rule.rule, page.offset + EXCEPTION_PAGE)}
              >
                Next
              </button>
            </div>
          ) : null}
          <PopulationFromRule />
        </>
      ) : null}
    </Panel>
  );
}
