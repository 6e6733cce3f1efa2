// The integrity review of one bundle: its latest verification report, the timeline of event counts, and the
// record the auditor inspects (reached from a finding or a timeline mark).
import { create } from 'zustand';
import type { EventDetail, Timeline } from '../../../shared/api';
import type { Finding, VerificationReport } from '../../../shared/types';
import { api, toErrorInfo } from '../api';
import { registerReset } from './lifecycle';

export const TIMELINE_BUCKETS = 120;

interface IntegrityState {
  bundleId: number | null;
  report: VerificationReport | null;
  timeline: Timeline | null;
  loading: boolean;
  loadError: string | null;
  /** bundle and data version of the last load */
  loadedKey: string;
  /** the finding the inspector was opened from */
  finding: Finding | null;
  detail: EventDetail | null;
  detailLoading: boolean;
  detailError: string | null;
  load: (bundleId: number) => Promise<void>;
  ensureLoaded: (bundleId: number, version: number) => void;
  inspectFinding: (finding: Finding, streamId?: string) => Promise<void>;
  inspectEvent: (eventId: number, finding?: Finding | null) => Promise<void>;
  closeInspector: () => void;
}

const initial = {
  bundleId: null,
  report: null,
  timeline: null,
  loading: false,
  loadError: null,
  loadedKey: '',
  finding: null,
  detail: null,
  detailLoading: false,
  detailError: null,
};

let loadToken = 0;
let detailToken = 0;

export const useIntegrity = create<IntegrityState>()((set, get) => ({
  ...initial,
  load: async (bundleId) => {
    const token = ++loadToken;
    set({
      bundleId,
      loading: true,
      loadError: null,
      ...(get().bundleId !== bundleId ? { report: null, timeline: null, finding: null, detail: null } : {}),
    });
    try {
      const [report, timeline] = await Promise.all([
        api.call('latestReport', { bundleId }),
        api.call('timeline', { bundleId, buckets: TIMELINE_BUCKETS }),
      ]);
      if (token === loadToken) set({ report, timeline, loading: false });
    } catch (e) {
      if (token === loadToken) set({ loading: false, loadError: toErrorInfo(e).message });
    }
  },
  ensureLoaded: (bundleId, version) => {
    const key = `${bundleId}@${version}`;
    if (get().loadedKey === key) return;
    set({ loadedKey: key });
    void get().load(bundleId);
  },
  inspectFinding: async (finding, streamId) => {
    const bundleId = get().bundleId;
    const stream = finding.stream ?? streamId;
    if (bundleId === null || stream === undefined) {
      set({ finding, detail: null, detailError: 'This finding is not tied to one record of a stream.' });
      return;
    }
    const token = ++detailToken;
    set({ finding, detailLoading: true, detailError: null });
    try {
      const row = await api.call('findEvent', {
        bundleId,
        stream,
        ...(finding.seq !== undefined ? { seq: finding.seq } : {}),
        ...(finding.file !== undefined ? { file: finding.file } : {}),
        ...(finding.line !== undefined ? { line: finding.line } : {}),
      });
      if (token !== detailToken) return;
      if (!row) {
        set({
          detail: null,
          detailLoading: false,
          detailError: `No imported record matches ${finding.file ?? stream}${finding.line !== undefined ? ` line ${finding.line}` : ''}${finding.seq !== undefined ? ` (seq ${finding.seq})` : ''}.`,
        });
        return;
      }
      const detail = await api.call('eventDetail', { eventId: row.id });
      if (token === detailToken) set({ detail, detailLoading: false });
    } catch (e) {
      if (token === detailToken) set({ detailLoading: false, detailError: toErrorInfo(e).message });
    }
  },
  inspectEvent: async (eventId, finding = null) => {
    const token = ++detailToken;
    set({ finding, detailLoading: true, detailError: null });
    try {
      const detail = await api.call('eventDetail', { eventId });
      if (token === detailToken) set({ detail, detailLoading: false });
    } catch (e) {
      if (token === detailToken) set({ detailLoading: false, detailError: toErrorInfo(e).message });
    }
  },
  closeInspector: () => {
    detailToken++;
    set({ finding: null, detail: null, detailLoading: false, detailError: null });
  },
}));

registerReset(() => useIntegrity.setState({ ...initial }));
