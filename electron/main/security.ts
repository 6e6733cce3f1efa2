// Electron's security checklist, applied to every web contents: no navigation, no new windows, no
// webviews, no permissions, and no network at all — the app only ever loads its own pages (app://tickmark/).
import { app, session, type WebContents } from 'electron';
import { APP_ORIGIN } from './app-protocol';

/**
 * URLs the app may load: its own pages at app://tickmark/ and, in development only (never in a packaged
 * build), the dev server electron-vite starts and DevTools' own pages. No file:// URL: the page is not served
 * from files, and a file:// page could read any file on the machine.
 */
export function isAppUrl(url: string): boolean {
  if (url.startsWith(`${APP_ORIGIN}/`)) return true;
  if (app.isPackaged) return false;
  if (url.startsWith('devtools://')) return true;
  const dev = devServerUrl();
  return dev !== null && sameOrigin(url, dev);
}

/** ELECTRON_RENDERER_URL (set by `electron-vite dev`), honoured only when the app is not packaged. */
export function devServerUrl(): string | null {
  const dev = process.env.ELECTRON_RENDERER_URL;
  return !app.isPackaged && dev ? dev : null;
}

function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}

export function hardenSession(): void {
  const s = session.defaultSession;
  s.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  s.setPermissionCheckHandler(() => false);
  s.setDevicePermissionHandler(() => false);
  // The renderer is offline by design: refuse every request that is not to the app's own files.
  s.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !isAppUrl(details.url) && !details.url.startsWith('data:') }));
}

export function hardenContents(): void {
  app.on('web-contents-created', (_e, contents: WebContents) => {
    contents.on('will-navigate', (event, url) => {
      if (url !== contents.getURL()) event.preventDefault();
    });
    contents.on('will-redirect', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
}
