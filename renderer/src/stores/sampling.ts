// Sampling: populations (frozen filters), sessions (plan, draw, test, evaluate, sign off) and the session
// being worked in, with the focused item and attribute that keyboard testing moves between.
import { create } from 'zustand';
import type { ApiArg, ApiMethod, ApiResult } from '../../../shared/api';
import type { AttributeResult, PopulationInfo, SessionSummary, SessionView } from '../../../shared/session';
import type { EventFilter } from '../../../shared/types';
import { api } from '../api';
import { registerReset } from './lifecycle';
import { reportError, reportInfo } from './notices';

export type NewSession = ApiArg<'createSession'>;

/** The engine methods that change a session and answer with its view (replace, extend, judgement, review notes). */
export type SessionChange = { [M in ApiMethod]: ApiResult<M> extends SessionView ? M : never }[ApiMethod];

interface SamplingState {
  populations: PopulationInfo[];
  sessions: SessionSummary[];
  view: SessionView | null;
  focusedItem: number;
  focusedAttr: number;
  /** requests to the engine not yet answered (results are shown at once, saved in order) */
  saving: number;
  busy: boolean;
  load: () => Promise<void>;
  definePopulation: (name: string, filter: EventFilter) => Promise<PopulationInfo | null>;
  createSession: (input: NewSession) => Promise<boolean>;
  openSession: (sessionId: number) => Promise<void>;
  closeSession: () => void;
  focusItem: (index: number) => void;
  moveItem: (delta: number) => void;
  focusAttr: (index: number) => void;
  moveAttr: (delta: number) => void;
  setResult: (result: AttributeResult | null, itemIndex?: number, attrIndex?: number) => void;
  updateItem: (itemId: number, change: { tickmarks?: string[]; notes?: string; evidence?: string[] }) => void;
  signOff: (role: 'preparer' | 'reviewer', name: string) => Promise<boolean>;
  reopen: (reason: string) => Promise<boolean>;
  /** apply one change after the pending saves; false (with a notice) when the engine refuses it */
  change: <M extends SessionChange>(what: string, method: M, arg: ApiArg<M>) => Promise<boolean>;
}

let queue: Promise<unknown> = Promise.resolve();

export const useSampling = create<SamplingState>()((set, get) => {
  const refreshSessions = async (): Promise<void> => {
    set({ sessions: await api.call('sessions', undefined) });
  };

  /** Serialise a change; the engine's view replaces the optimistic one once nothing else is pending. */
  const mutate = (what: string, work: () => Promise<SessionView>): void => {
    set((s) => ({ saving: s.saving + 1 }));
    queue = queue.then(async () => {
      try {
        const v = await work();
        const left = get().saving - 1;
        set({ saving: left, ...(left === 0 && get().view?.id === v.id ? { view: v } : {}) });
      } catch (e) {
        set((s) => ({ saving: s.saving - 1 }));
        reportError(what, e);
        const id = get().view?.id;
        if (id !== undefined && get().saving === 0) await get().openSession(id);
      }
    });
  };

  return {
    populations: [],
    sessions: [],
    view: null,
    focusedItem: 0,
    focusedAttr: 0,
    saving: 0,
    busy: false,
    load: async () => {
      try {
        const [populations, sessions] = await Promise.all([api.call('populations', undefined), api.call('sessions', undefined)]);
        set({ populations, sessions });
      } catch (e) {
        reportError('Could not load populations and sessions', e);
      }
    },
    definePopulation: async (name, filter) => {
      set({ busy: true });
      try {
        const p = await api.call('definePopulation', { name, filter });
        set((s) => ({ populations: [...s.populations.filter((x) => x.id !== p.id), p] }));
        reportInfo('Population defined', `"${p.name}": ${p.size.toLocaleString('en-US')} events, frozen with digest ${p.digest.slice(0, 12)}…`);
        return p;
      } catch (e) {
        reportError('Could not define the population', e);
        return null;
      } finally {
        set({ busy: false });
      }
    },
    createSession: async (input) => {
      set({ busy: true });
      try {
        const view = await api.call('createSession', input);
        set({ view, focusedItem: 0, focusedAttr: 0 });
        await refreshSessions();
        return true;
      } catch (e) {
        reportError('Could not draw the sample', e);
        return false;
      } finally {
        set({ busy: false });
      }
    },
    openSession: async (sessionId) => {
      try {
        const view = await api.call('session', { sessionId });
        set((s) => ({ view, ...(s.view?.id !== sessionId ? { focusedItem: 0, focusedAttr: 0 } : {}) }));
      } catch (e) {
        reportError('Could not open the session', e);
      }
    },
    closeSession: () => {
      set({ view: null });
      void refreshSessions().catch(() => undefined);
    },
    focusItem: (index) => {
      const v = get().view;
      const n = v?.items.length ?? 0;
      if (!v || n === 0) return;
      const next = Math.max(0, Math.min(n - 1, index));
      if (next === get().focusedItem) return;
      // on another item, focus its first untested attribute (the first one when all are recorded)
      const item = v.items[next]!;
      const untested = v.attributes.findIndex((a) => item.results[a.id] === undefined);
      set({ focusedItem: next, focusedAttr: untested >= 0 ? untested : 0 });
    },
    moveItem: (delta) => get().focusItem(get().focusedItem + delta),
    focusAttr: (index) => {
      const n = get().view?.attributes.length ?? 0;
      if (n > 0) set({ focusedAttr: Math.max(0, Math.min(n - 1, index)) });
    },
    moveAttr: (delta) => get().focusAttr(get().focusedAttr + delta),
    setResult: (result, itemIndex, attrIndex) => {
      const v = get().view;
      if (!v || v.status !== 'open') return;
      const item = v.items[itemIndex ?? get().focusedItem];
      const attr = v.attributes[attrIndex ?? get().focusedAttr];
      if (!item || !attr || item.replaced) return; // a replaced item is no longer tested
      const results = { ...item.results };
      if (result === null) delete results[attr.id];
      else results[attr.id] = result;
      set({ view: { ...v, items: v.items.map((i) => (i.id === item.id ? { ...i, results } : i)) } });
      mutate('Could not record the result', () => api.call('recordResult', { itemId: item.id, attributeId: attr.id, result }));
    },
    updateItem: (itemId, change) => {
      const v = get().view;
      if (!v || v.status !== 'open') return;
      set({ view: { ...v, items: v.items.map((i) => (i.id === itemId ? { ...i, ...change } : i)) } });
      mutate('Could not save the item', () => api.call('updateItem', { itemId, ...change }));
    },
    signOff: async (role, name) => {
      const v = get().view;
      if (!v) return false;
      await queue;
      try {
        const view = await api.call('signOff', { sessionId: v.id, role, name });
        set({ view });
        await refreshSessions();
        return true;
      } catch (e) {
        reportError(role === 'preparer' ? 'Could not sign off as preparer' : 'Could not sign off as reviewer', e);
        return false;
      }
    },
    change: async (what, method, arg) => {
      await queue;
      try {
        const view = (await api.call(method, arg)) as SessionView;
        set({ view });
        await refreshSessions();
        return true;
      } catch (e) {
        reportError(what, e);
        return false;
      }
    },
    reopen: async (reason) => {
      const v = get().view;
      if (!v) return false;
      try {
        const view = await api.call('reopenSession', { sessionId: v.id, reason });
        set({ view });
        await refreshSessions();
        return true;
      } catch (e) {
        reportError('Could not reopen the session', e);
        return false;
      }
    },
  };
});

registerReset(() => useSampling.setState({ populations: [], sessions: [], view: null, focusedItem: 0, focusedAttr: 0 }));
