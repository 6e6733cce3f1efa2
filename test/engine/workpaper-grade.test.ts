// The workpaper's cover names the integrity grade of each source its population draws from (#15), and a
// sample drawn from custody-only evidence says so at the top of the cover. The producer-signed case is a real
// session (a generated bundle, imported and verified); the custody-only one is that session's view with its
// source read as a FHIR AuditEvent import, since drawing from custody-only evidence is still refused
// (sessions.ts: there is no chain head for the seed).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { SHEET, readWorkpaperResults, writeWorkpaper } from '../../electron/engine/workpaper';
import { exportWorkpaper } from '../../electron/engine/workpaper/index';
import type { SessionView } from '../../shared/session';
import { realSession, type RealSession } from '../helpers/workpaper-session';

let s: RealSession;
beforeAll(async () => {
  s = await realSession();
});
afterAll(() => {
  s?.ws.close();
  if (s) rmSync(s.dir, { recursive: true, force: true });
});

/** Column B of the cover row whose column A is `label`, or null. */
async function coverCell(file: string, label: string): Promise<string | null> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const cover = wb.getWorksheet(SHEET.cover)!;
  let found: string | null = null;
  cover.eachRow((row) => {
    if (found === null && row.getCell(1).text === label) found = row.getCell(2).text;
  });
  return found;
}

describe('integrity grade on the workpaper cover', () => {
  it('names a Tickmark bundle producer-signed, and says nothing of custody', async () => {
    const file = path.join(s.dir, 'signed.xlsx');
    await exportWorkpaper(s.ws, s.sessionId, file, 'test');
    expect(await coverCell(file, 'Source integrity grade')).toMatch(/^.+ \(bundle #1\): producer-signed \(Tickmark bundle \(tickmark-bundle\/1\)\)$/);
    expect(await coverCell(file, 'Custody-only evidence')).toBeNull();
    // the rows added above the identity block leave the workbook importable
    await expect(readWorkpaperResults(file, s.view())).resolves.toBeDefined();
  });

  it('says on the cover that a sample from a custody-only population is one', async () => {
    const v = s.view();
    const custody: SessionView = {
      ...v,
      population: {
        ...v.population,
        sources: v.population.sources.map((x) => ({
          ...x,
          kind: 'fhir-audit-event',
          grade: 'custody-only',
          label: 'audit-events.ndjson (bundle #1)',
        })),
      },
    };
    const file = path.join(s.dir, 'custody.xlsx');
    await writeWorkpaper(custody, file);
    expect(await coverCell(file, 'Custody-only evidence')).toMatch(
      /^This sample is drawn from a custody-only population \(audit-events\.ndjson \(bundle #1\)\): the producer gave no integrity to verify\./,
    );
    expect(await coverCell(file, 'Source integrity grade')).toBe(
      'audit-events.ndjson (bundle #1): custody only (HL7 FHIR AuditEvent export (R4/R5, NDJSON or Bundle))',
    );
  });
});
