// What a workspace's failures mean to an auditor. SQLite reports a full disk, a workspace another process
// is writing, a damaged file or a broken constraint as SqliteError codes (https://sqlite.org/rescode.html);
// these become WorkspaceErrors that say what happened, what it did to the workspace and what to do.
import Database from 'better-sqlite3';

export class WorkspaceError extends Error {
  override name = 'WorkspaceError';
}

/** A write or read SQLite refused; `code` is SQLite's extended result code, e.g. SQLITE_FULL. */
export class WorkspaceStorageError extends WorkspaceError {
  override name = 'WorkspaceStorageError';
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

export function isSqliteError(e: unknown): e is InstanceType<typeof Database.SqliteError> {
  return e instanceof Database.SqliteError;
}

/**
 * The SQLite error `e` as a WorkspaceStorageError about `file`, or `e` unchanged when it is no SQLite error.
 * `outcome` says what became of the work, e.g. "The import was rolled back: nothing was added".
 */
export function storageError(e: unknown, file: string, outcome = 'Nothing was changed'): unknown {
  if (!isSqliteError(e)) return e;
  const code = e.code;
  // the primary code: SQLITE_IOERR_WRITE is an SQLITE_IOERR
  const primary = code.split('_').slice(0, 2).join('_');
  const say = (what: string, todo: string): WorkspaceStorageError => new WorkspaceStorageError(`${file}: ${what}. ${outcome}. ${todo}`, code);
  switch (primary) {
    case 'SQLITE_FULL':
      return say('the disk is full (SQLite could not write the workspace)', 'Free some space on that disk and try again.');
    case 'SQLITE_BUSY':
    case 'SQLITE_LOCKED':
      return say('the workspace is in use: another Tickmark process (another import?) is writing to it', 'Try again once it has finished.');
    case 'SQLITE_READONLY':
      return say('the workspace cannot be written (the file or its folder is read-only)', 'Check its permissions.');
    case 'SQLITE_IOERR':
      return say(
        `the disk reported an error while reading or writing the workspace (${code})`,
        'Check the disk, and verify the workspace (tickmark verify-workspace) before relying on it.',
      );
    case 'SQLITE_CORRUPT':
    case 'SQLITE_NOTADB':
      return say(`the workspace file is damaged (${e.message})`, 'Restore it from a backup, or import the bundles again into a new workspace.');
    case 'SQLITE_CANTOPEN':
      return say('the workspace cannot be opened (missing folder, or no permission)', 'Check the path and its permissions.');
    case 'SQLITE_CONSTRAINT':
      return say(
        `what was to be written conflicts with what the workspace holds (${e.message})`,
        'This is a fault in the input or in Tickmark; report it with the input that caused it.',
      );
    default:
      return say(`SQLite refused the operation (${code}: ${e.message})`, 'Report this with the input that caused it.');
  }
}
