// The Analytics screen in Chromium on the real engine (#16 item 3's proof): the planted sample engagement
// imported and verified, soc2-healthcare run from the screen, the rules listed with the engine's counts (the
// emergency changes apart, for information), an exception's verified event and roster row side by side,
// one exception dispositioned of each kind (the note or reason required where it must be, each disposition
// found in the workspace's activity log), then a rule's exception list made into a population with one
// action, which opens Sampling, where a sample is drawn from it.
import { afterAll, beforeAll, describe, expect } from 'vitest';
import Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import type { AnalyticsRunView } from '../../shared/analytics-view';
import type { Harness } from '../../electron/web/server';
import { HAS_CHROMIUM, flow, go, openApp, removeBuiltRenderer, shot, type AppSession } from '../helpers/e2e';

afterAll(removeBuiltRenderer);

describe.skipIf(!HAS_CHROMIUM)('Analytics in Chromium on the real engine', () => {
  let app: AppSession;
  let harness: Harness;
  let page: Page;
  let run: AnalyticsRunView;

  beforeAll(async () => {
    app = await openApp('analytics-e2e');
    ({ harness, page } = app);
  });
  afterAll(async () => {
    await app?.close();
  });

  /** Open a rule's exception list, then its `n`-th exception (0-based), and wait for its detail. */
  const openException = async (rule: string, n: number): Promise<string> => {
    await page.click(`[data-testid="rule-table"] tr[data-rule="${rule}"] button, [data-testid="info-rule-table"] tr[data-rule="${rule}"] button`);
    await page.waitForSelector(`#analytics-exceptions-title >> text=${rule}`);
    const row = page.locator('[data-testid="exception-table"] tbody tr').nth(n);
    const key = (await row.getAttribute('data-key'))!;
    await row.locator('button').click();
    await page.waitForSelector(`[data-testid="exception-detail"][data-key="${key}"]`);
    return key;
  };
  /** The dispose-exception entries of the workspace's activity log, read from the file itself. */
  const activity = async (): Promise<{ seq: number; actor: string; details: { key: string; kind: string; note: string } }[]> => {
    const file = (await app.service.call('engagement', undefined))!.workspace;
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      return (
        db.prepare("SELECT seq, actor, details FROM activity_log WHERE action = 'dispose-exception' ORDER BY seq").all() as {
          seq: number;
          actor: string;
          details: string;
        }[]
      ).map((r) => ({ ...r, details: JSON.parse(r.details) as { key: string; kind: string; note: string } }));
    } finally {
      db.close();
    }
  };

  const step = flow();

  step('the sample engagement is imported and verified', async () => {
    await page.goto(harness.url);
    await page.click('[data-testid="open-sample"]');
    await page.waitForSelector('[data-testid="screen-import"]');
    await page.click('[data-testid="start-import"]');
    await page.waitForSelector('[data-testid="import-done"]', { timeout: 90_000 });
  });

  step('Analytics: no run yet, then soc2-healthcare run from the screen, every rule with its count', async () => {
    await go(page, 'analytics');
    await page.waitForSelector('[data-testid="screen-analytics"] >> text=No rule pack has been run');
    expect(await page.locator('select[name="rule-pack"] option').allTextContents()).toEqual([expect.stringContaining('soc2-healthcare')]);
    await page.click('[data-testid="run-pack"]');
    await page.waitForSelector('[data-testid="run-info"]');
    run = (await app.service.call('analyticsRun', {}))!;
    expect(await page.getAttribute('[data-testid="run-info"]', 'data-run')).toBe(String(run.run.runId));
    const shown = await page.$$eval('[data-testid="rule-table"] tbody tr, [data-testid="info-rule-table"] tbody tr', (rows) =>
      rows.map((r) => [r.getAttribute('data-rule'), Number(r.getAttribute('data-count'))]),
    );
    expect(shown).toEqual([
      ...run.rules.filter((r) => r.severity === 'exception').map((r) => [r.rule, r.count]),
      ...run.rules.filter((r) => r.severity === 'info').map((r) => [r.rule, r.count]),
    ]);
    // the emergency changes are listed for information, apart from the exceptions
    expect(await page.locator('[data-testid="info-rule-table"] tr[data-rule="cc8.1-emergency-change"]').count()).toBe(1);
    expect(await page.locator('[data-testid="rule-table"] tr[data-rule="cc8.1-emergency-change"]').count()).toBe(0);
    expect(run.rules.filter((r) => r.severity === 'exception').every((r) => r.count > 0)).toBe(true);
    await shot(page, 'analytics-run');
  });

  step("an exception's verified event and roster row are shown side by side", async () => {
    await openException('cc6.3-access-after-termination', 0);
    const event = page.locator('[data-testid="exception-detail"] [data-testid="ref-event"]');
    const row = page.locator('[data-testid="exception-detail"] [data-testid="ref-evidence"]');
    await event.waitFor();
    await row.waitFor();
    expect(await event.locator('[data-verdict="verified"]').count()).toBe(1);
    expect(await event.locator('[data-testid^="ref-raw-"]').textContent()).toContain('"seq"');
    expect(await row.textContent()).toContain('evidence/hr-roster.csv');
    const cells = await row.locator('[data-testid="evidence-cells"] th[scope="row"]').allTextContents();
    expect(cells).toEqual(expect.arrayContaining([expect.stringContaining('Employee ID'), expect.stringContaining('Termination Date')]));
    // side by side: the two records share a row of the layout
    const [a, b] = [(await event.boundingBox())!, (await row.boundingBox())!];
    expect(Math.abs(a.y - b.y)).toBeLessThan(2);
    expect(b.x).toBeGreaterThan(a.x + a.width - 1);
    await shot(page, 'analytics-exception');
  });

  step('one exception of each disposition, the note or reason required, each in the activity log', async () => {
    const detail = page.locator('[data-testid="exception-detail"]');
    const save = page.locator('[data-testid="save-disposition"]');
    const kinds: [rule: string, kind: string, note: string][] = [
      ['cc6.3-access-after-termination', 'confirmed_deviation', ''],
      ['cc6.2-privileged-without-mfa', 'explained', 'Break-glass login under incident INC-4411, approved by the CISO'],
      ['cc8.1-self-approved-change', 'false_positive', 'Second approval recorded in the ticket; the export dropped the approver column'],
    ];
    const keys: string[] = [];
    for (const [rule, kind, note] of kinds) {
      const key = await openException(rule, 0);
      keys.push(key);
      await detail.locator(`input[name="disposition"][value="${kind}"]`).check({ force: true });
      if (kind !== 'confirmed_deviation') {
        // a note (reason) is required: the button stays off until there is one
        expect(await save.isDisabled()).toBe(true);
        await detail.locator('textarea[name="disposition-note"]').fill(note);
      }
      expect(await save.isEnabled()).toBe(true);
      await save.click();
      await page.waitForSelector(`[data-testid="exception-table"] tr[data-key="${key}"] [data-disposition="${kind}"]`);
      await page.waitForSelector(`[data-testid="disposition-history"] >> text=activity log entry`);
      expect(await detail.locator('[data-testid="disposition-by"]').textContent()).toContain('by analytics-e2e');
    }
    const logged = await activity();
    expect(logged.map((e) => [e.details.key, e.details.kind, e.details.note, e.actor])).toEqual(
      kinds.map(([, kind, note], i) => [keys[i], kind, note, 'analytics-e2e']),
    );
    // the UI names the entry that recorded the last one
    expect(await page.locator('[data-testid="disposition-history"] li').last().textContent()).toContain(`activity log entry #${logged.at(-1)!.seq}`);
    // and the rule's tally moved
    expect(await page.locator('[data-testid="rule-table"] tr[data-rule="cc8.1-self-approved-change"] td').last().textContent()).toMatch(/^1 \//);
    await shot(page, 'analytics-dispositions');
  });

  step("a rule's exception list becomes a population with one action, and a sample is drawn from it", async () => {
    const rule = 'cc6.2-privileged-without-mfa';
    await openException(rule, 0);
    const exceptions = (await app.service.call('analyticsExceptions', { runId: run.run.runId, rule, offset: 0, limit: 5000 })).rows;
    const events = new Set(exceptions.flatMap((x) => x.refs.flatMap((r) => ('stream' in r ? [`${r.stream} ${r.seq}`] : []))));
    const name = `${rule} exceptions, run #${run.run.runId}`;
    expect(await page.inputValue('input[name="exception-population-name"]')).toBe(name);
    await page.click('[data-testid="make-population"]');
    // the Sampling screen opens with the new population chosen
    await page.waitForSelector('[data-testid="screen-sampling"]');
    await page.waitForSelector(`[data-testid="population-table"] >> text=${name}`);
    const chosen = await page.$eval('select[name="population"]', (s) => (s as HTMLSelectElement).selectedOptions[0]?.textContent ?? '');
    expect(chosen).toContain(name);
    const populations = await app.service.call('populations', undefined);
    const pop = populations.find((p) => p.name === name)!;
    expect(pop.size).toBe(events.size);
    expect(await page.inputValue('input[name="control-id"]')).toBe('CC6.2');
    await page.fill('input[name="control-description"]', 'MFA for all privileged access');
    await page.locator('input[name="selection"][value="all"]').check({ force: true });
    await page.fill('input[name="auditor-value"]', '2026-07-15 JD');
    await page.click('[data-testid="draw-sample"]');
    await page.waitForSelector('[data-testid="screen-session"]');
    const sessions = await app.service.call('sessions', undefined);
    const session = await app.service.call('session', { sessionId: sessions.at(-1)!.id });
    expect(session.population.id).toBe(pop.id);
    expect(new Set(session.items.map((i) => `${i.event.stream} ${i.event.seq}`))).toEqual(events);
    expect(app.seen.errors).toEqual([]);
    await shot(page, 'analytics-sample');
  });
});
