// What the browser tests (test/e2e/*.e2e.test.ts) share: Debian's Chromium through playwright-core, the renderer
// built once per test file into a private folder (the app's own out/ is left alone), the sample engagement on
// the real engine behind the loopback harness (electron/web/server.ts), a watch on what the page asks for, and
// flow steps: tests that continue one another, one per screen, so a failure names the screen that broke and
// the steps after it are skipped instead of each timing out on a page they cannot reach.
import { it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { rendererConfig } from '../../vite.config.renderer';
import { EngineService } from '../../electron/engine/api-service';
import { generateBundle } from '../../electron/engine/index';
import { startHarness, type Harness } from '../../electron/web/server';

export const CHROMIUM = '/usr/bin/chromium';
export const HAS_CHROMIUM = existsSync(CHROMIUM);
// CI installs Chromium (.ci/run), so there a missing browser is a failure, never a silent skip.
if (!HAS_CHROMIUM && process.env.CI) throw new Error(`[e2e] ${CHROMIUM} is absent on CI: .ci/run must install Debian's "chromium" package.`);
if (!HAS_CHROMIUM) console.warn(`[e2e] ${CHROMIUM} is absent: the browser tests are skipped (install Debian's "chromium" package to run them).`);

export const LAUNCH = {
  executablePath: CHROMIUM,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
};

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Where the screenshots of the main screens go. */
export const SCREENS_DIR = path.join(ROOT, 'test-results', 'screens');

let built: Promise<string> | null = null;
/** Build the renderer once per test file into a private folder; removeBuiltRenderer() deletes it. */
export function buildRenderer(): Promise<string> {
  built ??= (async () => {
    const outDir = mkdtempSync(path.join(os.tmpdir(), 'tickmark-renderer-'));
    await build({ ...rendererConfig({ outDir }), configFile: false, logLevel: 'error' });
    return outDir;
  })();
  return built;
}

export async function removeBuiltRenderer(): Promise<void> {
  if (built) rmSync(await built, { recursive: true, force: true });
}

/** An empty test-results/screens/, for a file that takes screenshots. */
export function resetScreens(): void {
  rmSync(SCREENS_DIR, { recursive: true, force: true });
  mkdirSync(SCREENS_DIR, { recursive: true });
}

export async function shot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(150);
  await page.screenshot({ path: path.join(SCREENS_DIR, `${name}.png`) });
}

/** Open a screen from the navigation. */
export async function go(page: Page, screen: string): Promise<void> {
  await page.click(`[data-screen="${screen}"]`);
}

export interface PageWatch {
  foreign: string[];
  csp: string[];
  errors: string[];
}

/** Everything the page asks for must go to the harness's own origin; CSP violations are collected. */
export function watchPage(page: Page, origin: string): PageWatch {
  const seen: PageWatch = { foreign: [], csp: [], errors: [] };
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(`${origin}/`) && !u.startsWith('data:')) seen.foreign.push(u);
  });
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) seen.csp.push(m.text());
  });
  page.on('pageerror', (e) => seen.errors.push(String(e)));
  return seen;
}

/** The app as an auditor first meets it: the sample engagement shipped beside it, the real engine, one browser page. */
export interface AppSession {
  /** a temporary folder holding the resources, the engine's data and anything else the test writes */
  tmp: string;
  service: EngineService;
  harness: Harness;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  seen: PageWatch;
  /** events in the sample bundle as written: 3,000 in the background and the planted ones (#16), from its manifest */
  sampleEvents: number;
  close(): Promise<void>;
}

/** Build the renderer, write the sample bundle (the planted sample engagement) and its vendor key, start the engine, harness and Chromium. */
export async function openApp(actor: string): Promise<AppSession> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), `tickmark-${actor}-`));
  const sampleDir = path.join(tmp, 'resources', 'sample-engagement');
  const keyFile = path.join(tmp, 'resources', 'sample-engagement.vendor-key.txt');
  const [renderer, sample] = await Promise.all([
    buildRenderer(),
    generateBundle({ out: sampleDir, events: 3000, seed: 'tickmark-sample', planted: true }),
  ]);
  writeFileSync(keyFile, `${sample.vendorKey}\n`);
  const service = new EngineService({ sampleBundle: sampleDir, sampleKeyFile: keyFile, dataDir: path.join(tmp, 'data'), actor });
  const harness = await startHarness({ root: renderer, service });
  const browser = await chromium.launch(LAUNCH);
  // a context of our own: AxeBuilder opens a blank page in it to assemble the results of each frame
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  const seen = watchPage(page, harness.origin);
  return {
    tmp,
    service,
    harness,
    browser,
    context,
    page,
    seen,
    sampleEvents: sample.manifest.streams.reduce((n, x) => n + x.event_count, 0),
    async close() {
      await browser.close();
      await harness.close();
      service.close();
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/**
 * Tests that continue one another on one page, in file order: `step(name, fn)` declares one. Once a step fails
 * the later steps are skipped, naming the step that broke, so the report points at one screen. A step may
 * return a last check: its failure fails that step alone and the later steps still run (the accessibility
 * audit goes on to the next screen after one with violations).
 */
export function flow(): (name: string, fn: () => Promise<void | (() => void)>, timeout?: number) => void {
  let broken: string | null = null;
  return (name, fn, timeout = 120_000) =>
    it(name, { timeout }, async (ctx) => {
      if (broken) ctx.skip(`an earlier step failed: ${broken}`);
      let lastCheck: void | (() => void);
      try {
        lastCheck = await fn();
      } catch (e) {
        broken = name;
        throw e;
      }
      lastCheck?.();
    });
}
