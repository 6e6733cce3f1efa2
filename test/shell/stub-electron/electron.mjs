// A stand-in for the `electron` module, so that the BUILT main process (out/main/index.js) runs on plain
// Node where Electron's binary cannot be downloaded (test/shell/built-app.test.ts). Every call the shell makes
// is appended as one JSON line to $STUB_ELECTRON_LOG, in order. Once the window's page "loads", it plays the
// page's part from $STUB_ELECTRON_STEPS (a JSON array): fetch an app:// URL through the registered protocol
// handler, invoke the IPC channel as the page would, send a request through the session's filter, read an
// environment variable, close the window. app.quit() emits Electron's quit events, then exits the process.
import { EventEmitter } from 'node:events';
import { appendFileSync, existsSync, readdirSync } from 'node:fs';

const env = process.env;
const packaged = env.STUB_ELECTRON_PACKAGED === '1';
if (packaged) process.resourcesPath = env.STUB_ELECTRON_RESOURCES;

function record(call, detail = {}) {
  appendFileSync(env.STUB_ELECTRON_LOG, `${JSON.stringify({ call, ...detail })}\n`);
}
const dataDirFiles = () => (env.TICKMARK_DATA_DIR && existsSync(env.TICKMARK_DATA_DIR) ? readdirSync(env.TICKMARK_DATA_DIR).sort() : []);

process.on('uncaughtException', (e) => {
  record('uncaughtException', { message: String(e?.stack ?? e) });
  process.exit(70);
});
process.on('unhandledRejection', (e) => {
  record('unhandledRejection', { message: String(e?.stack ?? e) });
  process.exit(70);
});

const windows = [];
const ipcHandlers = new Map();
const protocolHandlers = new Map();
let requestFilter = null;
let quitting = false;

class App extends EventEmitter {
  isPackaged = packaged;
  requestSingleInstanceLock() {
    record('app.requestSingleInstanceLock');
    return env.STUB_ELECTRON_SECOND_INSTANCE !== '1';
  }
  enableSandbox() {
    record('app.enableSandbox');
  }
  getAppPath() {
    return env.STUB_ELECTRON_APP_PATH;
  }
  on(event, listener) {
    record('app.on', { event });
    return super.on(event, listener);
  }
  whenReady() {
    record('app.whenReady');
    return new Promise((resolve) =>
      setImmediate(() => {
        record('ready');
        resolve();
      }),
    );
  }
  quit() {
    record('app.quit');
    if (quitting) return;
    quitting = true;
    setImmediate(() => {
      this.emit('before-quit');
      for (const w of BrowserWindow.getAllWindows()) w.destroy();
      this.emit('will-quit');
      this.emit('quit');
      record('exit', { dataDirFiles: dataDirFiles() });
      process.exit(0);
    });
  }
}
export const app = new App();

class WebContents extends EventEmitter {
  url = '';
  setWindowOpenHandler(h) {
    record('webContents.setWindowOpenHandler', { answer: h({ url: 'https://example.com/' }) });
  }
  getURL() {
    return this.url;
  }
  send(channel) {
    record('webContents.send', { channel });
  }
}

export class BrowserWindow extends EventEmitter {
  static getAllWindows() {
    return windows.filter((w) => !w.destroyed);
  }
  destroyed = false;
  constructor(options) {
    super();
    record('new BrowserWindow', { webPreferences: options.webPreferences, show: options.show, dataDirFiles: dataDirFiles() });
    this.webContents = new WebContents();
    windows.push(this);
    app.emit('web-contents-created', {}, this.webContents);
  }
  async loadURL(url) {
    record('win.loadURL', { url });
    this.webContents.url = url;
    await new Promise((r) => setImmediate(r));
    this.emit('ready-to-show');
    void playPage(this);
  }
  async loadFile(file) {
    record('win.loadFile', { file });
    return this.loadURL(`file://${file}`);
  }
  show() {
    record('win.show');
  }
  isMinimized() {
    return false;
  }
  restore() {}
  focus() {
    record('win.focus');
  }
  close() {
    record('win.close');
    this.destroy();
    if (BrowserWindow.getAllWindows().length === 0) app.emit('window-all-closed');
  }
  destroy() {
    if (this.destroyed) return;
    this.destroyed = true;
    this.emit('closed');
  }
}

export const ipcMain = {
  handle(channel, fn) {
    record('ipcMain.handle', { channel });
    ipcHandlers.set(channel, fn);
  },
};

export const protocol = {
  registerSchemesAsPrivileged(schemes) {
    record('protocol.registerSchemesAsPrivileged', { schemes });
  },
  handle(scheme, fn) {
    record('protocol.handle', { scheme });
    protocolHandlers.set(scheme, fn);
  },
};

const defaultSession = {
  setPermissionRequestHandler() {
    record('session.setPermissionRequestHandler');
  },
  setPermissionCheckHandler() {
    record('session.setPermissionCheckHandler');
  },
  setDevicePermissionHandler() {
    record('session.setDevicePermissionHandler');
  },
  webRequest: {
    onBeforeRequest(fn) {
      record('session.webRequest.onBeforeRequest');
      requestFilter = fn;
    },
  },
};
export const session = { defaultSession };

export const Menu = {
  buildFromTemplate: (template) => ({ template }),
  setApplicationMenu(menu) {
    record('Menu.setApplicationMenu', { template: menu.template });
  },
};

export const dialog = {
  async showSaveDialog() {
    record('dialog.showSaveDialog');
    return { canceled: true };
  },
};

// renderer-side modules, present so that an import of them resolves; the preload test has its own stand-in
export const webUtils = { getPathForFile: () => '' };
export const contextBridge = { exposeInMainWorld: () => undefined };
export const ipcRenderer = { invoke: async () => undefined, on: () => undefined, off: () => undefined };

export default { app, BrowserWindow, ipcMain, protocol, session, Menu, dialog, webUtils, contextBridge, ipcRenderer };

/** The page's part: the steps of $STUB_ELECTRON_STEPS, each recorded with what it got. */
async function playPage(win) {
  const steps = JSON.parse(env.STUB_ELECTRON_STEPS ?? '[]');
  for (const step of steps) {
    if (step.fetch !== undefined) {
      const [scheme] = step.fetch.split(':');
      const res = await protocolHandlers.get(scheme)({ url: step.fetch, method: 'GET' });
      const body = await res.text();
      record('page.fetch', { url: step.fetch, status: res.status, type: res.headers.get('content-type'), head: body.slice(0, 200) });
    } else if (step.invoke !== undefined) {
      const frameUrl = step.frameUrl ?? win.webContents.url;
      const event = { sender: win.webContents, senderFrame: { url: frameUrl } };
      const answer = await ipcHandlers.get('tickmark:call')(event, step.invoke, step.arg);
      record('page.invoke', { method: step.invoke, answer });
    } else if (step.request !== undefined) {
      const cancel = await new Promise((resolve) => requestFilter({ url: step.request }, (r) => resolve(r.cancel)));
      record('page.request', { url: step.request, cancel });
    } else if (step.navigate !== undefined) {
      let prevented = false;
      win.webContents.emit('will-navigate', { preventDefault: () => (prevented = true) }, step.navigate);
      record('page.navigate', { url: step.navigate, prevented });
    } else if (step.env !== undefined) {
      record('page.env', { name: step.env, value: env[step.env] ?? null });
    } else if (step.close) {
      // what the start-up error view's "Quit Tickmark" does: window.close()
      win.close();
    }
  }
}
