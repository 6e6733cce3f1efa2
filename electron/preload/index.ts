// The preload: the renderer's only door to the engine. It exposes exactly the typed contract of
// shared/api.ts — one `call` and one job-event subscription — and nothing of Node or Electron.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { ApiArg, ApiErrorInfo, ApiMethod, ApiResult, JobEvent, TickmarkApi } from '../../shared/api';

type Envelope<T> = { ok: true; result: T } | { ok: false; error: ApiErrorInfo };

/** An Error the renderer can show: IPC drops custom fields from thrown errors, so they travel as data. */
class EngineError extends Error {
  constructor(readonly info: ApiErrorInfo) {
    super(info.message);
    this.name = info.name;
  }
}

const api: TickmarkApi = {
  async call<M extends ApiMethod>(method: M, arg: ApiArg<M>): Promise<ApiResult<M>> {
    const r = (await ipcRenderer.invoke('tickmark:call', method, arg)) as Envelope<ApiResult<M>>;
    if (!r.ok) throw new EngineError(r.error);
    return r.result;
  },
  onJobEvent(listener: (e: JobEvent) => void): () => void {
    const h = (_e: IpcRendererEvent, ev: JobEvent): void => listener(ev);
    ipcRenderer.on('tickmark:job', h);
    return () => ipcRenderer.off('tickmark:job', h);
  },
};

contextBridge.exposeInMainWorld('tickmark', api);
