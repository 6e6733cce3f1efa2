// The open engagement (workspace), recent workspaces, and the actions that open, create and pin keys.
import { create } from 'zustand';
import type { ApiArg, EngagementSummary, RecentWorkspace } from '../../../shared/api';
import { api } from '../api';
import { reportError, reportInfo } from './notices';
import { workspaceChanged } from './lifecycle';
import { useNav } from './nav';
import { useStartup } from './startup';

export type NewEngagement = ApiArg<'createEngagement'> & { keys: { vkey: string; label: string }[] };

interface EngagementState {
  engagement: EngagementSummary | null;
  /** the sample bundle path offered by the shell, kept once the sample engagement was opened */
  sampleBundle: string | null;
  recent: RecentWorkspace[];
  busy: boolean;
  init: () => Promise<void>;
  refresh: () => Promise<void>;
  openSample: () => Promise<boolean>;
  openWorkspace: (path: string) => Promise<boolean>;
  create: (input: NewEngagement) => Promise<boolean>;
  pinKey: (vkey: string, label: string) => Promise<boolean>;
}

export const useEngagement = create<EngagementState>()((set, get) => {
  const opened = async (what: string, work: () => Promise<EngagementSummary>): Promise<boolean> => {
    set({ busy: true });
    try {
      const e = await work();
      set({ engagement: e, sampleBundle: e.sampleBundle ?? null });
      workspaceChanged();
      void api.call('recentWorkspaces', undefined).then(
        (recent) => set({ recent }),
        () => undefined,
      );
      return true;
    } catch (err) {
      reportError(what, err);
      return false;
    } finally {
      set({ busy: false });
    }
  };
  return {
    engagement: null,
    sampleBundle: null,
    recent: [],
    busy: false,
    init: async () => {
      // an engine that did not start answers nothing else: the start-up error view says why
      if ((await useStartup.getState().check())?.stage === 'engine') return;
      try {
        const [engagement, recent] = await Promise.all([api.call('engagement', undefined), api.call('recentWorkspaces', undefined)]);
        set({ engagement, recent, sampleBundle: engagement?.sampleBundle ?? null });
        if (engagement) workspaceChanged();
      } catch (err) {
        reportError('Could not reach the engine', err);
      }
    },
    refresh: async () => {
      try {
        const engagement = await api.call('engagement', undefined);
        set((s) => ({ engagement, sampleBundle: engagement?.sampleBundle ?? s.sampleBundle }));
      } catch (err) {
        reportError('Could not refresh the engagement', err);
      }
    },
    openSample: () => opened('Could not open the sample engagement', () => api.call('openSampleEngagement', undefined)),
    openWorkspace: (path) => opened('Could not open the workspace', () => api.call('openWorkspace', { path })),
    create: async ({ keys, ...input }) => {
      const ok = await opened('Could not create the engagement', () => api.call('createEngagement', input));
      if (!ok) return false;
      for (const k of keys) if (!(await get().pinKey(k.vkey, k.label))) return false;
      useNav.getState().go('import');
      return true;
    },
    pinKey: async (vkey, label) => {
      try {
        const e = await api.call('pinKey', { vkey: vkey.trim(), label: label.trim() });
        set((s) => ({ engagement: { ...e, sampleBundle: s.sampleBundle ?? undefined } }));
        reportInfo(
          'Key pinned',
          `“${label.trim() || 'Vendor key'}” is now trusted for this engagement.${e.bundles.length > 0 ? ' Re-verify the imported bundles to apply it.' : ''}`,
        );
        return true;
      } catch (err) {
        reportError('Could not pin the key', err);
        return false;
      }
    },
  };
});

const NO_BUNDLES: EngagementSummary['bundles'] = [];

/** The open engagement's bundles (a stable empty list when none is open). */
export function useBundles(): EngagementSummary['bundles'] {
  return useEngagement((s) => s.engagement?.bundles ?? NO_BUNDLES);
}
