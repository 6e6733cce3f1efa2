// What stopped the app's start-up (the desktop shell's engine or the engagement it opened at start), read
// once when the window opens; the start-up error view shows it until the auditor moves on.
import { create } from 'zustand';
import type { StartupError } from '../../../shared/api';
import { api } from '../api';

interface StartupState {
  failure: StartupError | null;
  /** ask the host once; a host that cannot answer is treated as started (the next request will say why) */
  check: () => Promise<StartupError | null>;
  dismiss: () => void;
}

export const useStartup = create<StartupState>()((set) => ({
  failure: null,
  check: async () => {
    const failure = await api.call('startupError', undefined).catch(() => null);
    set({ failure });
    return failure;
  },
  dismiss: () => set({ failure: null }),
}));
