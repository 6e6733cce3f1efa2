// Which screen is shown. The screens follow the order of the work.
import { create } from 'zustand';

export type Screen = 'engagements' | 'import' | 'integrity' | 'explorer' | 'analytics' | 'sampling' | 'evidence' | 'export';

export interface ScreenDef {
  id: Screen;
  label: string;
  /** digit of the Ctrl/⌘ shortcut */
  key: string;
  /** needs an open engagement */
  needsEngagement: boolean;
}

export const SCREENS: readonly ScreenDef[] = [
  { id: 'engagements', label: 'Engagements', key: '1', needsEngagement: false },
  { id: 'import', label: 'Import', key: '2', needsEngagement: true },
  { id: 'integrity', label: 'Integrity', key: '3', needsEngagement: true },
  { id: 'explorer', label: 'Explorer', key: '4', needsEngagement: true },
  { id: 'analytics', label: 'Analytics', key: '5', needsEngagement: true },
  { id: 'sampling', label: 'Sampling', key: '6', needsEngagement: true },
  { id: 'evidence', label: 'Evidence', key: '7', needsEngagement: true },
  { id: 'export', label: 'Export', key: '8', needsEngagement: true },
];

interface NavState {
  screen: Screen;
  go: (screen: Screen) => void;
}

export const useNav = create<NavState>()((set) => ({
  screen: 'engagements',
  go: (screen) => set({ screen }),
}));
