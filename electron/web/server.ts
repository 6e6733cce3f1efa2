// Loopback web host (npm run web, browser tests): a HTTP server that serves the built renderer and puts the real engine
// (EngineService) behind the renderer's HTTP transport:
//   POST /api/call/<method>  body {"arg": …}  →  {"ok":true,"result":…} | {"ok":false,"error":ApiErrorInfo}
//   GET  /api/events         text/event-stream, one JobEvent JSON per message
// It adds no logic of its own: the same EngineService answers the Electron IPC.
// Who may call it: only the page opened from the URL printed at launch. Every request must name this server
// in Host (127.0.0.1:PORT or localhost:PORT — a DNS-rebinding page names its own host) and, when the browser
// sends one, an Origin of this server; every API request and the event stream must carry the per-launch
// random token from that URL (header x-tickmark-token; the event stream, which cannot send headers, in
// ?token=). The page reads the token from the URL's #fragment, which never reaches a server or a log.
import http from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { isApiMethod, type JobEvent } from '../../shared/api';
import { errorInfo, type EngineService } from '../engine/api-service';
import { keepRunningOnUncaughtErrors } from '../engine/last-resort';
import { contentTypeOf } from './content-types';

export interface Harness {
  origin: string;
  /** what to open in the browser: the origin with this launch's token in the #fragment */
  url: string;
  token: string;
  close: () => Promise<void>;
}

export const TOKEN_HEADER = 'x-tickmark-token';

function sameSecret(given: string | null | undefined, token: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

const MAX_BODY = 4 * 1024 * 1024;

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error('Request body too large.'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** The web host's last line of defence (engine/last-resort.ts): logged, and the host keeps serving. */
export function keepServingOnUncaughtErrors(log?: (line: string) => void): () => void {
  return keepRunningOnUncaughtErrors('Tickmark web host', log);
}

/** Serve `root` (the built renderer) and the API of `service` on 127.0.0.1, on a free port. */
export async function startHarness(o: { root: string; service: Pick<EngineService, 'call' | 'onJobEvent'> }): Promise<Harness> {
  const root = path.resolve(o.root);
  const streams = new Set<http.ServerResponse>();
  const token = randomBytes(32).toString('base64url');
  let origin = '';
  let hosts: string[] = [];
  let origins: string[] = [];
  const refuse = (res: http.ServerResponse, status: number, message: string): void =>
    sendJson(res, status, { ok: false, error: { name: 'SecurityError', message } });

  const onJob = (e: JobEvent): void => {
    const msg = `data: ${JSON.stringify(e)}\n\n`;
    for (const s of streams) s.write(msg);
  };
  const unsubscribe = o.service.onJobEvent(onJob);

  const server = http.createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', origin);
      // A DNS-rebinding page reaches this port under its own host name: refuse any Host but ours.
      if (!hosts.includes(req.headers.host ?? '')) {
        refuse(res, 421, 'Request refused: it was not addressed to this Tickmark server.');
        return;
      }
      // Only the page served here may call the engine (no other local page can drive it).
      const reqOrigin = req.headers.origin;
      if (reqOrigin !== undefined && !origins.includes(reqOrigin)) {
        refuse(res, 403, 'Cross-origin request refused.');
        return;
      }
      if (url.pathname.startsWith('/api/')) {
        const given = url.pathname === '/api/events' ? url.searchParams.get('token') : req.headers[TOKEN_HEADER];
        if (!sameSecret(Array.isArray(given) ? given[0] : given, token)) {
          refuse(res, 401, 'Request refused: open Tickmark from the address it printed at launch (it carries the access token).');
          return;
        }
      }
      if (url.pathname.startsWith('/api/call/')) {
        if (req.method !== 'POST') {
          sendJson(res, 405, { ok: false, error: { name: 'ApiError', message: 'Use POST.' } });
          return;
        }
        const method = decodeURIComponent(url.pathname.slice('/api/call/'.length));
        if (!isApiMethod(method)) {
          sendJson(res, 404, { ok: false, error: { name: 'ApiError', message: `Unknown request ${JSON.stringify(method)}.` } });
          return;
        }
        let arg: unknown;
        try {
          const body = (await readBody(req)).trim();
          const parsed = body === '' ? {} : (JSON.parse(body) as { arg?: unknown });
          arg = parsed.arg ?? undefined;
        } catch (e) {
          sendJson(res, 400, { ok: false, error: { name: 'ApiError', message: `Bad request body: ${(e as Error).message}` } });
          return;
        }
        try {
          const result = await o.service.call(method, arg);
          sendJson(res, 200, { ok: true, result: result ?? null });
        } catch (e) {
          sendJson(res, 200, { ok: false, error: errorInfo(e) });
        }
        return;
      }
      if (url.pathname === '/api/events') {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
        res.write(': connected\n\n');
        streams.add(res);
        const ping = setInterval(() => res.write(': ping\n\n'), 15_000);
        req.on('close', () => {
          clearInterval(ping);
          streams.delete(res);
        });
        return;
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405).end();
        return;
      }
      const rel = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname).replace(/^\/+/, '');
      const file = path.resolve(root, rel);
      if (!file.startsWith(root + path.sep) || !existsSync(file) || !statSync(file).isFile()) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
        return;
      }
      res.writeHead(200, {
        'content-type': contentTypeOf(file),
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      });
      if (req.method === 'HEAD') res.end();
      else createReadStream(file).pipe(res);
    })().catch((e: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: errorInfo(e) });
      else res.end();
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  hosts = [`127.0.0.1:${port}`, `localhost:${port}`];
  origins = hosts.map((h) => `http://${h}`);
  return {
    origin,
    url: `${origin}/#token=${token}`,
    token,
    close: async () => {
      unsubscribe();
      for (const s of streams) s.end();
      streams.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
