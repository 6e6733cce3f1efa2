import { useEffect } from 'react';
import { SCREENS, useNav } from '../stores/nav';
import { useEngagement } from '../stores/engagement';
import { hasMod } from '../lib/platform';

/** Ctrl/⌘+1…8 switch screens from anywhere. */
export function useGlobalShortcuts(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (!hasMod(e) || e.shiftKey) return;
      const def = SCREENS.find((d) => d.key === e.key);
      if (!def) return;
      if (def.needsEngagement && !useEngagement.getState().engagement) return;
      e.preventDefault();
      useNav.getState().go(def.id);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
