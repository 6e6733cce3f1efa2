// The Analytics screen's contract (shared/api.ts, electron/engine/service/analytics-handlers.ts) on the real
// engine over the planted sample engagement (#16 item 5): the built-in packs, a run with its rules and counts
// (equal to the planted answers per rule), a rule's exceptions paged, one exception with its references
// resolved (the verified event and its raw line, the evidence row under the file's own headers, the week),
// dispositions with their rules and activity-log entries, a disposition following its exception into the
// next run, and a rule's exceptions made into a population that a sample is then drawn from.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EngineService } from '../../electron/engine/api-service';
import { Workspace, importBundle, pinKey } from '../../electron/engine/index';
import { generateBundle, type GeneratedBundle } from '../../electron/engine/fixtures/generate';
import { activityEntries } from '../../electron/engine/activity';
import { isStreamRef } from '../../shared/analytics';
import type { AnalyticsRunView, ExceptionDetail } from '../../shared/analytics-view';
import type { ApiArg, ApiMethod, ApiResult } from '../../shared/api';

let tmp: string;
let g: GeneratedBundle;
let file: string;
let service: EngineService;
const call = <M extends ApiMethod>(m: M, arg: ApiArg<M>): Promise<ApiResult<M>> => service.call(m, arg);

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'tickmark-analytics-api-'));
  g = await generateBundle({ out: path.join(tmp, 'sample'), events: 3000, seed: 'tickmark-sample', planted: true });
  file = path.join(tmp, 'sample.tickmark');
  const ws = Workspace.open(file, { create: true });
  try {
    pinKey(ws, g.vendorKey, 'sample vendor key', 'a.auditor');
    await importBundle(ws, g.dir, { actor: 'a.auditor', verify: {} });
  } finally {
    ws.close();
  }
  const keyFile = path.join(tmp, 'key.txt');
  writeFileSync(keyFile, `${g.vendorKey}\n`);
  service = new EngineService({ sampleBundle: g.dir, sampleKeyFile: keyFile, dataDir: path.join(tmp, 'data'), actor: 'j.doe' });
  await call('openWorkspace', { path: file });
}, 120_000);

afterAll(() => {
  service?.close();
  rmSync(tmp, { recursive: true, force: true });
});

const planted = (rule: string) => g.planted!.findings.filter((f) => f.rule === rule);

describe('analytics through the UI contract', () => {
  let view: AnalyticsRunView;

  it('lists the built-in packs, and no run before the first', async () => {
    const packs = await call('rulePacks', undefined);
    expect(packs.map((p) => p.id)).toContain('soc2-healthcare');
    expect(packs.find((p) => p.id === 'soc2-healthcare')!.rules).toBeGreaterThanOrEqual(10);
    expect(await call('analyticsRun', {})).toBeNull();
  });

  it('refuses a pack that is not built in, and a path, before reading anything', async () => {
    await expect(call('runRulePack', { pack: '../../etc/passwd' })).rejects.toThrow(
      /Invalid request runRulePack: pack must be the id of a built-in rule pack/,
    );
    await expect(call('runRulePack', { pack: 'no-such-pack' })).rejects.toThrow(/no built-in rule pack "no-such-pack"/);
    expect(await call('analyticsRun', {})).toBeNull();
  });

  it('runs soc2-healthcare: every rule with the planted count, info apart, the scope stated', async () => {
    view = await call('runRulePack', { pack: 'soc2-healthcare' });
    expect(view.run.pack.id).toBe('soc2-healthcare');
    expect(view.eventsInScope).toBe(g.manifest.streams.reduce((n, s) => n + s.event_count, 0));
    expect(view.excludedBundles).toEqual([]);
    expect(view.window).not.toBeNull();
    for (const r of view.rules) {
      expect({ rule: r.rule, count: r.count }).toEqual({ rule: r.rule, count: planted(r.rule).length });
      expect(r.dispositioned).toBe(0);
      expect(r.description).not.toBe('');
    }
    const info = view.rules.filter((r) => r.severity === 'info').map((r) => r.rule);
    expect(info).toEqual(['cc8.1-emergency-change']);
    expect(view.run.exceptions).toBe(g.planted!.findings.filter((f) => f.severity === 'exception').length);
    expect(view.run.info).toBe(planted('cc8.1-emergency-change').length);
    // the latest run is what the screen opens on
    expect((await call('analyticsRun', {}))!.run.runId).toBe(view.run.runId);
  });

  it("pages a rule's exceptions in the run's order", async () => {
    const rule = view.rules.find((r) => r.count >= 2)!;
    const all = await call('analyticsExceptions', { runId: view.run.runId, rule: rule.rule, offset: 0, limit: 5000 });
    expect(all.total).toBe(rule.count);
    expect(all.rows.every((x) => x.rule === rule.rule && x.disposition === null && x.runId === view.run.runId)).toBe(true);
    const second = await call('analyticsExceptions', { runId: view.run.runId, rule: rule.rule, offset: 1, limit: 1 });
    expect(second).toEqual({ rows: [all.rows[1]], total: rule.count, offset: 1 });
  });

  it('resolves an exception: the verified event with its raw line, the roster row under the HR headers', async () => {
    const [x] = (await call('analyticsExceptions', { runId: view.run.runId, rule: 'cc6.3-access-after-termination', offset: 0, limit: 1 })).rows;
    const d = await call('analyticsException', { runId: view.run.runId, key: x!.key });
    expect(d.exception.key).toBe(x!.key);
    expect(d.ruleTitle).not.toBe('');
    const ev = d.refs.find((r) => r.kind === 'event');
    const row = d.refs.find((r) => r.kind === 'evidence');
    if (ev?.kind !== 'event' || row?.kind !== 'evidence') throw new Error('expected an event and an evidence row');
    expect(ev.events).toHaveLength(1);
    const e = ev.events[0]!;
    expect(e.verdict).toBe('verified');
    expect({ stream: e.event.stream, seq: e.event.seq }).toEqual(ev.ref);
    expect(JSON.parse(e.raw)).toMatchObject({ seq: e.event.seq, ts: e.event.ts });
    expect(row.table).toMatchObject({ kind: 'hr_roster', path: 'evidence/hr-roster.csv' });
    expect(row.rowNo).toBe((row.ref as { row: number }).row);
    // the cells under the file's own headers, the values as written in that line of the CSV
    const userId = row.cells!.find((c) => c.column === 'user_id')!;
    expect(userId.header).toBe('Employee ID');
    expect(readFileSync(path.join(g.dir, 'evidence/hr-roster.csv'), 'utf8').split(/\r?\n/)[row.rowNo - 1]).toMatch(new RegExp(`^${userId.value},`));
    expect(row.cells!.find((c) => c.column === 'terminated_on')!.header).toBe('Termination Date');
    // the user of the roster row is the actor of the event (through identity_map when mapped)
    expect(e.event.actorId === userId.value || d.exception.message.includes(userId.value)).toBe(true);
  });

  it('resolves a week reference to its Monday-to-Monday bounds', async () => {
    const rule = view.rules.find((r) => r.rule === 'a1.2-restore-test-missing')!;
    if (rule.count === 0) return;
    const [x] = (await call('analyticsExceptions', { runId: view.run.runId, rule: rule.rule, offset: 0, limit: 1 })).rows;
    const d = await call('analyticsException', { runId: view.run.runId, key: x!.key });
    const p = d.refs[0]!;
    if (p.kind !== 'period') throw new Error('expected a week');
    expect(new Date(p.start).getUTCDay()).toBe(1);
    expect(Date.parse(p.end) - Date.parse(p.start)).toBe(7 * 86_400_000);
  });

  it('records dispositions, refusing a missing note or reason, each in the activity log', async () => {
    const rows = (await call('analyticsExceptions', { runId: view.run.runId, rule: 'cc6.2-privileged-without-mfa', offset: 0, limit: 10 })).rows;
    expect(rows.length).toBeGreaterThanOrEqual(1);
    const key = rows[0]!.key;
    const runId = view.run.runId;
    await expect(call('disposeException', { runId, key, kind: 'explained', note: '  ' })).rejects.toThrow(/needs a note/);
    await expect(call('disposeException', { runId, key, kind: 'false_positive', note: '' })).rejects.toThrow(/reason/);
    await expect(call('disposeException', { runId, key, kind: 'bogus' as 'explained', note: 'x' })).rejects.toThrow(/Invalid request/);
    await expect(call('disposeException', { runId, key: 'f'.repeat(64), kind: 'confirmed_deviation', note: '' })).rejects.toThrow(
      /no exception with key/,
    );

    const first = await call('disposeException', { runId, key, kind: 'confirmed_deviation', note: '' });
    expect(first.exception.disposition).toMatchObject({ kind: 'confirmed_deviation', by: 'j.doe' });
    const second: ExceptionDetail = await call('disposeException', { runId, key, kind: 'explained', note: 'Break-glass login, ticket INC-4411' });
    expect(second.exception.disposition).toMatchObject({ kind: 'explained', note: 'Break-glass login, ticket INC-4411', by: 'j.doe' });
    expect(second.history.map((h) => h.kind)).toEqual(['confirmed_deviation', 'explained']);
    expect(second.activity.map((a) => a.kind)).toEqual(['confirmed_deviation', 'explained']);

    // the activity log itself, read from the workspace file
    const ws = Workspace.open(file);
    try {
      const entries = activityEntries(ws).filter((e) => e.action === 'dispose-exception' && e.details.key === key);
      expect(entries.map((e) => [e.seq, e.actor, e.details.kind, e.details.note])).toEqual(
        second.activity.map((a) => [a.seq, 'j.doe', a.kind, a.note]),
      );
    } finally {
      ws.close();
    }
    const listed = (await call('analyticsRun', { runId }))!.rules.find((r) => r.rule === 'cc6.2-privileged-without-mfa')!;
    expect(listed.dispositioned).toBe(1);
  });

  it('keeps a disposition with its exception in the next run', async () => {
    const before = (await call('analyticsExceptions', { runId: view.run.runId, rule: 'cc6.2-privileged-without-mfa', offset: 0, limit: 10 })).rows;
    const again = await call('runRulePack', { pack: 'soc2-healthcare' });
    expect(again.run.runId).toBeGreaterThan(view.run.runId);
    expect(again.runs.map((r) => r.runId)).toEqual([again.run.runId, view.run.runId]);
    const after = (await call('analyticsExceptions', { runId: again.run.runId, rule: 'cc6.2-privileged-without-mfa', offset: 0, limit: 10 })).rows;
    expect(after.map((x) => [x.key, x.disposition?.kind ?? null])).toEqual(before.map((x) => [x.key, x.disposition?.kind ?? null]));
    expect(after[0]!.disposition?.kind).toBe('explained');
  });

  it("makes a population of a rule's referenced events, and a sample is drawn from it", async () => {
    const runId = view.run.runId;
    const rows = (await call('analyticsExceptions', { runId, rule: 'cc6.2-privileged-without-mfa', offset: 0, limit: 5000 })).rows;
    const refs = new Set(rows.flatMap((x) => x.refs.filter(isStreamRef).map((r) => `${r.stream} ${r.seq}`)));
    const p = await call('populationFromExceptions', { runId, rule: 'cc6.2-privileged-without-mfa', name: 'MFA exceptions follow-up' });
    expect(p.name).toBe('MFA exceptions follow-up');
    expect(p.size).toBe(refs.size);
    expect((await call('populations', undefined)).map((x) => x.id)).toContain(p.id);
    const s = await call('createSession', {
      populationId: p.id,
      name: 'MFA follow-up',
      control: { id: 'CC6.2', description: 'MFA for privileged access', objective: '' },
      attributes: [{ name: 'Break-glass approved' }],
      plan: { confidence: 0.9, tolerableRate: 0.1, expectedRate: 0 },
      selection: { method: 'all' },
      auditorValue: '2026-07-15 JD',
    });
    expect(s.items).toHaveLength(refs.size);
    expect(new Set(s.items.map((i) => `${i.event.stream} ${i.event.seq}`))).toEqual(refs);
    await expect(call('populationFromExceptions', { runId, rule: 'cc6.2-privileged-without-mfa', name: 'MFA exceptions follow-up' })).rejects.toThrow(
      /already exists/,
    );
  });
});
