import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { generateBundle, importBundle, pinKey, verifyWorkspace, Workspace } from '../../electron/engine/index';
import { definePopulation, PopulationError } from '../../electron/engine/population';
import {
  createSession,
  recordResult,
  reopenSession,
  sessionView,
  signOff,
  updateItem,
  SessionError,
  type CreateSessionInput,
} from '../../electron/engine/sessions';
import { verifyActivityLog, activityEntries } from '../../electron/engine/activity';
import { writeWorkpaper } from '../../electron/engine/workpaper/index';
import ExcelJS from 'exceljs';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'tickmark-sampling-'));
let bundle: Awaited<ReturnType<typeof generateBundle>>;

async function engagement(name: string, b = bundle): Promise<Workspace> {
  const ws = Workspace.open(path.join(tmp, `${name}.tickmark`), { create: true });
  pinKey(ws, b.vendorKey, 'obtained at kickoff', 'a.auditor');
  await importBundle(ws, b.dir, { actor: 'a.auditor' });
  await verifyWorkspace(ws, { silentIntervalMs: 7 * 24 * 3600 * 1000 });
  return ws;
}

const phiReads = { categories: ['phi_access'], actions: ['record.read'] };
const sessionInput = (populationId: number): CreateSessionInput => ({
  populationId,
  name: 'CC6.1 ePHI access',
  control: {
    id: 'CC6.1',
    description: 'Access to ePHI is restricted to authorised users',
    objective: 'Reads of patient records are by care-team members for a permitted purpose',
  },
  attributes: [{ name: 'Purpose recorded' }, { name: 'User in care team' }, { name: 'MFA session' }],
  plan: { confidence: 0.95, tolerableRate: 0.05, expectedRate: 0 },
  selection: { method: 'stratified', period: 'month', allocation: 'at-least-one' },
  auditorValue: 'kickoff 2026-07-06, dice 4-1-6',
  actor: 'a.auditor',
});

beforeAll(async () => {
  bundle = await generateBundle({ out: path.join(tmp, 'bundle'), events: 4000, seed: 'sampling' });
});

describe('populations', () => {
  it('freezes the filtered events in time order with a digest anyone can recompute', async () => {
    const ws = await engagement('pop');
    const p = definePopulation(ws, 'ePHI record reads', phiReads, 'a.auditor');
    const lines = readFileSync(path.join(bundle.dir, 'streams/phi-access.jsonl'), 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    const reads = lines.filter((e) => e.action === 'record.read').sort((a, b) => Date.parse(a.ts) - Date.parse(b.ts) || a.seq - b.seq);
    expect(p.size).toBe(reads.length);
    const origin = bundle.manifest.streams.find((s) => s.id === 'phi-access')!.origin;
    expect(p.digest).toBe(
      createHash('sha256')
        .update(reads.map((e) => `${origin} ${e.seq}\n`).join(''))
        .digest('hex'),
    );
    expect(p.firstTs).toBe(new Date(reads[0].ts).toISOString());
    expect(p.integrity).toBe('verified');
    expect(p.streams).toEqual([expect.objectContaining({ stream: 'phi-access', count: reads.length, verdict: 'verified' })]);
    expect(() => definePopulation(ws, 'ePHI record reads', {})).toThrow(PopulationError);
    ws.close();
  });

  it('carries the integrity failure of a stream it draws from', async () => {
    const t = await generateBundle({ out: path.join(tmp, 'tampered'), events: 1500, seed: 'sampling-t', tamper: 'delete' });
    const ws = await engagement('pop-failed', t);
    const p = definePopulation(ws, 'all PHI', { streams: ['phi-access'] });
    expect(p.integrity).toBe('failed');
    expect(p.streams[0]!.findings.map((f) => f.code)).toContain('link-broken');
    const ok = definePopulation(ws, 'sign-ins', { streams: ['auth'] });
    expect(ok.integrity).toBe('verified');
    ws.close();
  });
});

describe('sampling sessions', () => {
  let ws: Workspace;
  let id: number;
  beforeAll(async () => {
    ws = await engagement('session');
    const p = definePopulation(ws, 'ePHI record reads', phiReads, 'a.auditor');
    id = createSession(ws, sessionInput(p.id)).id;
  });

  it('plans 59 items (95% confidence, 5% tolerable, none expected) and covers every month', () => {
    const v = sessionView(ws, id);
    expect(v.plan.computedSize).toBe(59);
    expect(v.items).toHaveLength(59);
    const months = new Set(v.items.map((i) => i.stratum));
    expect([...months].sort()).toEqual(['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06']);
    for (const it of v.items) {
      expect(it.event.action).toBe('record.read');
      expect(it.stratum).toBe(it.event.ts.slice(0, 7));
    }
    expect(new Set(v.items.map((i) => i.populationIndex)).size).toBe(59);
  });

  it('derives the seed from the verified chain heads and the auditor value, as documented', () => {
    const v = sessionView(ws, id);
    const head = v.population.streams[0]!.chainHead!;
    expect(head).toBe(bundle.manifest.streams.find((s) => s.id === 'phi-access')!.chain.head);
    expect(v.seedMaterial).toBe(`${head}\nkickoff 2026-07-06, dice 4-1-6`);
    expect(v.seed).toBe(createHash('sha256').update(v.seedMaterial).digest('hex'));
  });

  it('draws the same items in another workspace from the same bundle and inputs (re-performance)', async () => {
    const other = await engagement('session-again');
    const p = definePopulation(other, 'reads', phiReads);
    const again = createSession(other, sessionInput(p.id));
    const v = sessionView(ws, id);
    expect(again.seed).toBe(v.seed);
    expect(again.items.map((i) => [i.populationIndex, i.event.seq])).toEqual(v.items.map((i) => [i.populationIndex, i.event.seq]));
    const different = createSession(other, { ...sessionInput(p.id), auditorValue: 'another value' });
    expect(different.items.map((i) => i.populationIndex)).not.toEqual(v.items.map((i) => i.populationIndex));
    other.close();
  });

  it('records results, evaluates per attribute, and enforces the sign-off rules', () => {
    let v = sessionView(ws, id);
    const [a1, a2, a3] = v.attributes;
    for (const it of v.items) {
      recordResult(ws, it.id, a1!.id, it.position <= 2 ? 'deviation' : 'pass', 'a.auditor');
      recordResult(ws, it.id, a2!.id, 'pass', 'a.auditor');
    }
    updateItem(
      ws,
      v.items[0]!.id,
      { tickmarks: ['X'], notes: 'Purpose field empty; raised with client', evidence: ['evidence/access-review-2026Q1.csv'] },
      'a.auditor',
    );
    expect(() => signOff(ws, id, 'preparer', 'A. Auditor')).toThrow(/59 untested results/);
    for (const it of v.items) recordResult(ws, it.id, a3!.id, it.position === 5 ? 'na' : 'pass', 'a.auditor');
    v = sessionView(ws, id);
    const e1 = v.evaluation.find((e) => e.attributeId === a1!.id)!;
    expect([e1.tested, e1.deviations]).toEqual([59, 2]);
    expect(e1.evaluation!.conclusion).toBe('does-not-support');
    expect(e1.evaluation!.upperDeviationLimit).toBeGreaterThan(0.05);
    const e2 = v.evaluation.find((e) => e.attributeId === a2!.id)!;
    expect(e2.evaluation!.conclusion).toBe('supports-reliance');
    expect(e2.evaluation!.upperDeviationLimit).toBeCloseTo(1 - 0.05 ** (1 / 59), 9); // 4.95%: 1 − 0.05^(1/59)
    const e3 = v.evaluation.find((e) => e.attributeId === a3!.id)!;
    expect([e3.tested, e3.notApplicable]).toEqual([58, 1]);
    // stratified by month: every stratum evaluated on its own, the strata adding up to the whole (#13 item 3)
    const st = e1.stratified!;
    expect(st.strata.map((h) => h.label)).toEqual(['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06']);
    expect(st.strata.reduce((n, h) => n + h.tested, 0)).toBe(59);
    expect(st.strata.reduce((n, h) => n + h.populationSize, 0)).toBe(v.population.size);
    expect(st.strata.reduce((n, h) => n + h.deviations, 0)).toBe(2);
    expect(e1.evaluation).toEqual(st.overall);
    expect(st.chargedDeviations).toBeGreaterThanOrEqual(2);
    expect(e3.stratified!.strata.reduce((n, h) => n + h.notApplicable, 0)).toBe(1);

    expect(v.items[0]!.notes).toMatch(/Purpose field empty/);

    signOff(ws, id, 'preparer', 'A. Auditor');
    expect(() => recordResult(ws, v.items[3]!.id, a1!.id, 'deviation')).toThrow(SessionError);
    expect(() => signOff(ws, id, 'reviewer', 'A. Auditor')).toThrow(/someone other than the preparer/);
    const reviewed = signOff(ws, id, 'reviewer', 'R. Reviewer');
    expect(reviewed.status).toBe('reviewed');
    expect(reviewed.reviewer!.name).toBe('R. Reviewer');
    expect(() => reopenSession(ws, id, '  ')).toThrow(/needs a reason/);
    const reopened = reopenSession(ws, id, 'Client supplied purpose codes for items 1-2', 'a.auditor');
    expect(reopened.status).toBe('open');
    expect(reopened.preparer).toBeNull();
    recordResult(ws, v.items[0]!.id, a1!.id, 'pass', 'a.auditor');
    const actions = activityEntries(ws).map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'pin-key',
        'import',
        'verify',
        'define-population',
        'draw-sample',
        'record-result',
        'annotate-item',
        'sign-off-preparer',
        'sign-off-reviewer',
        'reopen',
      ]),
    );
    expect(reopened.activity.some((a) => a.action === 'reopen' && a.details.reason === 'Client supplied purpose codes for items 1-2')).toBe(true);
  });

  it("puts each stratum's evaluation, how the overall conclusion is reached and the allocation in the workpaper", async () => {
    const v = sessionView(ws, id);
    const file = path.join(tmp, 'stratified.xlsx');
    await writeWorkpaper(v, file);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const texts: string[] = [];
    wb.getWorksheet('Evaluation')!.eachRow((r) => r.eachCell((c) => texts.push(String(c.value ?? ''))));
    const all = texts.join('\n');
    expect(all).toMatch(/Evaluation by stratum — Purpose recorded/);
    expect(all).toMatch(/How the overall conclusion is reached: Each of the 6 strata is evaluated on its own/);
    expect(all).toContain('at least one per stratum, the rest proportional (largest remainder)');
    for (const h of v.evaluation[0]!.stratified!.strata) expect(texts).toContain(h.label);
    // the evidence behind each result: every sampled record's members and its original line (#13 item 6)
    const records = wb.getWorksheet('Sampled records')!;
    const rows = new Map<number, { members: string; line: string; sha: string }>();
    records.eachRow((r, n) => {
      if (n > 4)
        rows.set(Number(r.getCell(1).value), {
          members: String(r.getCell(6).value),
          line: String(r.getCell(7).value),
          sha: String(r.getCell(8).value),
        });
    });
    expect(rows.size).toBe(v.items.length);
    for (const it of v.items) {
      const got = rows.get(it.position)!;
      expect(got.line).toBe(it.event.raw);
      expect(got.sha).toBe(createHash('sha256').update(it.event.raw).digest('hex'));
      const rec = JSON.parse(it.event.raw) as Record<string, unknown>;
      expect(got.members).toContain(`action = ${rec.action as string}`);
      if (typeof rec.mfa === 'boolean') expect(got.members).toContain(`mfa = ${rec.mfa}`);
    }
  });

  it('keeps a hash-chained activity log whose first altered entry is named', () => {
    const ok = verifyActivityLog(ws);
    expect(ok.ok).toBe(true);
    expect(ok.head).toBe(sessionView(ws, id).activityHead.hash);
    const target = activityEntries(ws).find((e) => e.action === 'draw-sample')!;
    ws.db.prepare('UPDATE activity_log SET actor = ? WHERE seq = ?').run('someone.else', target.seq);
    const bad = verifyActivityLog(ws);
    expect(bad.ok).toBe(false);
    expect(bad.firstBreak).toEqual({ seq: target.seq, problem: expect.stringMatching(/altered/) });
    ws.db.prepare('UPDATE activity_log SET actor = ? WHERE seq = ?').run(target.actor, target.seq);
    ws.db.prepare('DELETE FROM activity_log WHERE seq = ?').run(target.seq + 1);
    expect(verifyActivityLog(ws).firstBreak?.seq).toBe(target.seq + 2);
  });

  it('records an override of the size with its reason, and refuses one without', async () => {
    const w2 = await engagement('override');
    const p = definePopulation(w2, 'reads', phiReads);
    expect(() => createSession(w2, { ...sessionInput(p.id), override: { size: 25, reason: ' ' } })).toThrow();
    const v = createSession(w2, {
      ...sessionInput(p.id),
      selection: { method: 'simple-random' },
      override: { size: 25, reason: 'Control operated by an automated, tested configuration' },
    });
    expect(v.items).toHaveLength(25);
    expect(v.plan.computedSize).toBe(59);
    expect(v.plan.override).toMatchObject({ size: 25, reason: 'Control operated by an automated, tested configuration', by: 'a.auditor' });
    const sys = createSession(w2, { ...sessionInput(p.id), name: 'systematic', selection: { method: 'systematic' } });
    const idx = sys.items.map((i) => i.populationIndex);
    expect(idx).toEqual([...idx].sort((a, b) => a - b));
    w2.close();
  });
});

describe('a census (#13 item 1)', () => {
  it('draws every member when the plan is at least the population, and judges it without sampling risk', async () => {
    const ws = await engagement('census');
    const ts = (
      ws.db.prepare("SELECT ts FROM events WHERE category = 'phi_access' AND action = 'record.read' ORDER BY ts_ms LIMIT 1 OFFSET 51").get() as {
        ts: string;
      }
    ).ts;
    const p = definePopulation(ws, 'early reads', { ...phiReads, to: ts }, 'a.auditor');
    expect(p.size).toBe(51);
    const s = createSession(ws, { ...sessionInput(p.id), selection: { method: 'simple-random' } });
    expect(s.items).toHaveLength(51);
    const [a1, a2, a3] = s.attributes;
    for (const it of s.items) {
      recordResult(ws, it.id, a1!.id, 'pass', 'a.auditor');
      recordResult(ws, it.id, a2!.id, it.position <= 3 ? 'deviation' : 'pass', 'a.auditor');
      recordResult(ws, it.id, a3!.id, it.position === 1 ? 'na' : 'pass', 'a.auditor');
    }
    const v = sessionView(ws, s.id);
    const [e1, e2, e3] = v.evaluation;
    // all 51 pass: supports reliance (the binomial bound, 5.7 %, would have said it does not)
    expect([e1!.evaluation!.method, e1!.evaluation!.conclusion, e1!.evaluation!.allowanceForSamplingRisk]).toEqual([
      'census',
      'supports-reliance',
      0,
    ]);
    // 3 of 51 reach the tolerable count ⌈5 % × 51⌉ = 3
    expect([e2!.evaluation!.conclusion, e2!.evaluation!.tolerableDeviations]).toEqual(['does-not-support', 3]);
    // an item the attribute does not apply to leaves the census population
    expect([e3!.evaluation!.method, e3!.evaluation!.populationSize, e3!.evaluation!.conclusion]).toEqual(['census', 50, 'supports-reliance']);
    ws.close();
  });
});

describe('completeness findings travel with the population (#13 item 5)', () => {
  it('a verified stream with a logging outage shows it in the population, the session and the workpaper', async () => {
    const gappy = await generateBundle({
      out: path.join(tmp, 'outage'),
      events: 3000,
      seed: 'outage',
      outage: { stream: 'phi-access', from: 0.4, to: 0.6 },
    });
    const ws = await engagement('outage', gappy);
    const p = definePopulation(ws, 'reads', phiReads, 'a.auditor');
    const phi = p.streams.find((s) => s.stream === 'phi-access')!;
    expect(phi.verdict).toBe('verified'); // the chain holds: integrity alone would show green
    const outage = phi.completeness.find((n) => n.code === 'silent-interval')!;
    expect(outage.count).toBeGreaterThan(0);
    expect(outage.spans).toHaveLength(outage.count);
    expect(outage.spannedMs).toBeGreaterThan(20 * 24 * 3600 * 1000); // a fifth of a 181-day window
    const v = createSession(ws, sessionInput(p.id));
    const file = path.join(tmp, 'outage.xlsx');
    await writeWorkpaper(v, file);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const textOf = (sheet: string): string => {
      const out: string[] = [];
      wb.getWorksheet(sheet)!.eachRow((r) => r.eachCell((c) => out.push(String(c.value ?? ''))));
      return out.join('\n');
    };
    expect(textOf('Cover')).toMatch(
      /Population completeness[\s\S]*"phi-access" \(bundle 1\): \d+ possible logging outages? \(silent intervals?\) over \d+ d/,
    );
    const pop = textOf('Population & integrity');
    expect(pop).toContain('silent-interval');
    expect(pop).toContain(`${outage.spans[0]!.from} – ${outage.spans[0]!.to}`);
    ws.close();
  });
});
