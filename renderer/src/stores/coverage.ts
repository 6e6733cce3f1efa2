// The workspace's coverage (every source per UTC day over the audit window), for the Integrity screen's
// matrix: loaded once per data version, since the engine counts it over every event.
import { create } from 'zustand';
import type { CoverageReport } from '../../../shared/coverage/coverage';
import { api, toErrorInfo } from '../api';
import { registerReset } from './lifecycle';

interface CoverageState {
  report: CoverageReport | null;
  loading: boolean;
  error: string | null;
  loadedVersion: number | null;
  ensureLoaded: (version: number) => void;
}

const initial = { report: null, loading: false, error: null, loadedVersion: null };
let token = 0;

export const useCoverage = create<CoverageState>()((set, get) => ({
  ...initial,
  ensureLoaded: (version) => {
    if (get().loadedVersion === version) return;
    const mine = ++token;
    set({ loadedVersion: version, loading: true, error: null });
    api.call('coverage', undefined).then(
      (report) => {
        if (mine === token) set({ report, loading: false });
      },
      (e: unknown) => {
        if (mine === token) set({ loading: false, error: toErrorInfo(e).message });
      },
    );
  },
}));

registerReset(() => {
  token++;
  useCoverage.setState({ ...initial });
});
