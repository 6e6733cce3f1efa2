// Accessibility of every screen: axe-core (WCAG 2.1 A and AA: tags wcag2a, wcag2aa, wcag21a, wcag21aa) run in
// Debian's Chromium on the renderer over the real engine (the loopback harness), on each of the seven screens
// with its main content loaded and in the states an auditor reaches: a selected row, findings of every
// severity, a record opened from a finding, a drawn sample, each kind of evidence preview, a filed workpaper.
// One test per screen flow, in the order of the work, so a violation names its screen; any violation fails
// that screen's test, printed with its rule, the element's selector and, for contrast, the colours.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { NodeResult, Result } from 'axe-core';
import type { Page } from 'playwright-core';
import { generateBundle } from '../../electron/engine/index';
import { type Harness } from '../../electron/web/server';
import { SCREENS, type Screen } from '../../renderer/src/stores/nav';
import { HAS_CHROMIUM, flow, go as goTo, openApp, removeBuiltRenderer, type AppSession } from '../helpers/e2e';

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** What axe found on one state of one screen. */
interface StateResult {
  screen: Screen;
  state: string;
  violations: Result[];
}

/** The colours and ratio axe measured for a contrast failure, in words a developer can act on. */
function contrastDetail(node: NodeResult): string {
  const check = [...node.any, ...node.all, ...node.none].find((c) => c.id === 'color-contrast');
  const d = check?.data as
    | { fgColor?: string; bgColor?: string; contrastRatio?: number; expectedContrastRatio?: string; fontSize?: string; fontWeight?: string }
    | undefined;
  if (!d?.fgColor) return check?.message ?? '';
  return `fg ${d.fgColor} on bg ${d.bgColor}: ${d.contrastRatio} < ${d.expectedContrastRatio} (${d.fontSize} ${d.fontWeight})`;
}

/** One line per offending element: screen/state, rule, selector, colours or axe's own summary. */
function describeViolations(results: readonly StateResult[]): string[] {
  const lines: string[] = [];
  for (const r of results)
    for (const v of r.violations)
      for (const n of v.nodes) {
        const detail = v.id === 'color-contrast' ? contrastDetail(n) : (n.failureSummary?.replace(/\s+/g, ' ') ?? v.help);
        lines.push(`${r.screen} / ${r.state}: ${v.id} at ${n.target.join(' ')} — ${detail}`);
      }
  return lines;
}

async function audit(page: Page): Promise<Result[]> {
  // the page settles (fonts, late rows) before it is measured
  await page.evaluate(() => document.fonts.ready);
  const r = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  return r.violations;
}
afterAll(removeBuiltRenderer);

describe.skipIf(!HAS_CHROMIUM)('accessibility of every screen (axe-core, WCAG 2.1 A/AA)', () => {
  let app: AppSession;
  let tmp: string;
  let harness: Harness;
  let page: Page;
  let tampered: Awaited<ReturnType<typeof generateBundle>>;

  beforeAll(async () => {
    app = await openApp('a11y');
    ({ tmp, harness, page } = app);
    // Findings of every severity: an edited record (error), a logging outage (warning), checkpoints by an unpinned key.
    tampered = await generateBundle({
      out: path.join(tmp, 'tampered'),
      events: 3000,
      seed: 'tampered-a11y',
      tamper: 'edit',
      tamperAt: 300,
      outage: { stream: 'auth', from: 0.42, to: 0.5 },
    });
  });

  afterAll(async () => {
    await app?.close();
  });

  const results: StateResult[] = [];
  const check = async (screen: Screen, state: string): Promise<void> => {
    results.push({ screen, state, violations: await audit(page) });
  };
  const go = (screen: Screen): Promise<void> => goTo(page, screen);
  // Each screen's flow is a step on from the one before; the states it audits must show no violation (a
  // screen with violations fails its own test and the audit goes on to the next).
  const step = flow();
  const screen = (name: string, fn: () => Promise<void>, timeout?: number): void =>
    step(
      name,
      async () => {
        const from = results.length;
        await fn();
        return () => {
          const found = describeViolations(results.slice(from));
          if (found.length > 0) console.error(`[a11y] ${found.length} violations:\n${found.join('\n')}`);
          expect(found).toEqual([]);
        };
      },
      timeout,
    );

  screen('Engagements: no engagement open', async () => {
    await page.goto(harness.url);
    await page.waitForSelector('[data-testid="open-sample"]');
    await check('engagements', 'no engagement open');
  });
  screen('Import: the sample bundle chosen, then imported and verified', async () => {
    await page.click('[data-testid="open-sample"]');
    await page.waitForSelector('[data-testid="screen-import"]');
    await check('import', 'the sample bundle chosen');
    await page.click('[data-testid="start-import"]');
    await page.waitForSelector('[data-testid="import-done"]', { timeout: 60_000 });
    await check('import', 'import done, verified');
  });
  screen('Integrity: the verified report', async () => {
    await page.click('[data-testid="review-integrity"]');
    await page.waitForSelector('[data-testid="report-summary"] [data-verdict="verified"]');
    await page.waitForSelector('[data-testid="timeline"]');
    await check('integrity', 'verified report');
  });
  screen('Explorer: all events, then a selected row and its detail', async () => {
    await go('explorer');
    const all = app.sampleEvents.toLocaleString('en-US');
    await page.waitForFunction((n) => document.querySelector('[data-testid="explorer-total"]')?.textContent?.includes(n), all);
    await page.waitForSelector('.vt-row[data-index="0"] .vt-cell');
    await check('explorer', 'all events');
    await page.click('.vt-row[data-index="0"]');
    await page.keyboard.press('ArrowDown');
    await page.waitForSelector('.vt-row-selected[data-index="1"]');
    await page.waitForSelector('[data-testid="event-json"]');
    await check('explorer', 'a selected row and its detail');
  });
  screen('Sampling: a new population, a planned session, a drawn sample, items passed, deviated and n/a', async () => {
    await page.click('[data-testid="to-population"]');
    await page.waitForSelector('[data-testid="screen-sampling"]');
    await check('sampling', 'new population form');
    await page.fill('input[name="population-name"]', 'All events H1 2026');
    await page.click('[data-testid="define-population"] button[type="submit"]');
    await page.waitForSelector('[data-testid="population-table"] >> text=All events H1 2026');
    const popValue = await page.locator('select[name="population"] option', { hasText: 'All events H1 2026' }).getAttribute('value');
    await page.selectOption('select[name="population"]', popValue!);
    await page.fill('input[name="session-name"]', 'CC6.1 access');
    await page.fill('input[name="control-id"]', 'CC6.1');
    await page.fill('input[name="control-description"]', 'Access is authorized');
    await page.fill('input[name="tolerable"]', '10');
    await page.waitForSelector('[data-testid="plan-size"]');
    await page.fill('input[name="auditor-value"]', '2026-07-15 JD');
    await check('sampling', 'a planned session');
    await page.click('[data-testid="draw-sample"]');
    await page.waitForSelector('[data-testid="screen-session"]');
    await check('sampling', 'a drawn sample, untested');
    // a pass, a deviation and an n/a on the first items, then a tickmark
    await page.locator('[data-testid="item-list"]').focus();
    for (const keys of [
      ['p', 'p'],
      ['d', 'p'],
      ['n', 'n'],
    ]) {
      for (const k of keys) await page.keyboard.press(k);
      await page.keyboard.press('j');
    }
    await page.waitForSelector('.app-status >> text=All changes saved');
    await check('sampling', 'items passed, deviated and n/a');
  });
  screen('Evidence: the table and each kind of preview', async () => {
    await go('evidence');
    await page.waitForSelector('[data-testid="evidence-table"]');
    await check('evidence', 'the evidence table');
    await page.locator('[data-testid="evidence-table"] button', { hasText: '.csv' }).first().click();
    await page.waitForSelector('[data-testid="csv-preview"] tbody tr');
    await check('evidence', 'a CSV preview');
    await page.locator('[data-testid="evidence-table"] button', { hasText: '.png' }).first().click();
    await page.waitForFunction(() => ((document.querySelector('img.image-preview') as HTMLImageElement | null)?.naturalWidth ?? 0) > 0);
    await check('evidence', 'an image preview');
    await page.locator('[data-testid="evidence-table"] button', { hasText: '.md' }).first().click();
    await page.waitForSelector('pre.text-preview');
    await check('evidence', 'a text preview');
  });
  screen('Export: the sessions to export, then a workpaper saved', async () => {
    await go('export');
    await page.waitForSelector('[data-testid^="export-workpaper-"]');
    await check('export', 'sessions to export');
    await page.locator('[data-testid^="export-workpaper-"]').first().click();
    await page.waitForSelector('[data-testid="saved-path"]');
    await check('export', 'a workpaper saved');
  });
  screen('Engagements: an engagement open, then a new one for a tampered bundle, its key not pinned', async () => {
    await go('engagements');
    await page.waitForSelector('#current-engagement');
    await check('engagements', 'an engagement open');

    // ---- a tampered bundle, its key not pinned: findings of every severity, a record opened from one ----
    const form = page.locator('#new-engagement');
    await form.getByLabel('Workspace file to create').fill(path.join(tmp, 'tampered.tickmark'));
    await form.getByLabel('Engagement name').fill('Northwind Health — tampered export');
    await form.getByLabel('Client').fill('Northwind Health');
    await form.getByLabel('System').fill('Northwind EHR');
    await form.getByLabel('Audit window from (UTC)').fill('2026-01-01');
    await form.getByLabel('to (UTC, inclusive)').fill('2026-06-30');
    await form.getByRole('button', { name: 'Create engagement' }).click();
    await page.waitForSelector('[data-testid="screen-import"]');
  });
  screen('Import: the tampered bundle imported, failed', async () => {
    await page.fill('input[name="bundle"]', tampered.dir);
    await page.click('[data-testid="start-import"]');
    await page.waitForSelector('[data-testid="import-done"]', { timeout: 60_000 });
    await check('import', 'import done, failed');
  });
  screen('Integrity: a failed report with findings of every severity, and a broken record opened from its finding', async () => {
    await page.click('[data-testid="review-integrity"]');
    await page.waitForSelector('[data-testid="report-summary"] [data-verdict="failed"]');
    await page.waitForSelector('[data-testid="timeline"] .tl-silent');
    const severities = await page.$$eval('.sev', (els) => [...new Set(els.map((e) => e.className))].sort());
    expect(severities).toEqual(expect.arrayContaining(['sev sev-error', 'sev sev-warning']));
    await check('integrity', 'failed report with findings');
    await page.click('[data-testid="stream"][data-stream="phi-access"] [data-testid="finding"][data-code="content-altered"]');
    await page.waitForSelector('[data-testid="record-inspector"] [data-testid="expected-hash"]');
    await page.waitForSelector('[data-testid="inclusion-proof"]');
    await check('integrity', 'a broken record opened from its finding');
  });

  it('every screen was audited, and nothing was found', () => {
    expect(new Set(results.map((r) => r.screen))).toEqual(new Set(SCREENS.map((s) => s.id)));
    const found = describeViolations(results);
    if (found.length > 0) console.error(`[a11y] ${found.length} violations:\n${found.join('\n')}`);
    expect(found).toEqual([]);
  });

  it('reports a contrast failure with its selector and colours (the audit can fail)', { timeout: 60_000 }, async () => {
    await page.evaluate(() => {
      const p = document.createElement('p');
      p.id = 'a11y-probe';
      p.textContent = 'Pale text on white';
      p.style.color = '#b0b0b0';
      p.style.background = '#ffffff';
      document.querySelector('main')!.prepend(p);
    });
    const found = describeViolations([{ screen: 'engagements', state: 'probe', violations: await audit(page) }]);
    expect(found.find((l) => l.includes('#a11y-probe'))).toMatch(/color-contrast at #a11y-probe — fg #b0b0b0 on bg #ffffff: 2\.\d+ < 4\.5:1/);
    await page.evaluate(() => document.getElementById('a11y-probe')?.remove());
  });
});
