// The renderer's only way to the engine: the contract in shared/api.ts. In Electron the preload exposes
// `window.tickmark`; in a plain browser (the test harness) the same calls go over HTTP to the page's own
// origin and job events arrive on an EventSource. Nothing else leaves the page.
import type { ApiArg, ApiErrorInfo, ApiMethod, ApiResult, JobEvent, TickmarkApi } from '../../shared/api';

declare global {
  interface Window {
    /** the desktop shell's preload (electron/preload); absent in a plain browser */
    tickmark?: TickmarkApi;
  }
}

/** A failed request, carrying the engine's error (with the file and line at fault, when known). */
export class ApiCallError extends Error {
  readonly info: ApiErrorInfo;
  readonly method: string;
  constructor(method: string, info: ApiErrorInfo) {
    super(info.message);
    this.name = info.name || 'Error';
    this.info = info;
    this.method = method;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

/** Any thrown value → ApiErrorInfo; strips Electron's "Error invoking remote method" prefix. */
export function toErrorInfo(e: unknown): ApiErrorInfo {
  if (e instanceof ApiCallError) return e.info;
  if (isRecord(e)) {
    const src = isRecord(e.info) ? e.info : e;
    const raw = typeof src.message === 'string' ? src.message : String(e);
    const message = raw.replace(/^Error invoking remote method '[^']*': (?:\w*Error: )?/, '');
    const info: ApiErrorInfo = { name: typeof src.name === 'string' ? src.name : 'Error', message };
    if (typeof src.code === 'string') info.code = src.code;
    if (typeof src.file === 'string') info.file = src.file;
    if (typeof src.line === 'number') info.line = src.line;
    return info;
  }
  return { name: 'Error', message: String(e) };
}

type Envelope<T> = { ok: true; result: T } | { ok: false; error: ApiErrorInfo };

function isEnvelope(v: unknown): v is Envelope<unknown> {
  return isRecord(v) && typeof v.ok === 'boolean';
}

/** The HTTP transport of the test harness: same-origin POSTs and one EventSource. */
export function httpTransport(origin: string): TickmarkApi {
  const listeners = new Set<(e: JobEvent) => void>();
  let source: EventSource | null = null;
  const ensureSource = (): void => {
    if (source) return;
    source = new EventSource(new URL('/api/events', origin).href);
    source.onmessage = (m: MessageEvent<string>) => {
      let ev: JobEvent;
      try {
        ev = JSON.parse(m.data) as JobEvent;
      } catch {
        return;
      }
      for (const l of listeners) l(ev);
    };
  };
  return {
    async call<M extends ApiMethod>(method: M, arg: ApiArg<M>): Promise<ApiResult<M>> {
      let res: Response;
      try {
        res = await fetch(new URL(`/api/call/${method}`, origin).href, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ arg: arg ?? null }),
          credentials: 'same-origin',
        });
      } catch (e) {
        throw new ApiCallError(method, { name: 'NetworkError', message: `The engine did not answer (${String(e)}).` });
      }
      let body: unknown;
      try {
        body = await res.json();
      } catch {
        throw new ApiCallError(method, { name: 'ProtocolError', message: `The engine's answer to ${method} was not JSON (HTTP ${res.status}).` });
      }
      if (!isEnvelope(body)) throw new ApiCallError(method, { name: 'ProtocolError', message: `Unexpected answer to ${method}.` });
      if (!body.ok) throw new ApiCallError(method, body.error);
      return body.result as ApiResult<M>;
    },
    onJobEvent(listener) {
      listeners.add(listener);
      ensureSource();
      return () => {
        listeners.delete(listener);
      };
    },
    // a browser never tells a page where a dropped file is stored; the auditor types the path instead
    pathForFile: () => '',
  };
}

/** The preload's object, with every rejection turned into an ApiCallError. */
function shellTransport(shell: TickmarkApi): TickmarkApi {
  return {
    async call<M extends ApiMethod>(method: M, arg: ApiArg<M>): Promise<ApiResult<M>> {
      try {
        return await shell.call(method, arg);
      } catch (e) {
        throw new ApiCallError(method, toErrorInfo(e));
      }
    },
    onJobEvent: (l) => shell.onJobEvent(l),
    pathForFile: (file) => shell.pathForFile(file),
  };
}

/** whether the page runs in the desktop app (its preload), not in a browser against the web host */
export const inDesktopShell = window.tickmark !== undefined;

export const api: TickmarkApi = window.tickmark ? shellTransport(window.tickmark) : httpTransport(window.location.origin);

/** The path of a dropped file or folder, or null when the host cannot see it (a browser). */
export function pathOfDroppedFile(file: File): string | null {
  const p = api.pathForFile(file);
  return p !== '' ? p : null;
}
