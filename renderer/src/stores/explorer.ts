// The event explorer: the applied filter, a page cache over queryEvents (rows are fetched a page at a time
// as the table scrolls; never all of them), the selected row and its detail.
import { create } from 'zustand';
import type { EventDetail, EventRow } from '../../../shared/api';
import type { EventFilter } from '../../../shared/types';
import { api, toErrorInfo } from '../api';
import { registerReset } from './lifecycle';

export const PAGE_SIZE = 200;
const MAX_PAGES = 60;

export interface FilterValues {
  streams: string[];
  categories: string[];
  actions: string[];
  actors: string[];
}

interface ExplorerState {
  filter: EventFilter;
  values: FilterValues | null;
  /** rows matching the filter; null until the first page answers */
  total: number | null;
  /** bumps whenever a page arrives, so the table re-reads the cache */
  pagesVersion: number;
  /** bumps whenever the filter (or the data) changes: the table scrolls back to the top */
  generation: number;
  error: string | null;
  /** the data version the table was last loaded at */
  loadedVersion: number;
  selectedIndex: number | null;
  detail: EventDetail | null;
  detailError: string | null;
  setFilter: (change: Partial<EventFilter>) => void;
  replaceFilter: (filter: EventFilter) => void;
  reload: () => void;
  /** reload when the workspace's data moved on since the last load */
  ensureLoaded: (version: number) => void;
  loadValues: () => Promise<void>;
  ensureRange: (first: number, last: number) => void;
  rowAt: (index: number) => EventRow | undefined;
  select: (index: number | null) => void;
}

const pages = new Map<number, EventRow[]>();
const inFlight = new Set<number>();
let detailToken = 0;

/** Drops empty values so the filter sent (and stored with a population) is exactly what is shown. */
export function cleanFilter(f: EventFilter): EventFilter {
  const out: EventFilter = {};
  if (f.bundleIds?.length) out.bundleIds = f.bundleIds;
  if (f.streams?.length) out.streams = f.streams;
  if (f.categories?.length) out.categories = f.categories;
  if (f.actions?.length) out.actions = f.actions;
  if (f.actors?.length) out.actors = f.actors;
  if (f.outcome) out.outcome = f.outcome;
  if (f.from) out.from = f.from;
  if (f.to) out.to = f.to;
  if (f.text?.trim()) out.text = f.text.trim();
  return out;
}

export const useExplorer = create<ExplorerState>()((set, get) => {
  const resetPages = (): void => {
    pages.clear();
    inFlight.clear();
    detailToken++;
    set((s) => ({
      total: null,
      pagesVersion: s.pagesVersion + 1,
      generation: s.generation + 1,
      selectedIndex: null,
      detail: null,
      detailError: null,
      error: null,
    }));
    get().ensureRange(0, PAGE_SIZE - 1);
  };

  const fetchPage = async (page: number, generation: number): Promise<void> => {
    inFlight.add(page);
    try {
      const res = await api.call('queryEvents', { filter: get().filter, offset: page * PAGE_SIZE, limit: PAGE_SIZE });
      if (generation !== get().generation) return;
      pages.set(page, res.rows);
      if (pages.size > MAX_PAGES) {
        // evict the pages farthest from the one just loaded
        const far = [...pages.keys()].sort((a, b) => Math.abs(b - page) - Math.abs(a - page));
        for (const p of far.slice(0, pages.size - MAX_PAGES)) pages.delete(p);
      }
      set((s) => ({ total: res.total, pagesVersion: s.pagesVersion + 1, error: null }));
      const sel = get().selectedIndex;
      if (sel !== null && Math.floor(sel / PAGE_SIZE) === page && get().detail?.id !== res.rows[sel % PAGE_SIZE]?.id) get().select(sel);
    } catch (e) {
      if (generation === get().generation) set({ error: toErrorInfo(e).message });
    } finally {
      if (generation === get().generation) inFlight.delete(page);
    }
  };

  return {
    filter: {},
    values: null,
    total: null,
    pagesVersion: 0,
    generation: 0,
    error: null,
    loadedVersion: -1,
    selectedIndex: null,
    detail: null,
    detailError: null,
    setFilter: (change) => {
      set((s) => ({ filter: cleanFilter({ ...s.filter, ...change }) }));
      resetPages();
    },
    replaceFilter: (filter) => {
      set({ filter: cleanFilter(filter) });
      resetPages();
    },
    reload: () => resetPages(),
    ensureLoaded: (version) => {
      if (get().loadedVersion === version) return;
      set({ loadedVersion: version });
      resetPages();
      void get().loadValues();
    },
    loadValues: async () => {
      try {
        set({ values: await api.call('filterValues', undefined) });
      } catch (e) {
        set({ error: toErrorInfo(e).message });
      }
    },
    ensureRange: (first, last) => {
      const total = get().total;
      const lastIndex = total === null ? last : Math.min(last, total - 1);
      if (lastIndex < 0 && total !== null) return;
      const generation = get().generation;
      for (let p = Math.floor(Math.max(0, first) / PAGE_SIZE); p <= Math.floor(Math.max(0, lastIndex) / PAGE_SIZE); p++) {
        if (!pages.has(p) && !inFlight.has(p)) void fetchPage(p, generation);
      }
    },
    rowAt: (index) => pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE],
    select: (index) => {
      const token = ++detailToken;
      if (index === null) {
        set({ selectedIndex: null, detail: null, detailError: null });
        return;
      }
      set({ selectedIndex: index, detailError: null });
      const row = get().rowAt(index);
      if (!row) return;
      void api.call('eventDetail', { eventId: row.id }).then(
        (detail) => {
          if (token === detailToken) set({ detail });
        },
        (e: unknown) => {
          if (token === detailToken) set({ detail: null, detailError: toErrorInfo(e).message });
        },
      );
    },
  };
});

registerReset(() => {
  pages.clear();
  inFlight.clear();
  useExplorer.setState((s) => ({
    loadedVersion: -1,
    filter: {},
    values: null,
    total: null,
    generation: s.generation + 1,
    pagesVersion: s.pagesVersion + 1,
    selectedIndex: null,
    detail: null,
    detailError: null,
    error: null,
  }));
});
