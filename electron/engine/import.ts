// Import a bundle into the workspace: every event with its original line, every other file with its
// bytes and SHA-256. One transaction per bundle: a failed or cancelled import leaves the workspace
// exactly as it was. The originals are only ever read.
import { createHash } from 'node:crypto';
import { parseManifest, ManifestError } from '../../shared/manifest';
import type { ImportResult, Manifest, Progress, VerificationReport } from '../../shared/types';
export type { ImportResult } from '../../shared/types';
import { InputError, readAll, sha256Of, type BundleSource } from './io/source';
import { asBuffer, DEFAULT_BATCH_BYTES } from './io/lines';
import { BatchBuffers } from './io/batch-buffers';
import { openBundle, fileSha256 } from './open-bundle';
import { batchContext, checkpointSizes, CancelledError, verifySource, type VerifyOptions } from './verify';
import type { BatchContext } from './batch-digest';
import { TeeSource } from './io/tee-source';
import { trustedPins } from './store/anchor-ledger';
import { pinKey } from './store/keys';
import { parseVerifierKey } from '../../shared/note';
import { saveRun } from './store/runs';
import type { Workspace } from './store/workspace';
import { isSqliteError, storageError } from './store/errors';
import { deferredEventIndexes, quoteIdentifier } from './store/schema';
import { defaultActor, logActivity } from './activity';
import { DigestPool } from './digest-pool';
import { TEXTS, WORDS } from './batch-fields';
import { fieldsFast, importBatch, type ImportBatch } from './import-batch';
import { readDeclaredTables } from './evidence/import';
import { storeTable } from './evidence/store';
import { EvidenceTableError } from '../../shared/evidence/table';

/** columns written per event, and events per INSERT statement in a batch */
const COLUMNS = 14;
const ROWS = 16;

export interface ImportOptions {
  onProgress?: (p: Progress) => void;
  signal?: AbortSignal;
  maxLineBytes?: number;
  /** who imports, for the activity log */
  actor?: string;
  /** check events on a worker thread (default: when the stream files exceed 16 MB) */
  parallel?: boolean;
  /** about how many bytes of lines go in one batch (default 1 MiB) */
  batchBytes?: number;
  /** write as a bulk load: filter indexes rebuilt at the end, rollback journal (default: a bundle of more
   *  than 50,000 events that outnumbers what the workspace holds) */
  bulk?: boolean;
  /** verify the bundle in the same reading, from the bytes as they are stored, and record the run (the
   *  engagement's pinned keys are added to any given here) */
  verify?: Omit<VerifyOptions, 'signal' | 'onProgress'>;
  /** verifier keys to pin for the engagement in the import's own transaction: kept only if the import is
   *  (and used by its verification) */
  pins?: string[];
}

/** Why an import was refused, with the file and line at fault when there is one. */
export class ImportError extends Error {
  override name = 'ImportError';
  constructor(
    message: string,
    readonly file?: string,
    readonly line?: number,
  ) {
    super(message);
  }
}

const MAX_MANIFEST_BYTES = 64 * 1024 * 1024;
const MAX_STORED_FILE_BYTES = 1024 * 1024 * 1024;

export async function importBundle(ws: Workspace, bundlePath: string, opts: ImportOptions = {}): Promise<ImportResult> {
  let source: BundleSource;
  try {
    source = await openBundle(bundlePath);
  } catch (e) {
    throw asImportError(e);
  }
  try {
    return await importSource(ws, source, opts);
  } catch (e) {
    throw storageError(asImportError(e), ws.file, 'The import was rolled back: nothing was added and the workspace is as it was');
  } finally {
    await source.close();
  }
}

function asImportError(e: unknown): Error {
  if (e instanceof ImportError || e instanceof CancelledError) return e;
  if (e instanceof InputError) return new ImportError(e.message, e.file, e.line);
  return e as Error;
}

async function importSource(ws: Workspace, source: BundleSource, opts: ImportOptions): Promise<ImportResult> {
  const t0 = Date.now();
  for (const k of opts.pins ?? []) parseVerifierKey(k.trim()); // a key that is not one: refused before anything
  if (!source.has('manifest.json'))
    throw new ImportError(`${source.location} has no manifest.json at its root: it is not a tickmark-bundle/1 bundle.`, 'manifest.json');
  const manifestBytes = await readAll(source, 'manifest.json', MAX_MANIFEST_BYTES);
  let manifest: Manifest;
  try {
    manifest = parseManifest(manifestBytes.toString('utf8'));
  } catch (e) {
    if (e instanceof ManifestError) throw new ImportError(`${source.location}: ${e.message}`, 'manifest.json');
    throw e;
  }
  const manifestSha = createHash('sha256').update(manifestBytes).digest('hex');
  const dup = ws.db.prepare('SELECT id, imported_at, source_path FROM bundles WHERE manifest_sha256 = ?').get(manifestSha) as
    { id: number; imported_at: string; source_path: string } | undefined;
  if (dup) {
    // The same manifest is not yet the same bundle: its files must be those imported then, byte for byte.
    const diff = await firstDifference(ws, dup.id, source);
    if (diff) {
      throw new ImportError(
        `${source.location} has the same manifest as bundle #${dup.id} (imported from ${dup.source_path} on ${dup.imported_at}), but ${diff.path} ${diff.how}: one of the two copies was changed after its manifest was made. Nothing was added; verify both copies (tickmark verify) before relying on either.`,
        diff.path,
      );
    }
    for (const k of opts.pins ?? []) pinKey(ws, k, '', opts.actor ?? defaultActor());
    return {
      status: 'duplicate',
      bundleId: dup.id,
      events: 0,
      streams: 0,
      evidenceFiles: 0,
      bytes: 0,
      seconds: 0,
      message: `This bundle (manifest SHA-256 ${manifestSha.slice(0, 16)}…) was already imported as bundle #${dup.id} from ${dup.source_path} on ${dup.imported_at}; nothing was added.`,
    };
  }

  // The manifest must match the files before anything is written.
  const streamFiles = new Map<string, string>(); // file → its stream
  for (const s of manifest.streams) {
    for (const f of [...s.files, ...s.checkpoints]) {
      if (!source.has(f))
        throw new ImportError(`${source.location}: the manifest names ${f} for stream "${s.id}", but the bundle has no such file.`, f);
    }
    for (const f of s.files) {
      // each file is stored once, as the lines of one stream
      const other = streamFiles.get(f);
      if (other !== undefined)
        throw new ImportError(
          `${source.location}: the manifest names ${f} ${other === s.id ? 'twice' : `for stream "${other}" and again`} for stream "${s.id}": a stream file belongs to one stream, once. Nothing was added.`,
          'manifest.json',
        );
      streamFiles.set(f, s.id);
    }
  }

  // The evidence tables the manifest declares are read and typed before anything is written: one that cannot
  // be read refuses the whole import, naming the file, row and column (evidence/import.ts).
  let tablesIn: Awaited<ReturnType<typeof readDeclaredTables>>;
  try {
    tablesIn = await readDeclaredTables(source, manifest);
  } catch (e) {
    if (e instanceof EvidenceTableError)
      throw new ImportError(`${source.location}: ${e.message}. The manifest declares it an evidence table; nothing was imported.`, e.file, e.row);
    throw e;
  }

  const sourceSha = source.kind === 'zip' ? await fileSha256(source.location) : null;
  const db = ws.db;
  const totalBytes = [...streamFiles.keys()].reduce((n, f) => n + (source.entries().find((e) => e.path === f)?.size ?? 0), 0);
  let bytesDone = 0;
  let events = 0;
  let lastReport = 0;
  const report = (file: string, force = false): void => {
    const now = Date.now();
    if (!opts.onProgress || (!force && now - lastReport < 100)) return;
    lastReport = now;
    opts.onProgress({
      phase: 'import',
      file,
      bytesDone,
      bytesTotal: totalBytes,
      eventsDone: events,
      rate: events / Math.max(0.001, (now - t0) / 1000),
    });
  };

  // A large import builds the filter indexes afterwards, in one sorted pass each, instead of updating
  // them row by row (many times faster), and writes in rollback-journal mode (see bulkJournal).
  const declared = manifest.streams.reduce((n, s) => n + s.event_count, 0);
  const existing = (db.prepare('SELECT coalesce(max(id), 0) AS n FROM events').get() as { n: number }).n;
  const bulk = opts.bulk ?? (declared > 50_000 && declared > existing);
  const journal = bulk ? bulkJournal(db) : null;
  // a bulk load streams through the page cache and sorts in it (index builds): a smaller cache keeps
  // peak memory within bounds whatever the bundle's size (about 40 MB less at 1M events, for a second or so)
  const cacheSize = db.pragma('cache_size', { simple: true }) as number;
  if (bulk) db.pragma('cache_size = -32768');
  // The rows' one reference, stream_id, is to the stream row this import writes just before them; SQLite
  // checking it row by row was ~0.8 of its ~4.2 µs per row. Off for a bulk load only, set back after
  // (it can change only outside a transaction).
  const foreignKeys = db.pragma('foreign_keys', { simple: true }) as number;
  if (bulk) db.pragma('foreign_keys = OFF');
  // Verification in the same reading: it gets every batch once the rows are written (see TeeSource).
  const tee = opts.verify
    ? new TeeSource(
        source,
        manifest.streams.flatMap((s) => s.files),
      )
    : null;
  let pool: DigestPool | null = null;
  let verifying: Promise<VerificationReport> | null = null;
  let importing = true;
  try {
    db.exec('BEGIN IMMEDIATE');
    // Workers check events while this thread writes rows; they pay off only on large bundles. A plain
    // import needs one (SQLite on this thread is the slower half). Verifying as well, the workers also
    // compute the digests, in the same pass that takes the fields, and this thread also chains them: two
    // workers keep up with it (one measured slower, the worker then being the bottleneck).
    pool = (opts.parallel ?? totalBytes > 16 * 1024 * 1024) ? DigestPool.create(opts.verify ? 2 : 1) : null;
    // the records' digests are computed with the fields, against what verification checks batches for
    const silence = opts.verify?.silentIntervalMs ?? engagementSilence(ws);
    verifying = tee
      ? verifyAlongside(tee, ws, opts, { silentIntervalMs: silence, bundleSha256: sourceSha, pool, reportNow: () => !importing })
      : null;
    verifying?.catch(() => undefined); // awaited below; a failed import makes it fail too
    // fields only, or (verifying) fields and digests in one pass
    const checkBatch = (buf: Buffer, spans: Int32Array, n: number, ctx: BatchContext, leafOffset: number): Promise<ImportBatch> => {
      if (tee) return pool ? pool.importBatch(buf, spans, n, ctx, leafOffset) : Promise.resolve(importBatch(buf, spans, n, ctx, leafOffset));
      const fields = pool ? pool.fields(buf, spans, n) : Promise.resolve(fieldsFast(buf, spans, n));
      return fields.then((f) => ({ id: f.id, fields: f, digests: null }));
    };
    // inside the transaction: a failed first import must not even leave an engagement behind
    const eng = ws.engagement({
      name: manifest.tenant.name,
      client: manifest.tenant.name,
      windowStart: manifest.audit_window.start,
      windowEnd: manifest.audit_window.end,
    });
    for (const k of opts.pins ?? []) pinKey(ws, k, '', opts.actor ?? defaultActor());
    // an engagement opened before anything was known takes its client and window from its first bundle
    if (eng.windowStart === null && eng.windowEnd === null) {
      db.prepare(
        "UPDATE engagements SET name = CASE WHEN name = 'Untitled engagement' THEN ? ELSE name END, client = CASE WHEN client = '' THEN ? ELSE client END, window_start = ?, window_end = ? WHERE id = ?",
      ).run(manifest.tenant.name, manifest.tenant.name, manifest.audit_window.start, manifest.audit_window.end, eng.id);
    }
    const bundleId = Number(
      db
        .prepare(
          'INSERT INTO bundles (engagement_id, source_path, source_kind, source_sha256, manifest_sha256, tenant_id, tenant_name, window_start, window_end, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
        )
        .run(
          eng.id,
          source.location,
          source.kind,
          sourceSha,
          manifestSha,
          manifest.tenant.id,
          manifest.tenant.name,
          manifest.audit_window.start,
          manifest.audit_window.end,
          new Date().toISOString(),
        ).lastInsertRowid,
    );
    const insFile = db.prepare('INSERT INTO bundle_files (bundle_id, path, role, size, sha256, content) VALUES (?, ?, ?, ?, ?, ?)');
    const insStream = db.prepare(
      'INSERT INTO streams (bundle_id, stream_key, origin, description, files, first_seq, declared_count) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    // The deferred indexes are dropped and rebuilt inside this transaction, so a failed import leaves
    // them exactly as they were: the ones Tickmark defines, by name (never names read from the file).
    const deferred = bulk ? deferredEventIndexes() : [];
    for (const ix of deferred) db.prepare(`DROP INDEX ${quoteIdentifier(ix.name)}`).run();
    // the line goes in as its bytes (already checked to be UTF-8), made text by SQLite: no decoding into a
    // JavaScript string and encoding back
    // and ROWS rows per statement: a quarter less time per row than one by one (rowids follow the order)
    const row = '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS TEXT))';
    const insert =
      'INSERT INTO events (stream_id, file_no, line, seq, ts, ts_ms, category, action, actor_id, actor_type, target, outcome, mfa, raw) VALUES ';
    const insEvent = db.prepare(insert + row);
    const insEvents = db.prepare(insert + Array<string>(ROWS).fill(row).join(', '));
    const params: unknown[] = new Array<unknown>(COLUMNS * ROWS);
    // one set of batch buffers for every stream file, read one after another
    const buffers = new BatchBuffers(opts.batchBytes ?? DEFAULT_BATCH_BYTES);

    for (const s of manifest.streams) {
      const streamId = Number(
        insStream.run(bundleId, s.id, s.origin, s.description ?? '', JSON.stringify(s.files), s.first_seq, s.event_count).lastInsertRowid,
      );
      let count = 0;
      // verifying: what the stream's batches are checked against, and where its next record goes in its tree
      const ctx = tee ? batchContext(manifest, silence, await checkpointSizes(source, s)) : batchContext(manifest, silence);
      let nextLeaf = s.first_seq;
      for (let fileNo = 0; fileNo < s.files.length; fileNo++) {
        const file = s.files[fileNo]!;
        const fl = await source.lines(file, { maxLineBytes: opts.maxLineBytes, buffers });
        let before = 0;
        // checking and taking the fields of each event runs on worker threads for large bundles, a few
        // batches ahead, while this thread writes rows
        const inFlight: { done: Promise<ImportBatch>; firstLine: number; stored: number; release?: () => void }[] = [];
        const settle = async (): Promise<void> => {
          const b = inFlight.shift()!;
          const { fields: p, digests } = await b.done;
          const buf = asBuffer(p.buf);
          const bad = p.errors[0];
          const upto = bad ? bad[0] : p.n;
          const { seq, tsMs, text, mfa, hasTarget, spans, word, words } = p;
          // row i of the batch into params from `at`, in the statement's column order
          const put = (i: number, at: number): void => {
            const t = TEXTS * i;
            const w = WORDS * i;
            const m = mfa[i]!;
            params[at] = streamId;
            params[at + 1] = fileNo;
            params[at + 2] = b.firstLine + i;
            params[at + 3] = seq[i]!;
            params[at + 4] = text[t]!;
            params[at + 5] = tsMs[i]!;
            params[at + 6] = words[word[w]!]!; // category
            params[at + 7] = words[word[w + 1]!]!; // action
            params[at + 8] = words[word[w + 2]!]!; // actor id
            params[at + 9] = words[word[w + 3]!]!; // actor type
            params[at + 10] = hasTarget[i] ? text[t + 1]! : null;
            params[at + 11] = words[word[w + 4]!]!; // outcome
            params[at + 12] = m === -1 ? null : m;
            params[at + 13] = buf.subarray(spans[2 * i]!, spans[2 * i + 1]!);
          };
          let i = 0;
          for (; i + ROWS <= upto; i += ROWS) {
            for (let k = 0; k < ROWS; k++) put(i + k, COLUMNS * k);
            insEvents.run(params);
          }
          for (; i < upto; i++) {
            put(i, 0);
            insEvent.run(params.slice(0, COLUMNS));
          }
          if (bad) throw new ImportError(`${file} line ${b.firstLine + bad[0]} ${bad[1]}.`, file, b.firstLine + bad[0]);
          // the rows are written: the batch's bytes go on to the verification, or back to be read into
          if (tee)
            await tee.feed(
              file,
              {
                buf,
                spans: p.spans,
                n: p.n,
                firstLine: b.firstLine,
                bytesRead: 0,
                digested: digests ? { digests, ctx } : undefined,
                release: b.release,
              },
              b.stored,
            );
          else b.release?.();
          count += upto;
          events += upto;
          bytesDone += b.stored - before;
          before = b.stored;
          report(file);
        };
        try {
          for await (const b of fl.raw) {
            if (opts.signal?.aborted) throw new CancelledError();
            const leafOffset = nextLeaf;
            nextLeaf += b.n;
            inFlight.push({
              done: checkBatch(b.buf, b.spans, b.n, ctx, leafOffset),
              firstLine: b.firstLine,
              stored: fl.storedBytesRead(),
              release: b.release,
            });
            while (inFlight.length > (pool ? 3 : 0)) await settle();
          }
        } catch (e) {
          // An unreadable line further on: a bad event in the batches before it is the first problem. Not
          // after SQLite refused a write: it may have rolled the whole transaction back by itself (a full
          // disk does), and rows written now would stay, outside any transaction.
          if (!isSqliteError(e) && db.inTransaction) while (inFlight.length > 0) await settle();
          for (const b of inFlight.splice(0)) b.done.catch(() => undefined); // abandoned with the import
          throw e;
        }
        while (inFlight.length > 0) await settle();
        tee?.end(file);
        const entry = source.entries().find((e) => e.path === file)!;
        insFile.run(bundleId, file, 'stream', entry.size, (await fl.sha256) ?? '', null);
      }
      db.prepare('UPDATE streams SET imported_count = ? WHERE id = ?').run(count, streamId);
    }

    for (const ix of deferred) {
      if (opts.signal?.aborted) throw new CancelledError();
      opts.onProgress?.({
        phase: 'index',
        file: ix.name,
        bytesDone,
        bytesTotal: totalBytes,
        eventsDone: events,
        rate: events / Math.max(0.001, (Date.now() - t0) / 1000),
      });
      db.prepare(ix.sql).run();
    }

    // Everything else is kept byte for byte: the manifest, signatures, checkpoints, evidence, and any
    // file the manifest does not mention (verification reports those too).
    let evidenceFiles = 0;
    for (const e of source.entries()) {
      if (streamFiles.has(e.path)) continue;
      if (opts.signal?.aborted) throw new CancelledError();
      // a declared table's file: the very bytes its rows were read from
      const bytes = tablesIn.bytes.get(e.path) ?? (await readAll(source, e.path, MAX_STORED_FILE_BYTES));
      const role =
        e.path === 'manifest.json'
          ? 'manifest'
          : e.path === 'manifest.json.sig'
            ? 'signature'
            : e.path.startsWith('evidence/')
              ? 'evidence'
              : manifest.streams.some((s) => s.checkpoints.includes(e.path))
                ? 'checkpoint'
                : 'other';
      if (role === 'evidence') evidenceFiles++;
      insFile.run(bundleId, e.path, role, bytes.length, createHash('sha256').update(bytes).digest('hex'), bytes);
    }
    const insEvidence = db.prepare(
      'INSERT INTO evidence (bundle_id, path, declared_sha256, declared_size, media_type, controls, description) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    for (const ev of manifest.evidence)
      insEvidence.run(bundleId, ev.path, ev.sha256, ev.size, ev.media_type ?? '', JSON.stringify(ev.controls ?? []), ev.description ?? '');
    // the declared tables' rows, each logged; a table already imported from another bundle is not repeated
    let evidenceTables = 0;
    for (const t of tablesIn.tables) if (storeTable(ws, { ...t, bundleId }, opts.actor ?? defaultActor()).status === 'imported') evidenceTables++;
    db.prepare('UPDATE bundles SET event_count = ? WHERE id = ?').run(events, bundleId);
    logActivity(ws, opts.actor ?? defaultActor(), 'import', `bundle #${bundleId}`, {
      source: source.location,
      source_sha256: sourceSha,
      manifest_sha256: manifestSha,
      events,
      streams: manifest.streams.length,
      evidence_files: evidenceFiles,
      ...(tablesIn.tables.length > 0 ? { evidence_tables: evidenceTables } : {}),
    });
    db.exec('COMMIT');
    report('', true);
    importing = false;
    const result: ImportResult = {
      status: 'imported',
      bundleId,
      events,
      streams: manifest.streams.length,
      evidenceFiles,
      ...(tablesIn.tables.length > 0 ? { evidenceTables } : {}),
      bytes: bytesDone,
      seconds: 0,
      message: `Imported ${events} events in ${manifest.streams.length} streams and ${evidenceFiles} evidence files${tablesIn.tables.length > 0 ? ` (${evidenceTables} read as evidence tables${evidenceTables < tablesIn.tables.length ? `, ${tablesIn.tables.length - evidenceTables} already in the workspace` : ''})` : ''} as bundle #${bundleId}.`,
    };
    if (verifying) {
      const verification = await verifying;
      result.verification = { runId: saveRun(ws, bundleId, verification, opts.actor ?? defaultActor()), verdict: verification.verdict };
    }
    result.seconds = (Date.now() - t0) / 1000;
    return result;
  } catch (e) {
    try {
      if (db.inTransaction) db.exec('ROLLBACK');
    } catch {
      // SQLite then rolls back itself when the connection closes; the first error is the one to report
    }
    tee?.fail(e);
    await verifying?.catch(() => undefined); // before its workers go
    throw e;
  } finally {
    if (bulk) db.pragma(`cache_size = ${cacheSize}`);
    if (bulk) db.pragma(`foreign_keys = ${foreignKeys}`);
    if (journal) {
      try {
        db.pragma(`journal_mode = ${journal}`);
      } catch {
        // refused only while another connection reads; Workspace.open sets WAL again in any case
      }
    }
    await pool?.close();
  }
}

/** Verification of the batches the import hands to `tee`, with the engagement's pinned keys as well. */
function verifyAlongside(
  tee: TeeSource,
  ws: Workspace,
  opts: ImportOptions,
  o: { silentIntervalMs: number | undefined; bundleSha256: string | null; pool: DigestPool | null; reportNow: () => boolean },
): Promise<VerificationReport> {
  return verifySource(tee, {
    ...opts.verify,
    // keys given for the run are its only anchors; else the pins this machine recorded (anchor-ledger.ts)
    // and those this import pins
    pins: opts.verify?.pins ?? [...new Set([...trustedPins(ws), ...(opts.pins ?? []).map((k) => parseVerifierKey(k.trim()).vkey)])],
    silentIntervalMs: o.silentIntervalMs,
    bundleSha256: o.bundleSha256,
    signal: opts.signal,
    ...(o.pool ? { pool: o.pool } : {}),
    // while rows are written the import reports; verification only for what it has left then
    onProgress: (p) => {
      if (o.reportNow()) opts.onProgress?.(p);
    },
  }).finally(() => tee.readerDone());
}

/** The first file where a bundle differs from the bundle already imported with the same manifest. */
async function firstDifference(ws: Workspace, bundleId: number, source: BundleSource): Promise<{ path: string; how: string } | null> {
  const kept = new Map(
    (
      ws.db.prepare('SELECT path, size, sha256 FROM bundle_files WHERE bundle_id = ?').all(bundleId) as {
        path: string;
        size: number;
        sha256: string;
      }[]
    ).map((f) => [f.path, f]),
  );
  const entries = source.entries();
  for (const e of entries) {
    const k = kept.get(e.path);
    if (!k) return { path: e.path, how: 'is in this copy only' };
    if (k.size !== e.size) return { path: e.path, how: `has ${e.size} bytes here and had ${k.size}` };
  }
  for (const path of kept.keys()) if (!source.has(path)) return { path, how: 'was in the copy imported then and is missing here' };
  // same names and sizes: compare the bytes' SHA-256
  for (const e of entries) {
    const found = (await sha256Of(source, e.path)).sha256;
    const k = kept.get(e.path)!;
    if (found !== k.sha256)
      return { path: e.path, how: `differs from the copy imported then (SHA-256 ${found.slice(0, 16)}… here, ${k.sha256.slice(0, 16)}… then)` };
  }
  return null;
}

/** The engagement's own silent-interval threshold, if it has an engagement with one. */
function engagementSilence(ws: Workspace): number | undefined {
  const r = ws.db.prepare('SELECT silent_interval_ms AS ms FROM engagements ORDER BY id LIMIT 1').get() as { ms: number | null } | undefined;
  return r?.ms ?? undefined;
}

/**
 * Switch a workspace to rollback-journal mode for one large import and return the mode to go back to,
 * or null if it stays as it is. In WAL mode every new page is written twice, to the log and again when
 * the log is copied into the file; with a rollback journal, pages new to the file need no journal entry,
 * so a bulk import writes its data once, with the same all-or-nothing transaction. SQLite refuses the
 * switch while another connection has the workspace open; the import then simply runs in WAL.
 */
function bulkJournal(db: Workspace['db']): string | null {
  const before = String(db.pragma('journal_mode', { simple: true }));
  if (before !== 'wal') return null;
  try {
    return String(db.pragma('journal_mode = DELETE', { simple: true })) === 'delete' ? before : null;
  } catch {
    return null;
  }
}
