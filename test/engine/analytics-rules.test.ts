// Control analytics (#16 items 2 and 3): every rule of soc2-healthcare at its boundaries, over a real bundle
// imported and verified through the engine, with evidence rows placed relative to the bundle's own events
// (so "exactly 24 h" is exact to the millisecond). Also: scope, refused packs and SQL, dispositions in the
// activity log, exception list → population, the CLI and the committed JSON Schema.
import { beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateBundle, importBundle, pinKey, Workspace } from '../../electron/engine/index';
import {
  AnalyticsError,
  RulePackError,
  disposeException,
  dispositionHistory,
  listExceptions,
  loadRulePack,
  parseRulePack,
  populationFromExceptions,
  refRecord,
  rulePackJsonSchema,
  runRulePack,
  type LoadedRulePack,
} from '../../electron/engine/analytics/index';
import { activityEntries } from '../../electron/engine/activity';
import { main } from '../../electron/cli/main';
import type { AnalyticsRunReport, RuleRef } from '../../shared/analytics';
import { insertEvidenceRowsDirectly } from '../helpers/analytics-evidence';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'tickmark-analytics-'));
const H = 3_600_000;
const DAY = 24 * H;
let bundle: Awaited<ReturnType<typeof generateBundle>>;
let n = 0;

beforeAll(async () => {
  bundle = await generateBundle({ out: path.join(tmp, 'bundle'), events: 900, seed: 'analytics-rules' });
});

interface Ev {
  id: number;
  stream: string;
  seq: number;
  ts_ms: number;
  category: string;
  action: string;
  actor_id: string;
  actor_type: string;
  raw: string;
}

/** A workspace holding the bundle, verified (in scope) unless told otherwise. */
async function workspace(verify = true): Promise<Workspace> {
  const ws = Workspace.open(path.join(tmp, `ws-${++n}.tickmark`), { create: true });
  pinKey(ws, bundle.vendorKey);
  await importBundle(ws, bundle.dir, verify ? { verify: {} } : {});
  const w = bundle.manifest.audit_window;
  ws.setEngagement({ name: 'analytics', client: '', system: '', framework: 'SOC 2', windowStart: w.start, windowEnd: w.end });
  return ws;
}

function events(ws: Workspace, where = '1', ...params: (string | number)[]): Ev[] {
  return ws.db
    .prepare(
      `SELECT e.id, s.stream_key AS stream, e.seq, e.ts_ms, e.category, e.action, e.actor_id, e.actor_type, e.raw
       FROM events e JOIN streams s ON s.id = e.stream_id WHERE ${where} ORDER BY e.ts_ms, s.stream_key, e.seq`,
    )
    .all(...params) as Ev[];
}

const iso = (ms: number): string => new Date(ms).toISOString();
const ref = (e: Ev): RuleRef => ({ stream: e.stream, seq: e.seq });
const pack = (): LoadedRulePack => loadRulePack('soc2-healthcare');

/** The pack with one rule's parameters changed (the pack object only; the text and hash stay the file's). */
function withParams(rule: string, params: Record<string, number>): LoadedRulePack {
  const p = pack();
  return { ...p, pack: { ...p.pack, rules: p.pack.rules.map((r) => (r.id === rule ? { ...r, parameters: { ...r.parameters, ...params } } : r)) } };
}

function of(r: AnalyticsRunReport, rule: string) {
  return r.exceptions.filter((x) => x.rule === rule);
}

/** Every user actor of the bundle, with a roster row each (active, not privileged). */
function rosterOf(
  ws: Workspace,
  except: string[] = [],
): { user_id: string; user_name: string; hired_on: string; terminated_on: string; privileged?: boolean }[] {
  const actors = (ws.db.prepare("SELECT DISTINCT actor_id FROM events WHERE actor_type = 'user' ORDER BY actor_id").all() as { actor_id: string }[])
    .map((r) => r.actor_id)
    .filter((a) => !except.includes(a));
  return actors.map((a) => ({ user_id: a, user_name: a, hired_on: '2020-01-01', terminated_on: '' }));
}

describe('cc6.3-access-after-termination', () => {
  it('exactly 24 h after termination is not an exception, 24 h + 1 s is; a date counts from the end of its day; identity_map applies', async () => {
    const ws = await workspace();
    const users = [...new Set(events(ws, "e.actor_type = 'user'").map((e) => e.actor_id))];
    const lastOf = (a: string): Ev => events(ws, 'e.actor_id = ?', a).at(-1)!;
    const [exact, over, byDate, mapped] = users;
    const roster = rosterOf(ws);
    const set = (u: string, terminated: string): void => {
      roster.find((r) => r.user_id === u)!.terminated_on = terminated;
    };
    // exact: terminated 24 h before the user's last event (that event is then at the cutoff, not after it)
    set(exact!, iso(lastOf(exact!).ts_ms - DAY));
    set(over!, iso(lastOf(over!).ts_ms - DAY - 1000));
    // a date: the last event's day minus two days, so the cutoff (end of that day + 24 h) is before the event
    const dateOf = (ms: number): string => iso(ms).slice(0, 10);
    set(byDate!, dateOf(lastOf(byDate!).ts_ms - 2 * DAY));
    // the roster names "jane.doe", whose actor id in the log is `mapped` (identity_map)
    roster.find((r) => r.user_id === mapped)!.user_id = 'jane.doe';
    roster.find((r) => r.user_id === 'jane.doe')!.terminated_on = iso(lastOf(mapped!).ts_ms - DAY - 1);
    insertEvidenceRowsDirectly(ws, 'hr_roster', 'evidence/hr-roster.csv', roster);
    insertEvidenceRowsDirectly(ws, 'identity_map', 'evidence/identity-map.csv', [{ user_id: 'jane.doe', actor_id: mapped! }]);

    const r = runRulePack(ws, pack(), { actor: 'tester' });
    const got = of(r, 'cc6.3-access-after-termination');
    const rowOf = (u: string): number => roster.findIndex((x) => x.user_id === u) + 2;
    const firstAfter = (actor: string, cutoff: number): Ev => events(ws, 'e.actor_id = ? AND e.ts_ms > ?', actor, cutoff)[0]!;
    const expected = [
      { user: over!, refs: [ref(firstAfter(over!, lastOf(over!).ts_ms - 1000)), { evidence: 'evidence/hr-roster.csv', row: rowOf(over!) }] },
      {
        user: byDate!,
        refs: [
          ref(firstAfter(byDate!, Date.parse(`${dateOf(lastOf(byDate!).ts_ms - 2 * DAY)}T00:00:00Z`) + 2 * DAY)),
          { evidence: 'evidence/hr-roster.csv', row: rowOf(byDate!) },
        ],
      },
      {
        user: 'jane.doe',
        refs: [ref(firstAfter(mapped!, lastOf(mapped!).ts_ms - 1)), { evidence: 'evidence/hr-roster.csv', row: rowOf('jane.doe') }],
      },
    ].sort((a, b) => (a.user < b.user ? -1 : 1));
    expect(got.map((x) => x.refs)).toEqual(expected.map((x) => x.refs));
    expect(got.every((x) => x.severity === 'exception' && x.criteria.includes('CC6.3'))).toBe(true);
    expect(got.some((x) => x.message.startsWith(exact!))).toBe(false);
    ws.close();
  });
});

describe('cc6.3-revoke-not-actioned', () => {
  it('a revoke with an event more than 7 days after the review; exactly 7 days is not; retain never is', async () => {
    const ws = await workspace();
    const users = [...new Set(events(ws, "e.actor_type = 'user'").map((e) => e.actor_id))];
    const lastOf = (a: string): Ev => events(ws, 'e.actor_id = ?', a).at(-1)!;
    const [exact, over, retained] = users;
    const rows = [
      { user_id: exact!, role: 'clinician', reviewer: 'cio', decision: 'revoke', reviewed_on: iso(lastOf(exact!).ts_ms - 7 * DAY) },
      { user_id: over!, role: 'clinician', reviewer: 'cio', decision: 'revoke', reviewed_on: iso(lastOf(over!).ts_ms - 7 * DAY - 1000) },
      { user_id: retained!, role: 'clinician', reviewer: 'cio', decision: 'retain', reviewed_on: '2026-01-02' },
    ];
    insertEvidenceRowsDirectly(ws, 'access_review', 'evidence/access-review-2026Q1.csv', rows);
    const r = runRulePack(ws, pack());
    const got = of(r, 'cc6.3-revoke-not-actioned');
    const first = events(ws, 'e.actor_id = ? AND e.ts_ms > ?', over!, lastOf(over!).ts_ms - 1000)[0]!;
    expect(got.map((x) => x.refs)).toEqual([[{ evidence: 'evidence/access-review-2026Q1.csv', row: 3 }, ref(first)]]);
    ws.close();
  });
});

describe('cc6.1-actor-not-in-roster', () => {
  it('one exception per user actor missing from the roster, with its first event; mapped actors and non-user actors are not', async () => {
    const ws = await workspace();
    const users = [...new Set(events(ws, "e.actor_type = 'user'").map((e) => e.actor_id))].sort();
    const [missing, mapped] = users;
    const roster = rosterOf(ws, [missing!, mapped!]);
    roster.push({ user_id: 'm.user', user_name: 'Mapped', hired_on: '2020-01-01', terminated_on: '' });
    insertEvidenceRowsDirectly(ws, 'hr_roster', 'evidence/hr-roster.csv', roster);
    insertEvidenceRowsDirectly(ws, 'identity_map', 'evidence/identity-map.csv', [{ user_id: 'm.user', actor_id: mapped! }]);
    const r = runRulePack(ws, pack());
    const got = of(r, 'cc6.1-actor-not-in-roster');
    const first = events(ws, "e.actor_id = ? AND e.actor_type = 'user'", missing!)[0]!;
    expect(got.map((x) => x.refs)).toEqual([[ref(first)]]);
    // service and vendor actors exist in the bundle and are not in the roster, and are not exceptions
    expect(events(ws, "e.actor_type <> 'user'").length).toBeGreaterThan(0);
    ws.close();
  });
});

describe('cc6.2-privileged-without-mfa', () => {
  it('every auth login of a privileged user whose MFA (mfa, else details.mfa) is false or absent, one per event', async () => {
    const ws = await workspace();
    const roster = rosterOf(ws);
    const privileged = roster.slice(0, 3).map((r) => r.user_id);
    for (const r of roster) r.privileged = privileged.includes(r.user_id);
    insertEvidenceRowsDirectly(ws, 'hr_roster', 'evidence/hr-roster.csv', roster);
    const r = runRulePack(ws, pack());
    // the expected set, read from the raw lines
    const expected = events(ws, "e.category = 'auth' AND e.action = 'login'")
      .filter((e) => privileged.includes(e.actor_id))
      .filter((e) => {
        const line = JSON.parse(e.raw) as { mfa?: unknown; details?: { mfa?: unknown } };
        const mfa = line.mfa ?? line.details?.mfa;
        return mfa !== true;
      })
      .map((e) => [ref(e)]);
    expect(expected.length).toBeGreaterThan(0);
    expect(of(r, 'cc6.2-privileged-without-mfa').map((x) => x.refs)).toEqual(expected);
    ws.close();
  });
});

describe('cc8.1 change management', () => {
  it('self-approval (through identity_map), approval after the change, emergency changes as info, no approval at all', async () => {
    const ws = await workspace();
    const base = { change_type: 'PIPELINE', change_desc: 'x' };
    const rows = [
      /* 2 */ {
        ...base,
        change_id: 'C1',
        change_ts: '2026-02-01T10:00:00Z',
        changed_by: 'ann',
        approved_by: 'ann',
        approved_ts: '2026-02-01T09:00:00Z',
      },
      /* 3 */ {
        ...base,
        change_id: 'C2',
        change_ts: '2026-02-01T10:00:00Z',
        changed_by: 'ann',
        approved_by: 'okta-ann',
        approved_ts: '2026-02-01T09:00:00Z',
      },
      /* 4 */ {
        ...base,
        change_id: 'C3',
        change_ts: '2026-02-01T10:00:00Z',
        changed_by: 'ann',
        approved_by: 'bob',
        approved_ts: '2026-02-01T10:00:01Z',
      },
      /* 5 */ {
        ...base,
        change_id: 'C4',
        change_ts: '2026-02-01T10:00:00Z',
        changed_by: 'ann',
        approved_by: 'bob',
        approved_ts: '2026-02-01T10:00:00Z',
      },
      /* 6 */ { ...base, change_id: 'C5', change_ts: '2026-02-01T10:00:00Z', changed_by: 'ann', approved_by: 'bob', approved_ts: '2026-02-01' },
      /* 7 */ {
        ...base,
        change_id: 'C6',
        change_ts: '2026-02-01T10:00:00Z',
        changed_by: 'ann',
        approved_by: 'bob',
        approved_ts: '2026-02-02',
        emergency: 1,
      },
      /* 8 */ { ...base, change_id: 'C7', change_ts: '2026-02-01T10:00:00Z', changed_by: 'ann', approved_by: '', approved_ts: '' },
      /* 9 */ { ...base, change_id: 'C8', change_ts: '2026-02-01T10:00:00Z', changed_by: 'ann', approved_by: '', approved_ts: '', emergency: 1 },
      /* 10 */ {
        ...base,
        change_id: 'C9',
        change_ts: '2026-02-01T10:00:00Z',
        changed_by: 'ann',
        approved_by: 'bob',
        approved_ts: '2026-02-01T09:59:59Z',
      },
    ];
    insertEvidenceRowsDirectly(ws, 'change_log', 'evidence/change-log.csv', rows);
    insertEvidenceRowsDirectly(ws, 'identity_map', 'evidence/identity-map.csv', [{ user_id: 'ann', actor_id: 'okta-ann' }]);
    const r = runRulePack(ws, pack());
    const rowsOf = (rule: string): number[] => of(r, rule).map((x) => (x.refs[0] as { row: number }).row);
    expect(rowsOf('cc8.1-self-approved-change')).toEqual([2, 3]);
    // C3 approved a second after; C7 and C8 never approved; C4 (same instant), C5 (same day as a date) and C9 not
    expect(rowsOf('cc8.1-change-before-approval')).toEqual([4, 8, 9]);
    expect(rowsOf('cc8.1-emergency-change')).toEqual([7]);
    expect(of(r, 'cc8.1-emergency-change')[0]!.severity).toBe('info');
    expect(r.totals.info).toBe(1);
    ws.close();
  });

  it('cc8.1-change-without-event: an admin or config_change event within ±1 h inclusive; PIPELINE changes are not tested', async () => {
    const ws = await workspace();
    const admin = events(ws, "e.category IN ('admin', 'config_change')");
    // an admin/config event with no other within 3 h either side
    const lone = admin.find(
      (e, i) => (i === 0 || e.ts_ms - admin[i - 1]!.ts_ms > 3 * H) && (i === admin.length - 1 || admin[i + 1]!.ts_ms - e.ts_ms > 3 * H),
    )!;
    expect(lone).toBeDefined();
    const row = (id: string, ms: number, type = 'DDL') => ({
      change_id: id,
      change_ts: iso(ms),
      changed_by: 'ann',
      approved_by: 'bob',
      change_type: type,
      change_desc: 'x',
    });
    insertEvidenceRowsDirectly(ws, 'change_log', 'evidence/change-log.csv', [
      /* 2 */ row('after', lone.ts_ms + H),
      /* 3 */ row('before', lone.ts_ms - H),
      /* 4 */ row('late', lone.ts_ms + H + 1),
      /* 5 */ row('early', lone.ts_ms - H - 1, 'ACCESS'),
      /* 6 */ row('pipeline', lone.ts_ms + 2 * H, 'PIPELINE'),
      /* 7 */ row('infra', lone.ts_ms, 'INFRASTRUCTURE'),
    ]);
    const r = runRulePack(ws, pack());
    expect(of(r, 'cc8.1-change-without-event').map((x) => x.refs)).toEqual([
      [{ evidence: 'evidence/change-log.csv', row: 4 }],
      [{ evidence: 'evidence/change-log.csv', row: 5 }],
    ]);
    ws.close();
  });
});

describe('a1.2-restore-test-missing', () => {
  it('each ISO week of the window, partial edge weeks included, needs a passing restore test; a failed one does not count', () => {
    const ws = Workspace.open(path.join(tmp, `ws-${++n}.tickmark`), { create: true });
    // Thursday 1 January to Tuesday 20 January 2026: weeks W01 (from Mon 29 Dec) to W04 (to Sun 25 Jan)
    ws.setEngagement({
      name: 'w',
      client: '',
      system: '',
      framework: 'SOC 2',
      windowStart: '2026-01-01T00:00:00Z',
      windowEnd: '2026-01-20T12:00:00Z',
    });
    insertEvidenceRowsDirectly(ws, 'restore_test', 'evidence/restore-tests.csv', [
      { test_id: 'R1', performed_on: '2025-12-29', system: 'db', result: 'pass' }, // W01, before the window: its week counts
      { test_id: 'R2', performed_on: '2026-01-06', system: 'db', result: 'fail' }, // W02: only a failed test
      { test_id: 'R3', performed_on: '2026-01-18T23:59:59Z', system: 'db', result: 'pass' }, // W03, its last second
      { test_id: 'R4', performed_on: '2026-01-26', system: 'db', result: 'pass' }, // W05, outside the window's weeks
    ]);
    const r = runRulePack(ws, pack());
    expect(of(r, 'a1.2-restore-test-missing').map((x) => x.refs)).toEqual([[{ period: '2026-W02' }], [{ period: '2026-W04' }]]);
    // no bundle: the event rules run over nothing, the rules whose evidence is missing are not performed
    expect(r.data.eventsInScope).toBe(0);
    expect(r.rules.filter((x) => x.status === 'not-performed').map((x) => x.rule)).toEqual([
      'cc6.3-access-after-termination',
      'cc6.3-revoke-not-actioned',
      'cc6.1-actor-not-in-roster',
      'cc6.2-privileged-without-mfa',
      'cc8.1-self-approved-change',
      'cc8.1-change-before-approval',
      'cc8.1-emergency-change',
      'cc8.1-change-without-event',
    ]);
    ws.close();
  });

  it('ISO week names at year ends (2020-W53, 2025-W01 from Mon 30 Dec 2024)', () => {
    const ws = Workspace.open(path.join(tmp, `ws-${++n}.tickmark`), { create: true });
    ws.setEngagement({
      name: 'w',
      client: '',
      system: '',
      framework: 'SOC 2',
      windowStart: '2020-12-31T00:00:00Z',
      windowEnd: '2021-01-04T00:00:00Z',
    });
    expect(ws.db.prepare('SELECT period FROM audit_weeks').pluck().all()).toEqual(['2020-W53', '2021-W01']);
    ws.setEngagement({
      name: 'w',
      client: '',
      system: '',
      framework: 'SOC 2',
      windowStart: '2024-12-30T00:00:00Z',
      windowEnd: '2024-12-31T00:00:00Z',
    });
    expect(ws.db.prepare('SELECT period FROM audit_weeks').pluck().all()).toEqual(['2025-W01']);
    ws.close();
  });
});

describe('cc7.2-logging-gap', () => {
  it('consecutive events of one stream more than the maximum gap apart; exactly the maximum is not', async () => {
    const ws = await workspace();
    // the gaps, computed here from the events by stream and seq
    const gaps: { stream: string; a: Ev; b: Ev; d: number }[] = [];
    for (const s of bundle.manifest.streams) {
      const list = events(ws, 's.stream_key = ?', s.id).sort((x, y) => x.seq - y.seq);
      for (let i = 1; i < list.length; i++) gaps.push({ stream: s.id, a: list[i - 1]!, b: list[i]!, d: list[i]!.ts_ms - list[i - 1]!.ts_ms });
    }
    const expectFor = (max: number) =>
      gaps
        .filter((g) => g.d > max)
        .sort((x, y) => (x.stream < y.stream ? -1 : x.stream > y.stream ? 1 : x.b.seq - y.b.seq))
        .map((g) => [ref(g.a), ref(g.b)]);
    const daily = runRulePack(ws, pack());
    expect(of(daily, 'cc7.2-logging-gap').map((x) => x.refs)).toEqual(expectFor(DAY));
    const longest = Math.max(...gaps.map((g) => g.d));
    const atLongest = runRulePack(ws, withParams('cc7.2-logging-gap', { max_gap_ms: longest }));
    expect(of(atLongest, 'cc7.2-logging-gap')).toEqual([]);
    const below = runRulePack(ws, withParams('cc7.2-logging-gap', { max_gap_ms: longest - 1 }));
    expect(of(below, 'cc7.2-logging-gap').map((x) => x.refs)).toEqual(expectFor(longest - 1));
    expect(of(below, 'cc7.2-logging-gap').length).toBeGreaterThan(0);
    ws.close();
  });
});

describe('scope', () => {
  it('a bundle never verified is excluded, and said so; its events and evidence are not used', async () => {
    const ws = await workspace(false);
    const b = ws.db.prepare('SELECT id FROM bundles').pluck().get() as number;
    insertEvidenceRowsDirectly(ws, 'hr_roster', 'evidence/hr-roster.csv', [], b);
    const r = runRulePack(ws, pack());
    expect(r.data.bundles).toMatchObject([{ bundleId: b, included: false, verdict: 'not-verified', why: expect.stringMatching(/never verified/) }]);
    expect(r.data.evidence).toMatchObject([{ path: 'evidence/hr-roster.csv', included: false }]);
    expect(r.data.eventsInScope).toBe(0);
    expect(ws.db.prepare('SELECT count(*) FROM events_in_scope').pluck().get()).toBe(0);
    expect(r.rules.find((x) => x.rule === 'cc6.1-actor-not-in-roster')!.status).toBe('not-performed');
    ws.close();
  });
});

describe('refused packs and rules', () => {
  const packText = readFileSync(new URL('../../resources/rule-packs/soc2-healthcare.json', import.meta.url), 'utf8');

  it('a JSON syntax error is refused naming the file, line and column', () => {
    const lines = packText.split('\n');
    const at = lines.findIndex((l) => l.includes('"version"'));
    lines[at] = lines[at]!.replace(/,$/, ''); // drop the comma: the next member is then the fault
    const file = path.join(tmp, 'broken.json');
    writeFileSync(file, lines.join('\n'));
    const e = (() => {
      try {
        loadRulePack(file);
      } catch (x) {
        return x as RulePackError;
      }
      throw new Error('accepted');
    })();
    expect(e).toBeInstanceOf(RulePackError);
    expect(e.line).toBe(at + 2);
    expect(e.column).toBe(3);
    expect(e.message).toContain(`${file} is not valid JSON at line ${at + 2}, column 3`);
  });

  it('schema errors name the rule and the member', () => {
    const data = JSON.parse(packText) as { rules: Record<string, unknown>[] };
    delete data.rules[2]!.sql;
    data.rules[0]!.parameters = { grace_ms: 86_400_000, extra_ms: 5 };
    expect(() => parseRulePack(Buffer.from(JSON.stringify(data)), 'mine.json')).toThrow(
      /mine\.json .*rule 1 \(cc6\.3-access-after-termination\), member parameterDocs\.extra_ms: parameter "extra_ms" is not documented.*rule 3 \(cc6\.1-actor-not-in-roster\), member sql/,
    );
  });

  it('SQL that is not a read-only query, or more than one statement, is refused by rule name and nothing is stored', async () => {
    const ws = await workspace();
    const runs = (): number => ws.db.prepare('SELECT count(*) FROM analytics_runs').pluck().get() as number;
    const events0 = ws.db.prepare('SELECT count(*) FROM events').pluck().get();
    const withSql = (sql: string): LoadedRulePack => {
      const p = pack();
      return { ...p, pack: { ...p.pack, rules: p.pack.rules.map((r) => (r.id === 'cc7.2-logging-gap' ? { ...r, sql } : r)) } };
    };
    expect(() => runRulePack(ws, withSql('DELETE FROM events'))).toThrow(/Rule cc7\.2-logging-gap: its SQL is not a read-only query/);
    expect(() => runRulePack(ws, withSql("ATTACH 'x.db' AS x"))).toThrow(AnalyticsError);
    expect(() => runRulePack(ws, withSql("SELECT '[]' AS refs, 'm' AS message; DELETE FROM events"))).toThrow(/more than one statement/);
    expect(() => runRulePack(ws, withSql("SELECT '[{\"row\": 1}]' AS refs, 'm' AS message"))).toThrow(/result row 1: reference 1/);
    expect(() => runRulePack(ws, withSql('SELECT 1 AS refs'))).toThrow(/no column "message"/);
    expect(runs()).toBe(0);
    expect(ws.db.prepare('SELECT count(*) FROM events').pluck().get()).toBe(events0);
    ws.close();
  });
});

describe('dispositions and populations', () => {
  it('a disposition is kept by key (latest wins, history kept), goes into the activity log, and follows the exception into the next run', async () => {
    const ws = await workspace();
    const roster = rosterOf(ws);
    for (const r of roster) r.privileged = true;
    insertEvidenceRowsDirectly(ws, 'hr_roster', 'evidence/hr-roster.csv', roster);
    const run1 = runRulePack(ws, pack(), { actor: 'preparer' });
    const x = of(run1, 'cc6.2-privileged-without-mfa')[0]!;
    expect(() => disposeException(ws, x.key, { kind: 'explained', by: 'preparer' })).toThrow(/needs a note/);
    expect(() => disposeException(ws, x.key, { kind: 'false_positive', note: '  ' })).toThrow(/reason/);
    expect(() => disposeException(ws, 'f'.repeat(64), { kind: 'confirmed_deviation' })).toThrow(/No analytics run/);
    disposeException(ws, x.key, { kind: 'confirmed_deviation', by: 'preparer' });
    disposeException(ws, x.key, { kind: 'explained', note: 'break-glass account, ticket INC-42', by: 'reviewer' });
    expect(dispositionHistory(ws, x.key).map((d) => [d.kind, d.by])).toEqual([
      ['confirmed_deviation', 'preparer'],
      ['explained', 'reviewer'],
    ]);
    const logged = activityEntries(ws).filter((e) => e.action === 'dispose-exception');
    expect(logged.map((e) => [e.actor, e.details.kind, e.details.note, e.details.key])).toEqual([
      ['preparer', 'confirmed_deviation', '', x.key],
      ['reviewer', 'explained', 'break-glass account, ticket INC-42', x.key],
    ]);
    expect(logged[1]!.details.refs).toEqual(x.refs);
    expect(activityEntries(ws).some((e) => e.action === 'analytics-run' && e.details.run === run1.runId)).toBe(true);
    // the same exception in a later run has the same key, and its disposition
    const run2 = runRulePack(ws, pack());
    const again = listExceptions(ws, run2.runId, { rule: 'cc6.2-privileged-without-mfa' }).find((y) => y.key === x.key)!;
    expect(again.disposition).toMatchObject({ kind: 'explained', by: 'reviewer' });
    // the key: SHA-256 of the rule id, "\n" and the RFC 8785 form of refs (members sorted)
    const r0 = x.refs[0] as { stream: string; seq: number };
    const jcs = `[{"seq":${r0.seq},"stream":${JSON.stringify(r0.stream)}}]`;
    expect(createHash('sha256').update(`cc6.2-privileged-without-mfa\n${jcs}`).digest('hex')).toBe(x.key);
    // the referenced record, for showing side by side
    const rec = refRecord(ws, x.refs[0]!);
    expect(rec.kind === 'event' && rec.events.length === 1 && JSON.parse(rec.events[0]!.raw).seq).toBe((x.refs[0] as { seq: number }).seq);
    ws.close();
  });

  it('an exception list becomes a frozen population of the events it references, with the population digest', async () => {
    const ws = await workspace();
    const roster = rosterOf(ws);
    for (const r of roster) r.privileged = true;
    insertEvidenceRowsDirectly(ws, 'hr_roster', 'evidence/hr-roster.csv', roster);
    const run = runRulePack(ws, pack());
    const list = of(run, 'cc6.2-privileged-without-mfa');
    const pop = populationFromExceptions(ws, run.runId, 'cc6.2-privileged-without-mfa', 'privileged logins without MFA', 'preparer');
    expect(pop.size).toBe(list.length);
    expect(pop.filter).toEqual({ exceptions: { runId: run.runId, rule: 'cc6.2-privileged-without-mfa' } });
    // the digest, recomputed: "<origin> <seq>\n" per member in time, stream, seq order
    const members = list
      .map((x) => x.refs[0] as { stream: string; seq: number })
      .map((r) => events(ws, 's.stream_key = ? AND e.seq = ?', r.stream, r.seq)[0]!)
      .sort((a, b) => a.ts_ms - b.ts_ms || (a.stream < b.stream ? -1 : a.stream > b.stream ? 1 : a.seq - b.seq));
    const origin = (s: string): string => bundle.manifest.streams.find((x) => x.id === s)!.origin;
    const digest = createHash('sha256')
      .update(members.map((e) => `${origin(e.stream)} ${e.seq}\n`).join(''))
      .digest('hex');
    expect(pop.digest).toBe(digest);
    expect(() => populationFromExceptions(ws, run.runId, 'a1.2-restore-test-missing', 'weeks')).toThrow(AnalyticsError);
    ws.close();
  });
});

describe('tickmark analyze', () => {
  it('prints the exceptions as JSON and exits 0 with exceptions; 2 for a bad pack or no workspace', async () => {
    const ws = await workspace();
    const roster = rosterOf(ws);
    roster[0]!.privileged = true;
    insertEvidenceRowsDirectly(ws, 'hr_roster', 'evidence/hr-roster.csv', roster);
    const file = ws.file;
    ws.close();
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (s: string) => void out.push(s), err: (s: string) => void err.push(s) };
    expect(await main(['analyze', file, '--json'], io)).toBe(0);
    const json = JSON.parse(out.join('\n')) as {
      exceptions: { rule: string; criteria: string[]; severity: string; refs: RuleRef[]; message: string }[];
      rules: { rule: string; ms: number }[];
    };
    expect(json.exceptions.length).toBeGreaterThan(0);
    expect(Object.keys(json.exceptions[0]!).slice(0, 5)).toEqual(['rule', 'criteria', 'severity', 'refs', 'message']);
    expect(json.rules.map((r) => r.rule)).toHaveLength(10);
    out.length = 0;
    expect(await main(['analyze', file], io)).toBe(0);
    expect(out.join('\n')).toMatch(/cc6\.2-privileged-without-mfa\s+\d+ exceptions?/);
    expect(out.join('\n')).toMatch(/Result {5}\d+ exception\(s\)/);
    const bad = path.join(tmp, 'bad.json');
    writeFileSync(bad, '{\n  "format": "tickmark-rule-pack/1",\n  "id": \n}');
    expect(await main(['analyze', file, '--pack', bad], io)).toBe(2);
    expect(err.at(-1)).toMatch(/bad\.json is not valid JSON at line 4, column 1/);
    expect(await main(['analyze', path.join(tmp, 'none.tickmark')], io)).toBe(2);
    expect(await main(['analyze', file, '--pack', 'no-such-pack'], io)).toBe(2);
    expect(err.at(-1)).toMatch(/no built-in rule pack "no-such-pack".*soc2-healthcare/);
  });
});

describe('docs/rule-pack.schema.json', () => {
  it('is the JSON Schema generated from the zod schema the loader enforces', () => {
    const committed = JSON.parse(readFileSync(new URL('../../docs/rule-pack.schema.json', import.meta.url), 'utf8')) as unknown;
    expect(committed).toEqual(rulePackJsonSchema());
  });
});
