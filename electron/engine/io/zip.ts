// A bundle packed as a .zip (APPNOTE.TXT, PKWARE). Before anything is read, every entry name is checked
// (zip-slip), two entries that would be the same file are refused (the exact name twice, or names equal
// once Unicode-normalized and case-folded, as a case-insensitive file system sees them), and entries whose
// declared size is out of proportion to their compressed size are refused (zip bombs). Reading an entry,
// its local header must agree with the central directory, it must inflate to exactly its declared size
// (yauzl checks) with its declared CRC-32, and every byte it inflates to is spent from the bundle's
// decompression budget (budget.ts), shared with the gunzip of a .gz inside. Any failure is an InputError
// naming the archive and the entry. Nothing is ever extracted to disk.
import yauzl from 'yauzl';
import { statSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import { Transform, type Readable } from 'node:stream';
import { bundlePathProblem } from '../../../shared/manifest';
import { InputError, linesOfRaw, type BundleSource, type SourceEntry } from './source';
import { DecompressionBudget, MAX_RATIO } from './budget';

/** Single entries up to this size may declare any ratio: they cannot hurt (the budget still counts them). */
const ENTRY_RATIO_FREE_BYTES = 1 << 20;
export const MAX_TOTAL_UNCOMPRESSED = 256 * 1024 ** 3;
/** General purpose flag bit 3: sizes and CRC-32 follow the data, the local header has zeros. */
const DATA_DESCRIPTOR = 0x08;
/** A ZIP64 local header puts this in a 32-bit size and the real size in an extra field. */
const ZIP64_SIZE = 0xffffffff;

interface LocalHeader {
  generalPurposeBitFlag: number;
  compressionMethod: number;
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
  fileName: Buffer;
}
type ZipWithLocalHeaders = yauzl.ZipFile & { readLocalFileHeader(e: yauzl.Entry, cb: (err: Error | null, h: LocalHeader) => void): void };

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
  const raw: yauzl.Entry[] = (await new Promise((resolve, reject) => {
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
  })) as yauzl.Entry[];

  const refuse = (message: string, entry?: string): never => {
    zf.close();
    throw new InputError(`${file}: ${message}`, entry ?? file);
  };
  const files = raw.filter((e) => !e.fileName.endsWith('/'));
  for (const e of raw) {
    const problem = bundlePathProblem(e.fileName.replace(/\/$/, ''));
    if (problem) refuse(`the entry ${JSON.stringify(e.fileName)} ${problem}; the archive is refused and nothing was extracted`, e.fileName);
  }
  const seen = new Map<string, yauzl.Entry>();
  for (const e of raw) {
    const key = sameFileKey(e.fileName);
    const first = seen.get(key);
    if (first && !(first.fileName.endsWith('/') && e.fileName.endsWith('/'))) {
      const as = first.fileName === e.fileName ? 'twice' : `also as ${JSON.stringify(first.fileName)}`;
      refuse(
        `the entry ${JSON.stringify(e.fileName)} is in the archive ${as}, so which copy is the bundle's file is ambiguous; the archive is refused`,
        e.fileName,
      );
    }
    seen.set(key, e);
  }
  let total = 0;
  for (const e of files) {
    total += e.uncompressedSize;
    if (e.uncompressedSize > ENTRY_RATIO_FREE_BYTES && e.uncompressedSize > MAX_RATIO * Math.max(1, e.compressedSize)) {
      refuse(
        `the entry ${e.fileName} would inflate from ${e.compressedSize} to ${e.uncompressedSize} bytes (${Math.round(e.uncompressedSize / Math.max(1, e.compressedSize))}:1), which is a decompression bomb, not a log; the archive is refused`,
        e.fileName,
      );
    }
  }
  if (total > MAX_TOTAL_UNCOMPRESSED) refuse(`the archive would inflate to ${total} bytes, more than Tickmark accepts`);

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

  const budget = new DecompressionBudget(file, statSync(file).size);
  const open = async (p: string): Promise<Readable> => {
    const e = byPath.get(p);
    if (!e) throw new InputError(`${p} is not in the archive ${file}`, p);
    const local = await new Promise<LocalHeader>((resolve, reject) => {
      (zf as ZipWithLocalHeaders).readLocalFileHeader(e, (err, h) => (err ? reject(entryError(file, p, err)) : resolve(h)));
    });
    const disagreement = localHeaderDisagreement(e, local);
    if (disagreement)
      throw new InputError(`${file}: the entry ${p} ${disagreement}; the archive's headers contradict each other, so it is refused`, p);
    const s = await new Promise<Readable>((resolve, reject) => {
      zf.openReadStream(e, (err, rs) => (err || !rs ? reject(entryError(file, p, err ?? new Error('unknown error'))) : resolve(rs)));
    });
    return checked(s, e, p, file, budget);
  };
  return {
    location: file,
    kind: 'zip',
    entries: () => entries,
    has: (p) => byPath.has(p),
    open,
    lines: async (p, o) => linesOfRaw(await open(p), p, o, budget),
    close: async () => zf.close(),
  };
}

/** What two entry names have in common when they would be one file once extracted. */
function sameFileKey(name: string): string {
  return name.replace(/\/$/, '').normalize('NFC').toLowerCase();
}

/** How the local header contradicts the central directory (which yauzl reads), or null. */
function localHeaderDisagreement(e: yauzl.Entry, h: LocalHeader): string | null {
  if (h.fileName.toString('utf8') !== e.fileName && h.fileName.toString('latin1') !== e.fileName)
    return `is named ${JSON.stringify(h.fileName.toString('utf8'))} in its local header`;
  if (h.compressionMethod !== e.compressionMethod)
    return `has compression method ${h.compressionMethod} in its local header and ${e.compressionMethod} in the central directory`;
  if ((h.generalPurposeBitFlag & DATA_DESCRIPTOR) !== 0) return null; // sizes and CRC follow the data
  if (h.crc32 !== e.crc32) return 'has a different CRC-32 in its local header than in the central directory';
  for (const [what, local, central] of [
    ['compressed', h.compressedSize, e.compressedSize],
    ['uncompressed', h.uncompressedSize, e.uncompressedSize],
  ] as const) {
    if (local !== ZIP64_SIZE && local !== central) return `has ${what} size ${local} in its local header and ${central} in the central directory`;
  }
  return null;
}

/**
 * An entry's bytes as read: each spent from the budget, their CRC-32 checked at the end, and any error
 * (yauzl's size checks, a damaged deflate stream) as an InputError naming the archive and the entry.
 */
function checked(s: Readable, e: yauzl.Entry, p: string, file: string, budget: DecompressionBudget): Readable {
  let crc = 0;
  const out = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      try {
        budget.spend(chunk.length, p);
      } catch (err) {
        cb(err as Error);
        return;
      }
      crc = crc32(chunk, crc);
      cb(null, chunk);
    },
    flush(cb) {
      cb(
        crc >>> 0 === e.crc32 >>> 0
          ? null
          : new InputError(
              `${file}: the entry ${p} does not match its CRC-32 (the archive says ${hex8(e.crc32)}, its data gives ${hex8(crc)}): it is damaged or was altered; the archive is refused`,
              p,
            ),
      );
    },
  });
  s.on('error', (err) => out.destroy(entryError(file, p, err)));
  // a reader that stops early closes the entry's stream (and its file handle) too
  out.on('close', () => s.destroy());
  // an error before anyone reads is kept for the reader (out.errored), never thrown at the process
  out.on('error', () => undefined);
  return s.pipe(out);
}

function entryError(file: string, p: string, err: Error): InputError {
  const m = err.message;
  const why = /^too many bytes/.test(m)
    ? `inflates to more bytes than its header declares (${m}): the archive's size headers lie`
    : /^not enough bytes/.test(m)
      ? `inflates to fewer bytes than its header declares (${m}): the archive's size headers lie or it is damaged`
      : /unexpected end|invalid|incorrect|too far back|Z_DATA_ERROR|Z_BUF_ERROR/i.test(`${m} ${(err as NodeJS.ErrnoException).code ?? ''}`)
        ? `is damaged: its compressed data cannot be read (${m})`
        : `cannot be read from the archive (${m})`;
  return new InputError(`${file}: the entry ${p} ${why}; the archive is refused`, p);
}

const hex8 = (n: number): string => (n >>> 0).toString(16).padStart(8, '0');
