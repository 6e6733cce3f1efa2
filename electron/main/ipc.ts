// IPC: one channel for requests, one for job events. Every request is checked for its sender (only our
// window, only our own page) and its method; the engine service validates every argument with zod.
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { isApiMethod, type ApiMethod, type JobEvent } from '../../shared/api';
import { errorInfo } from '../../shared/errors';
import { isAppUrl } from './security';

/** What answers the window's requests (EngineHost; the engine's own EngineService has the same shape). */
export interface Backend {
  call(method: ApiMethod, arg: unknown): Promise<unknown>;
  onJobEvent(listener: (e: JobEvent) => void): () => void;
}

export function registerIpc(backend: Backend, window: () => BrowserWindow | null): void {
  const trusted = (e: IpcMainInvokeEvent): boolean => {
    const w = window();
    return w !== null && e.sender === w.webContents && e.senderFrame !== null && isAppUrl(e.senderFrame.url);
  };
  ipcMain.handle('tickmark:call', async (e, method: unknown, arg: unknown) => {
    if (!trusted(e)) return { ok: false, error: { name: 'SecurityError', message: 'Request refused: it did not come from the Tickmark window.' } };
    if (!isApiMethod(method)) return { ok: false, error: { name: 'ApiError', message: `Unknown request ${JSON.stringify(method)}.` } };
    try {
      return { ok: true, result: await backend.call(method, arg) };
    } catch (err) {
      return { ok: false, error: errorInfo(err) };
    }
  });
  backend.onJobEvent((ev) => window()?.webContents.send('tickmark:job', ev));
}
