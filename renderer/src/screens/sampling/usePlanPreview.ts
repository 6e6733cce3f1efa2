import { useEffect, useState } from 'react';
import type { SamplePlan } from '../../../../shared/sampling/plan';
import { api, toErrorInfo } from '../../api';
import { pctValue, type SessionDraft } from '../../stores/session-draft';

/** The engine's plan for the draft's parameters, recomputed as they change. */
export function usePlanPreview(d: SessionDraft, populationSize: number | null): { plan: SamplePlan | null; error: string | null } {
  const [state, setState] = useState<{ plan: SamplePlan | null; error: string | null }>({ plan: null, error: null });
  const T = pctValue(d.tolerablePct);
  const pE = pctValue(d.expectedPct);
  useEffect(() => {
    if (T === null || T <= 0 || pE === null) {
      setState({ plan: null, error: 'Give the tolerable and expected deviation rates as percentages.' });
      return;
    }
    let live = true;
    const t = window.setTimeout(() => {
      api
        .call('planSample', {
          confidence: d.confidence,
          tolerableRate: T,
          expectedRate: pE,
          method: d.method,
          ...(populationSize ? { populationSize } : {}),
        })
        .then(
          (plan) => live && setState({ plan, error: null }),
          (e: unknown) => live && setState({ plan: null, error: toErrorInfo(e).message }),
        );
    }, 150);
    return () => {
      live = false;
      window.clearTimeout(t);
    };
  }, [d.confidence, T, pE, d.method, populationSize]);
  return state;
}
