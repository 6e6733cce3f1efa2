// A population records the verification it was drawn under (#11 item 3): the workspace's latest run and
// its verdict when the population was defined, shown with it and on the workpaper's Cover.
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { generateBundle, importBundle, pinKey, verifyWorkspace, Workspace } from '../../electron/engine/index';
import { definePopulation, findPopulation } from '../../electron/engine/population';
import { createSession } from '../../electron/engine/sessions';
import { exportWorkpaper } from '../../electron/engine/workpaper/index';
import { activityEntries } from '../../electron/engine/activity';
import { drawnUnderText } from '../../shared/session';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'tickmark-population-run-'));
const WEEK = 7 * 24 * 3600 * 1000;
let bundle: Awaited<ReturnType<typeof generateBundle>>;

beforeAll(async () => {
  bundle = await generateBundle({ out: path.join(tmp, 'bundle'), events: 600, seed: 'population-run' });
});

/** The Cover's value beside `label`. */
async function coverValue(file: string, label: string): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const cover = wb.getWorksheet('Cover')!;
  let found: string | null = null;
  cover.eachRow((row) => {
    if (row.getCell(1).value === label) found = String(row.getCell(2).value);
  });
  expect(found, `a "${label}" row on the Cover`).not.toBeNull();
  return found!;
}

describe('the verification a population is drawn under', () => {
  it('none, then the verified run, then the failed one; each population keeps its own; the Cover says it', async () => {
    const file = path.join(tmp, 'ws.tickmark');
    const ws = Workspace.open(file, { create: true });
    pinKey(ws, bundle.vendorKey);
    await importBundle(ws, bundle.dir);

    // before any verification: said plainly
    const before = definePopulation(ws, 'before verification', { streams: ['auth'] });
    expect(before.drawnUnder).toEqual({ runId: null, verdict: 'not-verified', finishedAt: null });
    expect(drawnUnderText(before.drawnUnder)).toMatch(/^Drawn under no verification: the workspace had never been verified/);

    const [ok] = await verifyWorkspace(ws, { silentIntervalMs: WEEK });
    expect(ok!.report.verdict).toBe('verified');
    const after = definePopulation(ws, 'after verification', { streams: ['auth'] });
    expect(after.drawnUnder).toEqual({ runId: ok!.runId, verdict: 'verified', finishedAt: ok!.report.finishedAt });
    expect(drawnUnderText(after.drawnUnder)).toBe(`Drawn under verification run #${ok!.runId}, VERIFIED, ${ok!.report.finishedAt}`);
    // the hash-chained activity log keeps it too
    const logged = activityEntries(ws)
      .filter((e) => e.action === 'define-population')
      .map((e) => e.details);
    expect(logged.map((d) => [d.verification_run, d.verification_verdict])).toEqual([
      [null, 'not-verified'],
      [ok!.runId, 'verified'],
    ]);

    // a column edited in the file: the next verification fails, and a population drawn now says so
    ws.close();
    const db = new Database(file);
    db.prepare("UPDATE events SET category = 'admin' WHERE id = (SELECT MIN(id) FROM events)").run();
    db.close();
    const ws2 = Workspace.open(file);
    const [bad] = await verifyWorkspace(ws2, { silentIntervalMs: WEEK });
    expect(bad!.report.verdict).toBe('failed');
    const tainted = definePopulation(ws2, 'after the failed verification', { streams: ['auth'] });
    expect(tainted.drawnUnder).toEqual({ runId: bad!.runId, verdict: 'failed', finishedAt: bad!.report.finishedAt });
    expect(drawnUnderText(tainted.drawnUnder)).toMatch(
      new RegExp(`^Drawn under verification run #${bad!.runId}, FAILED, .*: the workspace had FAILED verification when this population was defined`),
    );

    // frozen with the population: later runs do not change what the earlier ones were drawn under
    expect(findPopulation(ws2, 'before verification').drawnUnder).toEqual(before.drawnUnder);
    expect(findPopulation(ws2, 'after verification').drawnUnder).toEqual(after.drawnUnder);

    // the workpaper's Cover
    const session = createSession(ws2, {
      populationId: after.id,
      name: 'CC6.1 sign-ins',
      control: { id: 'CC6.1', description: 'd', objective: 'o' },
      attributes: [{ name: 'MFA used' }],
      plan: { confidence: 0.9, tolerableRate: 0.1, expectedRate: 0 },
      selection: { method: 'simple-random' },
      auditorValue: 'dice 3-3-1',
    });
    const xlsx = path.join(tmp, 'wp.xlsx');
    await exportWorkpaper(ws2, session.id, xlsx);
    expect(await coverValue(xlsx, 'Population drawn under')).toBe(`Drawn under verification run #${ok!.runId}, VERIFIED, ${ok!.report.finishedAt}`);
    ws2.close();
  });

  it('a population defined before Tickmark recorded it says so', async () => {
    const file = path.join(tmp, 'old.tickmark');
    const ws = Workspace.open(file, { create: true });
    await importBundle(ws, bundle.dir);
    const p = definePopulation(ws, 'old', {});
    ws.db
      .prepare('UPDATE populations SET verification_run_id = NULL, verification_verdict = NULL, verification_finished_at = NULL WHERE id = ?')
      .run(p.id);
    const old = findPopulation(ws, p.id);
    expect(old.drawnUnder).toBeNull();
    expect(drawnUnderText(old.drawnUnder)).toMatch(/^Not recorded: the population was defined before Tickmark recorded/);
    ws.close();
  });
});
