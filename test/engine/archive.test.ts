// Hostile .zip bundles (issue #11 items 4, 10, 11): archives whose headers lie about sizes or CRCs, a .gz
// bomb inside a zip, and entries that are the same file twice. Each is built byte by byte here
// (helpers/zip.ts) and must be refused as unusable input naming the archive's entry — never a crash.
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createGzip, gzipSync } from 'node:zlib';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { generateBundle, importBundle, ImportError, InputError, verifyBundlePath, Workspace } from '../../electron/engine/index';
import { openZipBundle } from '../../electron/engine/io/zip';
import { openFolder } from '../../electron/engine/io/folder';
import { DecompressionBudget, RATIO_FREE_BYTES } from '../../electron/engine/io/budget';
import { makeZip, type RawEntry } from '../helpers/zip';

const root = path.resolve(__dirname, '../..');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'tickmark-archive-'));
let base: Awaited<ReturnType<typeof generateBundle>>;

/** The generated bundle's files as zip entries, deflated; `change` alters the ones it returns a value for. */
function bundleEntries(change: (e: RawEntry) => RawEntry | RawEntry[] | undefined = () => undefined): RawEntry[] {
  return readdirSync(base.dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .flatMap((d) => {
      const abs = path.join(d.parentPath, d.name);
      const e: RawEntry = { name: path.relative(base.dir, abs).split(path.sep).join('/'), data: readFileSync(abs), deflate: true };
      return change(e) ?? e;
    });
}

function writeZip(name: string, entries: RawEntry[]): string {
  const f = path.join(tmp, name);
  writeFileSync(f, makeZip(entries));
  return f;
}

async function refusal(p: Promise<unknown>): Promise<Error> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e, 'refused').toBeInstanceOf(Error);
  return e as Error;
}

/** Verify and import both refuse the archive as unusable input, naming `entry`. */
async function expectRefused(zip: string, entry: string, message: RegExp): Promise<void> {
  const v = await refusal(verifyBundlePath(zip));
  expect(v).toBeInstanceOf(InputError);
  expect(v.message).toMatch(message);
  expect((v as InputError).file).toBe(entry);
  const ws = Workspace.open(path.join(tmp, `${path.basename(zip)}.tickmark`), { create: true });
  try {
    const i = await refusal(importBundle(ws, zip, { verify: {} }));
    expect(i).toBeInstanceOf(ImportError);
    expect(i.message).toMatch(message);
    expect((i as ImportError).file).toBe(entry);
    expect((ws.db.prepare('SELECT COUNT(*) AS n FROM bundles').get() as { n: number }).n).toBe(0);
  } finally {
    ws.close();
  }
}

beforeAll(async () => {
  base = await generateBundle({ out: path.join(tmp, 'base'), events: 600, seed: 'archive-base' });
});

describe('a zip whose headers lie (#11 item 4)', () => {
  it('an evidence file, a checkpoint file or the manifest signature inflating past the size both headers declare', async () => {
    for (const entry of ['evidence/access-review-2026Q1.csv', 'checkpoints/auth.ckpt', 'manifest.json.sig']) {
      const zip = writeZip(
        `liar-${path.basename(entry)}.zip`,
        bundleEntries((e) => (e.name === entry ? { ...e, declaredSize: 100 } : undefined)),
      );
      await expectRefused(
        zip,
        entry,
        new RegExp(`liar-.*\\.zip: the entry ${entry.replace(/\./g, '\\.')} inflates to more bytes than its header declares.*size headers lie`),
      );
    }
  });

  it('a stream file declaring more bytes than it holds', async () => {
    const zip = writeZip(
      'liar-short.zip',
      bundleEntries((e) => (e.name === 'streams/auth.jsonl' ? { ...e, declaredSize: e.data.length + 1000 } : undefined)),
    );
    // verification reads the stream until it breaks off, and says where; import refuses
    const r = await verifyBundlePath(zip);
    expect(r.verdict).toBe('unverifiable');
    const f = r.streams.find((s) => s.id === 'auth')!.findings.find((x) => x.code === 'input-unreadable');
    expect(f?.message).toMatch(/the entry streams\/auth\.jsonl inflates to fewer bytes than its header declares/);
    const ws = Workspace.open(path.join(tmp, 'liar-short.tickmark'), { create: true });
    const i = await refusal(importBundle(ws, zip));
    ws.close();
    expect(i).toBeInstanceOf(ImportError);
    expect((i as ImportError).file).toBe('streams/auth.jsonl');
  });

  it('a central directory that contradicts the local header (what one tool reads, another would not)', async () => {
    const zip = writeZip(
      'liar-central.zip',
      bundleEntries((e) => (e.name === 'evidence/access-review-2026Q2.csv' ? { ...e, centralSize: 100 } : undefined)),
    );
    await expectRefused(
      zip,
      'evidence/access-review-2026Q2.csv',
      /the entry evidence\/access-review-2026Q2\.csv has uncompressed size \d+ in its local header and 100 in the central directory/,
    );
  });

  it('an entry whose data does not match its CRC-32', async () => {
    const zip = writeZip(
      'liar-crc.zip',
      bundleEntries((e) => (e.name === 'evidence/backup-restore-test-2026-03.txt' ? { ...e, crc: 0x12345678 } : undefined)),
    );
    await expectRefused(
      zip,
      'evidence/backup-restore-test-2026-03.txt',
      /the entry evidence\/backup-restore-test-2026-03\.txt does not match its CRC-32 \(the archive says 12345678/,
    );
  });

  it('the CLI exits 2 naming the entry, with no stack trace', () => {
    const zip = writeZip(
      'liar-cli.zip',
      bundleEntries((e) => (e.name === 'checkpoints/admin.ckpt' ? { ...e, declaredSize: 100 } : undefined)),
    );
    for (const args of [
      ['verify', zip],
      ['import', zip, '--workspace', path.join(tmp, 'liar-cli.tickmark')],
    ]) {
      const r = spawnSync(process.execPath, [path.join(root, 'bin/tickmark.mjs'), ...args], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toMatch(/^tickmark: .*liar-cli\.zip: the entry checkpoints\/admin\.ckpt inflates to more bytes than its header declares/);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });
});

/** A gzip stream (one member) of at least `total` bytes of short, non-blank lines: about 100:1. */
async function gzipOfLines(total: number): Promise<Buffer> {
  const lines = Buffer.from(`${'a'.repeat(99)}\n`.repeat(10_000)); // a megabyte
  const gz = createGzip({ level: 1 });
  const out: Buffer[] = [];
  gz.on('data', (c: Buffer) => out.push(c));
  for (let n = 0; n < total; n += lines.length) if (!gz.write(lines)) await once(gz, 'drain');
  gz.end();
  await once(gz, 'end');
  return Buffer.concat(out);
}

/** Gzip members (RFC 1952 §2.2) one after another, each a megabyte of long lines at about 740:1. */
function gzipMembersOfLines(total: number): Buffer {
  const member = gzipSync(Buffer.from(`${'a'.repeat(4095)}\n`.repeat(256)), { level: 9 });
  return Buffer.concat(new Array<Buffer>(Math.ceil(total / (1 << 20))).fill(member));
}

/** Read a file's lines as raw batches (no JSON parsing), as far as they go; the bytes read and the error. */
async function readLines(source: Awaited<ReturnType<typeof openZipBundle>>, file: string): Promise<{ bytes: number; error: unknown }> {
  let bytes = 0;
  try {
    for await (const b of (await source.lines(file)).raw) {
      bytes = b.bytesRead;
      b.release?.();
    }
  } catch (e) {
    return { bytes, error: e };
  } finally {
    await source.close();
  }
  return { bytes, error: null };
}

describe('nested compression is held to one decompression budget (#11 item 10)', () => {
  it('a few-KB zip holding a .gz of 256 MiB of lines (each layer under the ratio a single entry may have) is refused once the budget is spent, naming the file', async () => {
    const gz = await gzipOfLines(256 * 1024 ** 2);
    const zip = writeZip('nested-bomb.zip', [
      { name: 'manifest.json', data: readFileSync(path.join(base.dir, 'manifest.json')), deflate: true },
      { name: 'streams/admin.jsonl.gz', data: gz, deflate: true },
    ]);
    const stored = readFileSync(zip).length;
    expect(stored).toBeLessThan(16 * 1024);
    const { bytes, error } = await readLines(await openZipBundle(zip), 'streams/admin.jsonl.gz');
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toMatch(
      /^streams\/admin\.jsonl\.gz in .*nested-bomb\.zip: decompressing would produce more than \d+ bytes .*zip and gzip layers counted together.*decompression bomb/,
    );
    expect((error as InputError).file).toBe('streams/admin.jsonl.gz');
    expect(bytes).toBeLessThanOrEqual(new DecompressionBudget(zip, stored).limit);
  });

  it('an honest .gz stream in a zip is read to its end', async () => {
    const g = await generateBundle({ out: path.join(tmp, 'gz'), events: 300, seed: 'archive-gz', gzip: true });
    const entries = readdirSync(g.dir, { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile())
      .map((d) => {
        const abs = path.join(d.parentPath, d.name);
        return { name: path.relative(g.dir, abs).split(path.sep).join('/'), data: readFileSync(abs), deflate: true };
      });
    const zip = writeZip('gz-honest.zip', entries);
    const r = await verifyBundlePath(zip, { pins: [g.vendorKey], silentIntervalMs: 7 * 24 * 3600 * 1000 });
    expect(r.verdict).toBe('verified');
  });

  it('a .gz in a folder has a budget in proportion to its own size', async () => {
    const dir = path.join(tmp, 'gz-bomb-folder');
    const gz = gzipMembersOfLines(RATIO_FREE_BYTES * 4);
    mkdirSync(path.join(dir, 'streams'), { recursive: true });
    writeFileSync(path.join(dir, 'streams/auth.jsonl.gz'), gz);
    const { bytes, error } = await readLines(await openFolder(dir), 'streams/auth.jsonl.gz');
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toMatch(/^streams\/auth\.jsonl\.gz in .*gz-bomb-folder: decompressing would produce more than/);
    expect(bytes).toBeLessThanOrEqual(new DecompressionBudget('', gz.length).limit);
  });
});

describe('the same file twice in a zip (#11 item 11)', () => {
  const twice = (name: string, other: string) =>
    bundleEntries((e) =>
      e.name === name ? [e, { ...e, name: other, data: Buffer.concat([e.data, e.data.subarray(0, e.data.indexOf(10) + 1)]) }] : undefined,
    );

  it('the exact name twice', async () => {
    await expectRefused(
      writeZip('dup-exact.zip', twice('streams/auth.jsonl', 'streams/auth.jsonl')),
      'streams/auth.jsonl',
      /dup-exact\.zip: the entry "streams\/auth\.jsonl" is in the archive twice/,
    );
  });

  it('names that differ only in case, or in Unicode normalization', async () => {
    await expectRefused(
      writeZip('dup-case.zip', twice('streams/auth.jsonl', 'streams/AUTH.jsonl')),
      'streams/AUTH.jsonl',
      /the entry "streams\/AUTH\.jsonl" is in the archive also as "streams\/auth\.jsonl"/,
    );
    const composed = 'evidence/r\u00e9sum\u00e9.txt';
    const decomposed = composed.normalize('NFD');
    const entries = [...bundleEntries(), { name: composed, data: Buffer.from('one') }, { name: decomposed, data: Buffer.from('two') }];
    await expectRefused(writeZip('dup-nfd.zip', entries), decomposed, /is in the archive also as/);
  });

  it('names that differ by "./" or a backslash are refused by name', async () => {
    const dot = await refusal(verifyBundlePath(writeZip('dup-dot.zip', twice('streams/auth.jsonl', './streams/auth.jsonl'))));
    expect(dot).toBeInstanceOf(InputError);
    expect(dot.message).toMatch(/dup-dot\.zip.*(\.\/streams\/auth\.jsonl|invalid relative path)/);
    const back = await refusal(verifyBundlePath(writeZip('dup-back.zip', twice('streams/auth.jsonl', 'streams\\auth.jsonl'))));
    expect(back).toBeInstanceOf(InputError);
    expect(back.message).toMatch(/dup-back\.zip.*(backslash|invalid characters)/);
  });
});
