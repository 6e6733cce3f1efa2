// A bundle packed as a .zip. Every entry name is checked before anything is read (zip-slip), and entries
// whose declared size is out of proportion to their compressed size are refused (zip bombs); yauzl also
// stops any entry that inflates past its declared size. Nothing is ever extracted to disk.
import yauzl from 'yauzl';
import type { Readable } from 'node:stream';
import { bundlePathProblem } from '../../../shared/manifest';
import { InputError, linesOfRaw, type BundleSource, type SourceEntry } from './source';

/** Text logs deflate 5–30×; a ratio past this is a bomb, not a log. */
export const MAX_RATIO = 400;
/** Small entries may have any ratio: they cannot hurt. */
const RATIO_FREE_BYTES = 1 << 20;
export const MAX_TOTAL_UNCOMPRESSED = 256 * 1024 ** 3;

function openZip(file: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: true }, (err, zf) => {
      if (err || !zf) reject(new InputError(`${file} is not a readable zip archive: ${err?.message ?? 'unknown error'}`, file));
      else resolve(zf);
    });
  });
}

export async function openZipBundle(file: string): Promise<BundleSource> {
  const zf = await openZip(file);
  const raw: yauzl.Entry[] = await new Promise((resolve, reject) => {
    const list: yauzl.Entry[] = [];
    zf.on('entry', (e: yauzl.Entry) => {
      list.push(e);
      zf.readEntry();
    });
    zf.on('end', () => resolve(list));
    zf.on('error', (e: Error) => reject(new InputError(`${file}: an entry is not allowed in a bundle (${e.message}); nothing was extracted`, file)));
    zf.readEntry();
  }).catch((e) => {
    zf.close();
    throw e;
  }) as yauzl.Entry[];

  let total = 0;
  const files = raw.filter((e) => !e.fileName.endsWith('/'));
  for (const e of raw) {
    const problem = bundlePathProblem(e.fileName.replace(/\/$/, ''));
    if (problem) {
      zf.close();
      throw new InputError(`${file}: the entry ${JSON.stringify(e.fileName)} ${problem}; the archive is refused and nothing was extracted`, file);
    }
  }
  for (const e of files) {
    total += e.uncompressedSize;
    if (e.uncompressedSize > RATIO_FREE_BYTES && e.uncompressedSize > MAX_RATIO * Math.max(1, e.compressedSize)) {
      zf.close();
      throw new InputError(`${file}: the entry ${e.fileName} would inflate from ${e.compressedSize} to ${e.uncompressedSize} bytes (${Math.round(e.uncompressedSize / Math.max(1, e.compressedSize))}:1), which is a decompression bomb, not a log; the archive is refused`, file);
    }
  }
  if (total > MAX_TOTAL_UNCOMPRESSED) {
    zf.close();
    throw new InputError(`${file}: the archive would inflate to ${total} bytes, more than Tickmark accepts`, file);
  }

  // The manifest sits at the root, or inside exactly one top-level folder.
  let prefix = '';
  if (!files.some((e) => e.fileName === 'manifest.json')) {
    const tops = new Set(raw.map((e) => e.fileName.split('/')[0]));
    const only = tops.size === 1 ? [...tops][0] : undefined;
    if (only !== undefined && files.some((e) => e.fileName === `${only}/manifest.json`)) prefix = `${only}/`;
  }
  const byPath = new Map<string, yauzl.Entry>();
  const entries: SourceEntry[] = [];
  for (const e of files) {
    if (!e.fileName.startsWith(prefix)) continue;
    const p = e.fileName.slice(prefix.length);
    byPath.set(p, e);
    entries.push({ path: p, size: e.uncompressedSize });
  }
  entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));

  const open = (p: string): Promise<Readable> => {
    const e = byPath.get(p);
    if (!e) return Promise.reject(new InputError(`${p} is not in the archive ${file}`, p));
    return new Promise((resolve, reject) => {
      zf.openReadStream(e, (err, s) => {
        if (err || !s) reject(new InputError(`${file}: ${p} cannot be read from the archive: ${err?.message ?? 'unknown error'}`, p));
        else resolve(s);
      });
    });
  };
  return {
    location: file,
    kind: 'zip',
    entries: () => entries,
    has: (p) => byPath.has(p),
    open,
    lines: async (p, o) => linesOfRaw(await open(p), p, o),
    close: async () => zf.close(),
  };
}
