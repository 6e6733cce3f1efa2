import { useEffect, useState, type FormEvent } from 'react';
import { isStreamRef } from '../../../../shared/analytics';
import { useAnalytics } from '../../stores/analytics';
import { useSampling } from '../../stores/sampling';
import { useSessionDraft } from '../../stores/session-draft';
import { useNav } from '../../stores/nav';
import { Field } from '../../components/Field';

/** One action: the events the selected rule's exceptions reference become a frozen population, and the
 *  Sampling screen opens with it chosen for a new session. */
export function PopulationFromRule() {
  const view = useAnalytics((s) => s.view);
  const ruleId = useAnalytics((s) => s.rule);
  const page = useAnalytics((s) => s.page);
  const saving = useAnalytics((s) => s.saving);
  const make = useAnalytics((s) => s.makePopulation);
  const go = useNav((s) => s.go);
  const suggested = view && ruleId ? `${ruleId} exceptions, run #${view.run.runId}` : '';
  const [name, setName] = useState(suggested);
  useEffect(() => setName(suggested), [suggested]);
  const rule = view?.rules.find((r) => r.rule === ruleId);
  // a population is made of events: a rule whose exceptions name only evidence rows or weeks has none
  const hasEvents = page?.rows.some((x) => x.refs.some(isStreamRef)) ?? false;
  if (!rule) return null;
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const p = await make(name.trim());
    if (!p) return;
    await useSampling.getState().load();
    const draft = useSessionDraft.getState();
    draft.set('populationId', p.id);
    if (draft.draft.controlId === '') draft.set('controlId', rule.criteria[0] ?? '');
    if (draft.draft.name === '') draft.set('name', `Follow-up: ${rule.rule}`);
    go('sampling');
  };
  return (
    <form className="form analytics-population" onSubmit={(e) => void submit(e)} data-testid="population-from-rule">
      <div className="form-row form-row-end">
        <Field label="Population name" className="grow">
          <input className="input" name="exception-population-name" value={name} onChange={(e) => setName(e.target.value)} required />
        </Field>
        <button type="submit" className="btn" disabled={saving || !hasEvents || name.trim() === ''} data-testid="make-population">
          Make a population
        </button>
      </div>
      <p className="muted small">
        {hasEvents
          ? 'The events these exceptions reference are frozen as a population (members, order and digest recorded) and the Sampling screen opens with it.'
          : 'These exceptions reference evidence rows or weeks, not events: there is no population of events to make.'}
      </p>
    </form>
  );
}
