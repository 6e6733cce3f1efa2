// The loopback web host (npm run web) under hostile input (issue #11 item 4): a zip whose headers lie is a
// refused import job with the entry named, and the host goes on answering; an error nothing caught is
// logged by the host's last-resort handlers instead of ending the process.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EngineService } from '../../electron/engine/api-service';
import { startHarness, TOKEN_HEADER, type Harness } from '../../electron/web/server';
import { generateBundle } from '../../electron/engine/index';
import type { JobEvent } from '../../shared/api';
import { makeZip } from '../helpers/zip';

const root = path.resolve(__dirname, '../..');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'tickmark-web-host-'));
let service: EngineService;
let harness: Harness;

async function call(method: string, arg?: unknown): Promise<{ ok: boolean; result?: unknown; error?: { message: string; file?: string } }> {
  const r = await fetch(`${harness.origin}/api/call/${method}`, {
    method: 'POST',
    headers: { [TOKEN_HEADER]: harness.token },
    body: JSON.stringify({ arg }),
  });
  return (await r.json()) as never;
}

beforeAll(async () => {
  service = new EngineService({ sampleBundle: '', sampleKeyFile: '', dataDir: path.join(tmp, 'data') });
  harness = await startHarness({ root: tmp, service });
});

afterAll(async () => {
  await harness.close();
  service.close();
});

describe('web host', () => {
  it('an import of a zip whose headers lie is a refused job naming the entry, and the host goes on', async () => {
    const g = await generateBundle({ out: path.join(tmp, 'bundle'), events: 200, seed: 'web-host' });
    const entries = readdirSync(g.dir, { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile())
      .map((d) => {
        const abs = path.join(d.parentPath, d.name);
        const name = path.relative(g.dir, abs).split(path.sep).join('/');
        return { name, data: readFileSync(abs), deflate: true, declaredSize: name === 'evidence/access-review-2026Q1.csv' ? 100 : undefined };
      });
    const zip = path.join(tmp, 'liar.zip');
    writeFileSync(zip, makeZip(entries));
    const created = await call('createEngagement', {
      path: path.join(tmp, 'e.tickmark'),
      name: 'Web host',
      client: 'c',
      system: 's',
      framework: 'SOC 2',
      windowStart: '2026-01-01T00:00:00Z',
      windowEnd: '2026-06-30T23:59:59Z',
    });
    expect(created.ok).toBe(true);

    const ended = new Promise<JobEvent>((resolve) => {
      const off = service.onJobEvent((e) => {
        if (e.type === 'progress') return;
        off();
        resolve(e);
      });
    });
    const started = await call('startImport', { path: zip });
    expect(started.ok).toBe(true);
    const e = await ended;
    expect(e.type).toBe('error');
    expect(e.type === 'error' && e.error).toMatchObject({
      name: 'ImportError',
      file: 'evidence/access-review-2026Q1.csv',
      message: expect.stringMatching(/liar\.zip: the entry evidence\/access-review-2026Q1\.csv inflates to more bytes than its header declares/),
    });
    const after = await call('engagement');
    expect(after).toMatchObject({ ok: true, result: { bundles: [] } });
  });

  it('an error event nobody listens to and a rejection nobody awaits are logged, and the host keeps serving', async () => {
    const run = async (args: string[]): Promise<{ served: boolean; stderr: string; exit: number | null }> => {
      const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'test/helpers/web-host-child.ts'), ...args], {
        cwd: root,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      // wait until it has served and met both errors (logged them, or died of the first)
      let exit: number | null | undefined;
      void exited.then((c) => (exit = c));
      while (exit === undefined && !(stderr.includes('a rejection nobody awaits') && stderr.includes('an error event nobody listens to')))
        await new Promise((r) => setTimeout(r, 50));
      let served = false;
      const [origin, token] = stdout.trim().split(' ');
      if (exit === undefined && origin && token) {
        const r = await fetch(`${origin}/api/call/engagement`, { method: 'POST', headers: { [TOKEN_HEADER]: token }, body: '{}' });
        served = r.ok && ((await r.json()) as { ok: boolean }).ok;
      }
      if (exit === undefined) child.kill();
      await exited;
      return { served, stderr, exit: exit ?? null };
    };
    const kept = await run([]);
    expect(kept.served).toBe(true);
    expect(kept.stderr).toMatch(/an uncaught error was logged and the app keeps running: Error: an error event nobody listens to/);
    expect(kept.stderr).toMatch(/an unhandled rejection was logged and the app keeps running: Error: a rejection nobody awaits/);
    // without the handlers, the same errors end the process: the test can fail
    const died = await run(['--no-handlers']);
    expect(died.served).toBe(false);
    expect(died.exit).not.toBe(0);
  });
});
