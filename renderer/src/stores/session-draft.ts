// The new-session form, kept while the auditor moves between screens.
import { create } from 'zustand';
import type { PlanMethod } from '../../../shared/sampling/plan';
import type { Period } from '../../../shared/sampling/select';
import type { SelectionMethod } from '../../../shared/session';
import { registerReset } from './lifecycle';

export interface SessionDraft {
  populationId: number | null;
  name: string;
  controlId: string;
  controlDescription: string;
  objective: string;
  attributes: string[];
  confidence: number;
  tolerablePct: string;
  expectedPct: string;
  method: PlanMethod;
  selection: SelectionMethod;
  period: Period;
  auditorValue: string;
  overrideOn: boolean;
  overrideSize: string;
  overrideReason: string;
}

export const EMPTY_DRAFT: SessionDraft = {
  populationId: null,
  name: '',
  controlId: '',
  controlDescription: '',
  objective: '',
  attributes: ['Access was authorized (approved request or role)', 'Event is attributable to a named individual'],
  confidence: 0.95,
  tolerablePct: '5',
  expectedPct: '0',
  method: 'binomial',
  selection: 'simple-random',
  period: 'month',
  auditorValue: '',
  overrideOn: false,
  overrideSize: '',
  overrideReason: '',
};

interface DraftState {
  draft: SessionDraft;
  set: <K extends keyof SessionDraft>(key: K, value: SessionDraft[K]) => void;
  reset: () => void;
}

export const useSessionDraft = create<DraftState>()((set) => ({
  draft: EMPTY_DRAFT,
  set: (key, value) => set((s) => ({ draft: { ...s.draft, [key]: value } })),
  reset: () => set({ draft: EMPTY_DRAFT }),
}));

registerReset(() => useSessionDraft.setState({ draft: EMPTY_DRAFT }));

/** A percentage field as a fraction, or null when it is not a number in [0, 100). */
export function pctValue(s: string): number | null {
  const v = Number(s.replace(',', '.'));
  return s.trim() !== '' && Number.isFinite(v) && v >= 0 && v < 100 ? v / 100 : null;
}
