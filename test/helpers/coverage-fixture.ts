// A workspace with planted silent days, for the coverage tests (CLI and browser): a FHIR AuditEvent export
// (written by the generator of test/helpers/fhir-audit-events.ts, with its `recorded` times set here) that has
// three records on every day of January 2026 but the planted ones, one record just outside each end of the
// window, one written 2026-01-05T01:00+02:00 (2026-01-04 in UTC, so the 5th stays silent), and two records
// repeating the first one's resource id; beside it a generated Tickmark bundle, its key pinned, all verified.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Workspace, generateBundle, importBundle, pinKey, verifyWorkspace } from '../../electron/engine/index';
import { importCustody } from '../../electron/engine/sources/custody/import';
import { custodyKind } from '../../electron/engine/sources/custody/registry';
import { generateAuditEvents, seeded } from './fhir-audit-events';

export const COVERAGE_WINDOW = { start: '2026-01-01T00:00:00Z', end: '2026-01-31T23:59:59Z' };
/** the days of January with no record: a three-day outage and a single day */
export const PLANTED_SILENT_DAYS = ['2026-01-05', '2026-01-06', '2026-01-07', '2026-01-20'];
export const FHIR_FILE_NAME = 'audit-events.ndjson';

/** The recorded times of the export, in file order. */
export function plantedRecordedTimes(): string[] {
  const out: string[] = ['2025-12-31T23:59:59Z', '2026-02-01T00:00:00Z', '2026-01-05T01:00:00+02:00'];
  for (let d = 1; d <= 31; d++) {
    const day = `2026-01-${String(d).padStart(2, '0')}`;
    if (PLANTED_SILENT_DAYS.includes(day)) continue;
    out.push(`${day}T00:00:00Z`, `${day}T12:30:00.250Z`, `${day}T23:59:59.999Z`);
  }
  return out;
}

export interface CoverageFixture {
  workspace: string;
  fhirFile: string;
  bundleDir: string;
  vendorKey: string;
}

/** Write the export and the bundle under `dir` and import both into a new workspace (HIPAA, January 2026). */
export async function coverageWorkspace(dir: string, o: { pin?: boolean } = {}): Promise<CoverageFixture> {
  const times = plantedRecordedTimes();
  const events = generateAuditEvents(seeded(15), times.length);
  events.forEach((e, i) => {
    e.resource['recorded'] = times[i]!;
  });
  events[10]!.resource['id'] = events[0]!.resource['id'];
  events[20]!.resource['id'] = events[0]!.resource['id'];
  const fhirFile = path.join(dir, FHIR_FILE_NAME);
  writeFileSync(fhirFile, `${events.map((e) => JSON.stringify(e.resource)).join('\n')}\n`);
  const g = await generateBundle({ out: path.join(dir, 'bundle'), events: 400, seed: 'coverage' });
  const workspace = path.join(dir, 'coverage.tickmark');
  const ws = Workspace.open(workspace, { create: true });
  try {
    ws.setEngagement({
      name: 'Coverage',
      client: 'Northwind Health',
      system: 'EHR',
      framework: 'HIPAA',
      windowStart: COVERAGE_WINDOW.start,
      windowEnd: COVERAGE_WINDOW.end,
    });
    if (o.pin) pinKey(ws, g.vendorKey, 'vendor', 'test');
    importCustody(ws, custodyKind('fhir-audit-event')!, [fhirFile], { actor: 'test' });
    await importBundle(ws, g.dir, { actor: 'test' });
    await verifyWorkspace(ws);
  } finally {
    ws.close();
  }
  return { workspace, fhirFile, bundleDir: g.dir, vendorKey: g.vendorKey };
}
