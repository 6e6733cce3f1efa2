// Errors as data across every transport between the engine and the UI (IPC, Electron's contextBridge,
// HTTP). Kept apart from api.ts so that the sandboxed preload can use it without loading zod.

/**
 * An error as data, the same on every transport (IPC, contextBridge, HTTP): a thrown Error loses all but its
 * message crossing Electron's contextBridge, so errors travel as this plain object instead.
 */
export interface ApiErrorInfo {
  name: string;
  message: string;
  /** a stable code where one applies (SQLite's, Node's, or the shell's: ENGINE_UNAVAILABLE, NATIVE_MODULE) */
  code?: string;
  file?: string;
  line?: number;
}

/** Any thrown value → ApiErrorInfo: its name, message, and code, file and line where it has them. */
export function errorInfo(e: unknown): ApiErrorInfo {
  const err = e as { name?: unknown; message?: unknown; code?: unknown; file?: unknown; line?: unknown } | null | undefined;
  return {
    name: typeof err?.name === 'string' ? err.name : 'Error',
    message: typeof err?.message === 'string' ? err.message : String(e),
    // SQLite's and Node's codes (SQLITE_BUSY, SQLITE_NOTADB, ERR_DLOPEN_FAILED) tell support what happened
    ...(typeof err?.code === 'string' ? { code: err.code } : {}),
    ...(typeof err?.file === 'string' && err.file !== '' ? { file: err.file } : {}),
    ...(typeof err?.line === 'number' && err.line > 0 ? { line: err.line } : {}),
  };
}
