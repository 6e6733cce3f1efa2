// A counter that moves whenever the workspace's data changes underneath the screens (an engagement opened,
// an import or verification finished). Screens reload what they show when it moves.
import { create } from 'zustand';

interface DataVersionState {
  version: number;
  bump: () => void;
}

export const useDataVersion = create<DataVersionState>()((set) => ({
  version: 0,
  bump: () => set((s) => ({ version: s.version + 1 })),
}));
