// Exports made in this sitting: workpapers and verification reports, with where the shell saved them.
import { create } from 'zustand';
import { api } from '../api';
import { registerReset } from './lifecycle';
import { reportError } from './notices';

export interface ExportRecord {
  kind: 'workpaper' | 'report';
  label: string;
  path: string;
  at: string;
}

interface ExportsState {
  done: ExportRecord[];
  busy: string | null;
  exportWorkpaper: (sessionId: number, label: string) => Promise<ExportRecord | null>;
  exportReport: (bundleId: number, label: string) => Promise<ExportRecord | null>;
}

export const useExports = create<ExportsState>()((set) => {
  const run = async (key: string, kind: ExportRecord['kind'], label: string, work: () => Promise<{ path: string }>): Promise<ExportRecord | null> => {
    set({ busy: key });
    try {
      const { path } = await work();
      const rec: ExportRecord = { kind, label, path, at: new Date().toISOString() };
      set((s) => ({ done: [rec, ...s.done] }));
      return rec;
    } catch (e) {
      reportError(kind === 'workpaper' ? 'Could not export the workpaper' : 'Could not export the report', e);
      return null;
    } finally {
      set({ busy: null });
    }
  };
  return {
    done: [],
    busy: null,
    exportWorkpaper: (sessionId, label) =>
      run(`workpaper-${sessionId}`, 'workpaper', label, () => api.call('exportWorkpaper', { sessionId, path: null })),
    exportReport: (bundleId, label) => run(`report-${bundleId}`, 'report', label, () => api.call('exportReport', { bundleId, path: null })),
  };
});

registerReset(() => useExports.setState({ done: [], busy: null }));
