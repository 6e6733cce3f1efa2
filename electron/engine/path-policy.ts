// Which filesystem paths a UI request may name. The renderer is not trusted (a compromised page, or any
// local process talking to the web host): it may ask to READ a path the user typed — refused unless it
// exists and is a file (or a bundle folder) — but it can never choose where the engine WRITES. A path to
// write comes from the save dialog (Electron) or the data folder (web host); the engine remembers each
// path chosen that way in this session, and a request naming any other path for writing is refused.
// The only other write is a new workspace: a new *.tickmark file in an existing folder, never an overwrite.
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';

/** A request named a path the engine will not read or write; the message says why, for the auditor. */
export class PathPolicyError extends Error {
  override name = 'PathPolicyError';
  constructor(
    message: string,
    readonly file: string,
  ) {
    super(message);
  }
}

/** Paths the save dialog (or the host's equivalent) returned in this session: the only places exports go. */
export class SavePathAllowlist {
  private readonly chosen = new Set<string>();

  /** Record a path that came from the dialog; returns it resolved. */
  allow(file: string): string {
    const resolved = path.resolve(file);
    this.chosen.add(resolved);
    return resolved;
  }

  /** The path, resolved, when the dialog chose it in this session; otherwise a PathPolicyError. */
  check(file: string): string {
    const resolved = path.resolve(file);
    if (!this.chosen.has(resolved))
      throw new PathPolicyError(
        `Refused to write ${file}: Tickmark saves only to a file chosen in its save dialog in this session. Export again and choose the file there.`,
        file,
      );
    return resolved;
  }
}

/** A path to read that the user typed: it must exist and be a regular file (or, when allowed, a folder). */
export function readablePath(file: string, what: string, o: { folder?: boolean } = {}): string {
  // an empty path would resolve to the engine's working folder
  if (file.trim() === '') throw new PathPolicyError(`No ${what} was named: give the path of the ${what} to open.`, file);
  const resolved = path.resolve(file);
  let st;
  try {
    st = statSync(resolved);
  } catch {
    throw new PathPolicyError(`There is no ${what} at ${file}.`, file);
  }
  if (!(st.isFile() || (o.folder && st.isDirectory())))
    throw new PathPolicyError(`${file} is not ${o.folder ? 'a file or folder' : 'a file'}; choose the ${what} itself.`, file);
  return resolved;
}

/** A path for a new workspace: a *.tickmark name that does not exist yet, in a folder that does. */
export function newWorkspacePath(file: string): string {
  if (file.trim() === '') throw new PathPolicyError('No file was named for the new workspace.', file);
  const resolved = path.resolve(file);
  if (path.extname(resolved).toLowerCase() !== '.tickmark') throw new PathPolicyError(`${file}: a new workspace must be a .tickmark file.`, file);
  if (existsSync(resolved)) throw new PathPolicyError(`${file} already exists; open it instead, or choose another name.`, file);
  const dir = path.dirname(resolved);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new PathPolicyError(`${file}: the folder ${dir} does not exist.`, file);
  return resolved;
}
