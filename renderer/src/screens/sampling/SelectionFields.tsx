import type { SamplePlan } from '../../../../shared/sampling/plan';
import type { Period } from '../../../../shared/sampling/select';
import type { SelectionMethod } from '../../../../shared/session';
import { useSessionDraft } from '../../stores/session-draft';
import { Field } from '../../components/Field';

const METHODS: { id: SelectionMethod; label: string; hint: string }[] = [
  { id: 'simple-random', label: 'Simple random', hint: 'every item equally likely' },
  { id: 'systematic', label: 'Systematic', hint: 'every k-th item from a random start' },
  { id: 'stratified', label: 'Stratified', hint: 'spread across periods' },
  { id: 'all', label: '100 %', hint: 'test every item' },
];

/** How to draw, the auditor's seed value, and an optional documented override of the size. */
export function SelectionFields({ plan, populationSize }: { plan: SamplePlan | null; populationSize: number | null }) {
  const d = useSessionDraft((s) => s.draft);
  const set = useSessionDraft((s) => s.set);
  const overrideSize = Number(d.overrideSize);
  const below = d.overrideOn && plan !== null && Number.isInteger(overrideSize) && overrideSize > 0 && overrideSize < plan.computedSize;
  return (
    <fieldset className="fieldset">
      <legend className="fieldset-title">Selection</legend>
      <div className="segmented segmented-wide" role="radiogroup" aria-label="Selection method">
        {METHODS.map((m) => (
          <label key={m.id} className={`segment${d.selection === m.id ? ' segment-on' : ''}`} title={m.hint}>
            <input type="radio" name="selection" value={m.id} checked={d.selection === m.id} onChange={() => set('selection', m.id)} />
            {m.label}
          </label>
        ))}
      </div>
      {d.selection === 'stratified' ? (
        <Field label="Strata" className="w-md">
          <select className="input" name="period" value={d.period} onChange={(e) => set('period', e.target.value as Period)}>
            <option value="month">by month</option>
            <option value="quarter">by quarter</option>
            <option value="week">by week</option>
          </select>
        </Field>
      ) : null}
      {d.selection === 'all' && populationSize !== null ? (
        <p className="muted small">All {populationSize.toLocaleString('en-US')} items will be listed for testing (no sampling risk).</p>
      ) : null}
      <Field
        label="Your seed value"
        hint="Best chosen before you look at the population (a dice roll noted at kickoff). It is mixed with the verified chain heads into the seed, so the vendor cannot steer the draw; every draw is logged with its value, so a repeated draw shows."
      >
        <input
          className="input mono"
          name="auditor-value"
          value={d.auditorValue}
          onChange={(e) => set('auditorValue', e.target.value)}
          required
          spellCheck={false}
          autoComplete="off"
        />
      </Field>
      {d.selection !== 'all' ? (
        <div className="override">
          <label className="check">
            <input type="checkbox" name="override" checked={d.overrideOn} onChange={(e) => set('overrideOn', e.target.checked)} />
            Override the computed size
          </label>
          {d.overrideOn ? (
            <div className="form-row">
              <Field label="Size" className="w-sm">
                <input
                  className="input num"
                  name="override-size"
                  inputMode="numeric"
                  value={d.overrideSize}
                  onChange={(e) => set('overrideSize', e.target.value)}
                  required
                />
              </Field>
              <Field label="Reason (recorded in the workpaper)" className="grow">
                <input
                  className="input"
                  name="override-reason"
                  value={d.overrideReason}
                  onChange={(e) => set('overrideReason', e.target.value)}
                  required
                />
              </Field>
            </div>
          ) : null}
          {below ? <p className="warn-text">Fewer items than computed: the stated confidence is not achieved.</p> : null}
        </div>
      ) : null}
    </fieldset>
  );
}
