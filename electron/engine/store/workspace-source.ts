// An imported bundle read back from the workspace, as a BundleSource: verification of a workspace runs
// the very same code as verification of the original bundle, over the bytes the workspace kept. Given a
// StoredFieldsCheck, the same reading of the rows also hands it their stored columns (stored-fields.ts).
import { Readable } from 'node:stream';
import { InputError, type BundleSource, type FileLines, type SourceEntry } from '../io/source';
import { batchOf, decodeBatch, type LineBatch, type RawLineBatch } from '../io/lines';
import type { Workspace } from './workspace';
import { ROW_SELECT, type StoredFieldsCheck, type StoredRow } from './stored-fields';

const BATCH_BYTES = 1 << 20;

export function workspaceSource(ws: Workspace, bundleId: number, check?: StoredFieldsCheck): BundleSource {
  const bundle = ws.db.prepare('SELECT source_path FROM bundles WHERE id = ?').get(bundleId) as { source_path: string } | undefined;
  if (!bundle) throw new InputError(`The workspace has no bundle #${bundleId}.`);
  const files = ws.db.prepare('SELECT path, role, size, sha256 FROM bundle_files WHERE bundle_id = ? ORDER BY path').all(bundleId) as {
    path: string;
    role: string;
    size: number;
    sha256: string;
  }[];
  const byPath = new Map(files.map((f) => [f.path, f]));
  // stream files map to (stream row, file number within the stream)
  const streamFiles = new Map<string, { streamId: number; fileNo: number }>();
  const manifestRow = ws.db.prepare("SELECT content FROM bundle_files WHERE bundle_id = ? AND path = 'manifest.json'").get(bundleId) as
    { content: Buffer } | undefined;
  if (manifestRow) {
    const m = JSON.parse(manifestRow.content.toString('utf8')) as { streams?: { id: string; files: string[] }[] };
    const ids = ws.db.prepare('SELECT id, stream_key FROM streams WHERE bundle_id = ?').all(bundleId) as { id: number; stream_key: string }[];
    for (const s of m.streams ?? []) {
      const row = ids.find((r) => r.stream_key === s.id);
      if (row) s.files.forEach((f, i) => streamFiles.set(f, { streamId: row.id, fileNo: i }));
    }
  }
  const entries: SourceEntry[] = files.map((f) => ({ path: f.path, size: f.size }));

  const open = async (p: string): Promise<Readable> => {
    const row = ws.db.prepare('SELECT content FROM bundle_files WHERE bundle_id = ? AND path = ?').get(bundleId, p) as
      { content: Buffer | null } | undefined;
    if (!row || row.content === null) throw new InputError(`${p} is not stored in the workspace as a file`, p);
    return Readable.from([row.content]);
  };

  const lines = async (p: string): Promise<FileLines> => {
    const sf = streamFiles.get(p);
    if (!sf) throw new InputError(`${p} is not a stream file of bundle #${bundleId}`, p);
    let read = 0;
    // the stored lines as bytes, without decoding them to strings, in batches of about a megabyte (with
    // their stored columns, for the check)
    const stmt = ws.db
      .prepare(`SELECT ${check ? ROW_SELECT : 'line, CAST(raw AS BLOB) AS raw'} FROM events WHERE stream_id = ? AND file_no = ? ORDER BY line`)
      .raw();
    async function* raw(): AsyncGenerator<RawLineBatch> {
      const fileCheck = check?.file(sf!.streamId, sf!.fileNo, p);
      let rows: Buffer[] = [];
      let stored: StoredRow[] = [];
      let first = 0;
      let size = 0;
      let bytes = 0;
      const flush = async (): Promise<RawLineBatch> => {
        const b = batchOf(rows, first, bytes);
        await fileCheck?.batch(stored, b);
        rows = [];
        stored = [];
        size = 0;
        read = bytes;
        return b;
      };
      for (const r of stmt.iterate(sf!.streamId, sf!.fileNo) as IterableIterator<StoredRow>) {
        const line = r[1] as Buffer;
        if (rows.length === 0) first = r[0] as number;
        rows.push(line);
        if (fileCheck) stored.push(r);
        size += line.length;
        bytes += line.length + 1;
        if (size >= BATCH_BYTES) yield await flush();
      }
      if (rows.length > 0) yield await flush();
      fileCheck?.end();
      read = bytes;
    }
    async function* batches(): AsyncGenerator<LineBatch> {
      for await (const b of raw()) yield decodeBatch(b);
    }
    return {
      raw: { [Symbol.asyncIterator]: raw },
      batches: { [Symbol.asyncIterator]: batches },
      sha256: Promise.resolve(byPath.get(p)?.sha256 ?? null),
      storedBytesRead: () => read,
    };
  };

  return {
    location: `${ws.file}#bundle-${bundleId} (imported from ${bundle.source_path})`,
    kind: 'workspace',
    entries: () => entries,
    has: (p) => byPath.has(p),
    open,
    lines,
    close: async () => {},
  };
}
