// A CloudTrail export kit or a CloudTrail Lake result folder, opened read-only through the bundle readers
// (io/folder.ts never follows links out of the folder; io/zip.ts refuses zip slip and bombs and extracts
// nothing). A .zip may hold the kit at its root or inside exactly one top-level folder; this view strips
// that folder, so every path below is relative to the kit's root.
import type { Readable } from 'node:stream';
import { openBundle } from '../../open-bundle';
import { InputError, readAll, type BundleSource } from '../../io/source';
import { claimsKitFormat } from '../../../../shared/cloudtrail/kit-manifest';

export const KIT_FILE = 'kit.json';
export const LAKE_SIGN_FILE = 'result_sign.json';
const MAX_SMALL_JSON = 16 * 1024 * 1024;

function rootedAt(source: BundleSource, prefix: string): BundleSource {
  if (prefix === '') return source;
  const entries = source
    .entries()
    .filter((e) => e.path.startsWith(prefix))
    .map((e) => ({ path: e.path.slice(prefix.length), size: e.size }));
  return {
    location: source.location,
    kind: source.kind,
    entries: () => entries,
    has: (p) => source.has(prefix + p),
    open: (p): Promise<Readable> => source.open(prefix + p),
    lines: (p, o) => source.lines(prefix + p, o),
    close: () => source.close(),
  };
}

/** The kit's files, rooted where kit.json (or result_sign.json) is. */
export async function openKitSource(location: string): Promise<BundleSource> {
  const source = await openBundle(location);
  if (source.has(KIT_FILE) || source.has(LAKE_SIGN_FILE)) return source;
  const tops = new Set(source.entries().map((e) => e.path.split('/')[0]!));
  const only = tops.size === 1 ? [...tops][0]! : null;
  if (only !== null && (source.has(`${only}/${KIT_FILE}`) || source.has(`${only}/${LAKE_SIGN_FILE}`))) return rootedAt(source, `${only}/`);
  return source;
}

/** What a path holds, as far as CloudTrail is concerned: a kit, a Lake result folder, or neither. Cheap:
 *  one small file is read. The caller opens it again to verify (the source seam will share the opening). */
export async function detectCloudTrail(location: string): Promise<'kit' | 'lake' | null> {
  let source: BundleSource;
  try {
    source = await openKitSource(location);
  } catch (e) {
    if (e instanceof InputError) return null; // not ours to judge: the bundle reader will say what is wrong
    throw e;
  }
  try {
    if (source.has(KIT_FILE)) return claimsKitFormat((await readAll(source, KIT_FILE, MAX_SMALL_JSON)).toString('utf8')) ? 'kit' : null;
    if (source.has(LAKE_SIGN_FILE) && !source.has('manifest.json')) return 'lake';
    return null;
  } finally {
    await source.close();
  }
}

export async function readJsonText(source: BundleSource, path: string): Promise<string> {
  return (await readAll(source, path, MAX_SMALL_JSON)).toString('utf8');
}
