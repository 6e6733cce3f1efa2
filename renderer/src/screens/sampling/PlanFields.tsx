import type { PlanMethod } from '../../../../shared/sampling/plan';
import { useSessionDraft } from '../../stores/session-draft';
import { Field } from '../../components/Field';

const CONFIDENCES = [0.9, 0.95, 0.99];
const METHODS: { id: PlanMethod; label: string }[] = [
  { id: 'binomial', label: 'Binomial' },
  { id: 'hypergeometric', label: 'Hypergeometric' },
  { id: 'poisson', label: 'Poisson' },
];

/** Confidence, tolerable and expected deviation rates, and the statistical method. */
export function PlanFields() {
  const d = useSessionDraft((s) => s.draft);
  const set = useSessionDraft((s) => s.set);
  return (
    <fieldset className="fieldset">
      <legend className="fieldset-title">Sample size</legend>
      <div className="form-row">
        <Field label="Confidence" className="w-xs">
          <select className="input" name="confidence" value={d.confidence} onChange={(e) => set('confidence', Number(e.target.value))}>
            {CONFIDENCES.map((c) => (
              <option key={c} value={c}>
                {Math.round(c * 100)} %
              </option>
            ))}
          </select>
        </Field>
        <Field label="Tolerable %" className="w-xs">
          <input
            className="input num"
            name="tolerable"
            inputMode="decimal"
            value={d.tolerablePct}
            onChange={(e) => set('tolerablePct', e.target.value)}
          />
        </Field>
        <Field label="Expected %" className="w-xs">
          <input
            className="input num"
            name="expected"
            inputMode="decimal"
            value={d.expectedPct}
            onChange={(e) => set('expectedPct', e.target.value)}
          />
        </Field>
        <Field
          label="Method"
          className="grow"
          hint={
            d.method === 'binomial'
              ? 'the AICPA tables’ method'
              : d.method === 'hypergeometric'
                ? 'finite population, without replacement'
                : 'approximation, slightly larger sizes'
          }
        >
          <select className="input" name="method" value={d.method} onChange={(e) => set('method', e.target.value as PlanMethod)}>
            {METHODS.map((m) => (
              <option key={m.id} value={m.id}>
                {m.label}
              </option>
            ))}
          </select>
        </Field>
      </div>
    </fieldset>
  );
}
