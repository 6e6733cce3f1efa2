// Stores that hold one workspace's data register a reset here; opening another engagement clears them all.
import { useDataVersion } from './data-version';

const resets = new Set<() => void>();

export function registerReset(fn: () => void): void {
  resets.add(fn);
}

/** Another workspace is open: forget everything of the last one, then let screens reload. */
export function workspaceChanged(): void {
  for (const r of resets) r();
  useDataVersion.getState().bump();
}

/** The same workspace changed (import, verification): screens reload. */
export function workspaceDataChanged(): void {
  useDataVersion.getState().bump();
}
