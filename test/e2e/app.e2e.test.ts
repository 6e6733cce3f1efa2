// The renderer in a real browser (Debian's Chromium through playwright-core) on the real engine, through
// the loopback harness: an auditor's day from opening the sample engagement to filing a workpaper, one test
// per screen flow in the order of the work, so a failure names its screen (later steps are then skipped).
// Screenshots of every main screen go to test-results/screens/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { generateBundle } from '../../electron/engine/index';
import { canonicalizeWithout } from '../../shared/jcs';
import type { ApiMethod, ApiResult, EngagementSummary, EventDetail, EventPage, EventRow } from '../../shared/api';
import { startHarness, type Harness } from '../../electron/web/server';
import {
  HAS_CHROMIUM,
  LAUNCH,
  buildRenderer,
  flow,
  go,
  openApp,
  removeBuiltRenderer,
  resetScreens,
  shot,
  watchPage,
  type AppSession,
  type PageWatch,
} from '../helpers/e2e';

/** The SHA-256 a record should carry: over its RFC 8785 form without "hash". */
function recordHash(line: string): string {
  return createHash('sha256')
    .update(canonicalizeWithout(JSON.parse(line) as Record<string, unknown>, 'hash'), 'utf8')
    .digest('hex');
}

// What electron/preload exposes, stood in over the harness: pathForFile answers for the files a test
// drops, failed calls reject with the ApiErrorInfo as plain data, and start-up reports a damaged workspace.
const standInPreload = (o: { paths: Record<string, string>; startup: unknown; token: string }): void => {
  (window as unknown as { tickmark: unknown }).tickmark = {
    async call(method: string, arg: unknown): Promise<unknown> {
      // the shell answers the same start-up error however often it is asked (EngineHost)
      if (method === 'startupError') return o.startup;
      const res = await fetch(`/api/call/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-tickmark-token': o.token },
        body: JSON.stringify({ arg: arg ?? null }),
      });
      const body = (await res.json()) as { ok: boolean; result?: unknown; error?: unknown };
      return body.ok ? body.result : Promise.reject(body.error);
    },
    onJobEvent(listener: (e: unknown) => void): () => void {
      const es = new EventSource(`/api/events?token=${o.token}`);
      es.onmessage = (m: MessageEvent<string>) => listener(JSON.parse(m.data));
      return () => es.close();
    },
    pathForFile: (file: { name: string }): string => o.paths[file.name] ?? '',
  };
};

/** Drop a file of that name on the import screen's drop zone. */
const drop = async (p: Page, name: string): Promise<void> => {
  const dt = await p.evaluateHandle((n) => {
    const d = new DataTransfer();
    d.items.add(new File(['PK'], n));
    return d;
  }, name);
  await p.dispatchEvent('[data-testid="dropzone"]', 'drop', { dataTransfer: dt });
};

beforeAll(resetScreens);
afterAll(removeBuiltRenderer);

describe.skipIf(!HAS_CHROMIUM)('Tickmark in Chromium on the real engine', () => {
  let app: AppSession;
  let tmp: string;
  let harness: Harness;
  let context: BrowserContext;
  let page: Page;
  let seen: PageWatch;
  let tampered: Awaited<ReturnType<typeof generateBundle>>;
  let corruptBundle: string;
  let desk: Page;
  let deskSeen: PageWatch;

  beforeAll(async () => {
    app = await openApp('e2e');
    ({ tmp, harness, context, page, seen } = app);
    // A longer bundle whose phi-access record was edited after it was written, and whose auth stream went quiet for a while.
    tampered = await generateBundle({
      out: path.join(tmp, 'tampered'),
      events: 120_000,
      seed: 'tampered-e2e',
      tamper: 'edit',
      tamperAt: 700,
      outage: { stream: 'auth', from: 0.42, to: 0.5 },
    });
    // A bundle with an unreadable line, for the import error screen.
    const corrupt = await generateBundle({ out: path.join(tmp, 'corrupt'), events: 300, seed: 'corrupt-e2e' });
    corruptBundle = corrupt.dir;
    const authFile = path.join(corrupt.dir, 'streams', 'auth.jsonl');
    const lines = readFileSync(authFile, 'utf8').split('\n');
    lines[41] = '{"seq": 41, "ts": "2026-02-01T10:00:00Z", "category": "auth", oops';
    writeFileSync(authFile, lines.join('\n'));
  });

  afterAll(async () => {
    await app?.close();
  });

  // ---- an auditor's day on one page: each step goes on from where the one before left the page ----
  const step = flow();

  step('Engagements: the start screen, before any engagement is open', async () => {
    await page.goto(harness.url);
    expect(await page.getByRole('heading', { name: 'Engagements', level: 1 }).isVisible()).toBe(true);
    await shot(page, '01-engagements');
  });
  step('Import: the sample bundle imports and is verified', async () => {
    await page.click('[data-testid="open-sample"]');
    await page.waitForSelector('[data-testid="screen-import"]');
    expect(await page.inputValue('input[name="bundle"]')).toContain('sample-engagement');
    await page.click('[data-testid="start-import"]');
    await page.waitForSelector('[data-testid="import-done"]', { timeout: 60_000 });
    expect(await page.textContent('[data-testid="import-done"]')).toContain('Verified');
    await shot(page, '02-import-done');
  });
  step('Integrity: every stream of the sample bundle verifies, with its timeline', async () => {
    await page.click('[data-testid="review-integrity"]');
    await page.waitForSelector('[data-testid="report-summary"] [data-verdict="verified"]');
    const streams = page.locator('[data-testid="stream"]');
    expect(await streams.count()).toBe(3);
    for (const v of await streams.evaluateAll((els) => els.map((e) => e.getAttribute('data-verdict')))) expect(v).toBe('verified');
    await page.waitForSelector('[data-testid="timeline"]');
    await shot(page, '03-integrity-verified');
  });
  step('Engagements: a new engagement, its vendor key pinned at creation, opens on Import', async () => {
    await go(page, 'engagements');
    const form = page.locator('#new-engagement');
    await form.getByLabel('Workspace file to create').fill(path.join(tmp, 'tampered.tickmark'));
    await form.getByLabel('Engagement name').fill('Northwind Health — tampered export');
    await form.getByLabel('Client').fill('Northwind Health');
    await form.getByLabel('System').fill('Northwind EHR');
    await form.getByLabel('HIPAA', { exact: true }).check();
    await form.getByLabel('Audit window from (UTC)').fill('2026-01-01');
    await form.getByLabel('to (UTC, inclusive)').fill('2026-06-30');
    await form.getByLabel('Pinned vendor keys').fill(tampered.vendorKey);
    await form.getByRole('button', { name: 'Create engagement' }).click();
    await page.waitForSelector('[data-testid="screen-import"]');
  });
  step(
    'Import: a tampered bundle, cancelled, leaves the workspace as it was; imported again, it fails',
    async () => {
      await page.fill('input[name="bundle"]', tampered.dir);
      // start, then cancel: the workspace stays as it was
      await page.click('[data-testid="start-import"]');
      await page.waitForSelector('[data-testid="job-progress"] progress[max]');
      await page.click('[data-testid="job-progress"] button:has-text("Cancel")');
      await page.waitForSelector('[data-testid="import-failed"] >> text=Import cancelled');
      expect(await page.textContent('.app-status')).toContain('0 bundles');
      expect(await page.inputValue('input[name="bundle"]')).toBe(tampered.dir);
      await page.click('[data-testid="start-import"]');
      // progress from the job's events: bar, events, MB/s, time left
      const progressed = await page
        .waitForSelector('[data-testid="job-progress"] progress[max]', { timeout: 20_000 })
        .then(() => true)
        .catch(() => false);
      if (progressed) {
        await page
          .waitForFunction(() => /MB\/s/.test(document.querySelector('[data-testid="job-progress"]')?.textContent ?? ''), undefined, {
            timeout: 5_000,
          })
          .catch(() => undefined);
        await shot(page, '04-import-progress');
      }
      await page.waitForSelector('[data-testid="import-done"]', { timeout: 120_000 });
      expect(await page.textContent('[data-testid="import-done"]')).toContain('Failed');
      await page.click('[data-testid="review-integrity"]');
    },
    300_000,
  );
  step('Integrity: the tampered stream fails, the outage shows, and the finding opens the broken record', async () => {
    await page.waitForSelector('[data-testid="report-summary"] [data-verdict="failed"]');
    expect(await page.getAttribute('[data-testid="stream"][data-stream="phi-access"]', 'data-verdict')).toBe('failed');
    expect(await page.getAttribute('[data-testid="stream"][data-stream="auth"]', 'data-verdict')).toBe('verified');
    await page.waitForSelector('[data-testid="timeline"] .tl-silent');
    await page.waitForSelector('[data-testid="timeline"] .tl-break', { state: 'attached' });
    await shot(page, '05-integrity-failed');

    // from the finding to the broken record
    await page.click('[data-testid="stream"][data-stream="phi-access"] [data-testid="finding"][data-code="content-altered"]');
    await page.waitForSelector('[data-testid="record-inspector"] [data-testid="expected-hash"]');
    const expected = (await page.textContent('[data-testid="expected-hash"]'))!.trim();
    const found = (await page.textContent('[data-testid="found-hash"]'))!.trim();
    const file = path.join(tampered.dir, tampered.manifest.streams.find((s) => s.id === 'phi-access')!.files[0]!);
    const line = readFileSync(file, 'utf8').split('\n')[tampered.tamperedLine! - 1]!;
    expect(expected).toMatch(/^[0-9a-f]{64}$/);
    expect(expected).toBe(recordHash(line));
    expect(found).toBe((JSON.parse(line) as { hash: string }).hash);
    expect(found).not.toBe(expected);
    expect(await page.textContent('[data-testid="record-location"]')).toContain(`line ${tampered.tamperedLine}`);
    expect(await page.locator('[data-testid="neighbours"] tbody tr').count()).toBeGreaterThan(3);
    await page.waitForSelector('[data-testid="inclusion-proof"]');
    expect(await page.textContent('[data-testid="proof-verifies"]')).toContain('verifies');
    await shot(page, '06-integrity-record');
  });
  step('Import: an unreadable bundle is refused with its file and line', async () => {
    await go(page, 'import');
    await page.fill('input[name="bundle"]', corruptBundle);
    await page.click('[data-testid="start-import"]');
    await page.waitForSelector('[data-testid="import-failed"]', { timeout: 60_000 });
    expect(await page.textContent('[data-testid="error-file"]')).toContain('streams/auth.jsonl');
    expect(await page.textContent('[data-testid="error-line"]')).toBe('42');
    await shot(page, '07-import-error');
  });
  step('Engagements: the sample engagement reopens from the recent workspaces', async () => {
    await go(page, 'engagements');
    await page.locator('.recent-item', { hasText: 'sample-engagement.tickmark' }).click();
    await page.waitForSelector('[data-testid="report-summary"] [data-verdict="verified"]');
  });
  step('Explorer: every event, filtered by category, browsed by keyboard', async () => {
    await go(page, 'explorer');
    const all = app.sampleEvents.toLocaleString('en-US');
    await page.waitForFunction((n) => document.querySelector('[data-testid="explorer-total"]')?.textContent?.includes(n), all);
    await page.selectOption('select[name="category"]', 'admin');
    await page.waitForFunction((n) => {
      const t = document.querySelector('[data-testid="explorer-total"]')?.textContent ?? '';
      return /^\d[\d,]* events? match$/.test(t) && !t.startsWith(n);
    }, all);
    const adminTotal = Number((await page.textContent('[data-testid="explorer-total"]'))!.replace(/[^\d]/g, ''));
    expect(adminTotal).toBeGreaterThan(50);
    expect(adminTotal).toBeLessThan(app.sampleEvents);
    await page.waitForSelector('.vt-row[data-index="0"] .vt-cell');
    await page.click('.vt-row[data-index="0"]');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.waitForSelector('.vt-row-selected[data-index="2"]');
    await page.waitForSelector('[data-testid="event-json"]');
    expect(await page.textContent('[data-testid="event-json"]')).toContain('"category": "admin"');
    // only the rows in view are in the DOM
    expect(await page.locator('.vt-row').count()).toBeLessThan(80);
    await shot(page, '08-explorer');
  });
  step('Sampling: a population from the explorer filter, a plan of 29 items, drawn', async () => {
    await page.click('[data-testid="to-population"]');
    await page.waitForSelector('[data-testid="screen-sampling"]');
    await page.fill('input[name="population-name"]', 'Admin events H1 2026');
    await page.click('[data-testid="define-population"] button[type="submit"]');
    await page.waitForSelector('[data-testid="population-table"] >> text=Admin events H1 2026');
    const popValue = await page.locator('select[name="population"] option', { hasText: 'Admin events H1 2026' }).getAttribute('value');
    await page.selectOption('select[name="population"]', popValue!);
    await page.fill('input[name="session-name"]', 'CC6.1 admin actions');
    await page.fill('input[name="control-id"]', 'CC6.1');
    await page.fill('input[name="control-description"]', 'Administrative actions are authorized');
    await page.fill('input[name="tolerable"]', '10');
    await page.waitForFunction(() => document.querySelector('[data-testid="plan-size"]')?.textContent === '29');
    expect(await page.textContent('[data-testid="plan-result"]')).toContain('Binomial');
    await page.click('label:has(input[value="systematic"])');
    await page.fill('input[name="auditor-value"]', '2026-07-15 JD');
    await shot(page, '09-sampling-plan');
    await page.click('[data-testid="draw-sample"]');
    await page.waitForSelector('[data-testid="screen-session"]');
    const items = await page.locator('[data-testid="wb-progress"]').textContent();
    expect(items).toContain('of 29 items');
  });
  step('Sampling: every item tested by keyboard, with a tickmark and a note', async () => {
    // ---- testing by keyboard: p/d/n for the focused attribute, j for the next item ----
    await page.locator('[data-testid="item-list"]').focus();
    for (let i = 0; i < 29; i++) {
      await page.keyboard.press('p');
      // on item 5, try n/a and deviation on the second attribute, clear it, then pass
      if (i === 4) for (const k of ['n', 'd', 'Backspace']) await page.keyboard.press(k);
      await page.keyboard.press('p');
      if (i < 28) await page.keyboard.press('j');
    }
    await page.keyboard.press('k');
    await page.keyboard.press('k');
    await page.waitForSelector('[data-testid="item-tester"][data-position="27"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="wb-progress"]')?.textContent?.startsWith('29 of 29'));
    await page.waitForSelector('.app-status >> text=All changes saved');
    expect(await page.textContent('[data-testid="conclusion"]')).toContain('supports reliance');
    // tickmarks and a note on item 27
    await page.click('.tickmark:has-text("✓")');
    await page.keyboard.press('e');
    await page.keyboard.type('Agreed to the ticket and the approval.');
    await page.keyboard.press('Escape');
    await page.waitForSelector('.app-status >> text=All changes saved');
  });
  step('Sampling: prepared, reviewed with a note raised, answered and cleared, signed by another reviewer', async () => {
    // ---- sign-off: preparer, then a different reviewer ----
    await page.fill('input[name="preparer"]', 'Jordan Diaz');
    await page.click('#signoff button:has-text("Sign as preparer")');
    await page.waitForSelector('[data-testid="preparer-signed"]');

    // ---- review: the reviewer raises a note on item 27, the preparer answers, the reviewer clears it ----
    await page.check('input[name="review-note-on-item"]');
    await page.fill('input[name="review-note"]', 'Which ticket approves this change?');
    await page.fill('input[name="review-note-by"]', 'Riley Chen');
    await page.click('[data-testid="raise-note"] button:has-text("Raise note")');
    const note = page.locator('[data-testid="review-notes"] li[data-state="open"]');
    await note.waitFor();
    expect(await note.textContent()).toContain('item 27');
    // a reviewer cannot sign off over an open note
    await page.fill('input[name="reviewer"]', 'Riley Chen');
    await page.click('#signoff button:has-text("Sign as reviewer")');
    await page.waitForSelector('.notice-error >> text=review note not cleared');
    await page.click('.notice-error button[aria-label="Dismiss"]');
    const noteId = await note.getAttribute('data-note');
    await page.fill(`input[name="answer-${noteId}"]`, 'CHG-1042, approved by the CAB on 2026-03-02.');
    await page.fill(`input[name="note-by-${noteId}"]`, 'Jordan Diaz');
    await page.click(`[data-note="${noteId}"] button:has-text("Answer")`);
    await page.waitForSelector(`[data-note="${noteId}"][data-state="answered"]`);
    await page.fill(`input[name="note-by-${noteId}"]`, 'Riley Chen');
    await page.click(`[data-note="${noteId}"] button:has-text("Clear")`);
    await page.waitForSelector(`[data-note="${noteId}"][data-state="cleared"]`);
    expect(await page.textContent(`[data-note="${noteId}"]`)).toContain('cleared by Riley Chen');

    await page.fill('input[name="reviewer"]', 'Jordan Diaz');
    await page.click('#signoff button:has-text("Sign as reviewer")');
    await page.waitForSelector('.notice-error >> text=someone other than the preparer');
    await page.fill('input[name="reviewer"]', 'Riley Chen');
    await page.click('#signoff button:has-text("Sign as reviewer")');
    await page.waitForSelector('[data-testid="reviewer-signed"]');
    await page.click('.notice-error button[aria-label="Dismiss"]');
    await shot(page, '10-sampling-signed');
  });
  step('Evidence: the table, and a CSV, an image and a text preview', async () => {
    await go(page, 'evidence');
    await page.waitForSelector('[data-testid="evidence-table"]');
    await page.locator('[data-testid="evidence-table"] button', { hasText: '.csv' }).first().click();
    await page.waitForSelector('[data-testid="csv-preview"] tbody tr');
    await shot(page, '11-evidence');
    await page.locator('[data-testid="evidence-table"] button', { hasText: '.png' }).first().click();
    await page.waitForSelector('img.image-preview');
    await page.waitForFunction(() => (document.querySelector('img.image-preview') as HTMLImageElement | null)?.naturalWidth === 160);
    await page.locator('[data-testid="evidence-table"] button', { hasText: '.md' }).first().click();
    await page.waitForSelector('pre.text-preview');
  });
  step('Export: the workpaper is filed as .xlsx and reads back with results, cover and review notes', async () => {
    await go(page, 'export');
    await page.locator('[data-testid^="export-workpaper-"]').first().click();
    await page.waitForSelector('[data-testid="saved-path"]');
    const saved = (await page.textContent('[data-testid="saved-path"]'))!.trim();
    expect(saved.endsWith('.xlsx')).toBe(true);
    await shot(page, '12-export');

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(saved);
    const sheet = wb.getWorksheet('Sample')!;
    const header = (sheet.getRow(3).values as unknown[]).map((v) => String(v ?? ''));
    const a1 = header.indexOf('Access was authorized (approved request or role)');
    const a2 = header.indexOf('Event is attributable to a named individual');
    expect(a1).toBeGreaterThan(0);
    expect(a2).toBe(a1 + 1);
    expect(sheet.getRow(4).getCell(a1).value).toBe('pass');
    expect(sheet.getRow(8).getCell(a2).value).toBe('pass');
    expect(sheet.getRow(4 + 28).getCell(a2).value).toBe('pass');
    const cover = wb.getWorksheet('Cover')!;
    const coverText: string[] = [];
    cover.eachRow((r) => r.eachCell((c) => coverText.push(String(c.value ?? ''))));
    expect(coverText.join('\n')).toContain('CC6.1 admin actions');
    expect(coverText.join('\n')).toContain('Riley Chen');
    // the review note, its answer and its clearance, as the partner reads them
    const review = wb.getWorksheet('Review notes')!;
    const noteRow = (() => {
      for (let r = 1; r <= review.rowCount; r++)
        if (review.getRow(r).getCell(5).value === 'Which ticket approves this change?') return review.getRow(r);
      return null;
    })();
    expect(noteRow).not.toBeNull();
    expect([
      noteRow!.getCell(2).value,
      noteRow!.getCell(3).value,
      noteRow!.getCell(6).value,
      noteRow!.getCell(7).value,
      noteRow!.getCell(9).value,
      noteRow!.getCell(11).value,
    ]).toEqual(['item 27', 'Riley Chen', 'CHG-1042, approved by the CAB on 2026-03-02.', 'Jordan Diaz', 'Riley Chen', 'cleared']);
    expect(noteRow!.getCell(10).value).toBeInstanceOf(Date);
  });
  step('Sampling: reopening needs a reason and clears both sign-offs', async () => {
    await go(page, 'sampling');
    await page.fill('input[name="reopen-reason"]', 'Reviewer asked for evidence links on item 27');
    await page.click('#signoff button:has-text("Reopen")');
    await page.waitForSelector('[data-testid="screen-session"] .badge[data-status="open"]');
    expect(await page.locator('input[name="preparer"]').isEnabled()).toBe(true);
  });
  step('Engagements: the open engagement is named', async () => {
    await go(page, 'engagements');
    await page.waitForSelector('#current-engagement');
    expect(await page.textContent('#current-engagement')).toContain('Northwind Health — sample engagement');
    await shot(page, '13-engagements-open');
  });

  it('the page never left its origin, and the CSP held, on every screen', () => {
    expect(seen.foreign).toEqual([]);
    expect(seen.csp).toEqual([]);
    expect(seen.errors).toEqual([]);
  });

  // ---- the desktop bridge stood in over the harness, and a plain browser, each on a page of its own ----
  const bridge = flow();

  bridge('Start-up error: names what failed, its code and file, and offers a way out', async () => {
    desk = await context.newPage();
    desk.setDefaultTimeout(30_000);
    deskSeen = watchPage(desk, harness.origin);
    const startup = {
      stage: 'engagement',
      error: {
        name: 'SqliteError',
        code: 'SQLITE_NOTADB',
        message: 'file is not a database',
        file: path.join(tmp, 'data', 'sample-engagement.tickmark'),
      },
    };
    await desk.addInitScript(standInPreload, { paths: { 'corrupt-bundle.zip': corruptBundle }, startup, token: harness.token });
    await desk.goto(harness.origin);

    // the start-up error: what failed, its code and file, and a way out
    await desk.waitForSelector('[data-testid="startup-error"][data-stage="engagement"]');
    expect(await desk.getByRole('heading', { name: 'The engagement could not be opened', level: 1 }).isVisible()).toBe(true);
    expect(await desk.textContent('[data-testid="startup-error"] [data-testid="error-code"]')).toContain('SQLITE_NOTADB');
    expect(await desk.textContent('[data-testid="startup-error"] [data-testid="error-file"]')).toBe(startup.error.file);
    expect(await desk.isVisible('[data-testid="startup-quit"]')).toBe(true);
    await shot(desk, '15-startup-error');
    await desk.click('[data-testid="startup-open-other"]');
    await desk.getByRole('heading', { name: 'Engagements', level: 1 }).waitFor();
    expect(await desk.isVisible('[data-testid="startup-error"]')).toBe(false);
  });
  bridge('Import: a dropped file reaches the import through pathForFile, or leaves a note when it cannot', async () => {
    // drop: the path comes from pathForFile; a file the host cannot place leaves a note instead
    // (the sample opens on Import, or on Integrity once a test before has imported its bundle)
    await desk.click('[data-testid="open-sample"]');
    await desk.waitForSelector('[data-testid="screen-import"], [data-testid="screen-integrity"]');
    await go(desk, 'import');
    await desk.waitForSelector('[data-testid="screen-import"]');
    await drop(desk, 'corrupt-bundle.zip');
    expect(await desk.inputValue('input[name="bundle"]')).toBe(corruptBundle);
    await drop(desk, 'elsewhere.zip');
    await desk.waitForSelector('[data-testid="dropzone"] >> text=cannot see where “elsewhere.zip” is stored');
    expect(await desk.inputValue('input[name="bundle"]')).toBe(corruptBundle);
    await desk.click('[data-testid="start-import"]');
    await desk.waitForSelector('[data-testid="import-failed"]', { timeout: 60_000 });
    expect(await desk.textContent('[data-testid="error-file"]')).toContain('streams/auth.jsonl');
    expect(await desk.textContent('[data-testid="error-line"]')).toBe('42');
  });
  bridge('Engagements: a failed call through the bridge still shows its message', async () => {
    // a failed call rejects with plain data through the stand-in bridge: the renderer still shows its message
    await go(desk, 'engagements');
    const missing = path.join(tmp, 'no-such.tickmark');
    await desk.fill('input[name="workspace"]', missing);
    await desk.locator('#open-engagement form button[type="submit"]').click();
    await desk.waitForSelector(`.notice-error >> text=There is no workspace at ${missing}`);
    expect(deskSeen.errors).toEqual([]);
    expect(deskSeen.foreign).toEqual([]);
    await desk.close();
  });
  bridge('Import: in a plain browser a dropped file leaves a note (pathForFile answers nothing)', async () => {
    // the web host's own transport: a browser cannot say where a dropped file is (pathForFile answers '')
    const web = await context.newPage();
    await web.goto(harness.url);
    await web.click('[data-testid="open-sample"]');
    await web.waitForSelector('[data-testid="screen-import"], [data-testid="screen-integrity"]');
    await go(web, 'import');
    await web.waitForSelector('[data-testid="screen-import"]');
    await drop(web, 'bundle.zip');
    await web.waitForSelector('[data-testid="dropzone"] >> text=cannot see where “bundle.zip” is stored');
    expect(await web.isVisible('[data-testid="startup-error"]')).toBe(false);
    await web.close();
  });
});

/**
 * A stand-in engine with 5,000,000 events, to show the explorer scrolls through millions of rows while
 * fetching only the pages in view.
 */
class MillionsService {
  readonly total = 5_000_000;
  readonly queries: { offset: number; limit: number }[] = [];
  private row(i: number): EventRow {
    const ts = new Date(Date.UTC(2026, 0, 1) + Math.floor((i * 181 * 86_400_000) / this.total)).toISOString();
    return {
      id: i + 1,
      bundleId: 1,
      stream: ['auth', 'phi-access', 'admin'][i % 3]!,
      seq: Math.floor(i / 3),
      ts,
      category: ['auth', 'phi_access', 'admin'][i % 3]!,
      action: 'record.read',
      actorId: `u-${1000 + (i % 50)}`,
      actorType: 'user',
      target: `patient:p-${i % 9973}`,
      outcome: i % 17 === 0 ? 'failure' : 'success',
      file: 'streams/x.jsonl',
      line: i + 1,
    };
  }
  private answer(method: ApiMethod, arg: unknown): unknown {
    switch (method) {
      case 'engagement':
        return {
          workspace: '/synthetic/millions.tickmark',
          name: 'Synthetic — five million events',
          client: 'Load test',
          system: 'Explorer',
          framework: 'SOC 2',
          windowStart: '2026-01-01T00:00:00Z',
          windowEnd: '2026-06-30T23:59:59Z',
          pinnedKeys: [],
          bundles: [
            {
              id: 1,
              sourcePath: '/synthetic',
              sourceSha256: null,
              manifestSha256: '0'.repeat(64),
              tenant: 'Synthetic',
              events: this.total,
              importedAt: '2026-07-01T00:00:00Z',
              verdict: 'verified',
              runId: 1,
            },
          ],
        } satisfies EngagementSummary;
      case 'recentWorkspaces':
        return [];
      case 'filterValues':
        return { streams: ['admin', 'auth', 'phi-access'], categories: ['admin', 'auth', 'phi_access'], actions: ['record.read'], actors: [] };
      case 'queryEvents': {
        const { offset, limit } = arg as { offset: number; limit: number };
        this.queries.push({ offset, limit });
        const rows: EventRow[] = [];
        for (let i = offset; i < Math.min(this.total, offset + limit); i++) rows.push(this.row(i));
        return { rows, total: this.total, offset } satisfies EventPage;
      }
      case 'eventDetail': {
        const r = this.row((arg as { eventId: number }).eventId - 1);
        return {
          ...r,
          raw: JSON.stringify({ seq: r.seq, ts: r.ts, action: r.action }),
          computedHash: 'a'.repeat(64),
          claimedHash: 'a'.repeat(64),
          prevHash: 'b'.repeat(64),
          findings: [],
          neighbours: [],
          proof: null,
        } satisfies EventDetail;
      }
      default:
        throw new Error(`The synthetic engine does not answer ${method}.`);
    }
  }
  async call<M extends ApiMethod>(method: M, arg: unknown): Promise<ApiResult<M>> {
    return this.answer(method, arg) as ApiResult<M>;
  }
  onJobEvent(): () => void {
    return () => undefined;
  }
}

describe.skipIf(!HAS_CHROMIUM)('the explorer over five million events', () => {
  let harness: Harness;
  let browser: Browser;
  let service: MillionsService;

  beforeAll(async () => {
    service = new MillionsService();
    harness = await startHarness({ root: await buildRenderer(), service });
    browser = await chromium.launch(LAUNCH);
  });

  afterAll(async () => {
    await browser?.close();
    await harness?.close();
  });

  it('Explorer: scrolls to any row, fetching only the pages in view', { timeout: 120_000 }, async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const seen = watchPage(page, harness.origin);
    await page.goto(harness.url);
    await page.waitForSelector('[data-testid="header-engagement"]');
    await page.keyboard.press('Control+4');
    await page.waitForFunction(() => document.querySelector('[data-testid="explorer-total"]')?.textContent === '5,000,000 events match');
    await page.waitForSelector('.vt-row[data-index="0"] .vt-cell');

    const visible = (): Promise<number[]> =>
      page.$$eval('.vt-row', (rows) => rows.map((r) => Number(r.getAttribute('data-index'))).sort((a, b) => a - b));
    const rowText = (i: number): Promise<string> => page.textContent(`.vt-row[data-index="${i}"]`).then((t) => t ?? '');

    // the middle of the log, by the scrollbar
    await page.$eval('[data-testid="event-viewport"]', (el) => el.scrollTo({ top: el.scrollHeight / 2 }));
    await page.waitForFunction(() =>
      [...document.querySelectorAll('.vt-row')].some(
        (r) => Number(r.getAttribute('data-index')) > 2_400_000 && r.querySelector('.vt-cell.num') && !r.classList.contains('vt-row-loading'),
      ),
    );
    const mid = await visible();
    expect(mid[0]).toBeGreaterThan(2_400_000);
    expect(mid[mid.length - 1]! - mid[0]!).toBeLessThan(80);

    // wheel scrolling moves on steadily from there, drawing every row
    const before = mid[0]!;
    for (let k = 0; k < 5; k++) await page.mouse.wheel(0, 300);
    await page.mouse.move(500, 500);
    for (let k = 0; k < 5; k++) await page.mouse.wheel(0, 300);
    await page.waitForTimeout(300);
    const after = await visible();
    expect(after[0]).toBeGreaterThan(before);
    expect(after[0]! - before).toBeLessThan(2_000);

    // the very last row, by the keyboard
    // (a row that is in view when clicked: the wheel's last steps may still be moving the rows)
    await expect
      .poll(
        async () => {
          const v = await visible();
          return page.click(`.vt-row[data-index="${v[Math.floor(v.length / 2)]}"]`, { timeout: 2_000 }).then(
            () => true,
            () => false,
          );
        },
        { timeout: 30_000, interval: 200 },
      )
      .toBe(true);
    await page.keyboard.press('End');
    await page.waitForSelector('.vt-row-selected[data-index="4999999"]');
    await page.waitForFunction(() => !document.querySelector('.vt-row[data-index="4999999"]')?.classList.contains('vt-row-loading'));
    expect(await rowText(4_999_999)).toContain('2026-06-30');
    await page.waitForSelector('[data-testid="event-detail"] [data-testid="event-json"]');
    await shot(page, '14-explorer-5-million');

    // and back to the first
    await page.keyboard.press('Home');
    await page.waitForSelector('.vt-row-selected[data-index="0"]');
    expect(await rowText(0)).toContain('2026-01-01');

    // never more than a few pages of 200 rows were asked for
    expect(service.queries.every((q) => q.limit <= 200)).toBe(true);
    const fetched = service.queries.reduce((n, q) => n + q.limit, 0);
    expect(fetched).toBeLessThan(20_000);
    expect(seen.foreign).toEqual([]);
    expect(seen.csp).toEqual([]);
    expect(seen.errors).toEqual([]);
    await page.close();
  });
});
