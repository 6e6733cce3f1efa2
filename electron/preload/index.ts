// The preload: the renderer's only door to the engine. It exposes exactly the typed contract of
// shared/api.ts (TickmarkApi: `call`, the job-event subscription, `pathForFile`) and nothing of Node or
// Electron. A failed call rejects with the ApiErrorInfo itself, as plain data: contextBridge copies a thrown
// Error with its message only, so its name, code, file and line would not reach the page.
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import type { ApiArg, ApiMethod, ApiResult, DroppedFile, JobEvent, TickmarkApi } from '../../shared/api';
// values from shared/errors.ts only: a sandboxed preload can load no package (shared/api.ts brings zod)
import { errorInfo, type ApiErrorInfo } from '../../shared/errors';

type Envelope<T> = { ok: true; result: T } | { ok: false; error: ApiErrorInfo };

const api: TickmarkApi = {
  async call<M extends ApiMethod>(method: M, arg: ApiArg<M>): Promise<ApiResult<M>> {
    let r: Envelope<ApiResult<M>>;
    try {
      r = (await ipcRenderer.invoke('tickmark:call', method, arg)) as Envelope<ApiResult<M>>;
    } catch (e) {
      // IPC itself failed (the main process went away, an argument could not be cloned)
      return Promise.reject({ ...errorInfo(e), code: 'IPC_FAILED' } satisfies ApiErrorInfo);
    }
    if (!r.ok) return Promise.reject(errorInfo(r.error));
    return r.result;
  },
  onJobEvent(listener: (e: JobEvent) => void): () => void {
    const h = (_e: IpcRendererEvent, ev: JobEvent): void => listener(ev);
    ipcRenderer.on('tickmark:job', h);
    return () => ipcRenderer.off('tickmark:job', h);
  },
  // File.path is gone since Electron 32; webUtils answers for a File the user dropped or picked
  pathForFile: (file: DroppedFile): string => webUtils.getPathForFile(file as File),
};

contextBridge.exposeInMainWorld('tickmark', api);
