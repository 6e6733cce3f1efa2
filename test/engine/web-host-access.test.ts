// The loopback web host and the engine's path policy against the attacks of issue #11 item 8: a local
// process without the launch token, a DNS-rebinding page (foreign Host), a foreign Origin, and a renderer
// that names a path of its own choosing to write to or a device to read from.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import net from 'node:net';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EngineService } from '../../electron/engine/api-service';
import { generateBundle } from '../../electron/engine/index';
import { startHarness, TOKEN_HEADER, type Harness } from '../../electron/web/server';
import type { ApiMethod, JobEvent } from '../../shared/api';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'tickmark-web-host-'));

interface Answer {
  status: number;
  body: string;
}

/** A raw HTTP request, so the test can send any Host and Origin (fetch would not let it). */
function request(
  port: number,
  o: { method?: string; path: string; headers?: Record<string, string>; body?: string; firstChunk?: boolean },
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: o.method ?? 'GET', path: o.path, headers: o.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        body += c;
        // the event stream never ends: its first chunk is enough
        if (o.firstChunk) {
          resolve({ status: res.statusCode ?? 0, body });
          req.destroy();
        }
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end(o.body);
  });
}

describe('the web host admits only the page opened from its launch address', () => {
  let harness: Harness;
  let port: number;
  let host: string;
  const calls: string[] = [];

  beforeAll(async () => {
    const root = path.join(tmp, 'renderer');
    mkdirSync(root);
    writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>t</title>');
    const service = {
      call: (method: ApiMethod): Promise<unknown> => {
        calls.push(method);
        return Promise.resolve({ answered: method });
      },
      onJobEvent: (): (() => void) => () => undefined,
    } as unknown as Pick<EngineService, 'call' | 'onJobEvent'>;
    harness = await startHarness({ root, service });
    port = Number(new URL(harness.origin).port);
    host = `127.0.0.1:${port}`;
  });

  afterAll(() => harness?.close());

  const call = (headers: Record<string, string>): Promise<Answer> =>
    request(port, {
      method: 'POST',
      path: '/api/call/engagement',
      headers: { 'content-type': 'application/json', ...headers },
      body: '{"arg":null}',
    });

  it('prints a launch URL whose #fragment carries a fresh random token', async () => {
    expect(harness.url).toBe(`${harness.origin}/#token=${harness.token}`);
    expect(harness.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const other = await startHarness({
      root: path.join(tmp, 'renderer'),
      service: { call: () => Promise.resolve(null), onJobEvent: () => () => undefined } as unknown as Pick<EngineService, 'call' | 'onJobEvent'>,
    });
    expect(other.token).not.toBe(harness.token);
    await other.close();
  });

  it('refuses API calls and the event stream without the token, or with a wrong one', async () => {
    const before = calls.length;
    const attempts: Record<string, string>[] = [{ host }, { host, [TOKEN_HEADER]: 'x'.repeat(43) }, { host, [TOKEN_HEADER]: `${harness.token}x` }];
    for (const headers of attempts) {
      const r = await call(headers);
      expect(r.status).toBe(401);
      expect(JSON.parse(r.body).error.message).toMatch(/access token/);
    }
    expect((await request(port, { path: '/api/events', headers: { host } })).status).toBe(401);
    expect((await request(port, { path: '/api/events?token=nope', headers: { host } })).status).toBe(401);
    // the token in a header does not open the event stream's door, nor the query the call's
    expect((await request(port, { method: 'POST', path: `/api/call/engagement?token=${harness.token}`, headers: { host } })).status).toBe(401);
    expect(calls.length).toBe(before); // the engine never heard of them
  });

  it('answers the page that carries the token, under 127.0.0.1 or localhost', async () => {
    const ok = await call({ host, [TOKEN_HEADER]: harness.token, origin: harness.origin });
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toEqual({ ok: true, result: { answered: 'engagement' } });
    expect((await call({ host: `localhost:${port}`, [TOKEN_HEADER]: harness.token, origin: `http://localhost:${port}` })).status).toBe(200);
    const events = await request(port, { path: `/api/events?token=${harness.token}`, headers: { host }, firstChunk: true });
    expect(events.status).toBe(200);
    expect(events.body).toContain(': connected');
  });

  it('refuses a DNS-rebinding page: any other Host, even with the token, on the API, the event stream and the page', async () => {
    for (const h of [`evil.example:${port}`, 'evil.example', `127.0.0.1:${port + 1}`, `127.0.0.1.evil.example:${port}`]) {
      expect((await call({ host: h, [TOKEN_HEADER]: harness.token })).status).toBe(421);
      const ev = await request(port, { path: `/api/events?token=${harness.token}`, headers: { host: h }, firstChunk: true });
      expect(ev.status).toBe(421);
      expect(ev.body).not.toContain('connected');
      expect((await request(port, { path: '/', headers: { host: h } })).status).toBe(421);
    }
    // and a request with no Host at all (HTTP/1.0)
    const raw = await new Promise<string>((resolve, reject) => {
      let text = '';
      const sock = net.connect(port, '127.0.0.1', () =>
        sock.end(`POST /api/call/engagement HTTP/1.0\r\n${TOKEN_HEADER}: ${harness.token}\r\ncontent-length: 0\r\n\r\n`),
      );
      sock.on('data', (c) => (text += c.toString('utf8')));
      sock.on('end', () => resolve(text));
      sock.on('error', reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 421/);
  });

  it('refuses a foreign Origin, even with the right Host and token', async () => {
    for (const origin of ['http://evil.example', `http://evil.example:${port}`, 'null', `https://127.0.0.1:${port}`]) {
      expect((await call({ host, origin, [TOKEN_HEADER]: harness.token })).status).toBe(403);
      expect((await request(port, { path: `/api/events?token=${harness.token}`, headers: { host, origin }, firstChunk: true })).status).toBe(403);
    }
  });

  it('serves the page itself without a token (it holds no secret), still only under its own Host', async () => {
    const r = await request(port, { path: '/', headers: { host } });
    expect(r.status).toBe(200);
    expect(r.body).toContain('<title>t</title>');
  });
});

describe('the engine writes only where the save dialog chose, and reads only real files', () => {
  let service: EngineService;
  let chosen: string[];
  let bundle: string;

  beforeAll(async () => {
    const g = await generateBundle({ out: path.join(tmp, 'sample'), events: 300, seed: 'web-host' });
    bundle = g.dir;
    writeFileSync(path.join(tmp, 'key.txt'), `${g.vendorKey}\n`);
    chosen = [];
    let n = 0;
    service = new EngineService({
      sampleBundle: g.dir,
      sampleKeyFile: path.join(tmp, 'key.txt'),
      dataDir: path.join(tmp, 'data'),
      actor: 'test',
      chooseSavePath: (kind) => {
        const p = path.join(tmp, 'chosen', `${kind}-${++n}.out`);
        chosen.push(p);
        return Promise.resolve(p);
      },
    });
    await service.call('openSampleEngagement', undefined);
    const done = new Promise<JobEvent>((resolve) => service.onJobEvent((e) => e.type !== 'progress' && resolve(e)));
    await service.call('startImport', { path: bundle });
    expect((await done).type).toBe('done');
  });

  afterAll(() => service?.close());

  it('refuses to write a report to a path the renderer names, and writes nothing there', async () => {
    const victim = path.join(tmp, 'victim.txt');
    writeFileSync(victim, 'precious');
    for (const p of [victim, path.join(tmp, 'new-file.json'), path.join(os.homedir(), '.bashrc')]) {
      await expect(service.call('exportReport', { bundleId: 1, path: p })).rejects.toMatchObject({
        name: 'PathPolicyError',
        file: p,
        message: expect.stringMatching(/save dialog/),
      });
      await expect(service.call('exportWorkpaper', { sessionId: 1, path: p })).rejects.toMatchObject({ name: 'PathPolicyError' });
    }
    expect(readFileSync(victim, 'utf8')).toBe('precious');
    expect(existsSync(path.join(tmp, 'new-file.json'))).toBe(false);
  });

  it('writes where the dialog chose, and may write there again in this session (not in another)', async () => {
    const first = await service.call('exportReport', { bundleId: 1, path: null });
    expect(first.path).toBe(chosen[0]);
    expect(JSON.parse(readFileSync(first.path, 'utf8')).verdict).toBe('verified');
    rmSync(first.path);
    expect((await service.call('exportReport', { bundleId: 1, path: first.path })).path).toBe(first.path);
    expect(existsSync(first.path)).toBe(true);
    const later = new EngineService({ sampleBundle: bundle, sampleKeyFile: path.join(tmp, 'key.txt'), dataDir: path.join(tmp, 'data2') });
    await later.call('openSampleEngagement', undefined);
    await expect(later.call('exportReport', { bundleId: 1, path: first.path })).rejects.toMatchObject({ name: 'PathPolicyError' });
    later.close();
  });

  it('reads only paths that exist and are files (or a bundle folder)', async () => {
    await expect(service.call('startImport', { path: path.join(tmp, 'nowhere.zip') })).rejects.toMatchObject({
      name: 'PathPolicyError',
      message: expect.stringMatching(/There is no bundle at/),
    });
    // an empty path (what a browser gives for a dropped file) would resolve to the engine's own folder
    await expect(service.call('startImport', { path: '' })).rejects.toMatchObject({
      name: 'PathPolicyError',
      message: expect.stringMatching(/No bundle was named/),
    });
    await expect(service.call('openWorkspace', { path: ' ' })).rejects.toMatchObject({ name: 'PathPolicyError' });
    await expect(service.call('startImport', { path: '/dev/zero' })).rejects.toMatchObject({
      name: 'PathPolicyError',
      message: expect.stringMatching(/not a file or folder/),
    });
    await expect(service.call('openWorkspace', { path: tmp })).rejects.toMatchObject({
      name: 'PathPolicyError',
      message: expect.stringMatching(/not a file/),
    });
    await expect(service.call('openWorkspace', { path: '/dev/zero' })).rejects.toMatchObject({ name: 'PathPolicyError' });
  });

  it('creates a workspace only as a new .tickmark file in an existing folder', async () => {
    const base = {
      name: 'E',
      client: 'C',
      system: 'S',
      framework: 'SOC 2' as const,
      windowStart: '2026-01-01T00:00:00Z',
      windowEnd: '2026-06-30T23:59:59Z',
    };
    const victim = path.join(tmp, 'victim2.txt');
    writeFileSync(victim, 'precious');
    await expect(service.call('createEngagement', { ...base, path: victim })).rejects.toMatchObject({
      name: 'PathPolicyError',
      message: expect.stringMatching(/\.tickmark/),
    });
    await expect(service.call('createEngagement', { ...base, path: path.join(tmp, 'no-such-dir', 'e.tickmark') })).rejects.toMatchObject({
      name: 'PathPolicyError',
      message: expect.stringMatching(/does not exist/),
    });
    writeFileSync(path.join(tmp, 'taken.tickmark'), 'x');
    await expect(service.call('createEngagement', { ...base, path: path.join(tmp, 'taken.tickmark') })).rejects.toMatchObject({
      message: expect.stringMatching(/already exists/),
    });
    expect(readFileSync(victim, 'utf8')).toBe('precious');
    expect((await service.call('createEngagement', { ...base, path: path.join(tmp, 'fresh.tickmark') })).name).toBe('E');
  });
});
