import type { FormEvent } from 'react';
import { useSampling } from '../../stores/sampling';
import { pctValue, useSessionDraft } from '../../stores/session-draft';
import { Panel } from '../../components/Panel';
import { Field } from '../../components/Field';
import { AttributeEditor } from './AttributeEditor';
import { PlanFields } from './PlanFields';
import { PlanResult } from './PlanResult';
import { SelectionFields } from './SelectionFields';
import { usePlanPreview } from './usePlanPreview';

/** Control, attributes, plan, selection, seed: everything a reviewer needs to re-perform the draw. */
export function NewSessionForm() {
  const d = useSessionDraft((s) => s.draft);
  const set = useSessionDraft((s) => s.set);
  const reset = useSessionDraft((s) => s.reset);
  const populations = useSampling((s) => s.populations);
  const create = useSampling((s) => s.createSession);
  const busy = useSampling((s) => s.busy);
  const population = populations.find((p) => p.id === d.populationId) ?? null;
  const { plan, error } = usePlanPreview(d, population?.size ?? null);
  const T = pctValue(d.tolerablePct);
  const pE = pctValue(d.expectedPct);
  const overrideSize = Number(d.overrideSize);
  const overrideOk = !d.overrideOn || (Number.isInteger(overrideSize) && overrideSize > 0 && d.overrideReason.trim() !== '');
  const attrs = d.attributes.map((a) => a.trim()).filter((a) => a !== '');
  const ready =
    population !== null &&
    d.name.trim() !== '' &&
    attrs.length > 0 &&
    d.auditorValue.trim() !== '' &&
    T !== null &&
    T > 0 &&
    pE !== null &&
    overrideOk &&
    (plan !== null || d.selection === 'all');

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (!ready || !population || T === null || pE === null) return;
    const ok = await create({
      populationId: population.id,
      name: d.name.trim(),
      control: { id: d.controlId.trim(), description: d.controlDescription.trim(), objective: d.objective.trim() },
      attributes: attrs.map((name) => ({ name })),
      plan: { confidence: d.confidence, tolerableRate: T, expectedRate: pE, method: d.method },
      ...(d.overrideOn ? { override: { size: overrideSize, reason: d.overrideReason.trim() } } : {}),
      selection: d.selection === 'stratified' ? { method: 'stratified', period: d.period } : { method: d.selection },
      auditorValue: d.auditorValue.trim(),
    });
    if (ok) reset();
  };

  return (
    <Panel title="New sampling session" id="new-session">
      <form className="form" onSubmit={(e) => void submit(e)} data-testid="new-session">
        <div className="form-row">
          <Field label="Population" className="grow">
            <select
              className="input"
              name="population"
              value={d.populationId ?? ''}
              onChange={(e) => set('populationId', e.target.value ? Number(e.target.value) : null)}
              required
            >
              <option value="">Choose a population…</option>
              {populations.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name} ({p.size.toLocaleString('en-US')} events)
                </option>
              ))}
            </select>
          </Field>
          <Field label="Session name" className="grow">
            <input
              className="input"
              name="session-name"
              value={d.name}
              onChange={(e) => set('name', e.target.value)}
              placeholder="CC6.1 privileged access — H1"
              required
            />
          </Field>
        </div>
        {population && population.integrity !== 'verified' ? (
          <p className="warn-text">
            This population includes {population.integrity === 'failed' ? 'a stream that FAILED verification' : 'streams that are not verified'}:
            results drawn from it carry that qualification in the workpaper.
          </p>
        ) : null}
        <fieldset className="fieldset">
          <legend className="fieldset-title">Control</legend>
          <div className="form-row">
            <Field label="Control ID" className="w-sm">
              <input
                className="input mono"
                name="control-id"
                value={d.controlId}
                onChange={(e) => set('controlId', e.target.value)}
                placeholder="CC6.1"
              />
            </Field>
            <Field label="Description" className="grow">
              <input
                className="input"
                name="control-description"
                value={d.controlDescription}
                onChange={(e) => set('controlDescription', e.target.value)}
                placeholder="Privileged access requires an approved request"
              />
            </Field>
          </div>
          <Field label="Test objective">
            <input
              className="input"
              name="objective"
              value={d.objective}
              onChange={(e) => set('objective', e.target.value)}
              placeholder="Each privileged action was authorized and attributable"
            />
          </Field>
          <AttributeEditor />
        </fieldset>
        <PlanFields />
        <PlanResult plan={plan} error={error} />
        <SelectionFields plan={plan} populationSize={population?.size ?? null} />
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={!ready || busy} data-testid="draw-sample">
            {busy ? 'Drawing…' : 'Draw sample'}
          </button>
          {!ready ? <span className="muted small">Choose a population, name the session and its attributes, and give your seed value.</span> : null}
        </div>
      </form>
    </Panel>
  );
}
