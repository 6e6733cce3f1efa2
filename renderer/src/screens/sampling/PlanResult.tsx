import type { SamplePlan } from '../../../../shared/sampling/plan';
import { fmtInt } from '../../lib/format';

/** The planned size with its formula, as the engine computed it. */
export function PlanResult({ plan, error }: { plan: SamplePlan | null; error: string | null }) {
  if (error)
    return (
      <p className="warn-text" role="status">
        {error}
      </p>
    );
  if (!plan) return <p className="muted">Computing the sample size…</p>;
  return (
    <div className="plan-result" data-testid="plan-result" role="status">
      <div className="plan-numbers">
        <div>
          <span className="plan-n num" data-testid="plan-size">
            {fmtInt(plan.computedSize)}
          </span>
          <span className="muted small">items to test</span>
        </div>
        <div>
          <span className="plan-k num">{plan.allowedDeviations}</span>
          <span className="muted small">deviations allowed</span>
        </div>
        <div>
          <span className="plan-k num">{plan.achievedRisk.toFixed(4)}</span>
          <span className="muted small">risk achieved</span>
        </div>
      </div>
      <p className="formula">{plan.formula}</p>
      {plan.exceedsPopulation ? <p className="warn-text">The computed size exceeds the population: select 100 % instead.</p> : null}
    </div>
  );
}
