// The renderer is served from app://tickmark/, a privileged custom scheme, instead of file:// (Electron's
// security checklist, item "avoid usage of the file protocol"): a file:// page may read any local file, an
// app:// page only what this handler serves — files under out/renderer, nothing above it.
// Registration: protocol.registerSchemesAsPrivileged before `ready`, protocol.handle after it.
import { protocol } from 'electron';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { contentTypeOf } from '../web/content-types';

export const APP_SCHEME = 'app';
export const APP_ORIGIN = 'app://tickmark';
export const APP_ENTRY = `${APP_ORIGIN}/index.html`;

/** Before `ready`: app:// behaves like https (standard URLs, a secure origin for 'self' in the CSP, fetch). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

/**
 * The file under `root` that an app:// URL names, or null when it names none: another host, a malformed
 * escape, a NUL, or a path that leaves `root` (an encoded "..%2f" survives URL normalisation, so the
 * resolved path is checked, not the URL).
 */
export function appFilePath(root: string, url: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.host !== 'tickmark') return null;
  let rel: string;
  try {
    rel = decodeURIComponent(u.pathname);
  } catch {
    return null;
  }
  if (rel.includes('\0')) return null;
  if (rel === '/' || rel === '') rel = '/index.html';
  const base = path.resolve(root);
  const file = path.resolve(base, `.${rel}`);
  const inside = path.relative(base, file);
  if (inside === '' || inside.startsWith('..') || path.isAbsolute(inside)) return null;
  return file;
}

/** Answer one app:// request from `root`: the file, or 404. Only GET and HEAD. */
export async function serveAppRequest(root: string, request: { url: string; method?: string }): Promise<Response> {
  const method = request.method ?? 'GET';
  if (method !== 'GET' && method !== 'HEAD') return new Response('Method not allowed', { status: 405 });
  const file = appFilePath(root, request.url);
  if (
    file === null ||
    !(await stat(file).then(
      (s) => s.isFile(),
      () => false,
    ))
  )
    return new Response('Not found', { status: 404, headers: { 'content-type': 'text/plain' } });
  const headers = {
    'content-type': contentTypeOf(file),
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
  };
  return new Response(method === 'HEAD' ? null : await readFile(file), { status: 200, headers });
}

/** After `ready`: serve the built renderer at app://tickmark/. */
export function serveApp(root: string): void {
  protocol.handle(APP_SCHEME, (request) => serveAppRequest(root, request));
}
