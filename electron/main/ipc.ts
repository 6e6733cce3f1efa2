// IPC: one channel for requests, one for job events. Every request is checked for its sender (only our
// window, only our own page) and its method; the engine service validates every argument with zod.
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { isApiMethod } from '../../shared/api';
import { EngineService, errorInfo } from '../engine/api-service';
import { isAppUrl } from './security';

export function registerIpc(service: EngineService, window: () => BrowserWindow | null): void {
  const trusted = (e: IpcMainInvokeEvent): boolean => {
    const w = window();
    return w !== null && e.sender === w.webContents && e.senderFrame !== null && isAppUrl(e.senderFrame.url);
  };
  ipcMain.handle('tickmark:call', async (e, method: unknown, arg: unknown) => {
    if (!trusted(e)) return { ok: false, error: { name: 'SecurityError', message: 'Request refused: it did not come from the Tickmark window.' } };
    if (!isApiMethod(method)) return { ok: false, error: { name: 'ApiError', message: `Unknown request ${JSON.stringify(method)}.` } };
    try {
      return { ok: true, result: await service.call(method, arg) };
    } catch (err) {
      return { ok: false, error: errorInfo(err) };
    }
  });
  service.onJobEvent((ev) => window()?.webContents.send('tickmark:job', ev));
}
