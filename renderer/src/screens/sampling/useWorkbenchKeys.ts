import { useEffect } from 'react';
import { useSampling } from '../../stores/sampling';
import { isTypingTarget } from '../../lib/platform';

/**
 * Keyboard testing: j/k or ↓/↑ move between items, h/l or ←/→ between attributes (1–9 jump to one),
 * p / d / n record pass, deviation, n/a for the focused attribute (then focus moves to the next one),
 * Backspace clears it, e edits the item's notes.
 */
export function useWorkbenchKeys(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.ctrlKey || e.metaKey || e.altKey || isTypingTarget(e.target)) return;
      const s = useSampling.getState();
      const v = s.view;
      if (!v) return;
      const nAttr = v.attributes.length;
      const record = (r: 'pass' | 'deviation' | 'na' | null): void => {
        s.setResult(r);
        if (r !== null && s.focusedAttr < nAttr - 1) s.focusAttr(s.focusedAttr + 1);
      };
      const actions: Record<string, () => void> = {
        j: () => s.moveItem(1),
        ArrowDown: () => s.moveItem(1),
        k: () => s.moveItem(-1),
        ArrowUp: () => s.moveItem(-1),
        h: () => s.moveAttr(-1),
        ArrowLeft: () => s.moveAttr(-1),
        l: () => s.moveAttr(1),
        ArrowRight: () => s.moveAttr(1),
        Home: () => s.focusItem(0),
        End: () => s.focusItem(v.items.length - 1),
        p: () => record('pass'),
        d: () => record('deviation'),
        n: () => record('na'),
        Backspace: () => record(null),
        Delete: () => record(null),
        e: () => document.getElementById('item-notes')?.focus(),
      };
      let act = actions[e.key];
      if (!act && /^[1-9]$/.test(e.key) && Number(e.key) <= nAttr) act = () => s.focusAttr(Number(e.key) - 1);
      if (!act) return;
      e.preventDefault();
      act();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
