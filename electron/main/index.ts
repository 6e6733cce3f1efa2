// The Electron shell: a window, a menu, dialogs and IPC, kept thin. All work happens in the engine.
import { app, BrowserWindow, dialog } from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { EngineService, defaultDataDir } from '../engine/api-service';
import { hardenContents, hardenSession } from './security';
import { registerIpc } from './ipc';
import { buildMenu } from './menu';

app.enableSandbox();
hardenContents();

let win: BrowserWindow | null = null;
const here = path.dirname(fileURLToPath(import.meta.url));

function resources(): string {
  return app.isPackaged ? process.resourcesPath : path.join(app.getAppPath(), 'resources');
}

async function createWindow(): Promise<void> {
  win = new BrowserWindow({
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
      // middle-click must not open links in new windows (Electronegativity AUXCLICK_JS_CHECK)
      disableBlinkFeatures: 'Auxclick',
    },
  });
  win.once('ready-to-show', () => win?.show());
  win.on('closed', () => {
    win = null;
  });
  if (process.env.ELECTRON_RENDERER_URL) await win.loadURL(process.env.ELECTRON_RENDERER_URL);
  else await win.loadFile(path.join(here, '../renderer/index.html'));
}

// a better-sqlite3 built for Electron ships beside the app (node_modules keeps the Node build for tests)
if (app.isPackaged) process.env.TICKMARK_SQLITE_BINDING = path.join(process.resourcesPath, 'native', 'better_sqlite3.node');

void app.whenReady().then(async () => {
  hardenSession();
  buildMenu();
  const service = new EngineService({
    sampleBundle: path.join(resources(), 'sample-engagement'),
    sampleKeyFile: path.join(resources(), 'sample-engagement.vendor-key.txt'),
    dataDir: process.env.TICKMARK_DATA_DIR ?? defaultDataDir(),
    chooseSavePath: async (kind, suggested) => {
      const r = await dialog.showSaveDialog(win!, {
        defaultPath: suggested,
        filters: kind === 'workpaper' ? [{ name: 'Excel workbook', extensions: ['xlsx'] }] : [{ name: 'JSON report', extensions: ['json'] }],
      });
      return r.canceled || !r.filePath ? null : r.filePath;
    },
  });
  registerIpc(service, () => win);
  // `npm start` opens straight onto the bundled sample engagement
  if (process.env.TICKMARK_OPEN_SAMPLE === '1') await service.call('openSampleEngagement', undefined);
  await createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) void createWindow();
  });
  app.on('before-quit', () => service.close());
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
