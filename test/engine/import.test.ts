import { beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, writeFileSync, createWriteStream, statSync, readdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import {
  generateBundle,
  importBundle,
  ImportError,
  Workspace,
  verifyWorkspace,
  verifyBundlePath,
  pinKey,
  CancelledError,
} from '../../electron/engine/index';
import { makeZip } from '../helpers/zip';
import { poisonReleasedBuffers } from '../helpers/poison';
import type { ImportOptions } from '../../electron/engine/import';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'tickmark-import-'));
const WEEK = 7 * 24 * 3600 * 1000;
let base: Awaited<ReturnType<typeof generateBundle>>;
poisonReleasedBuffers();

/** Row counts of every table: "the workspace is unchanged" made checkable. */
function snapshot(ws: Workspace): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of ['activity_log', 'engagements', 'bundles', 'bundle_files', 'streams', 'events', 'evidence', 'verification_runs', 'findings']) {
    out[t] = (ws.db.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n;
  }
  return out;
}

function indexesOf(ws: Workspace): unknown[] {
  return ws.db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name").all();
}

/** Hash of every file in a folder, to prove the originals are never modified. */
function treeHash(dir: string): string {
  const h = createHash('sha256');
  const walk = (rel: string): void => {
    for (const name of readdirSync(path.join(dir, rel)).sort()) {
      const r = path.join(rel, name);
      if (statSync(path.join(dir, r)).isDirectory()) walk(r);
      else h.update(r).update(readFileSync(path.join(dir, r)));
    }
  };
  walk('');
  return h.digest('hex');
}

function copyBundle(name: string): string {
  const d = path.join(tmp, name);
  cpSync(base.dir, d, { recursive: true });
  return d;
}

/** A workspace that already holds one good bundle, so a failed import must leave it intact. */
async function primedWorkspace(name: string): Promise<Workspace> {
  const ws = Workspace.open(path.join(tmp, `${name}.tickmark`), { create: true });
  const other = await generateBundle({ out: path.join(tmp, `${name}-first`), events: 120, seed: `${name}-first`, evidence: false });
  await importBundle(ws, other.dir);
  return ws;
}

async function expectRefused(bundle: string, match: { file?: string; line?: number; message: RegExp }, opts: ImportOptions = {}): Promise<void> {
  const ws = await primedWorkspace(`${path.basename(bundle)}${opts.parallel ? '-parallel' : ''}`);
  const before = snapshot(ws);
  const indexesBefore = indexesOf(ws);
  let err: unknown;
  try {
    await importBundle(ws, bundle, opts);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(ImportError);
  const ie = err as ImportError;
  expect(ie.message).toMatch(match.message);
  if (match.file !== undefined) expect(ie.file).toBe(match.file);
  if (match.line !== undefined) expect(ie.line).toBe(match.line);
  expect(snapshot(ws)).toEqual(before);
  expect(indexesOf(ws)).toEqual(indexesBefore);
  expect(ws.db.pragma('journal_mode', { simple: true })).toBe('wal');
  expect(ws.db.pragma('foreign_keys', { simple: true })).toBe(1);
  const [v] = await verifyWorkspace(ws, { silentIntervalMs: WEEK });
  expect(v!.report.totals.errors).toBe(0); // the earlier bundle is intact
  ws.close();
}

beforeAll(async () => {
  base = await generateBundle({ out: path.join(tmp, 'base'), events: 900, seed: 'import-base' });
});

describe('import', () => {
  it('imports every event with its original line, keeps every other file byte for byte, and never modifies the bundle', async () => {
    const before = treeHash(base.dir);
    const ws = Workspace.open(path.join(tmp, 'ok.tickmark'), { create: true });
    const progress: number[] = [];
    const r = await importBundle(ws, base.dir, { onProgress: (p) => progress.push(p.eventsDone) });
    expect(r.status).toBe('imported');
    expect(r.events).toBe(900);
    expect(r.streams).toBe(3);
    expect(r.evidenceFiles).toBe(5);
    expect(progress[progress.length - 1]).toBe(900);
    const lines = readFileSync(path.join(base.dir, 'streams/phi-access.jsonl'), 'utf8').trimEnd().split('\n');
    // in rowid order too: rows written several per statement keep the file's order
    const rows = ws.db
      .prepare(
        "SELECT e.line, e.seq, e.category, e.raw FROM events e JOIN streams s ON s.id = e.stream_id WHERE s.stream_key = 'phi-access' ORDER BY e.id",
      )
      .all() as { line: number; seq: number; category: string; raw: string }[];
    expect(rows.map((x) => x.raw)).toEqual(lines);
    expect(rows.map((x) => x.line)).toEqual(lines.map((_, i) => i + 1));
    expect(rows[0]).toMatchObject({ line: 1, seq: 0, category: 'phi_access' });
    const stored = ws.db.prepare("SELECT sha256, content FROM bundle_files WHERE path = 'evidence/access-review-2026Q1.csv'").get() as {
      sha256: string;
      content: Buffer;
    };
    expect(stored.content.equals(readFileSync(path.join(base.dir, 'evidence/access-review-2026Q1.csv')))).toBe(true);
    expect(treeHash(base.dir)).toBe(before);
    ws.close();
  });

  it('stores the same rows when events are checked on a worker thread, across batch edges', async () => {
    const rows = async (name: string, opts: ImportOptions): Promise<unknown[]> => {
      const ws = Workspace.open(path.join(tmp, `${name}.tickmark`), { create: true });
      await importBundle(ws, base.dir, opts);
      const r = ws.db
        .prepare(
          'SELECT s.stream_key, file_no, line, seq, ts, ts_ms, category, action, actor_id, actor_type, target, outcome, mfa, raw FROM events e JOIN streams s ON s.id = e.stream_id ORDER BY s.stream_key, file_no, line',
        )
        .all();
      ws.close();
      return r;
    };
    const inline = await rows('rows-inline', { parallel: false });
    expect(inline).toHaveLength(900);
    expect(await rows('rows-worker', { parallel: true, batchBytes: 3000 })).toEqual(inline);
  });

  it('stores the same rows and indexes as a bulk load (indexes rebuilt at the end, rollback journal), then returns to WAL', async () => {
    const journals: unknown[][] = [];
    const foreignKeys: unknown[][] = [];
    const state = async (name: string, opts: ImportOptions, reader = false): Promise<unknown> => {
      const file = path.join(tmp, `${name}.tickmark`);
      const ws = Workspace.open(file, { create: true });
      // another connection reading the workspace: the journal cannot switch, the bulk load runs in WAL
      const other = reader ? Workspace.open(file, { readonly: true }) : null;
      other?.db.prepare('SELECT COUNT(*) FROM events').get();
      const during = new Set<unknown>();
      const fkDuring = new Set<unknown>();
      await importBundle(ws, base.dir, {
        ...opts,
        onProgress: () => {
          during.add(ws.db.pragma('journal_mode', { simple: true }));
          fkDuring.add(ws.db.pragma('foreign_keys', { simple: true }));
        },
      });
      other?.close();
      journals.push([...during]);
      foreignKeys.push([...fkDuring]);
      const out = {
        rows: ws.db
          .prepare(
            'SELECT s.stream_key, file_no, line, seq, ts, ts_ms, category, action, actor_id, actor_type, target, outcome, mfa, raw FROM events e JOIN streams s ON s.id = e.stream_id ORDER BY s.stream_key, file_no, line',
          )
          .all(),
        indexes: ws.db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events' ORDER BY name").all(),
        journal: ws.db.pragma('journal_mode', { simple: true }),
        cache: ws.db.pragma('cache_size', { simple: true }),
        foreignKeys: ws.db.pragma('foreign_keys', { simple: true }),
        // every event row's stream_id names a stream row, also where the bulk load did not check as it went
        danglingStreamIds: ws.db.pragma('foreign_key_check(events)'),
        integrity: ws.db.pragma('integrity_check', { simple: true }),
        byCategory: ws.db.prepare("SELECT COUNT(*) AS n FROM events INDEXED BY events_category_ts WHERE category = 'auth'").get(),
      };
      ws.close();
      return out;
    };
    const normal = (await state('bulk-off', { bulk: false })) as { rows: unknown[]; indexes: unknown[]; journal: string };
    expect(normal.rows).toHaveLength(900);
    expect(normal.indexes.length).toBeGreaterThanOrEqual(5);
    expect(normal.journal).toBe('wal');
    expect(await state('bulk-on', { bulk: true, parallel: true, batchBytes: 5000 })).toEqual(normal);
    expect(await state('bulk-shared', { bulk: true }, true)).toEqual(normal);
    // what the journal was while rows went in: the bulk load wrote once (rollback journal) unless shared
    expect(journals).toEqual([['wal'], ['delete'], ['wal']]);
    // and whether SQLite checked each row's stream_id as it went in (the bulk load does not; see import.ts)
    expect(foreignKeys).toEqual([[1], [0], [0]]);
  });

  it('detects a bundle imported twice instead of duplicating it, also when it comes again as a .zip', async () => {
    const ws = Workspace.open(path.join(tmp, 'dup.tickmark'), { create: true });
    await importBundle(ws, base.dir);
    const before = snapshot(ws);
    const again = await importBundle(ws, base.dir);
    expect(again.status).toBe('duplicate');
    expect(again.message).toMatch(/already imported as bundle #1/);
    const files = readdirSync(base.dir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile());
    const zip = makeZip(
      files.map((d) => {
        const abs = path.join(d.parentPath, d.name);
        return { name: path.relative(base.dir, abs).split(path.sep).join('/'), data: readFileSync(abs), deflate: true };
      }),
    );
    writeFileSync(path.join(tmp, 'dup.zip'), zip);
    expect((await importBundle(ws, path.join(tmp, 'dup.zip'))).status).toBe('duplicate');
    expect(snapshot(ws)).toEqual(before);
    // the same manifest over different files is not the same bundle: refused, naming the file
    const edited = copyBundle('dup-edited');
    const f = path.join(edited, 'streams/auth.jsonl');
    const text = readFileSync(f, 'utf8');
    writeFileSync(f, text.replace('"outcome":"failure"', '"outcome":"success"')); // same length, other bytes
    await expect(importBundle(ws, edited)).rejects.toMatchObject({
      name: 'ImportError',
      file: 'streams/auth.jsonl',
      message: expect.stringMatching(
        /same manifest as bundle #1 .* but streams\/auth\.jsonl differs from the copy imported then \(SHA-256 [0-9a-f]{16}… here/,
      ),
    });
    const added = copyBundle('dup-added');
    writeFileSync(path.join(added, 'evidence/late-addition.txt'), 'added after the manifest');
    await expect(importBundle(ws, added)).rejects.toMatchObject({
      file: 'evidence/late-addition.txt',
      message: expect.stringMatching(/is in this copy only/),
    });
    expect(snapshot(ws)).toEqual(before);
    ws.close();
  });

  it("verifies in the same reading (folder, .zip and .jsonl.gz), with the engagement's pinned keys, and records the run", async () => {
    const strip = (r: unknown): unknown => ({ ...(r as object), startedAt: 0, finishedAt: 0 });
    const files = readdirSync(base.dir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile());
    const zipPath = path.join(tmp, 'one-pass.zip');
    writeFileSync(
      zipPath,
      makeZip(
        files.map((d) => {
          const abs = path.join(d.parentPath, d.name);
          return { name: path.relative(base.dir, abs).split(path.sep).join('/'), data: readFileSync(abs), deflate: true };
        }),
      ),
    );
    const gz = await generateBundle({ out: path.join(tmp, 'one-pass-gz'), events: 700, seed: 'one-pass-gz', gzip: true });
    for (const [name, bundle, key] of [
      ['folder', base.dir, base.vendorKey],
      ['zip', zipPath, base.vendorKey],
      ['gz', gz.dir, gz.vendorKey],
    ] as const) {
      const ws = Workspace.open(path.join(tmp, `one-pass-${name}.tickmark`), { create: true });
      pinKey(ws, key);
      const seen = new Set<string>();
      const r = await importBundle(ws, bundle, {
        batchBytes: 4000,
        parallel: true,
        verify: { silentIntervalMs: WEEK, batchBytes: 4000 },
        onProgress: (p) => seen.add(p.phase),
      });
      expect(r.verification?.verdict, name).toBe('verified');
      const stored = ws.db.prepare('SELECT report FROM verification_runs WHERE id = ?').get(r.verification!.runId) as { report: string };
      const alone = await verifyBundlePath(bundle, { pins: [key], silentIntervalMs: WEEK });
      expect(strip(JSON.parse(stored.report)), name).toEqual(JSON.parse(JSON.stringify(strip(alone))));
      // and the workspace verifies the same afterwards from what it kept
      const [again] = await verifyWorkspace(ws, { silentIntervalMs: WEEK });
      expect(again!.report.verdict).toBe('verified');
      expect(seen.has('import')).toBe(true);
      ws.close();
    }
  });

  it('a refused or cancelled import that was also verifying: nothing recorded, nothing left waiting', async () => {
    const ws = await primedWorkspace('one-pass-fail');
    const before = snapshot(ws);
    const bad = path.join(tmp, 'one-pass-bad');
    cpSync(base.dir, bad, { recursive: true });
    const f = path.join(bad, 'streams/auth.jsonl');
    const lines = readFileSync(f, 'utf8').trimEnd().split('\n');
    lines[200] = '{"seq":';
    writeFileSync(f, `${lines.join('\n')}\n`);
    for (const opts of [
      { parallel: true, batchBytes: 2500 },
      { parallel: false, batchBytes: 2500 },
    ]) {
      await expect(importBundle(ws, bad, { ...opts, verify: { silentIntervalMs: WEEK, ...opts } })).rejects.toMatchObject({
        name: 'ImportError',
        line: 201,
      });
      expect(snapshot(ws)).toEqual(before);
    }
    const ac = new AbortController();
    await expect(
      importBundle(ws, base.dir, { batchBytes: 2500, signal: ac.signal, verify: { silentIntervalMs: WEEK }, onProgress: () => ac.abort() }),
    ).rejects.toBeInstanceOf(CancelledError);
    expect(snapshot(ws)).toEqual(before);
    ws.close();
  });

  it('verifies a workspace from the bytes it kept, with the same result as the original bundle', async () => {
    const t = await generateBundle({ out: path.join(tmp, 'ws-edit'), events: 600, seed: 'ws-edit', tamper: 'edit' });
    const ws = Workspace.open(path.join(tmp, 'ws-verify.tickmark'), { create: true });
    pinKey(ws, t.vendorKey, 'vendor key from the kickoff meeting');
    await importBundle(ws, t.dir);
    const [fromWs] = await verifyWorkspace(ws, { silentIntervalMs: WEEK });
    const fromBundle = await verifyBundlePath(t.dir, { pins: [t.vendorKey], silentIntervalMs: WEEK });
    expect(fromWs!.report.verdict).toBe('failed');
    const key = (f: { code: string; seq?: number; line?: number; file?: string }): string => `${f.code}@${f.file}:${f.line}:${f.seq}`;
    const flat = (r: typeof fromBundle): string[] => r.streams.flatMap((s) => s.findings.map(key)).sort();
    expect(flat(fromWs!.report)).toEqual(flat(fromBundle));
    expect(flat(fromBundle).some((k) => k.startsWith(`content-altered@streams/phi-access.jsonl:${t.tamperedLine}:`))).toBe(true);
    const run = ws.db
      .prepare('SELECT verdict, (SELECT COUNT(*) FROM findings WHERE run_id = verification_runs.id) AS n FROM verification_runs')
      .get() as { verdict: string; n: number };
    expect(run.verdict).toBe('failed');
    expect(run.n).toBeGreaterThan(0);
    ws.close();
  });

  it('fills an untitled engagement from its first bundle, and a failed first import leaves the new workspace empty', async () => {
    const ws = Workspace.open(path.join(tmp, 'fresh.tickmark'), { create: true });
    const d = copyBundle('fresh-bad');
    writeFileSync(path.join(d, 'streams/auth.jsonl'), 'not json\n');
    await expect(importBundle(ws, d)).rejects.toBeInstanceOf(ImportError);
    expect(snapshot(ws)).toEqual(Object.fromEntries(Object.keys(snapshot(ws)).map((k) => [k, 0])));
    pinKey(ws, base.vendorKey); // creates the engagement, untitled, with no window
    expect(ws.engagement()).toMatchObject({ name: 'Untitled engagement', windowStart: null });
    await importBundle(ws, base.dir);
    expect(ws.engagement()).toMatchObject({
      name: 'Northwind Health',
      client: 'Northwind Health',
      windowStart: '2026-01-01T00:00:00Z',
      windowEnd: '2026-06-30T23:59:59Z',
    });
    ws.close();
  });

  it('can be cancelled, leaving the workspace unchanged', async () => {
    const ws = await primedWorkspace('cancel');
    const before = snapshot(ws);
    const ac = new AbortController();
    const p = importBundle(ws, base.dir, { signal: ac.signal, onProgress: () => ac.abort() });
    await expect(p).rejects.toBeInstanceOf(CancelledError);
    expect(snapshot(ws)).toEqual(before);
    ws.close();
  });
});

describe('bad input is refused with the file and line, and the workspace is unchanged', () => {
  function withLine(name: string, lineNo: number, replace: (line: string) => string | Buffer): string {
    const d = copyBundle(name);
    const f = path.join(d, 'streams/auth.jsonl');
    const lines: Buffer[] = readFileSync(f, 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => Buffer.from(l));
    const r = replace(lines[lineNo - 1]!.toString());
    lines[lineNo - 1] = typeof r === 'string' ? Buffer.from(r) : r;
    writeFileSync(f, Buffer.concat(lines.flatMap((l) => [l, Buffer.from('\n')])));
    return d;
  }

  it('malformed JSON', async () => {
    await expectRefused(
      withLine('bad-json', 17, (l) => l.slice(0, -5)),
      { file: 'streams/auth.jsonl', line: 17, message: /streams\/auth\.jsonl line 17 is not valid JSON/ },
    );
  });

  it('a bad event deep in a stream, checked on a worker thread while rows are written', async () => {
    const bad = withLine('bad-deep', 250, (l) => l.replace('"seq":', '"seq":"x","q":'));
    const want = { file: 'streams/auth.jsonl', line: 250, message: /streams\/auth\.jsonl line 250 "seq" is not a non-negative integer/ };
    await expectRefused(bad, want, { parallel: true, batchBytes: 4096 });
    await expectRefused(bad, want, { parallel: false, batchBytes: 4096 });
  });

  it('a bad event deep in a stream during a bulk load: indexes and journal mode as they were', async () => {
    const bad = withLine('bad-bulk', 300, (l) => l.replace('"seq":', '"seq":-1,"q":'));
    const want = { file: 'streams/auth.jsonl', line: 300, message: /streams\/auth\.jsonl line 300/ };
    await expectRefused(bad, want, { bulk: true, parallel: true, batchBytes: 4096 });
  });

  it('a line that is not an object', async () => {
    await expectRefused(
      withLine('not-object', 3, () => '[1,2,3]'),
      { file: 'streams/auth.jsonl', line: 3, message: /line 3 is not a JSON object \(found an array\)/ },
    );
  });

  it('invalid UTF-8', async () => {
    await expectRefused(
      withLine('bad-utf8', 9, (l) => Buffer.concat([Buffer.from(l.slice(0, 20)), Buffer.from([0xc3, 0x28]), Buffer.from(l.slice(20))])),
      { file: 'streams/auth.jsonl', line: 9, message: /line 9 is not valid UTF-8/ },
    );
  });

  it('a missing required member', async () => {
    await expectRefused(
      withLine('no-actor', 5, (l) => {
        const o = JSON.parse(l);
        delete o.actor;
        return JSON.stringify(o);
      }),
      { file: 'streams/auth.jsonl', line: 5, message: /line 5 has no "actor" member/ },
    );
    await expectRefused(
      withLine('bad-ts', 6, (l) => {
        const o = JSON.parse(l);
        o.ts = 'yesterday';
        return JSON.stringify(o);
      }),
      { line: 6, message: /"ts" "yesterday" is not an RFC 3339/ },
    );
  });

  it('a truncated .gz stream', async () => {
    const g = await generateBundle({ out: path.join(tmp, 'trunc-gz'), events: 900, seed: 'trunc-gz', gzip: true });
    const f = path.join(g.dir, 'streams/phi-access.jsonl.gz');
    const b = readFileSync(f);
    writeFileSync(f, b.subarray(0, Math.floor(b.length / 2)));
    await expectRefused(g.dir, { file: 'streams/phi-access.jsonl.gz', message: /damaged or truncated gzip file: it breaks off after line \d+/ });
  });

  it('a zip with a ../ entry (zip-slip), without writing anything', async () => {
    const z = path.join(tmp, 'slip.zip');
    writeFileSync(
      z,
      makeZip([
        { name: 'manifest.json', data: readFileSync(path.join(base.dir, 'manifest.json')) },
        { name: '../../evil.sh', data: Buffer.from('rm -rf /') },
      ]),
    );
    await expectRefused(z, { message: /slip\.zip.*(\.\.\/\.\.\/evil\.sh|invalid relative path)/ });
  });

  it('a zip bomb', async () => {
    const z = path.join(tmp, 'bomb.zip');
    writeFileSync(
      z,
      makeZip([
        { name: 'manifest.json', data: readFileSync(path.join(base.dir, 'manifest.json')) },
        { name: 'streams/auth.jsonl', data: Buffer.alloc(200 * 1024 * 1024), deflate: true },
      ]),
    );
    expect(statSync(z).size).toBeLessThan(1024 * 1024);
    await expectRefused(z, { message: /decompression bomb/ });
  });

  it('a zip entry that inflates past its declared size', async () => {
    const z = path.join(tmp, 'liar.zip');
    const entries = readdirSync(base.dir, { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile())
      .map((d) => {
        const abs = path.join(d.parentPath, d.name);
        const name = path.relative(base.dir, abs).split(path.sep).join('/');
        const data = readFileSync(abs);
        return { name, data, deflate: true, declaredSize: name === 'streams/auth.jsonl' ? 1000 : undefined };
      });
    writeFileSync(z, makeZip(entries));
    await expectRefused(z, { file: 'streams/auth.jsonl', message: /streams\/auth\.jsonl/ });
  });

  it('a manifest that does not match the files', async () => {
    const d = copyBundle('mismatch');
    const m = JSON.parse(readFileSync(path.join(d, 'manifest.json'), 'utf8'));
    m.streams[1].files = ['streams/phi-access-2026H1.jsonl'];
    writeFileSync(path.join(d, 'manifest.json'), JSON.stringify(m));
    await expectRefused(d, {
      file: 'streams/phi-access-2026H1.jsonl',
      message: /names streams\/phi-access-2026H1\.jsonl for stream "phi-access", but the bundle has no such file/,
    });
  });

  it('a manifest that is not a tickmark bundle manifest', async () => {
    const d = copyBundle('bad-manifest');
    const m = JSON.parse(readFileSync(path.join(d, 'manifest.json'), 'utf8'));
    m.streams[0].chain.head = 'abc';
    delete m.audit_window;
    writeFileSync(path.join(d, 'manifest.json'), JSON.stringify(m));
    await expectRefused(d, { file: 'manifest.json', message: /audit_window.*streams\.0\.chain\.head: must be 64 lowercase hex/s });
  });

  it('a 100 MB single line, in bounded memory', async () => {
    const d = copyBundle('huge-line');
    const f = path.join(d, 'streams/admin.jsonl');
    const original = readFileSync(f);
    const out = createWriteStream(f);
    out.write(original.subarray(0, original.indexOf(10) + 1));
    const chunk = Buffer.alloc(1024 * 1024, 0x61);
    out.write('{"pad":"');
    for (let i = 0; i < 100; i++) if (!out.write(chunk)) await once(out, 'drain');
    out.end('"}\n');
    await once(out, 'close');
    const rss0 = process.memoryUsage().rss;
    await expectRefused(d, { file: 'streams/admin.jsonl', line: 2, message: /line 2 is longer than 4 MiB/ });
    expect(process.memoryUsage().rss - rss0).toBeLessThan(64 * 1024 * 1024);
  });

  it('a gzip bomb inside a stream file is only a very long line', async () => {
    const d = copyBundle('gz-bomb');
    const m = JSON.parse(readFileSync(path.join(d, 'manifest.json'), 'utf8'));
    m.streams[2].files = ['streams/admin.jsonl.gz'];
    writeFileSync(path.join(d, 'manifest.json'), JSON.stringify(m));
    writeFileSync(path.join(d, 'streams/admin.jsonl.gz'), gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20)));
    await expectRefused(d, { file: 'streams/admin.jsonl.gz', line: 1, message: /line 1 is longer than/ });
  });
});
