// Every workbook Tickmark exports opens in a real spreadsheet client: LibreOffice headless converts each sheet,
// and the cells that identify the sample and its evidence read back as the engine wrote them.
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateBundle, importBundle, pinKey, verifyWorkspace, Workspace } from '../../electron/engine/index';
import { definePopulation } from '../../electron/engine/population';
import { createSession, recordResult, sessionView, signOff } from '../../electron/engine/sessions';
import { exportWorkpaper } from '../../electron/engine/workpaper/index';
import { SAMPLE_HEADER_ROW, SHEET } from '../../electron/engine/workpaper/index';
import type { SessionView } from '../../shared/session';
import { libreOfficeVersion, sheetsViaLibreOffice, soffice } from '../helpers/libreoffice';

if (!soffice && process.env.CI) throw new Error('CI must install LibreOffice (libreoffice-calc-nogui): it is the real client these tests need');
if (!soffice) console.warn('SKIPPED: LibreOffice is not installed here (apt-get install -y libreoffice-calc-nogui); CI runs these tests');

const tmp = mkdtempSync(path.join(os.tmpdir(), 'tickmark-lo-wp-'));

describe.skipIf(!soffice)(`exported workpapers in LibreOffice (${libreOfficeVersion()})`, () => {
  const exported: { label: string; file: string; view: SessionView }[] = [];
  const converted = new Map<string, Map<string, string[][]>>();
  const sheetsOf = (file: string) => converted.get(file) ?? converted.set(file, sheetsViaLibreOffice(file)).get(file)!;

  beforeAll(async () => {
    const b = await generateBundle({ out: path.join(tmp, 'bundle'), events: 900, seed: 'libreoffice' });
    const ws = Workspace.open(path.join(tmp, 'lo.tickmark'), { create: true });
    try {
      pinKey(ws, b.vendorKey, 'obtained at kickoff', 'a.auditor');
      await importBundle(ws, b.dir, { actor: 'a.auditor' });
      await verifyWorkspace(ws, { silentIntervalMs: 7 * 24 * 3600 * 1000 });
      const pop = definePopulation(ws, 'PHI reads', { categories: ['phi_access'] }, 'a.auditor');
      const s = createSession(ws, {
        populationId: pop.id,
        name: 'CC6.1 "ePHI" access',
        attributes: [{ name: 'Purpose recorded' }, { name: 'User in care team' }],
        plan: { confidence: 0.95, tolerableRate: 0.05, expectedRate: 0 },
        selection: { method: 'stratified', period: 'month', allocation: 'at-least-one' },
        auditorValue: 'dice 6-2-4',
        actor: 'a.auditor',
      });
      const drawn = path.join(tmp, 'drawn.xlsx');
      exported.push({ label: 'as drawn', file: drawn, view: await exportWorkpaper(ws, s.id, drawn, 'a.auditor') });

      const view = sessionView(ws, s.id);
      view.items.forEach((item, i) => {
        for (const a of view.attributes) recordResult(ws, item.id, a.id, i === 1 && a === view.attributes[0] ? 'deviation' : 'pass', 'a.auditor');
      });
      signOff(ws, s.id, 'preparer', 'A. Auditor');
      const tested = path.join(tmp, 'tested.xlsx');
      exported.push({ label: 'tested and signed', file: tested, view: await exportWorkpaper(ws, s.id, tested, 'a.auditor') });
    } finally {
      ws.close();
    }
  });

  it('converts every sheet of every workbook', () => {
    expect(exported).toHaveLength(2);
    for (const { file } of exported) {
      const sheets = sheetsOf(file);
      expect([...sheets.keys()].sort()).toEqual(Object.values(SHEET).sort());
      for (const [name, rows] of sheets) expect(rows.length, `sheet ${name} of ${file}`).toBeGreaterThan(1);
    }
  });

  it('reads back the identity of the sample, its population and the activity log', () => {
    for (const { label, file, view } of exported) {
      const sheets = sheetsOf(file);
      const cells = (name: string) => sheets.get(name)!.flat();
      expect(cells(SHEET.cover), label).toContain(view.activityHead.hash);
      expect(cells(SHEET.population), label).toContain(view.population.digest);

      const sample = sheets.get(SHEET.sample)!;
      const header = sample[SAMPLE_HEADER_ROW - 1]!;
      const at = (h: string) => header.indexOf(h);
      expect(at('Seq')).toBeGreaterThanOrEqual(0);
      const rows = sample.slice(SAMPLE_HEADER_ROW, SAMPLE_HEADER_ROW + view.items.length);
      expect(rows).toHaveLength(view.items.length);
      for (const item of view.items) {
        const row = rows.find((r) => r[at('Position')] === String(item.position))!;
        expect(row, `${label}: item ${item.position}`).toBeDefined();
        expect(row[at('Seq')]).toBe(String(item.event.seq));
        expect(row[at('Stream')]).toBe(item.event.stream);
        expect(row[at('Actor id')]).toBe(item.event.actorId);
        for (const a of view.attributes) expect(row[at(a.name)]).toBe(item.results[a.id] ?? '');
      }
    }
  });
});
