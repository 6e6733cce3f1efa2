// The Electron shell: a window, a menu, dialogs and IPC, kept thin. All work happens in the engine.
// Start-up order: one instance only; the sandbox, the web-contents rules and the app:// scheme before
// `ready`; then the session's rules, the app:// handler, the menu and IPC; the window; and only then the
// engine and the engagement, so that whatever fails there is shown in the window (EngineHost).
import { app, BrowserWindow, dialog } from 'electron';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { APP_ENTRY, registerAppScheme, serveApp } from './app-protocol';
import { EngineHost } from './engine-host';
import { devServerUrl, hardenContents, hardenSession } from './security';
import { registerIpc } from './ipc';
import { buildMenu } from './menu';
import { keepRunningOnUncaughtErrors } from '../engine/last-resort';

const here = path.dirname(fileURLToPath(import.meta.url));
// no input may kill the main process (and the auditor's open work): what nothing caught is logged
keepRunningOnUncaughtErrors('Tickmark');
const engine = new EngineHost();
let win: BrowserWindow | null = null;

function resources(): string {
  return app.isPackaged ? process.resourcesPath : path.join(app.getAppPath(), 'resources');
}

/**
 * better-sqlite3 built for Electron's Node: shipped beside a packaged app (electron-builder extraResources),
 * or built into out/native by `npm start` (bin/build-native.mjs). node_modules keeps the Node build for tests.
 */
function useElectronSqlite(): void {
  if (app.isPackaged) process.env.TICKMARK_SQLITE_BINDING = path.join(process.resourcesPath, 'native', 'better_sqlite3.node');
  else if (!process.env.TICKMARK_SQLITE_BINDING) {
    const built = path.join(app.getAppPath(), 'out', 'native', 'better_sqlite3.node');
    if (existsSync(built)) process.env.TICKMARK_SQLITE_BINDING = built;
  }
}

function createWindow(): BrowserWindow {
  const w = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 1280,
    minHeight: 800,
    show: false,
    title: 'Tickmark',
    webPreferences: {
      preload: path.join(here, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
      // no DevTools in a packaged build (the View menu has none either)
      devTools: !app.isPackaged,
      // middle-click must not open links in new windows (Electronegativity AUXCLICK_JS_CHECK)
      disableBlinkFeatures: 'Auxclick',
    },
  });
  w.once('ready-to-show', () => w.show());
  w.on('closed', () => {
    if (win === w) win = null;
  });
  // the dev server only in development: a packaged build never loads a URL taken from its environment
  w.loadURL(devServerUrl() ?? APP_ENTRY).catch((e: unknown) => console.error(`Tickmark: the window could not load its page: ${String(e)}`));
  return w;
}

async function start(): Promise<void> {
  hardenSession();
  serveApp(path.join(here, '../renderer'));
  buildMenu({ devTools: !app.isPackaged });
  registerIpc(engine, () => win);
  win = createWindow();
  const failure = await engine.start({
    service: {
      sampleBundle: path.join(resources(), 'sample-engagement'),
      sampleKeyFile: path.join(resources(), 'sample-engagement.vendor-key.txt'),
      prepareSample: true,
      chooseImportPath: async () => {
        // a bundle is a folder or a .zip: the dialog offers both (macOS and Linux; Windows shows files)
        const options = {
          title: 'Bundle to import',
          properties: ['openFile', 'openDirectory'] as ('openFile' | 'openDirectory')[],
          filters: [{ name: 'Tickmark bundle (.zip or folder)', extensions: ['zip'] }],
        };
        const r = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
        return r.canceled || r.filePaths.length === 0 ? null : r.filePaths[0]!;
      },
      chooseSavePath: async (kind, suggested) => {
        const options = {
          defaultPath: suggested,
          filters: kind === 'workpaper' ? [{ name: 'Excel workbook', extensions: ['xlsx'] }] : [{ name: 'JSON report', extensions: ['json'] }],
        };
        const r = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
        return r.canceled || !r.filePath ? null : r.filePath;
      },
    },
    ...(process.env.TICKMARK_DATA_DIR ? { dataDir: process.env.TICKMARK_DATA_DIR } : {}),
    // `npm start` opens straight onto the bundled sample engagement
    openSample: process.env.TICKMARK_OPEN_SAMPLE === '1',
  });
  if (failure) console.error(`Tickmark: start-up failed (${failure.stage}): ${failure.error.message}`);
}

if (!app.requestSingleInstanceLock()) {
  // another Tickmark is running: it takes the focus (second-instance below), this one ends
  app.quit();
} else {
  registerAppScheme();
  app.enableSandbox();
  hardenContents();
  useElectronSqlite();
  app.on('second-instance', () => {
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  // one window is the app: closing it (or the start-up error's Quit) quits, on every platform
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => engine.close());
  void app.whenReady().then(start);
}
