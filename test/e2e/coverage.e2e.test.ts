// The coverage matrix on the Integrity screen and the integrity grade on the Sampling screen (#15), in
// Debian's Chromium on the real engine: a workspace with planted silent days (test/helpers/coverage-fixture.ts)
// opened by path; the FHIR export's strip marks exactly the planted days and names them in text; axe finds
// nothing; the populations and the session name the grade of their sources. Screenshots go to
// test-results/coverage/ (a folder of its own: app.e2e.test.ts empties test-results/screens/ when it starts).
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { Workspace } from '../../electron/engine/index';
import { definePopulation } from '../../electron/engine/population';
import { createSession } from '../../electron/engine/sessions';
import { HAS_CHROMIUM, flow, go, openApp, removeBuiltRenderer, type AppSession } from '../helpers/e2e';
import { PLANTED_SILENT_DAYS, coverageWorkspace } from '../helpers/coverage-fixture';

const SHOTS = path.join(fileURLToPath(new URL('../..', import.meta.url)), 'test-results', 'coverage');

afterAll(removeBuiltRenderer);

describe.skipIf(!HAS_CHROMIUM)('coverage matrix and integrity grades in Chromium', () => {
  let app: AppSession;
  let page: Page;
  let workspace: string;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    app = await openApp('coverage');
    page = app.page;
    ({ workspace } = await coverageWorkspace(app.tmp, { pin: true }));
    // a population of each source, and a sample from the bundle's (drawing from custody-only evidence is refused)
    const ws = Workspace.open(workspace);
    try {
      definePopulation(ws, 'ePHI access (FHIR export)', { streams: ['fhir-audit'] }, 'test');
      const signIns = definePopulation(ws, 'Sign-ins (bundle)', { streams: ['auth'] }, 'test');
      createSession(ws, {
        populationId: signIns.id,
        name: 'CC6.1 sign-ins',
        attributes: [{ name: 'MFA present' }],
        plan: { confidence: 0.9, tolerableRate: 0.1 },
        selection: { method: 'simple-random' },
        auditorValue: 'coverage e2e',
        actor: 'test',
      });
    } finally {
      ws.close();
    }
  });

  afterAll(async () => {
    await app?.close();
  });

  const step = flow();

  step('Integrity: the coverage matrix marks exactly the planted silent days, and names them', async () => {
    await page.goto(app.harness.url);
    await page.fill('input[name="workspace"]', workspace);
    await page.locator('#open-engagement form button[type="submit"]').click();
    await page.waitForSelector('[data-testid="screen-integrity"] [data-testid="coverage-matrix"]');
    const fhir = page.locator('[data-testid="coverage-source"][data-stream="fhir-audit"]');
    await fhir.waitFor();
    expect(await fhir.locator('[data-testid="coverage-strip"]').getAttribute('data-cells')).toBe('day');
    expect(await fhir.locator('rect.cov-cell').count()).toBe(31);
    const marked = await fhir.locator('rect.cov-cell[data-silent="true"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-day')));
    expect(marked).toEqual(PLANTED_SILENT_DAYS);
    expect(await fhir.locator('rect.cov-silent').count()).toBe(PLANTED_SILENT_DAYS.length);
    // the 4th holds its three records and the one written on the 5th at +02:00
    expect(await fhir.locator('rect.cov-cell[data-day="2026-01-04"]').getAttribute('data-count')).toBe('4');
    expect(await fhir.getByTestId('coverage-silent-days').textContent()).toBe('Silent days (4): 2026-01-05 – 2026-01-07 (3 days), 2026-01-20.');
    expect(await fhir.locator('[data-grade="custody-only"]').textContent()).toBe('custody only');
    expect(await fhir.getByTestId('coverage-retention').textContent()).toMatch(/SHORT of the retention required \(HIPAA/);
    // a bundle stream is a source of its own, graded producer-signed
    const auth = page.locator('[data-testid="coverage-source"][data-stream="auth"]');
    expect(await auth.locator('[data-grade="producer-signed"]').count()).toBe(1);
    await fhir.scrollIntoViewIfNeeded();
    await page.waitForTimeout(150);
    await page.screenshot({ path: path.join(SHOTS, 'coverage-matrix.png'), fullPage: true });
    await page.evaluate(() => document.fonts.ready);
    const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  });

  step('Sampling: each population and the session name the integrity grade of their sources', async () => {
    await go(page, 'sampling');
    await page.waitForSelector('[data-testid="population-table"]');
    const fhirRow = page.locator('[data-testid="population-table"] tr', { hasText: 'ePHI access (FHIR export)' });
    expect(await fhirRow.locator('[data-testid="source-grade"]').getAttribute('data-grade')).toBe('custody-only');
    expect(await fhirRow.getByTestId('source-grades').textContent()).toBe('Source: audit-events.ndjson (bundle #1) custody only');
    const bundleRow = page.locator('[data-testid="population-table"] tr', { hasText: 'Sign-ins (bundle)' });
    expect(await bundleRow.locator('[data-testid="source-grade"]').getAttribute('data-grade')).toBe('producer-signed');
    await page.screenshot({ path: path.join(SHOTS, 'populations-grade.png'), fullPage: true });
    await page.getByRole('button', { name: 'CC6.1 sign-ins' }).click();
    await page.waitForSelector('[data-testid="screen-session"]');
    expect(await page.locator('.wb-head [data-testid="source-grade"]').getAttribute('data-grade')).toBe('producer-signed');
    expect(await page.locator('[data-testid="custody-only-notice"]').count()).toBe(0);
    const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  });
});
