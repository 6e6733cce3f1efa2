// A start-up check that better-sqlite3's native part loads in this process. The desktop app loads a build
// for Electron's Node (TICKMARK_SQLITE_BINDING); a build for another Node ABI, a missing or damaged file
// fails only when the first workspace opens. Probing an in-memory database at start names the cause at once,
// so the window can say what to do instead of failing at every later step.
import Database from 'better-sqlite3';

export class NativeModuleError extends Error {
  override readonly name = 'NativeModuleError';
  readonly code = 'NATIVE_MODULE';
  constructor(
    message: string,
    readonly file?: string,
  ) {
    super(message);
  }
}

/** Throws a NativeModuleError naming the binary and what to do when SQLite cannot be loaded. */
export function probeNativeStore(nativeBinding = process.env.TICKMARK_SQLITE_BINDING): void {
  try {
    new Database(':memory:', nativeBinding ? { nativeBinding } : {}).close();
  } catch (e) {
    const where = nativeBinding ? ` from ${nativeBinding}` : '';
    throw new NativeModuleError(
      `Tickmark's database module (better-sqlite3) could not be loaded${where}: ${(e as Error).message}. ` +
        'It must be built for this version of Electron: reinstall Tickmark, or, from the source, run `npm start` once with network access (it fetches Electron’s headers to build it).',
      nativeBinding,
    );
  }
}
