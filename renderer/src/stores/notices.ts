// Messages for the auditor: errors of requests (with the file and line at fault) and confirmations.
import { create } from 'zustand';
import type { ApiErrorInfo } from '../../../shared/api';
import { toErrorInfo } from '../api';

export interface Notice {
  id: number;
  kind: 'error' | 'info';
  title: string;
  message: string;
  file?: string;
  line?: number;
}

interface NoticeState {
  notices: Notice[];
  push: (n: Omit<Notice, 'id'>) => void;
  dismiss: (id: number) => void;
  clear: () => void;
}

let nextId = 1;

export const useNotices = create<NoticeState>()((set) => ({
  notices: [],
  push: (n) => {
    const id = nextId++;
    set((s) => ({ notices: [...s.notices.slice(-3), { ...n, id }] }));
    // confirmations go away by themselves; errors stay until dismissed
    if (n.kind === 'info') window.setTimeout(() => useNotices.getState().dismiss(id), 6000);
  },
  dismiss: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),
  clear: () => set({ notices: [] }),
}));

/** Show a failed request as an error notice; returns the error's info for callers that show it in place. */
export function reportError(title: string, e: unknown): ApiErrorInfo {
  const info = toErrorInfo(e);
  useNotices
    .getState()
    .push({ kind: 'error', title, message: info.message, ...(info.file ? { file: info.file } : {}), ...(info.line ? { line: info.line } : {}) });
  return info;
}

export function reportInfo(title: string, message: string): void {
  useNotices.getState().push({ kind: 'info', title, message });
}
