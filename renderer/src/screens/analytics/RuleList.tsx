import type { RuleView } from '../../../../shared/analytics-view';
import { useAnalytics } from '../../stores/analytics';
import { Panel } from '../../components/Panel';
import { fmtInt } from '../../lib/format';

/** The rules of the run with their counts: exceptions first, the rules listed for information apart. */
export function RuleList() {
  const view = useAnalytics((s) => s.view);
  if (!view) return null;
  const exceptions = view.rules.filter((r) => r.severity === 'exception');
  const info = view.rules.filter((r) => r.severity === 'info');
  return (
    <Panel title="Rules" id="analytics-rules">
      <RuleTable rules={exceptions} caption="Rules whose findings are exceptions to disposition" testId="rule-table" />
      {info.length > 0 ? (
        <>
          <h3 className="subhead">For information (not exceptions)</h3>
          <RuleTable rules={info} caption="Rules listed for the auditor’s attention" testId="info-rule-table" />
        </>
      ) : null}
    </Panel>
  );
}

function RuleTable({ rules, caption, testId }: { rules: RuleView[]; caption: string; testId: string }) {
  const current = useAnalytics((s) => s.rule);
  const select = useAnalytics((s) => s.selectRule);
  return (
    <table className="table table-compact" data-testid={testId} aria-label={caption}>
      <thead>
        <tr>
          <th scope="col">Rule</th>
          <th scope="col" className="num">
            Found
          </th>
          <th scope="col" className="num" title="exceptions with a disposition, of those found">
            Done
          </th>
        </tr>
      </thead>
      <tbody>
        {rules.map((r) => {
          const on = r.rule === current;
          const notPerformed = r.status === 'not-performed';
          return (
            <tr key={r.rule} className={on ? 'row-current' : ''} data-rule={r.rule} data-count={r.count}>
              <td>
                <button type="button" className="link mono" onClick={() => void select(r.rule)} aria-current={on ? 'true' : undefined}>
                  {r.rule}
                </button>
                <div className="small">{r.title}</div>
                <div className="muted small">{r.criteria.join(', ')}</div>
                {notPerformed ? <div className="warn-text small">Not performed: {r.note ?? 'a required evidence table is missing'}</div> : null}
              </td>
              <td className="num">{notPerformed ? '—' : fmtInt(r.count)}</td>
              <td className="num">{r.count === 0 ? '—' : `${fmtInt(r.dispositioned)} / ${fmtInt(r.count)}`}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
