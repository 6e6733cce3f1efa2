import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { applyOverride, planAttributeSample } from '../../shared/sampling/plan';
import { evaluateAttributeSample } from '../../shared/sampling/evaluate';
import { DEFAULT_LEGEND, type AttributeEvaluation, type AttributeResult, type SampleItem, type SessionView } from '../../shared/session';
import {
  INTEGRITY_BANNER_PREFIX,
  SAMPLE_HEADER_ROW,
  SHEET,
  WorkpaperError,
  readWorkpaperResults,
  rowFingerprint,
  writeWorkpaper,
} from '../../electron/engine/workpaper/index';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'tickmark-workpaper-'));
let n = 0;
const tmpFile = (name: string) => path.join(tmp, `${++n}-${name}.xlsx`);
const sha = (s: string) => createHash('sha256').update(s).digest('hex');

const ATTR = { purpose: 11, team: 12, mfa: 13 } as const;
const EXPORTED_AT = new Date('2026-02-10T09:15:00.000Z');
const HEAD_AUTH = 'a'.repeat(63) + '1';
const HEAD_PHI = 'b'.repeat(63) + '2';

function evaluationOf(view: Pick<SessionView, 'attributes' | 'items' | 'plan' | 'population'>): AttributeEvaluation[] {
  return view.attributes.map((a) => {
    let deviations = 0;
    let na = 0;
    let untested = 0;
    for (const it of view.items) {
      const r = it.results[a.id];
      if (r === 'deviation') deviations++;
      else if (r === 'na') na++;
      else if (r === undefined) untested++;
    }
    const tested = view.items.length - na - untested;
    const evaluation =
      untested > 0 || tested === 0
        ? null
        : evaluateAttributeSample({
            sampleSize: tested,
            deviations,
            confidence: view.plan.confidence,
            tolerableRate: view.plan.tolerableRate,
            populationSize: view.population.size,
          });
    return { attributeId: a.id, name: a.name, tested, notApplicable: na, untested, deviations, evaluation, stratified: null };
  });
}

/** A realistic session: 12 items stratified by month over 3 months, 3 attributes, one failed stream. */
function makeView(opts: { failed?: boolean } = {}): SessionView {
  const failed = opts.failed ?? true;
  const N = 480;
  const plan = applyOverride(planAttributeSample({ confidence: 0.9, tolerableRate: 0.2, expectedRate: 0, populationSize: N }), {
    size: 12,
    reason: 'Round up to four items per month of the audit window',
    by: 'j.reviewer',
    at: '2026-01-20T10:00:00Z',
  });
  const months = ['2025-01', '2025-02', '2025-03'];
  const items: SampleItem[] = Array.from({ length: 12 }, (_, i) => {
    const position = i + 1;
    const stratum = months[Math.floor(i / 4)]!;
    const populationIndex = Math.floor(i / 4) * 160 + ((i * 37) % 160);
    const stream = i % 3 === 2 ? 'phi' : 'auth';
    const seq = 1000 + i * 117;
    const ts = `${stratum}-${String(3 + i).padStart(2, '0')}T${String(8 + (i % 9)).padStart(2, '0')}:14:05.${String(100 + i * 7).slice(0, 3)}Z`;
    const results: Record<number, AttributeResult> = {};
    results[ATTR.purpose] = position === 5 ? 'deviation' : 'pass';
    results[ATTR.team] = position === 3 ? 'na' : position === 8 ? 'deviation' : 'pass';
    if (position <= 9) results[ATTR.mfa] = 'pass';
    return {
      id: 500 + position * 3,
      position,
      populationIndex,
      stratum,
      event: {
        id: 90_000 + populationIndex,
        bundleId: 1,
        stream,
        seq,
        ts,
        category: 'phi_access',
        action: 'record.read',
        actorId: `clin-${100 + i}@mercy.example`,
        actorType: 'user',
        target: i === 4 ? null : `patient/${7000 + i}`,
        outcome: 'success',
        file: `streams/${stream}.jsonl`,
        line: seq - 999,
        raw: JSON.stringify({ seq, ts, action: 'record.read' }),
      },
      results,
      tickmarks: position === 5 ? ['X'] : ['✓', 'Ⓔ'],
      notes: position === 5 ? 'No purpose of use recorded; see ticket SEC-118.' : '',
      evidence: position === 2 ? ['evidence/access-review-q1.pdf', 'evidence/roster.csv'] : [],
    };
  });
  const view: SessionView = {
    id: 7,
    name: 'CC6.1 ePHI access — Q1',
    status: 'prepared',
    engagement: {
      name: 'FY2025 SOC 2 Type II',
      client: 'Mercy Health Cloud',
      system: 'CareLink EHR',
      framework: 'SOC 2 / HIPAA',
      windowStart: '2025-01-01T00:00:00Z',
      windowEnd: '2025-03-31T23:59:59Z',
    },
    control: {
      id: 'CC6.1',
      description: 'Access to ePHI is restricted to authorised users',
      objective: 'Reads of patient records are by care-team members for a permitted purpose',
    },
    population: {
      id: 3,
      name: 'PHI record reads Q1',
      filter: { categories: ['phi_access'], actions: ['record.read'], outcome: 'success', from: '2025-01-01T00:00:00Z', to: '2025-04-01T00:00:00Z' },
      size: N,
      firstTs: '2025-01-01T00:03:12.250Z',
      lastTs: '2025-03-31T23:41:07Z',
      digest: sha('population'),
      order: 'by timestamp, then stream origin, then seq',
      createdAt: '2026-01-20T09:00:00Z',
      createdBy: 'a.auditor',
      streams: [
        {
          bundleId: 1,
          stream: 'auth',
          origin: 'carelink.example/auth',
          count: 320,
          verdict: 'verified',
          chainHead: HEAD_AUTH,
          runId: 4,
          findings: [],
          completeness: [],
        },
        {
          bundleId: 1,
          stream: 'phi',
          origin: 'carelink.example/phi',
          count: 160,
          verdict: failed ? 'failed' : 'verified',
          chainHead: HEAD_PHI,
          runId: 4,
          completeness: [],
          findings: failed
            ? [
                {
                  code: 'link-broken',
                  severity: 'error',
                  message: 'Event 1234 does not link to event 1233.',
                  stream: 'phi',
                  seq: 1234,
                  file: 'streams/phi.jsonl',
                  line: 236,
                  expected: 'c'.repeat(64),
                  found: 'd'.repeat(64),
                },
                {
                  code: 'seq-gap',
                  severity: 'error',
                  message: 'Events 1300 to 1304 are missing.',
                  stream: 'phi',
                  seq: 1305,
                  file: 'streams/phi.jsonl',
                  line: 301,
                },
              ]
            : [],
        },
      ],
      sources: [
        {
          bundleId: 1,
          sourcePath: '/engagements/mercy/carelink-2025q1.zip',
          sourceSha256: sha('zip'),
          manifestSha256: sha('manifest'),
          kind: 'tickmark-bundle',
          grade: 'producer-signed',
          label: 'Mercy CareLink (bundle #1)',
        },
      ],
      integrity: failed ? 'failed' : 'verified',
      drawnUnder: { runId: 4, verdict: failed ? 'failed' : 'verified', finishedAt: '2026-01-20T08:55:00Z' },
    },
    plan,
    selection: {
      method: 'stratified',
      period: 'month',
      allocation: 'proportional',
      details: {
        strata: months.map((label, h) => ({ label, start: h * 160, count: 160, quota: 4, allocated: 4 })),
        requestedSize: 12,
        sizeRaised: false,
        notes: [],
        drawsUsed: 13,
        draws: { from: 0, to: 13 },
      },
    },
    seed: sha('seed'),
    seedMaterial: `${HEAD_AUTH}\n${HEAD_PHI}\nkickoff 2026-01-20, dice 4-1-6`,
    algorithm: 'Tickmark selection algorithm v1: SHA-256 counter-mode stream over the seed, nextBelow by rejection; see docs/sampling-algorithm.md',
    attributes: [
      { id: ATTR.purpose, position: 1, name: 'Purpose recorded', description: 'A purpose of use is recorded on the access' },
      { id: ATTR.team, position: 2, name: 'User in care team', description: "The user belongs to the patient's care team" },
      { id: ATTR.mfa, position: 3, name: 'MFA session', description: 'The session was established with MFA' },
    ],
    items,
    evaluation: [],
    preparer: { name: 'A. Auditor', at: '2026-02-01T16:30:00Z' },
    reviewer: null,
    conclusion: { text: '', by: null, at: null },
    reviewNotes: [],
    lastReview: null,
    editsAfterReview: [],
    legend: DEFAULT_LEGEND,
    activity: [
      {
        seq: 40,
        ts: '2026-01-20T09:00:00.120Z',
        actor: 'a.auditor',
        action: 'define-population',
        subject: 'PHI record reads Q1',
        details: { population: 3, size: N },
        hash: sha('40'),
      },
      {
        seq: 41,
        ts: '2026-01-20T10:00:01Z',
        actor: 'a.auditor',
        action: 'draw-sample',
        subject: 'CC6.1 ePHI access — Q1',
        details: { session: 7, size: 12 },
        hash: sha('41'),
      },
      {
        seq: 57,
        ts: '2026-02-01T16:30:00Z',
        actor: 'A. Auditor',
        action: 'sign-off-preparer',
        subject: 'CC6.1 ePHI access — Q1',
        details: { session: 7 },
        hash: sha('57'),
      },
    ],
    activityHead: { seq: 58, hash: sha('58') },
    createdAt: '2026-01-20T10:00:01Z',
    createdBy: 'a.auditor',
    toolVersion: '0.1.0',
  };
  view.evaluation = evaluationOf(view);
  return view;
}

async function load(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

function sheet(wb: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const ws = wb.getWorksheet(name);
  if (!ws) throw new Error(`no sheet ${name}`);
  return ws;
}

/** The row of a label in column A of a key/value sheet. */
function rowOf(ws: ExcelJS.Worksheet, label: string, after = 0): ExcelJS.Row {
  for (let r = after + 1; r <= ws.rowCount; r++) if (ws.getRow(r).getCell(1).value === label) return ws.getRow(r);
  throw new Error(`no row "${label}" on ${ws.name}`);
}

function headers(ws: ExcelJS.Worksheet, row = SAMPLE_HEADER_ROW): string[] {
  const out: string[] = [];
  ws.getRow(row).eachCell((c, col) => (out[col - 1] = String(c.value)));
  return out;
}

function col(ws: ExcelJS.Worksheet, header: string): number {
  const i = headers(ws).indexOf(header);
  if (i < 0) throw new Error(`no column ${header}`);
  return i + 1;
}

/** The Sample row that holds an item position. */
function sampleRowOf(ws: ExcelJS.Worksheet, position: number): ExcelJS.Row {
  const c = col(ws, 'Position');
  for (let r = SAMPLE_HEADER_ROW + 1; r <= ws.rowCount; r++) if (ws.getRow(r).getCell(c).value === position) return ws.getRow(r);
  throw new Error(`no sample row for position ${position}`);
}

function allText(ws: ExcelJS.Worksheet): string[] {
  const out: string[] = [];
  ws.eachRow((row) => row.eachCell((c) => out.push(typeof c.value === 'string' ? c.value : '')));
  return out;
}

async function edit(src: string, change: (wb: ExcelJS.Workbook) => void): Promise<string> {
  const wb = await load(src);
  change(wb);
  const out = tmpFile('edited');
  await wb.xlsx.writeFile(out);
  return out;
}

async function refusal(p: Promise<unknown>): Promise<WorkpaperError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(WorkpaperError);
    return e as WorkpaperError;
  }
  throw new Error('the workbook was accepted');
}

describe('writeWorkpaper', () => {
  let view: SessionView;
  let file: string;
  let wb: ExcelJS.Workbook;

  beforeAll(async () => {
    view = makeView();
    file = tmpFile('failed');
    await writeWorkpaper(view, file, { exportedAt: EXPORTED_AT });
    wb = await load(file);
  });

  it('has the nine sheets in order and workbook properties', () => {
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      'Cover',
      'Population & integrity',
      'Sample',
      'Evaluation',
      'Sampled records',
      'Deviations & conclusions',
      'Review notes',
      'Tickmark legend',
      'Activity log',
    ]);
    expect(wb.creator).toBe('Tickmark 0.1.0');
    expect(wb.title).toContain('CC6.1 ePHI access');
  });

  it('covers the engagement, sign-offs as dates, the tool and the activity-log head', () => {
    const ws = sheet(wb, SHEET.cover);
    expect(rowOf(ws, 'Engagement name').getCell(2).value).toBe('FY2025 SOC 2 Type II');
    expect(rowOf(ws, 'Client').getCell(2).value).toBe('Mercy Health Cloud');
    expect(rowOf(ws, 'Framework').getCell(2).value).toBe('SOC 2 / HIPAA');
    expect(rowOf(ws, 'Control id').getCell(2).value).toBe('CC6.1');
    expect(rowOf(ws, 'Status').getCell(2).value).toBe('Prepared (awaiting review)');
    const start = rowOf(ws, 'Audit period start').getCell(2);
    expect(start.value).toBeInstanceOf(Date);
    expect((start.value as Date).toISOString()).toBe('2025-01-01T00:00:00.000Z');
    expect(rowOf(ws, 'Prepared by').getCell(2).value).toBe('A. Auditor');
    const prepared = rowOf(ws, 'Prepared on').getCell(2);
    expect(prepared.value).toBeInstanceOf(Date);
    expect((prepared.value as Date).toISOString()).toBe('2026-02-01T16:30:00.000Z');
    expect(prepared.numFmt).toMatch(/yyyy-mm-dd hh:mm/);
    expect(rowOf(ws, 'Reviewed by').getCell(2).value).toBe('not signed off');
    expect((rowOf(ws, 'Exported at').getCell(2).value as Date).toISOString()).toBe(EXPORTED_AT.toISOString());
    expect(rowOf(ws, 'Tool version').getCell(2).value).toBe('Tickmark 0.1.0');
    expect(rowOf(ws, 'Activity log head: entry').getCell(2).value).toBe(58);
    expect(rowOf(ws, 'Activity log head: hash').getCell(2).value).toBe(sha('58'));
    expect(String(rowOf(ws, 'Has the workspace changed?').getCell(2).value)).toContain('tickmark verify-workspace');
  });

  it('keeps a hidden machine-readable identity block on the Cover', () => {
    const ws = sheet(wb, SHEET.cover);
    const marker = rowOf(ws, 'Tickmark workpaper identity');
    expect(marker.hidden).toBe(true);
    expect(marker.getCell(2).value).toBe('tickmark-workpaper/1');
    const sessionId = rowOf(ws, 'session id');
    expect(sessionId.hidden).toBe(true);
    expect(sessionId.getCell(2).value).toBe(7);
    expect(rowOf(ws, 'seed').getCell(2).value).toBe(view.seed);
    expect(rowOf(ws, 'population digest').getCell(2).value).toBe(view.population.digest);
  });

  it('defines the population with its filter, dates, digest, sources and streams', () => {
    const ws = sheet(wb, SHEET.population);
    expect(rowOf(ws, 'Size').getCell(2).value).toBe(480);
    const first = rowOf(ws, 'First event').getCell(2);
    expect((first.value as Date).toISOString()).toBe('2025-01-01T00:03:12.250Z');
    expect(first.numFmt).toContain('yyyy-mm-dd');
    expect(rowOf(ws, 'Categories').getCell(2).value).toBe('phi_access');
    expect(rowOf(ws, 'Actions').getCell(2).value).toBe('record.read');
    expect(rowOf(ws, 'Streams').getCell(2).value).toBe('(any)');
    expect(rowOf(ws, 'Outcome').getCell(2).value).toBe('success');
    expect((rowOf(ws, 'To (exclusive)').getCell(2).value as Date).toISOString()).toBe('2025-04-01T00:00:00.000Z');
    expect(rowOf(ws, 'Population digest (SHA-256)').getCell(2).value).toBe(view.population.digest);
    expect(rowOf(ws, 'Ordering rule').getCell(2).value).toBe(view.population.order);
    const texts = allText(ws);
    expect(texts).toContain(sha('zip'));
    expect(texts).toContain(sha('manifest'));
    expect(texts).toContain(HEAD_PHI);
    const phi = rowOf(ws, 'Streams').worksheet; // same sheet; find the stream row
    let streamRow: ExcelJS.Row | undefined;
    phi.eachRow((r) => {
      if (r.getCell(2).value === 'phi' && r.getCell(3).value === 'carelink.example/phi') streamRow = r;
    });
    expect(streamRow!.getCell(5).value).toBe(160);
    expect(streamRow!.getCell(6).value).toBe('failed');
    expect(streamRow!.getCell(7).value).toBe(4);
  });

  it('shows a red integrity banner and the findings when a stream failed', () => {
    const ws = sheet(wb, SHEET.population);
    let banner: ExcelJS.Cell | undefined;
    ws.eachRow((r) =>
      r.eachCell((c) => {
        if (typeof c.value === 'string' && c.value.includes(INTEGRITY_BANNER_PREFIX)) banner ??= c;
      }),
    );
    expect(banner).toBeDefined();
    expect(String(banner!.value)).toContain('"phi"');
    expect((banner!.fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFC00000');
    expect(banner!.row).toBeLessThan(5); // at the top of the sheet
    let findingRow: ExcelJS.Row | undefined;
    ws.eachRow((r) => {
      if (r.getCell(1).value === 'link-broken') findingRow = r;
    });
    expect(findingRow).toBeDefined();
    const hdr = ws.getRow(findingRow!.number - 1);
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9].map((c) => hdr.getCell(c).value)).toEqual([
      'Code',
      'Message',
      'Expected',
      'Found',
      'Severity',
      'Stream',
      'Seq',
      'File',
      'Line',
    ]);
    expect(findingRow!.getCell(7).value).toBe(1234);
    expect(findingRow!.getCell(9).value).toBe(236);
    expect(findingRow!.getCell(3).value).toBe('c'.repeat(64));
    expect(allText(sheet(wb, SHEET.cover)).some((t) => t.startsWith(INTEGRITY_BANNER_PREFIX))).toBe(true);
  });

  it('has no banner when every stream verified', async () => {
    const f = tmpFile('verified');
    await writeWorkpaper(makeView({ failed: false }), f);
    const w = await load(f);
    for (const ws of w.worksheets) expect(allText(ws).some((t) => t.includes(INTEGRITY_BANNER_PREFIX))).toBe(false);
    expect(allText(sheet(w, SHEET.population))).not.toContain('Verification findings');
  });

  it('lists the sample with typed cells, result validation, frozen panes, autofilter and deviation colouring', () => {
    const ws = sheet(wb, SHEET.sample);
    const h = headers(ws);
    expect(h).toEqual([
      'Position',
      'Population index',
      'Stratum',
      'Bundle',
      'Stream',
      'Seq',
      'Timestamp (UTC)',
      'Category',
      'Action',
      'Actor id',
      'Actor type',
      'Target',
      'Outcome',
      'File',
      'Line',
      'Purpose recorded',
      'User in care team',
      'MFA session',
      'Tickmarks',
      'Notes',
      'Evidence',
      'Item id',
      'Row fingerprint',
      'Sample status',
    ]);
    // one row per item, in position order
    for (const item of view.items) {
      const row = ws.getRow(SAMPLE_HEADER_ROW + item.position);
      expect(row.getCell(1).value).toBe(item.position);
      expect(row.getCell(2).value).toBe(item.populationIndex);
      expect(row.getCell(3).value).toBe(item.stratum);
      expect(row.getCell(6).value).toBe(item.event.seq);
      expect(row.getCell(15).value).toBe(item.event.line);
      expect(row.getCell(22).value).toBe(item.id);
      expect(row.getCell(23).value).toBe(rowFingerprint(view, item));
    }
    const r5 = ws.getRow(SAMPLE_HEADER_ROW + 5);
    const ts = r5.getCell(7);
    expect(ts.value).toBeInstanceOf(Date);
    expect((ts.value as Date).getTime()).toBe(Date.parse(view.items[4]!.event.ts));
    expect(ts.numFmt).toMatch(/^yyyy-mm-dd hh:mm:ss/);
    expect(r5.getCell(12).value).toBeNull(); // target null
    expect(r5.getCell(16).value).toBe('deviation');
    expect(r5.getCell(17).value).toBe('pass');
    expect(r5.getCell(19).value).toBe('X');
    expect(r5.getCell(20).value).toBe('No purpose of use recorded; see ticket SEC-118.');
    expect(ws.getRow(SAMPLE_HEADER_ROW + 3).getCell(17).value).toBe('na');
    expect(ws.getRow(SAMPLE_HEADER_ROW + 10).getCell(18).value).toBeNull(); // untested
    expect(ws.getRow(SAMPLE_HEADER_ROW + 1).getCell(19).value).toBe('✓, Ⓔ');
    expect(ws.getRow(SAMPLE_HEADER_ROW + 2).getCell(21).value).toBe('evidence/access-review-q1.pdf\nevidence/roster.csv');

    // every result cell carries the drop-down with an error alert
    for (let r = SAMPLE_HEADER_ROW + 1; r <= SAMPLE_HEADER_ROW + 12; r++) {
      for (const c of [16, 17, 18]) {
        const dv = ws.getCell(r, c).dataValidation;
        expect(dv?.type).toBe('list');
        expect(dv?.formulae).toEqual(['"pass,deviation,na"']);
        expect(dv?.showErrorMessage).toBe(true);
      }
    }
    expect(ws.getCell(SAMPLE_HEADER_ROW + 1, 6).dataValidation).toBeUndefined();

    const v = ws.views[0] as ExcelJS.WorksheetViewFrozen;
    expect(v.state).toBe('frozen');
    expect(v.ySplit).toBe(SAMPLE_HEADER_ROW);
    expect(v.xSplit).toBe(2);
    expect(ws.autoFilter).toBeDefined();
    const af = JSON.stringify(ws.autoFilter);
    expect(af).toContain('A3');
    expect(af).toContain('X15'); // through the hidden columns and the status column, so sorting moves them with their rows

    expect(ws.getColumn(22).hidden).toBe(true);
    expect(ws.getColumn(23).hidden).toBe(true);
    expect(ws.getColumn(20).width).toBeGreaterThanOrEqual(30);
    expect(ws.pageSetup.orientation).toBe('landscape');
    expect(ws.pageSetup.fitToPage).toBe(true);
    expect(ws.pageSetup.fitToWidth).toBe(1);

    const cf = JSON.stringify((ws as unknown as { conditionalFormattings: unknown }).conditionalFormattings);
    expect(cf).toContain('deviation');
    expect(cf).toContain('P4:R15');
  });

  it('states the plan, the selection, the seed and per-attribute figures as numbers', () => {
    const ws = sheet(wb, SHEET.evaluation);
    const conf = rowOf(ws, 'Confidence level').getCell(2);
    expect(conf.value).toBe(0.9);
    expect(conf.numFmt).toContain('%');
    const tol = rowOf(ws, 'Tolerable deviation rate').getCell(2);
    expect(tol.value).toBe(0.2);
    expect(tol.numFmt).toContain('%');
    expect(rowOf(ws, 'Computed sample size').getCell(2).value).toBe(view.plan.computedSize);
    expect(rowOf(ws, 'Size override').getCell(2).value).toBe(12);
    expect(rowOf(ws, 'Override reason').getCell(2).value).toBe('Round up to four items per month of the audit window');
    expect((rowOf(ws, 'Override at').getCell(2).value as Date).toISOString()).toBe('2026-01-20T10:00:00.000Z');
    expect(rowOf(ws, 'Plan formula').getCell(2).value).toBe(view.plan.formula);
    expect(rowOf(ws, 'Seed').getCell(2).value).toBe(view.seed);
    expect(rowOf(ws, 'Seed material (sorted chain heads, then the auditor value)').getCell(2).value).toBe(view.seedMaterial);
    expect(rowOf(ws, 'Algorithm').getCell(2).value).toBe(view.algorithm);
    expect(String(rowOf(ws, 'How to re-perform').getCell(2).value)).toContain('Stratified');
    expect(rowOf(ws, 'Random words used').getCell(2).value).toBe(13);
    const strata = rowOf(ws, '2025-02');
    expect([2, 3, 4, 5].map((c) => strata.getCell(c).value)).toEqual([160, 160, 4, 4]);

    const hdr = rowOf(ws, 'Measure');
    expect([2, 3, 4].map((c) => hdr.getCell(c).value)).toEqual(['Purpose recorded', 'User in care team', 'MFA session']);
    const at = (label: string, i: number) => rowOf(ws, label, hdr.number).getCell(2 + i);
    view.evaluation.forEach((a, i) => {
      expect(at('Items tested', i).value).toBe(a.tested);
      expect(at('Not applicable', i).value).toBe(a.notApplicable);
      expect(at('Untested', i).value).toBe(a.untested);
      expect(at('Deviations', i).value).toBe(a.deviations);
    });
    const [purpose, team, mfa] = view.evaluation;
    expect(purpose!.evaluation).not.toBeNull();
    for (const [i, a] of [
      [0, purpose!],
      [1, team!],
    ] as const) {
      const e = a.evaluation!;
      for (const [label, value] of [
        ['Sample deviation rate', e.sampleDeviationRate],
        ['Upper deviation limit (exact)', e.upperDeviationLimit],
        ['Upper deviation limit (rounded up to 0.1%, as in the AICPA tables)', e.upperDeviationLimitTable],
        ['Allowance for sampling risk', e.allowanceForSamplingRisk],
        ['Tolerable deviation rate', e.tolerableRate],
      ] as const) {
        const c = at(label, i);
        expect(typeof c.value).toBe('number');
        expect(c.value).toBe(value);
        expect(c.numFmt).toContain('%');
      }
      expect(at('Formula', i).value).toBe(e.formula);
      expect(at('Explanation', i).value).toBe(e.explanation);
    }
    expect(at('Conclusion', 0).value).toBe(
      purpose!.evaluation!.conclusion === 'supports-reliance' ? 'Supports reliance on the control' : 'Does not support reliance on the control',
    );
    expect(mfa!.evaluation).toBeNull();
    expect(at('Conclusion', 2).value).toBe('Not evaluated: 3 items untested');
    expect(at('Upper deviation limit (exact)', 2).value).toBeNull();
  });

  it('has the tickmark legend and the activity log with dates', () => {
    const lg = sheet(wb, SHEET.legend);
    expect([1, 2].map((c) => lg.getRow(3).getCell(c).value)).toEqual(['Symbol', 'Meaning']);
    expect(lg.getRow(4).getCell(1).value).toBe(DEFAULT_LEGEND[0]!.symbol);
    expect(lg.getRow(3 + DEFAULT_LEGEND.length).getCell(2).value).toBe(DEFAULT_LEGEND.at(-1)!.meaning);

    const ws = sheet(wb, SHEET.activity);
    expect(headers(ws, 3)).toEqual(['Seq', 'Timestamp (UTC)', 'Actor', 'Action', 'Subject', 'Details (JSON)', 'Hash']);
    const r = ws.getRow(4);
    expect(r.getCell(1).value).toBe(40);
    expect((r.getCell(2).value as Date).toISOString()).toBe('2026-01-20T09:00:00.120Z');
    expect(r.getCell(2).numFmt).toContain('yyyy');
    expect(JSON.parse(String(r.getCell(6).value))).toEqual({ population: 3, size: 480 });
    expect(r.getCell(7).value).toBe(sha('40'));
    expect(ws.getRow(6).getCell(4).value).toBe('sign-off-preparer');
  });

  it('writes no external links, hyperlinks or formulas', () => {
    for (const ws of wb.worksheets) {
      ws.eachRow((row) =>
        row.eachCell((c) => {
          expect(c.type).not.toBe(ExcelJS.ValueType.Formula);
          expect(c.type).not.toBe(ExcelJS.ValueType.Hyperlink);
        }),
      );
    }
  });

  it('survives control characters and over-long text in the data', async () => {
    const v = makeView();
    v.items[0]!.event.actorId = 'bad\u0001actor\r\nname';
    v.items[1]!.notes = 'x'.repeat(40_000);
    v.activity[0]!.details = { blob: 'y'.repeat(50_000) };
    const f = tmpFile('odd');
    await writeWorkpaper(v, f);
    const w = await load(f);
    const s = sheet(w, SHEET.sample);
    expect(s.getRow(SAMPLE_HEADER_ROW + 1).getCell(10).value).toBe('bad\uFFFDactor\nname');
    expect(String(s.getRow(SAMPLE_HEADER_ROW + 2).getCell(20).value).length).toBeLessThanOrEqual(32_767);
    // and its round trip still accepts the unchanged rows
    const back = await readWorkpaperResults(f, v);
    expect(back.items).toHaveLength(12);
  });
});

describe('readWorkpaperResults', () => {
  let view: SessionView;
  let file: string;

  beforeAll(async () => {
    view = makeView();
    file = tmpFile('roundtrip');
    await writeWorkpaper(view, file, { exportedAt: EXPORTED_AT });
  });

  it('returns the results, tickmarks and notes as exported', async () => {
    const r = await readWorkpaperResults(file, view);
    expect(r.sessionId).toBe(7);
    expect(r.items.map((i) => i.position)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    for (const item of view.items) {
      const got = r.items.find((i) => i.itemId === item.id)!;
      expect(got.position).toBe(item.position);
      expect(got.tickmarks).toEqual(item.tickmarks);
      expect(got.notes).toBe(item.notes);
      for (const a of view.attributes) expect(got.results[a.id]).toBe(item.results[a.id] ?? null);
    }
  });

  it('reads results, tickmarks and notes an auditor filled in', async () => {
    const edited = await edit(file, (wb) => {
      const ws = sheet(wb, SHEET.sample);
      const mfa = col(ws, 'MFA session');
      sampleRowOf(ws, 10).getCell(mfa).value = 'pass';
      sampleRowOf(ws, 11).getCell(mfa).value = 'Deviation '; // case and spaces are forgiven
      sampleRowOf(ws, 12).getCell(mfa).value = 'na';
      sampleRowOf(ws, 1).getCell(col(ws, 'Purpose recorded')).value = null; // cleared
      sampleRowOf(ws, 11).getCell(col(ws, 'Notes')).value = 'Session token issued without MFA; confirmed with IT.';
      sampleRowOf(ws, 11).getCell(col(ws, 'Tickmarks')).value = 'X, Ⓜ';
      sampleRowOf(ws, 12).getCell(col(ws, 'Notes')).value = { richText: [{ text: 'Service ' }, { font: { bold: true }, text: 'account' }] };
    });
    const r = await readWorkpaperResults(edited, view);
    const at = (p: number) => r.items.find((i) => i.position === p)!;
    expect(at(10).results[ATTR.mfa]).toBe('pass');
    expect(at(11).results[ATTR.mfa]).toBe('deviation');
    expect(at(12).results[ATTR.mfa]).toBe('na');
    expect(at(1).results[ATTR.purpose]).toBeNull();
    expect(at(5).results[ATTR.purpose]).toBe('deviation');
    expect(at(11).notes).toBe('Session token issued without MFA; confirmed with IT.');
    expect(at(11).tickmarks).toEqual(['X', 'Ⓜ']);
    expect(at(12).notes).toBe('Service account');
  });

  it('accepts rows re-sorted by the auditor, matching by item id', async () => {
    const sorted = await edit(file, (wb) => {
      const ws = sheet(wb, SHEET.sample);
      const first = SAMPLE_HEADER_ROW + 1;
      const width = ws.columnCount;
      const rows = Array.from({ length: 12 }, (_, i) => Array.from({ length: width }, (_, c) => ws.getRow(first + i).getCell(c + 1).value));
      // sort by Stream descending, then Seq descending, as with the autofilter
      rows.sort((a, b) => String(b[4]).localeCompare(String(a[4])) || (b[5] as number) - (a[5] as number));
      rows.forEach((vals, i) => vals.forEach((v, c) => (ws.getRow(first + i).getCell(c + 1).value = v)));
      sampleRowOf(ws, 9).getCell(col(ws, 'MFA session')).value = 'deviation';
      sampleRowOf(ws, 10).getCell(col(ws, 'MFA session')).value = 'pass';
    });
    const ws = sheet(await load(sorted), SHEET.sample);
    expect(ws.getRow(SAMPLE_HEADER_ROW + 1).getCell(1).value).not.toBe(1); // really re-sorted
    const r = await readWorkpaperResults(sorted, view);
    expect(r.items.map((i) => i.position)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(r.items.find((i) => i.position === 9)!.results[ATTR.mfa]).toBe('deviation');
    expect(r.items.find((i) => i.position === 10)!.results[ATTR.mfa]).toBe('pass');
    expect(r.items.find((i) => i.position === 5)!.notes).toBe(view.items[4]!.notes);
  });

  it('refuses a sample row whose seq was changed, naming the row', async () => {
    const item = view.items[6]!; // position 7
    const edited = await edit(file, (wb) => {
      const ws = sheet(wb, SHEET.sample);
      sampleRowOf(ws, 7).getCell(col(ws, 'Seq')).value = item.event.seq + 1;
    });
    const e = await refusal(readWorkpaperResults(edited, view));
    expect(e.message).toBe(
      `${edited}: Sample row ${SAMPLE_HEADER_ROW + 7} (position 7) was changed: seq ${item.event.seq} became ${item.event.seq + 1}; the workbook is refused.`,
    );
  });

  it('refuses changed timestamps and event fields, listing every change of the row', async () => {
    const item = view.items[1]!; // position 2
    expect(item.event.ts).toBe('2025-01-04T09:14:05.107Z');
    const edited = await edit(file, (wb) => {
      const ws = sheet(wb, SHEET.sample);
      const r = sampleRowOf(ws, 2);
      r.getCell(col(ws, 'Timestamp (UTC)')).value = new Date('2025-01-04T09:14:06.107Z');
      r.getCell(col(ws, 'Actor id')).value = 'someone.else@mercy.example';
    });
    const e = await refusal(readWorkpaperResults(edited, view));
    expect(e.message).toBe(
      `${edited}: ` +
        'Sample row 5 (position 2) was changed: timestamp 2025-01-04T09:14:05.107Z became 2025-01-04T09:14:06.107Z, ' +
        'actor id "clin-101@mercy.example" became "someone.else@mercy.example"; the workbook is refused.',
    );
  });

  it('refuses a result cell that is not pass, deviation, na or empty, naming the cell', async () => {
    let address = '';
    const edited = await edit(file, (wb) => {
      const ws = sheet(wb, SHEET.sample);
      const c = sampleRowOf(ws, 4).getCell(col(ws, 'User in care team'));
      c.value = 'passed';
      address = c.address;
    });
    expect(address).toBe(`Q${SAMPLE_HEADER_ROW + 4}`);
    const e = await refusal(readWorkpaperResults(edited, view));
    expect(e.message).toContain(`Sample!${address}`);
    expect(e.message).toContain('"passed"');
    expect(e.message).toContain('User in care team');
  });

  it('refuses a formula in a result cell', async () => {
    const edited = await edit(file, (wb) => {
      const ws = sheet(wb, SHEET.sample);
      sampleRowOf(ws, 1).getCell(col(ws, 'MFA session')).value = { formula: 'LOWER("PASS")', result: 'pass' } as ExcelJS.CellFormulaValue;
    });
    const e = await refusal(readWorkpaperResults(edited, view));
    expect(e.message).toContain(`Sample!R${SAMPLE_HEADER_ROW + 1}`);
  });

  it('refuses the workbook of another session or another draw', async () => {
    const other = tmpFile('other-session');
    await writeWorkpaper({ ...makeView(), id: 8 }, other);
    const e1 = await refusal(readWorkpaperResults(other, view));
    expect(e1.message).toMatch(/session #8 .*not of session #7/);

    const redrawn = tmpFile('other-seed');
    await writeWorkpaper({ ...makeView(), seed: sha('another seed') }, redrawn);
    const e2 = await refusal(readWorkpaperResults(redrawn, view));
    expect(e2.message).toContain('seed');

    const otherPopulation = makeView();
    otherPopulation.population.digest = sha('other population');
    const f3 = tmpFile('other-population');
    await writeWorkpaper(otherPopulation, f3);
    expect((await refusal(readWorkpaperResults(f3, view))).message).toContain('population digest');

    const otherItems = makeView();
    otherItems.items[3]!.id = 9999;
    const f4 = tmpFile('other-items');
    await writeWorkpaper(otherItems, f4);
    expect((await refusal(readWorkpaperResults(f4, view))).message).toContain('not the same sample');
  });

  it('refuses a workbook whose identity block was edited to pass for another session', async () => {
    const v8 = { ...makeView(), id: 8 };
    const f = tmpFile('v8');
    await writeWorkpaper(v8, f);
    const forged = await edit(f, (wb) => {
      rowOf(sheet(wb, SHEET.cover), 'session id').getCell(2).value = 7;
    });
    const e = await refusal(readWorkpaperResults(forged, view));
    expect(e.message).toContain('row fingerprint');
    expect(e.problems).toHaveLength(12);
  });

  it('refuses a missing or renamed attribute column', async () => {
    const edited = await edit(file, (wb) => {
      const ws = sheet(wb, SHEET.sample);
      ws.getRow(SAMPLE_HEADER_ROW).getCell(col(ws, 'MFA session')).value = 'MFA';
    });
    const e = await refusal(readWorkpaperResults(edited, view));
    expect(e.message).toContain('"MFA session"');
  });

  it('refuses deleted, added and duplicated rows and an edited item id', async () => {
    const deleted = await edit(file, (wb) => {
      const ws = sheet(wb, SHEET.sample);
      ws.spliceRows(sampleRowOf(ws, 6).number, 1);
    });
    expect((await refusal(readWorkpaperResults(deleted, view))).message).toMatch(/no longer has the row of position 6 \(item id 518\)/);

    const added = await edit(file, (wb) => {
      const ws = sheet(wb, SHEET.sample);
      ws.getRow(SAMPLE_HEADER_ROW + 14).getCell(col(ws, 'Purpose recorded')).value = 'pass';
    });
    expect((await refusal(readWorkpaperResults(added, view))).message).toContain(`Sample row ${SAMPLE_HEADER_ROW + 14} has no item id`);

    const duplicated = await edit(file, (wb) => {
      const ws = sheet(wb, SHEET.sample);
      const src = sampleRowOf(ws, 3);
      const dst = ws.getRow(SAMPLE_HEADER_ROW + 13);
      for (let c = 1; c <= ws.columnCount; c++) dst.getCell(c).value = src.getCell(c).value;
    });
    expect((await refusal(readWorkpaperResults(duplicated, view))).message).toMatch(/Sample row 16 \(position 3\) repeats the item of Sample row 6/);

    const swapped = await edit(file, (wb) => {
      const ws = sheet(wb, SHEET.sample);
      const idCol = col(ws, 'Item id');
      const a = sampleRowOf(ws, 1);
      const b = sampleRowOf(ws, 2);
      const t = a.getCell(idCol).value;
      a.getCell(idCol).value = b.getCell(idCol).value;
      b.getCell(idCol).value = t;
    });
    expect((await refusal(readWorkpaperResults(swapped, view))).message).toMatch(/Sample row 4 \(position 2\) was changed: position 2 became 1/);
  });

  it('refuses a file that is not a Tickmark workpaper', async () => {
    const junk = path.join(tmp, 'junk.xlsx');
    writeFileSync(junk, 'not a zip');
    expect((await refusal(readWorkpaperResults(junk, view))).message).toContain('could not be read as an Excel workbook');
    const plainWb = new ExcelJS.Workbook();
    plainWb.addWorksheet('Sheet1').getCell('A1').value = 'hello';
    const p = tmpFile('plain');
    await plainWb.xlsx.writeFile(p);
    expect((await refusal(readWorkpaperResults(p, view))).message).toContain('identity block');
    expect((await refusal(readWorkpaperResults(path.join(tmp, 'missing.xlsx'), view))).message).toContain('There is no file');
  });
});

describe('through a real workspace', () => {
  it('exports a drawn session, and the results filled in the workbook are applied by the engine', async () => {
    const { generateBundle, importBundle, pinKey, verifyWorkspace, Workspace } = await import('../../electron/engine/index');
    const { definePopulation } = await import('../../electron/engine/population');
    const { createSession, sessionView } = await import('../../electron/engine/sessions');
    const { exportWorkpaper, applyWorkpaper } = await import('../../electron/engine/workpaper/index');
    const b = await generateBundle({ out: path.join(tmp, 'bundle'), events: 1200, seed: 'workpaper' });
    const ws = Workspace.open(path.join(tmp, 'wp.tickmark'), { create: true });
    try {
      pinKey(ws, b.vendorKey, 'obtained at kickoff', 'a.auditor');
      await importBundle(ws, b.dir, { actor: 'a.auditor' });
      await verifyWorkspace(ws, { silentIntervalMs: 7 * 24 * 3600 * 1000 });
      const pop = definePopulation(ws, 'PHI reads', { categories: ['phi_access'] }, 'a.auditor');
      const s = createSession(ws, {
        populationId: pop.id,
        name: 'CC6.1 & PHI',
        attributes: [{ name: 'Purpose recorded' }, { name: 'Notes' }],
        plan: { confidence: 0.9, tolerableRate: 0.1, expectedRate: 0 },
        selection: { method: 'stratified', period: 'month', allocation: 'at-least-one' },
        auditorValue: 'dice 3-3-5',
        actor: 'a.auditor',
      });
      const file = tmpFile('engine');
      const exported = await exportWorkpaper(ws, s.id, file, 'a.auditor');
      expect(exported.activityHead.seq).toBeGreaterThan(0);

      const wb = await load(file);
      const sheetWs = sheet(wb, SHEET.sample);
      expect(rowOf(sheet(wb, SHEET.cover), 'Activity log head: hash').getCell(2).value).toBe(exported.activityHead.hash);
      // an attribute named like a fixed column still gets its own column
      const hdr = headers(sheetWs);
      const purpose = hdr.indexOf('Purpose recorded') + 1;
      const notesAttr = hdr.indexOf('Notes') + 1; // the attribute comes first
      const notes = hdr.lastIndexOf('Notes') + 1;
      expect(notesAttr).toBeLessThan(notes);
      for (let r = SAMPLE_HEADER_ROW + 1; r <= SAMPLE_HEADER_ROW + exported.items.length; r++) {
        sheetWs.getRow(r).getCell(purpose).value = r === SAMPLE_HEADER_ROW + 2 ? 'deviation' : 'pass';
        sheetWs.getRow(r).getCell(notesAttr).value = 'na';
      }
      sheetWs.getRow(SAMPLE_HEADER_ROW + 2).getCell(notes).value = 'No purpose recorded.';
      await wb.xlsx.writeFile(file);

      const applied = await applyWorkpaper(ws, s.id, file, 'a.auditor');
      expect(applied.resultsChanged).toBe(exported.items.length * 2);
      expect(applied.itemsAnnotated).toBe(1);
      const after = sessionView(ws, s.id);
      const second = after.items.find((i) => i.position === 2)!;
      expect(second.results[after.attributes[0]!.id]).toBe('deviation');
      expect(second.notes).toBe('No purpose recorded.');
      expect(after.evaluation[0]!.deviations).toBe(1);
      expect(after.evaluation[0]!.evaluation).not.toBeNull();
      expect(after.evaluation[1]!.notApplicable).toBe(exported.items.length);
    } finally {
      ws.close();
    }
  });
});
