import { useState, type FormEvent } from 'react';
import { useExplorer } from '../../stores/explorer';
import { useSampling } from '../../stores/sampling';
import { useSessionDraft } from '../../stores/session-draft';
import { useNav } from '../../stores/nav';
import { Panel } from '../../components/Panel';
import { Field } from '../../components/Field';
import { VerdictBadge } from '../../components/VerdictBadge';
import { SourceGrades } from './SourceGrades';
import { completenessText } from '../../../../shared/completeness';
import type { PopulationInfo } from '../../../../shared/session';

/** What verification found about the completeness of the population's streams, in one line (null: nothing). */
function completenessOfPopulation(p: PopulationInfo): string | null {
  const parts = p.streams.flatMap((s) => {
    const t = completenessText(s.completeness);
    return t ? [`${s.stream}: ${t}`] : [];
  });
  return parts.length ? parts.join(' · ') : null;
}
import { FilterSummary } from './FilterSummary';
import { fmtDate, fmtInt } from '../../lib/format';

/** Define a population from the explorer's current filter; the populations defined so far. */
export function PopulationPanel() {
  const filter = useExplorer((s) => s.filter);
  const total = useExplorer((s) => s.total);
  const populations = useSampling((s) => s.populations);
  const define = useSampling((s) => s.definePopulation);
  const busy = useSampling((s) => s.busy);
  const go = useNav((s) => s.go);
  const [name, setName] = useState('');
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const p = await define(name.trim(), filter);
    if (p) {
      setName('');
      useSessionDraft.getState().set('populationId', p.id);
    }
  };
  return (
    <Panel title="Populations" id="populations">
      <form className="form" onSubmit={(e) => void submit(e)} data-testid="define-population">
        <div className="filter-now">
          <span className="field-label">Explorer filter now</span>
          <FilterSummary filter={filter} />
          <span className="muted small">
            {total === null ? '' : `${fmtInt(total)} events`} ·{' '}
            <button type="button" className="link" onClick={() => go('explorer')}>
              change in Explorer
            </button>
          </span>
        </div>
        <div className="form-row form-row-end">
          <Field label="Population name" className="grow">
            <input
              className="input"
              name="population-name"
              value={name}
              onChange={(e) => setName(e.target.value)}
              placeholder="Privileged admin actions, H1 2026"
              required
            />
          </Field>
          <button type="submit" className="btn" disabled={busy || name.trim() === ''}>
            Define population
          </button>
        </div>
        <p className="muted small">
          A population is frozen when defined: its members, their order and a digest are recorded so anyone can re-perform the draw.
        </p>
      </form>
      {populations.length > 0 ? (
        <table className="table table-compact" data-testid="population-table">
          <thead>
            <tr>
              <th scope="col">Population</th>
              <th scope="col" className="num">
                Events
              </th>
              <th scope="col">Integrity</th>
              <th scope="col">Digest</th>
            </tr>
          </thead>
          <tbody>
            {populations.map((p) => (
              <tr key={p.id}>
                <td>
                  <div title={JSON.stringify(p.filter)}>{p.name}</div>
                  <div className="muted small num">
                    {fmtDate(p.firstTs)} – {fmtDate(p.lastTs)}
                  </div>
                </td>
                <td className="num">{fmtInt(p.size)}</td>
                <td>
                  <VerdictBadge verdict={p.integrity} />
                  <SourceGrades sources={p.sources} />
                  {completenessOfPopulation(p) ? (
                    <div className="small warn-text" data-testid="population-completeness">
                      Completeness: {completenessOfPopulation(p)}
                    </div>
                  ) : null}
                </td>
                <td className="mono small nowrap" title={`SHA-256 ${p.digest}`}>
                  {p.digest.slice(0, 10)}…
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </Panel>
  );
}
