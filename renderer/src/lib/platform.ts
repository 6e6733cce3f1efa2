// Platform conventions: ⌘ on macOS, Ctrl elsewhere.
import type { KeyboardEvent as ReactKeyboardEvent } from 'react';
export const isMac = /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);
export const modLabel = isMac ? '⌘' : 'Ctrl+';

/** True for the platform's command modifier (⌘ on macOS, Ctrl elsewhere), without Alt. */
export function hasMod(e: KeyboardEvent | ReactKeyboardEvent): boolean {
  return (isMac ? e.metaKey && !e.ctrlKey : e.ctrlKey && !e.metaKey) && !e.altKey;
}

/** Keystrokes meant for a text field must not trigger single-key shortcuts. */
export function isTypingTarget(t: EventTarget | null): boolean {
  if (!(t instanceof HTMLElement)) return false;
  if (t.isContentEditable) return true;
  const tag = t.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') {
    const type = (t as HTMLInputElement).type;
    return !['button', 'checkbox', 'radio', 'submit', 'reset', 'range', 'color', 'file'].includes(type);
  }
  return false;
}
