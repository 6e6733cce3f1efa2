// Control analytics: the rule packs, the run shown (the latest by default), the rule selected with a page of
// its exceptions, the exception opened with its records side by side, dispositions, and a rule's exceptions
// made into a population that the Sampling screen then draws from.
import { create } from 'zustand';
import type { DispositionKind } from '../../../shared/analytics';
import type { AnalyticsRunView, ExceptionDetail, ExceptionPage, RulePackSummary } from '../../../shared/analytics-view';
import type { PopulationInfo } from '../../../shared/session';
import { api, toErrorInfo } from '../api';
import { registerReset } from './lifecycle';
import { reportError, reportInfo } from './notices';

/** exceptions listed per page of a rule */
export const EXCEPTION_PAGE = 200;

interface AnalyticsState {
  packs: RulePackSummary[];
  pack: string;
  /** undefined: not loaded yet; null: no run in this workspace */
  view: AnalyticsRunView | null | undefined;
  error: string | null;
  running: boolean;
  rule: string | null;
  page: ExceptionPage | null;
  key: string | null;
  detail: ExceptionDetail | null;
  saving: boolean;
  load: () => Promise<void>;
  setPack: (pack: string) => void;
  run: () => Promise<void>;
  openRun: (runId: number) => Promise<void>;
  selectRule: (rule: string, offset?: number) => Promise<void>;
  selectException: (key: string) => Promise<void>;
  dispose: (kind: DispositionKind, note: string) => Promise<boolean>;
  makePopulation: (name: string) => Promise<PopulationInfo | null>;
}

let token = 0;

export const useAnalytics = create<AnalyticsState>()((set, get) => {
  /** Show a run: its first rule with exceptions is selected (the first rule when none has any). */
  const show = async (view: AnalyticsRunView | null): Promise<void> => {
    const keep = get().rule;
    set({ view, error: null, page: null, key: null, detail: null });
    if (!view) return set({ rule: null });
    const rule =
      view.rules.find((r) => r.rule === keep)?.rule ?? view.rules.find((r) => r.count > 0 && r.severity === 'exception')?.rule ?? view.rules[0]?.rule;
    if (rule) await get().selectRule(rule);
  };

  return {
    packs: [],
    pack: 'soc2-healthcare',
    view: undefined,
    error: null,
    running: false,
    rule: null,
    page: null,
    key: null,
    detail: null,
    saving: false,
    load: async () => {
      try {
        const [packs, view] = await Promise.all([api.call('rulePacks', undefined), api.call('analyticsRun', {})]);
        const pack = packs.some((p) => p.id === get().pack) ? get().pack : (packs[0]?.id ?? get().pack);
        set({ packs, pack });
        await show(view);
      } catch (e) {
        set({ error: toErrorInfo(e).message, view: null });
      }
    },
    setPack: (pack) => set({ pack }),
    run: async () => {
      set({ running: true });
      try {
        const view = await api.call('runRulePack', { pack: get().pack });
        reportInfo(
          'Rule pack run',
          `${view.run.pack.title}: ${view.run.exceptions} exceptions and ${view.run.info} items for information (run #${view.run.runId}).`,
        );
        await show(view);
      } catch (e) {
        reportError('Could not run the rule pack', e);
      } finally {
        set({ running: false });
      }
    },
    openRun: async (runId) => {
      try {
        await show(await api.call('analyticsRun', { runId }));
      } catch (e) {
        reportError('Could not open the run', e);
      }
    },
    selectRule: async (rule, offset = 0) => {
      const view = get().view;
      if (!view) return;
      const t = ++token;
      set({ rule, key: null, detail: null, ...(get().rule !== rule ? { page: null } : {}) });
      try {
        const page = await api.call('analyticsExceptions', { runId: view.run.runId, rule, offset, limit: EXCEPTION_PAGE });
        if (t !== token) return;
        set({ page });
        const first = page.rows[0];
        if (first) await get().selectException(first.key);
      } catch (e) {
        if (t === token) reportError('Could not list the exceptions', e);
      }
    },
    selectException: async (key) => {
      const view = get().view;
      if (!view) return;
      const t = ++token;
      set({ key });
      try {
        const detail = await api.call('analyticsException', { runId: view.run.runId, key });
        if (t === token) set({ detail });
      } catch (e) {
        if (t === token) reportError('Could not open the exception', e);
      }
    },
    dispose: async (kind, note) => {
      const { view, key } = get();
      if (!view || !key) return false;
      set({ saving: true });
      try {
        const detail = await api.call('disposeException', { runId: view.run.runId, key, kind, note });
        // the list and the rule's tally follow the new disposition
        set((s) => ({
          detail: s.key === key ? detail : s.detail,
          page: s.page && { ...s.page, rows: s.page.rows.map((r) => (r.key === key ? detail.exception : r)) },
          view: s.view && {
            ...s.view,
            rules: s.view.rules.map((r) =>
              r.rule === detail.exception.rule && detail.history.length === 1 ? { ...r, dispositioned: r.dispositioned + 1 } : r,
            ),
          },
        }));
        return true;
      } catch (e) {
        reportError('Could not record the disposition', e);
        return false;
      } finally {
        set({ saving: false });
      }
    },
    makePopulation: async (name) => {
      const { view, rule } = get();
      if (!view || !rule) return null;
      set({ saving: true });
      try {
        const p = await api.call('populationFromExceptions', { runId: view.run.runId, rule, name });
        reportInfo('Population defined', `"${p.name}": ${p.size.toLocaleString('en-US')} events, frozen with digest ${p.digest.slice(0, 12)}…`);
        return p;
      } catch (e) {
        reportError('Could not make the population', e);
        return null;
      } finally {
        set({ saving: false });
      }
    },
  };
});

registerReset(() =>
  useAnalytics.setState({ view: undefined, error: null, rule: null, page: null, key: null, detail: null, running: false, saving: false }),
);
