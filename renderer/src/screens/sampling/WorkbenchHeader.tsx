import { useSampling } from '../../stores/sampling';
import { VerdictBadge } from '../../components/VerdictBadge';
import { StatusBadge } from './StatusBadge';
import { SourceGrades } from './SourceGrades';
import { custodyOnlyNotice } from '../../../../shared/source-grade';
import { fmtInt, fmtPct, shortHash } from '../../lib/format';

const METHOD: Record<string, string> = { 'simple-random': 'simple random', systematic: 'systematic', stratified: 'stratified', all: '100 %' };

export function WorkbenchHeader() {
  const v = useSampling((s) => s.view);
  const close = useSampling((s) => s.closeSession);
  if (!v) return null;
  const tested = v.items.filter((i) => v.attributes.every((a) => i.results[a.id] !== undefined)).length;
  return (
    <header className="wb-head">
      <div className="wb-title">
        <button type="button" className="btn btn-ghost btn-sm" onClick={close}>
          ← Sessions
        </button>
        <h1>{v.name}</h1>
        <StatusBadge status={v.status} />
        <span className="muted">
          {v.control.id ? <span className="mono">{v.control.id}</span> : null} {v.control.description}
        </span>
      </div>
      <dl className="wb-facts">
        <div>
          <dt>Population</dt>
          <dd>
            {v.population.name} · <span className="num">{fmtInt(v.population.size)}</span> <VerdictBadge verdict={v.population.integrity} />
            <SourceGrades sources={v.population.sources} />
          </dd>
        </div>
        <div>
          <dt>Plan</dt>
          <dd className="num">
            n = {fmtInt(v.plan.size)}
            {v.plan.override ? ` (override of ${fmtInt(v.plan.computedSize)})` : ''} · {Math.round(v.plan.confidence * 100)} % · T{' '}
            {fmtPct(v.plan.tolerableRate)} · {v.plan.method}
          </dd>
        </div>
        <div>
          <dt>Selection</dt>
          <dd>
            {METHOD[v.selection.method] ?? v.selection.method}
            {v.selection.period ? ` by ${v.selection.period}` : ''} · seed{' '}
            <span className="mono" title={v.seedMaterial}>
              {shortHash(v.seed, 8)}
            </span>
          </dd>
        </div>
        <div>
          <dt>Progress</dt>
          <dd className="num" data-testid="wb-progress">
            {fmtInt(tested)} of {fmtInt(v.items.length)} items fully tested
          </dd>
        </div>
      </dl>
      {custodyOnlyNotice(v.population.sources) ? (
        <p className="warn-text small" data-testid="custody-only-notice">
          {custodyOnlyNotice(v.population.sources)}
        </p>
      ) : null}
      {v.status !== 'open' ? <p className="locked">Signed off ({v.status}). Reopen the session, with a reason, to change results.</p> : null}
    </header>
  );
}
