// The BUILT desktop app (electron-vite's output, what `npm start` and electron-builder ship) on plain Node,
// where Electron's binary cannot be downloaded: the main process runs with a stand-in `electron` module
// (test/shell/stub-electron) that records every call and plays the page's part, so these tests see the real
// start-up order, the real app:// handler and IPC, a failing engine shown in the window, and a clean quit.
// The build goes to a folder of its own (TICKMARK_OUT_DIR) inside the project, so out/ is left alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { TICKMARK_API_MEMBERS, type ApiErrorInfo, type StartupError } from '../../shared/api';

const root = path.resolve(__dirname, '../..');
const require = createRequire(import.meta.url);
const stubRegister = path.join(root, 'test/shell/stub-electron/register.mjs');
const nodeSqlite = path.join(path.dirname(require.resolve('better-sqlite3/package.json')), 'build/Release/better_sqlite3.node');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { main?: string; scripts: Record<string, string> };

let buildRoot = '';
let tmp = '';

beforeAll(() => {
  mkdirSync(path.join(root, 'test-results'), { recursive: true });
  buildRoot = mkdtempSync(path.join(root, 'test-results', 'built-app-'));
  tmp = mkdtempSync(path.join(os.tmpdir(), 'tickmark-built-app-'));
  const r = spawnSync(process.execPath, [path.join(path.dirname(require.resolve('electron-vite/package.json')), 'bin/electron-vite.js'), 'build'], {
    cwd: root,
    env: { ...process.env, TICKMARK_OUT_DIR: path.join(buildRoot, 'out') },
    encoding: 'utf8',
  });
  expect(r.status, r.stderr + r.stdout).toBe(0);
});

afterAll(() => {
  if (buildRoot) rmSync(buildRoot, { recursive: true, force: true });
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

interface Call {
  call: string;
  [k: string]: unknown;
}

type Step =
  | { fetch: string }
  | { invoke: string; arg?: unknown; frameUrl?: string }
  | { request: string }
  | { navigate: string }
  | { env: string }
  | { close: true };

/** Run the built main process with the stand-in electron; returns its exit status, its stderr and the calls it made. */
function runMain(o: { steps: Step[]; env?: Record<string, string> }): { status: number | null; stderr: string; calls: Call[] } {
  const log = path.join(mkdtempSync(path.join(tmp, 'run-')), 'calls.jsonl');
  writeFileSync(log, '');
  const r = spawnSync(process.execPath, ['--import', stubRegister, path.join(buildRoot, pkg.main ?? 'missing')], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
    env: {
      ...process.env,
      ELECTRON_RENDERER_URL: '',
      TICKMARK_OPEN_SAMPLE: '',
      // the Node build of better-sqlite3 (the one `npm test` uses), unless a test says otherwise
      TICKMARK_SQLITE_BINDING: nodeSqlite,
      STUB_ELECTRON_LOG: log,
      STUB_ELECTRON_APP_PATH: root,
      STUB_ELECTRON_STEPS: JSON.stringify(o.steps),
      ...o.env,
    },
  });
  const calls = readFileSync(log, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Call);
  return { status: r.status, stderr: r.stderr, calls };
}

const indexOf = (calls: Call[], name: string, pred: (c: Call) => boolean = () => true): number => calls.findIndex((c) => c.call === name && pred(c));
const answers = (calls: Call[], method: string): { ok: boolean; result?: unknown; error?: ApiErrorInfo }[] =>
  calls
    .filter((c) => c.call === 'page.invoke' && c.method === method)
    .map((c) => c.answer as { ok: boolean; result?: unknown; error?: ApiErrorInfo });

describe('the built app: package.json main and what electron-builder packs', () => {
  it('package.json "main" names the built main process', () => {
    expect(pkg.main).toBe('out/main/index.js');
    expect(existsSync(path.join(buildRoot, pkg.main!))).toBe(true);
  });

  it("electron-builder's files take main, every chunk and the verification worker beside them, the preload and the page", () => {
    // electron-builder's own YAML reader and glob matcher, as it applies `files`
    const builderRequire = createRequire(require.resolve('app-builder-lib/package.json'));
    const yaml = builderRequire('js-yaml') as { load: (s: string) => unknown };
    const { minimatch } = builderRequire('minimatch') as { minimatch: (p: string, g: string, o?: object) => boolean };
    const config = yaml.load(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as {
      files: string[];
      extraResources: { from: string; to: string }[];
    };
    const included = (file: string): boolean => {
      let inc = false;
      for (const g of config.files) {
        if (g.startsWith('!')) {
          if (minimatch(file, g.slice(1), { dot: true })) inc = false;
        } else if (minimatch(file, g, { dot: true })) inc = true;
      }
      return inc;
    };
    const built = (dir: string): string[] =>
      readdirSync(path.join(buildRoot, 'out', dir), { recursive: true, withFileTypes: true })
        .filter((d) => d.isFile())
        .map((d) =>
          path.posix.join(
            'out',
            dir,
            path
              .relative(path.join(buildRoot, 'out', dir), path.join(d.parentPath, d.name))
              .split(path.sep)
              .join('/'),
          ),
        );
    const mainFiles = built('main');
    expect(mainFiles).toContain(pkg.main);
    expect(mainFiles).toContain('out/main/digest-worker.mjs');
    for (const f of [...mainFiles, ...built('preload'), ...built('renderer'), 'package.json']) expect(included(f), f).toBe(true);
    // the Electron build of better-sqlite3 ships as a resource, outside the archive
    expect(included('out/native/better_sqlite3.node')).toBe(false);
    expect(config.extraResources).toContainEqual({ from: 'out/native/better_sqlite3.node', to: 'native/better_sqlite3.node' });
  });

  it('the engine finds its worker: every bundle that starts ./digest-worker.mjs has it beside it', () => {
    const dir = path.join(buildRoot, 'out/main');
    const starters = readdirSync(dir, { recursive: true, withFileTypes: true }).filter(
      (d) => d.isFile() && /\.m?js$/.test(d.name) && readFileSync(path.join(d.parentPath, d.name), 'utf8').includes('"./digest-worker.mjs"'),
    );
    expect(starters.length).toBeGreaterThan(0);
    for (const s of starters) expect(existsSync(path.join(s.parentPath, 'digest-worker.mjs')), s.name).toBe(true);
  });

  it('`npm run dist` builds the Electron better-sqlite3 before packaging', () => {
    const steps = pkg.scripts.dist!.split('&&').map((s) => s.trim());
    const native = steps.findIndex((s) => s.includes('bin/build-native.mjs'));
    expect(native).toBeGreaterThanOrEqual(0);
    expect(native).toBeLessThan(steps.findIndex((s) => s.startsWith('electron-builder')));
  });
});

describe('the built main process on a stand-in electron', () => {
  it('starts in order — one instance, security, protocol, IPC, window, then the engagement — serves the page and quits cleanly', () => {
    const dataDir = mkdtempSync(path.join(tmp, 'data-'));
    const { status, stderr, calls } = runMain({
      env: { TICKMARK_OPEN_SAMPLE: '1', TICKMARK_DATA_DIR: dataDir },
      steps: [
        { fetch: 'app://tickmark/' },
        { fetch: 'app://tickmark/..%2f..%2fpackage.json' },
        { fetch: 'app://tickmark/%2e%2e/%2e%2e/package.json' },
        { fetch: 'app://other/index.html' },
        { invoke: 'startupError' },
        { invoke: 'engagement' },
        { invoke: 'engagement', frameUrl: 'file:///tmp/evil.html' },
        { request: 'file:///etc/passwd' },
        { request: 'https://example.com/' },
        { request: 'app://tickmark/index.html' },
        { navigate: 'https://example.com/' },
        { close: true },
      ],
    });
    expect(status, stderr).toBe(0);
    const at = (name: string, pred?: (c: Call) => boolean): number => {
      const i = indexOf(calls, name, pred);
      expect(i, `${name} was called`).toBeGreaterThanOrEqual(0);
      return i;
    };
    const order = [
      at('app.requestSingleInstanceLock'),
      at('protocol.registerSchemesAsPrivileged'),
      at('app.enableSandbox'),
      at('app.on', (c) => c.event === 'web-contents-created'),
      at('ready'),
      at('session.setPermissionRequestHandler'),
      at('session.webRequest.onBeforeRequest'),
      at('protocol.handle'),
      at('Menu.setApplicationMenu'),
      at('ipcMain.handle', (c) => c.channel === 'tickmark:call'),
      at('new BrowserWindow'),
      at('win.loadURL'),
    ];
    expect(order).toEqual([...order].sort((a, b) => a - b));
    // the window exists before the engagement: no workspace yet when it is created, the sample open after
    expect(calls[at('new BrowserWindow')]!.dataDirFiles).toEqual([]);
    expect(answers(calls, 'engagement')[0]).toMatchObject({ ok: true, result: { name: 'Northwind Health — sample engagement' } });
    const prefs = calls[at('new BrowserWindow')]!.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, devTools: true });
    expect(prefs.preload).toBe(path.join(buildRoot, 'out/preload/index.cjs'));
    expect(existsSync(prefs.preload as string)).toBe(true);
    expect(calls[at('win.loadURL')]!.url).toBe('app://tickmark/index.html');
    expect(calls[at('protocol.registerSchemesAsPrivileged')]!.schemes).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);

    // app:// serves the built page and nothing outside it
    const fetched = calls.filter((c) => c.call === 'page.fetch');
    expect(fetched[0]).toMatchObject({ status: 200, type: 'text/html; charset=utf-8' });
    expect(fetched[0]!.head).toContain('Content-Security-Policy');
    expect(fetched.slice(1).map((c) => c.status)).toEqual([404, 404, 404]);
    // IPC only from the app's own page; the session lets through only the app's own URLs; no navigation
    expect(answers(calls, 'startupError')).toEqual([{ ok: true, result: null }]);
    expect(answers(calls, 'engagement')[1]).toMatchObject({ ok: false, error: { name: 'SecurityError' } });
    expect(calls.filter((c) => c.call === 'page.request').map((c) => [c.url, c.cancel])).toEqual([
      ['file:///etc/passwd', true],
      ['https://example.com/', true],
      ['app://tickmark/index.html', false],
    ]);
    expect(calls[at('page.navigate')]!.prevented).toBe(true);

    // closing the window quits; the engine closed its workspace (SQLite removes the -wal file on the last close)
    expect(at('win.close')).toBeLessThan(at('app.quit'));
    expect(calls.at(-1)).toEqual({ call: 'exit', dataDirFiles: ['anchors.note', 'auditor.key', 'recent.json', 'sample-engagement.tickmark'] });
  });

  it('an engine whose database module does not load still opens the window, which learns why; the app quits cleanly', () => {
    const bogus = path.join(tmp, 'bogus.node');
    writeFileSync(bogus, 'not a shared library');
    const { status, stderr, calls } = runMain({
      env: { TICKMARK_OPEN_SAMPLE: '1', TICKMARK_DATA_DIR: mkdtempSync(path.join(tmp, 'data-')), TICKMARK_SQLITE_BINDING: bogus },
      steps: [{ fetch: 'app://tickmark/index.html' }, { invoke: 'startupError' }, { invoke: 'recentWorkspaces' }, { close: true }],
    });
    expect(status, stderr).toBe(0);
    expect(indexOf(calls, 'new BrowserWindow')).toBeGreaterThan(0);
    expect(calls.find((c) => c.call === 'page.fetch')).toMatchObject({ status: 200 });
    const [startup] = answers(calls, 'startupError');
    expect(startup!.ok).toBe(true);
    const failure = startup!.result as StartupError;
    expect(failure.stage).toBe('engine');
    expect(failure.error).toMatchObject({ name: 'NativeModuleError', code: 'NATIVE_MODULE', file: bogus });
    expect(failure.error.message).toContain(bogus);
    // every other request says the same, instead of failing somewhere later
    expect(answers(calls, 'recentWorkspaces')).toEqual([{ ok: false, error: failure.error }]);
    expect(stderr).toContain('start-up failed (engine)');
    expect(calls.at(-1)!.call).toBe('exit');
  });

  it('a damaged workspace at start: the window shows the error, and another engagement opens', () => {
    const dataDir = mkdtempSync(path.join(tmp, 'data-'));
    writeFileSync(path.join(dataDir, 'sample-engagement.tickmark'), 'this is not a database');
    const other = path.join(tmp, `other-${Date.now()}.tickmark`);
    const { status, stderr, calls } = runMain({
      env: { TICKMARK_OPEN_SAMPLE: '1', TICKMARK_DATA_DIR: dataDir },
      steps: [
        { invoke: 'startupError' },
        {
          invoke: 'createEngagement',
          arg: {
            path: other,
            name: 'Another engagement',
            client: 'C',
            system: 'S',
            framework: 'SOC 2',
            windowStart: '2026-01-01T00:00:00Z',
            windowEnd: '2026-06-30T23:59:59Z',
          },
        },
        { close: true },
      ],
    });
    expect(status, stderr).toBe(0);
    const failure = answers(calls, 'startupError')[0]!.result as StartupError;
    expect(failure.stage).toBe('engagement');
    expect(failure.error.message).toContain('is not a Tickmark workspace');
    expect(failure.error.message).toContain(path.join(dataDir, 'sample-engagement.tickmark'));
    expect(answers(calls, 'createEngagement')[0]).toMatchObject({ ok: true, result: { workspace: other, name: 'Another engagement' } });
    expect(existsSync(other)).toBe(true);
    expect(readFileSync(path.join(dataDir, 'sample-engagement.tickmark'), 'utf8')).toBe('this is not a database');
    expect(calls.at(-1)!.call).toBe('exit');
  });

  it('packaged: never the dev URL, no DevTools, no dev allowances, the Electron better-sqlite3 from the resources', () => {
    // a packaged app's resources, with the Node build standing in for the Electron one
    const resources = mkdtempSync(path.join(tmp, 'resources-'));
    mkdirSync(path.join(resources, 'native'));
    copyFileSync(nodeSqlite, path.join(resources, 'native', 'better_sqlite3.node'));
    const { status, stderr, calls } = runMain({
      env: {
        STUB_ELECTRON_PACKAGED: '1',
        STUB_ELECTRON_RESOURCES: resources,
        ELECTRON_RENDERER_URL: 'http://127.0.0.1:5173/',
        TICKMARK_SQLITE_BINDING: '/elsewhere/better_sqlite3.node',
        TICKMARK_DATA_DIR: mkdtempSync(path.join(tmp, 'data-')),
      },
      steps: [
        { env: 'TICKMARK_SQLITE_BINDING' },
        { invoke: 'startupError' },
        { request: 'http://127.0.0.1:5173/' },
        { request: 'devtools://devtools/bundled/inspector.html' },
        { close: true },
      ],
    });
    expect(status, stderr).toBe(0);
    expect(calls.filter((c) => c.call === 'win.loadURL').map((c) => c.url)).toEqual(['app://tickmark/index.html']);
    expect((calls[indexOf(calls, 'new BrowserWindow')]!.webPreferences as { devTools: boolean }).devTools).toBe(false);
    const menu = JSON.stringify(calls[indexOf(calls, 'Menu.setApplicationMenu')]!.template);
    expect(menu).not.toMatch(/viewMenu|toggleDevTools|forceReload|"reload"/);
    expect(calls.find((c) => c.call === 'page.env')!.value).toBe(path.join(resources, 'native', 'better_sqlite3.node'));
    expect(answers(calls, 'startupError')).toEqual([{ ok: true, result: null }]);
    expect(calls.filter((c) => c.call === 'page.request').map((c) => c.cancel)).toEqual([true, true]);
  });

  it('in development the dev server URL is used (and only then)', () => {
    const { status, stderr, calls } = runMain({
      env: { ELECTRON_RENDERER_URL: 'http://localhost:5173/', TICKMARK_DATA_DIR: mkdtempSync(path.join(tmp, 'data-')) },
      steps: [{ request: 'http://localhost:5173/src/main.tsx' }, { request: 'http://localhost:51730/' }, { close: true }],
    });
    expect(status, stderr).toBe(0);
    expect(calls.filter((c) => c.call === 'win.loadURL').map((c) => c.url)).toEqual(['http://localhost:5173/']);
    expect(calls.filter((c) => c.call === 'page.request').map((c) => c.cancel)).toEqual([false, true]);
  });

  it('a second instance quits at once, opening no window and no engine', () => {
    const dataDir = mkdtempSync(path.join(tmp, 'data-'));
    const { status, stderr, calls } = runMain({
      env: { STUB_ELECTRON_SECOND_INSTANCE: '1', TICKMARK_OPEN_SAMPLE: '1', TICKMARK_DATA_DIR: dataDir },
      steps: [],
    });
    expect(status, stderr).toBe(0);
    expect(calls.map((c) => c.call)).toEqual(['app.requestSingleInstanceLock', 'app.quit', 'exit']);
    expect(readdirSync(dataDir)).toEqual([]);
  });
});

describe('the built preload against the typed contract', () => {
  /** Run out/preload/index.cjs as a sandboxed preload: its require gives `electron` (stand-in) and nothing else. */
  function loadPreload(invoke: (channel: string, ...args: unknown[]) => Promise<unknown>): {
    exposed: Map<string, Record<string, unknown>>;
    required: string[];
  } {
    const exposed = new Map<string, Record<string, unknown>>();
    const required: string[] = [];
    const electron = {
      contextBridge: { exposeInMainWorld: (key: string, api: Record<string, unknown>) => exposed.set(key, api) },
      ipcRenderer: { invoke, on: () => undefined, off: () => undefined },
      webUtils: { getPathForFile: (f: { name: string }) => `/dropped/${f.name}` },
    };
    const sandboxRequire = (id: string): unknown => {
      required.push(id);
      if (id === 'electron') return electron;
      throw new Error(`a sandboxed preload cannot require ${id}`);
    };
    const code = readFileSync(path.join(buildRoot, 'out/preload/index.cjs'), 'utf8');
    const module = { exports: {} };
    new Function('require', 'module', 'exports', code)(sandboxRequire, module, module.exports);
    return { exposed, required };
  }

  it('exposes exactly TickmarkApi (call, onJobEvent, pathForFile) as window.tickmark, needing only electron', () => {
    const { exposed, required } = loadPreload(async () => ({ ok: true, result: null }));
    expect(required).toEqual(['electron']);
    expect([...exposed.keys()]).toEqual(['tickmark']);
    const api = exposed.get('tickmark')!;
    expect(Object.keys(api).sort()).toEqual([...TICKMARK_API_MEMBERS].sort());
    for (const m of TICKMARK_API_MEMBERS) expect(typeof api[m]).toBe('function');
    expect((api.pathForFile as (f: { name: string }) => string)({ name: 'bundle.zip' })).toBe('/dropped/bundle.zip');
  });

  it('a failed call rejects with the typed error as data, so name, code, file and line survive the bridge', async () => {
    const info: ApiErrorInfo = { name: 'InputError', message: 'Line 42 is not JSON.', code: 'BAD_LINE', file: 'streams/auth.jsonl', line: 42 };
    const { exposed } = loadPreload(async (channel, method) =>
      channel === 'tickmark:call' && method === 'startImport' ? { ok: false, error: info } : Promise.reject(new Error('main went away')),
    );
    const call = exposed.get('tickmark')!.call as (m: string, a: unknown) => Promise<unknown>;
    const rejection = await call('startImport', { path: '/x' }).then(
      () => null,
      (e: unknown) => e,
    );
    // contextBridge copies a rejected plain object whole, and an Error with its message only
    expect(rejection).not.toBeInstanceOf(Error);
    expect(structuredClone(rejection)).toEqual(info);
    const ipcFailure = await call('engagement', undefined).then(
      () => null,
      (e: unknown) => e,
    );
    expect(ipcFailure).toEqual({ name: 'Error', message: 'main went away', code: 'IPC_FAILED' });
  });
});
