// What the CLI says when SQLite refuses (hardening issue #11, item 14): another import holding the
// workspace (SQLITE_BUSY), a full disk (SQLITE_FULL), a disk refusing a write (SQLITE_IOERR) and a manifest
// that would break a constraint printed stack traces with exit 1. Each is now a clear message, exit 2, the
// workspace unchanged, and a --pin given with the refused import is not saved.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { main } from '../../electron/cli/main';
import { Workspace } from '../../electron/engine/index';

const root = path.resolve(__dirname, '../..');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'tickmark-cli-store-'));
const CLI = [path.join(root, 'bin/tickmark.mjs')];
const TABLES = [
  'activity_log',
  'engagements',
  'pinned_keys',
  'bundles',
  'bundle_files',
  'streams',
  'events',
  'evidence',
  'verification_runs',
  'findings',
];

function tickmark(...args: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [...CLI, ...args], { encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

function state(file: string): Record<string, unknown> {
  const db = new Database(file, { readonly: true });
  const out: Record<string, unknown> = Object.fromEntries(
    TABLES.map((t) => [t, (db.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n]),
  );
  out.integrity = db.pragma('integrity_check', { simple: true });
  db.close();
  return out;
}

/** exit 2, the message, and none of a crash's signs */
function expectRefusal(r: { code: number; err: string }, message: RegExp): void {
  expect(r.code).toBe(2);
  expect(r.err).toMatch(message);
  expect(r.err).not.toMatch(/^\s+at /m);
  expect(r.err).not.toMatch(/SqliteError|node_modules/);
}

let key = '';
let otherKey = '';
/** a workspace holding the first bundle, with its key pinned; each test works on its own copy */
let primed = '';
const copy = (name: string): string => {
  const f = path.join(tmp, `${name}.tickmark`);
  copyFileSync(primed, f);
  return f;
};

beforeAll(() => {
  expect(tickmark('generate', '--out', path.join(tmp, 'first'), '--events', '200', '--seed', 'store-1').code).toBe(0);
  expect(tickmark('generate', '--out', path.join(tmp, 'second'), '--events', '3000', '--seed', 'store-2').code).toBe(0);
  key = readFileSync(path.join(tmp, 'first.vendor-key.txt'), 'utf8').trim();
  otherKey = readFileSync(path.join(tmp, 'second.vendor-key.txt'), 'utf8').trim();
  primed = path.join(tmp, 'primed.tickmark');
  expect(tickmark('import', path.join(tmp, 'first'), '--workspace', primed, '--pin', key).code).toBe(0);
});

describe('the CLI when SQLite refuses', () => {
  it('another process writing the workspace (two imports at once): exit 2, "in use", nothing changed, the pin not saved', () => {
    const ws = copy('busy');
    const before = state(ws);
    // the other import: a connection holding the write lock, as an import does for its whole run
    const other = new Database(ws);
    other.exec('BEGIN IMMEDIATE');
    const r = tickmark('import', path.join(tmp, 'second'), '--workspace', ws, '--pin', otherKey);
    other.exec('ROLLBACK');
    other.close();
    expectRefusal(
      r,
      /busy\.tickmark: the workspace is in use: another Tickmark process \(another import\?\) is writing to it\. The import was rolled back: nothing was added/,
    );
    expect(state(ws)).toEqual(before);
    // once the other has finished, the same command imports and pins
    expect(tickmark('import', path.join(tmp, 'second'), '--workspace', ws, '--pin', otherKey).code).toBe(0);
    expect(state(ws)).toMatchObject({ pinned_keys: 2, bundles: 2 });
  });

  it('a bulk import holding the workspace exclusively while it commits: opening it waits, then exit 2, nothing changed', () => {
    const ws = copy('exclusive');
    const before = state(ws);
    const other = new Database(ws);
    other.pragma('journal_mode = DELETE'); // as a bulk load runs
    other.exec('BEGIN EXCLUSIVE');
    const r = tickmark('import', path.join(tmp, 'second'), '--workspace', ws, '--pin', otherKey);
    other.exec('ROLLBACK');
    other.pragma('journal_mode = WAL');
    other.close();
    expectRefusal(r, /exclusive\.tickmark: the workspace is in use.*Nothing was changed/);
    expect(state(ws)).toEqual(before);
  });

  it('a full disk: exit 2, "the disk is full", nothing changed, the pin not saved', async () => {
    const ws = copy('full');
    const before = state(ws);
    // the CLI in this process, its workspace given no room to grow: SQLite answers SQLITE_FULL as on a full disk
    const open = Workspace.open.bind(Workspace);
    const spy = vi.spyOn(Workspace, 'open').mockImplementation((file, opts) => {
      const w = open(file, opts);
      w.db.pragma(`max_page_count = ${(w.db.pragma('page_count', { simple: true }) as number) + 4}`);
      return w;
    });
    const err: string[] = [];
    let code: number;
    try {
      code = await main(['import', path.join(tmp, 'second'), '--workspace', ws, '--pin', otherKey], {
        out: () => undefined,
        err: (s) => void err.push(s),
      });
    } finally {
      spy.mockRestore();
    }
    expectRefusal(
      { code, err: err.join('\n') },
      /full\.tickmark: the disk is full .*The import was rolled back: nothing was added and the workspace is as it was\. Free some space/,
    );
    expect(state(ws)).toEqual(before);
  });

  it.skipIf(process.platform === 'win32')('a disk that refuses a write (a file-size limit): exit 2, the reason, nothing changed', () => {
    const ws = copy('ioerr');
    const before = state(ws);
    const limitKiB = Math.ceil(readFileSync(ws).length / 1024) + 64;
    // SIGXFSZ ignored, so a write past the limit fails with EFBIG as a refused write does, instead of killing node
    const r = spawnSync(
      '/bin/sh',
      [
        '-c',
        `ulimit -f ${limitKiB * 2}; trap '' XFSZ; exec "$0" "$@"`,
        process.execPath,
        ...CLI,
        'import',
        path.join(tmp, 'second'),
        '--workspace',
        ws,
        '--pin',
        otherKey,
      ],
      { encoding: 'utf8' },
    );
    expectRefusal(
      { code: r.status ?? -1, err: r.stderr },
      /ioerr\.tickmark: the disk reported an error while reading or writing the workspace \(SQLITE_IOERR_WRITE\)\. The import was rolled back/,
    );
    expect(state(ws)).toEqual(before);
  });

  it('a manifest naming one stream file for two streams: exit 2, the file named, nothing changed, the pin not saved', () => {
    const ws = copy('twice');
    const before = state(ws);
    const dir = path.join(tmp, 'twice');
    cpSync(path.join(tmp, 'second'), dir, { recursive: true });
    const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
    manifest.streams[1].files = manifest.streams[0].files;
    writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
    const r = tickmark('import', dir, '--workspace', ws, '--pin', otherKey);
    expectRefusal(r, /the manifest names streams\/auth\.jsonl for stream "auth" and again for stream "phi-access"/);
    expect(state(ws)).toEqual(before);
  });

  it('a --pin that is no key: exit 2 before anything is made', () => {
    const ws = path.join(tmp, 'never.tickmark');
    expectRefusal(tickmark('import', path.join(tmp, 'first'), '--workspace', ws, '--pin', 'not-a-key'), /not-a-key|verifier key/);
    expect(() => readFileSync(ws)).toThrow();
  });

  it('VERIFIED from the keys a workspace pinned carries no "no key is pinned" note', () => {
    const v = tickmark('verify', copy('verified'), '--silent-hours', '168');
    expect(v.code).toBe(0);
    expect(v.out).toMatch(/Result {3}VERIFIED/);
    expect(v.err).not.toMatch(/no key is pinned/);
  });
});
