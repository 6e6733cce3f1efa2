// Evidence files of the imported bundles, with their hash status, and the preview of the selected one.
import { create } from 'zustand';
import type { EvidenceItem, EvidencePreview } from '../../../shared/api';
import { api, toErrorInfo } from '../api';
import { registerReset } from './lifecycle';

interface EvidenceState {
  items: EvidenceItem[] | null;
  error: string | null;
  selected: { bundleId: number; path: string } | null;
  preview: EvidencePreview | null;
  previewLoading: boolean;
  load: () => Promise<void>;
  select: (bundleId: number, path: string) => Promise<void>;
}

let token = 0;

export const useEvidence = create<EvidenceState>()((set) => ({
  items: null,
  error: null,
  selected: null,
  preview: null,
  previewLoading: false,
  load: async () => {
    try {
      set({ items: await api.call('evidence', undefined), error: null });
    } catch (e) {
      set({ error: toErrorInfo(e).message });
    }
  },
  select: async (bundleId, path) => {
    const t = ++token;
    set({ selected: { bundleId, path }, previewLoading: true });
    try {
      const preview = await api.call('evidencePreview', { bundleId, path });
      if (t === token) set({ preview, previewLoading: false });
    } catch (e) {
      if (t === token) set({ preview: { kind: 'none', reason: toErrorInfo(e).message }, previewLoading: false });
    }
  },
}));

registerReset(() => useEvidence.setState({ items: null, error: null, selected: null, preview: null, previewLoading: false }));
