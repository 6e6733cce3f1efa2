// Replacement of not-applicable items and extension of samples (#13 item 2), re-performed by an implementation
// written in this file from docs/sampling-algorithm.md §4 ("Replacing an item … extending a sample") alone: it
// uses Node's SHA-256 and BigInt, and the workpaper's numbers (seed, N, strata, stream position), never the
// engine's sampling code.
import { beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateBundle, importBundle, pinKey, verifyWorkspace, Workspace } from '../../electron/engine/index';
import { definePopulation } from '../../electron/engine/population';
import { createSession, recordResult, sessionView, signOff, SessionError, type CreateSessionInput } from '../../electron/engine/sessions';
import { extendSample, replaceItem } from '../../electron/engine/sample-additions';
import { activityEntries, verifyActivityLog } from '../../electron/engine/activity';
import type { SessionView } from '../../shared/session';

// ---- the doc's algorithm, independently ----------------------------------------------------------------
class Stream {
  private block = 0n;
  private words: bigint[] = [];
  position = 0;
  constructor(private readonly seed: string) {}
  word(): bigint {
    if (this.words.length === 0) {
      const counter = Buffer.alloc(8);
      counter.writeBigUInt64BE(this.block++);
      const b = createHash('sha256')
        .update(Buffer.concat([Buffer.from(this.seed, 'utf8'), Buffer.from([0]), counter]))
        .digest();
      for (let j = 0; j < 32; j += 8) this.words.push(b.readBigUInt64BE(j));
    }
    this.position++;
    return this.words.shift()!;
  }
  below(n: number): number {
    const N = BigInt(n);
    const limit = ((1n << 64n) / N) * N;
    for (;;) {
      const w = this.word();
      if (w < limit) return Number(w % N);
    }
  }
}

interface Added {
  index: number;
  from: number;
  to: number;
}

/** §4 "Replacing …" steps 1–3: resume at P, draw k members of [start, start+count) not in the sample. */
function reperformDraw(seed: string, P: number, start: number, count: number, k: number, inSample: Set<number>): Added[] {
  const s = new Stream(seed);
  while (s.position < P) s.word();
  const out: Added[] = [];
  while (out.length < k) {
    const from = s.position;
    let i = start + s.below(count);
    while (inSample.has(i)) i = start + s.below(count);
    inSample.add(i);
    out.push({ index: i, from, to: s.position });
  }
  return out;
}

/** Step 5's sharing: largest remainder in proportion to N_h, ties to the larger stratum, then the earlier. */
function shares(k: number, counts: number[]): number[] {
  const N = counts.reduce((a, b) => a + b, 0);
  const base = counts.map((c) => Math.floor((k * c) / N));
  let left = k - base.reduce((a, b) => a + b, 0);
  const order = counts.map((_, h) => h).sort((a, b) => ((k * counts[b]!) % N) - ((k * counts[a]!) % N) || counts[b]! - counts[a]! || a - b);
  for (const h of order) if (left-- > 0) base[h]!++;
  return base;
}

/** What a reviewer knows from the workpaper before an addition: seed, N, strata, the sample, the stream position. */
function workpaperState(v: SessionView): { P: number; inSample: Set<number> } {
  const drawn = (v.selection.details.draws as { to: number }).to;
  const P = Math.max(drawn, ...v.items.map((i) => i.addition?.draws.to ?? 0));
  return { P, inSample: new Set(v.items.map((i) => i.populationIndex)) };
}

// ---- fixtures ----------------------------------------------------------------------------------------------
const tmp = mkdtempSync(path.join(os.tmpdir(), 'tickmark-additions-'));
let bundle: Awaited<ReturnType<typeof generateBundle>>;
let n = 0;

async function engagement(): Promise<{ ws: Workspace; populationId: number }> {
  const ws = Workspace.open(path.join(tmp, `${++n}.tickmark`), { create: true });
  pinKey(ws, bundle.vendorKey, 'obtained at kickoff', 'a.auditor');
  await importBundle(ws, bundle.dir, { actor: 'a.auditor' });
  await verifyWorkspace(ws, { silentIntervalMs: 7 * 24 * 3600 * 1000 });
  return { ws, populationId: definePopulation(ws, 'ePHI record reads', { categories: ['phi_access'], actions: ['record.read'] }, 'a.auditor').id };
}

const input = (populationId: number, selection: CreateSessionInput['selection'], size = 8): CreateSessionInput => ({
  populationId,
  name: `session ${selection.method}`,
  attributes: [{ name: 'Purpose recorded' }, { name: 'User in care team' }],
  plan: { confidence: 0.95, tolerableRate: 0.05, expectedRate: 0 },
  override: { size, reason: 'small test sample' },
  selection,
  auditorValue: 'dice 3-3-1',
  actor: 'a.auditor',
});

function markAll(ws: Workspace, v: SessionView, position: number, result: 'pass' | 'na' | 'deviation'): void {
  const item = v.items.find((i) => i.position === position)!;
  for (const a of v.attributes) recordResult(ws, item.id, a.id, result, 'a.auditor');
}

beforeAll(async () => {
  bundle = await generateBundle({ out: path.join(tmp, 'bundle'), events: 3000, seed: 'additions' });
});

describe('replacing a not-applicable item', () => {
  it('draws the next member of the stream, links both items, and evaluates the replacement instead', async () => {
    const { ws, populationId } = await engagement();
    let v = createSession(ws, input(populationId, { method: 'simple-random' }));
    for (let p = 1; p <= 8; p++) markAll(ws, v, p, p === 3 ? 'na' : 'pass');
    v = sessionView(ws, v.id);
    expect(v.evaluation[0]).toMatchObject({ tested: 7, notApplicable: 1 });

    const before = workpaperState(v);
    const want = reperformDraw(v.seed, before.P, 0, v.population.size, 1, before.inSample);
    v = replaceItem(ws, v.id, 3, 'Voided: the read was cancelled before the record opened', 'a.auditor');
    const old = v.items.find((i) => i.position === 3)!;
    const added = v.items.find((i) => i.position === 9)!;
    expect(added.populationIndex).toBe(want[0]!.index);
    expect(added.addition).toMatchObject({
      kind: 'replacement',
      reason: 'Voided: the read was cancelled before the record opened',
      replaces: { itemId: old.id, position: 3 },
      draws: { from: want[0]!.from, to: want[0]!.to },
    });
    expect(old.replaced).toEqual({ reason: 'Voided: the read was cancelled before the record opened', byItemId: added.id, byPosition: 9 });
    // for simple random the replacement is what a draw of n + 1 would have given ninth
    expect(createSession(ws, { ...input(populationId, { method: 'simple-random' }, 9), name: 'nine' }).items[8]!.populationIndex).toBe(
      added.populationIndex,
    );

    // the N/A item leaves the evaluation; the replacement is untested until tested, then counted
    expect(v.evaluation[0]).toMatchObject({ tested: 7, notApplicable: 0, untested: 1 });
    markAll(ws, v, 9, 'pass');
    v = sessionView(ws, v.id);
    expect(v.evaluation[0]).toMatchObject({ tested: 8, notApplicable: 0, untested: 0, deviations: 0 });
    expect(() => recordResult(ws, old.id, v.attributes[0]!.id, 'pass', 'a.auditor')).toThrow(/was replaced/);

    const log = activityEntries(ws).filter((e) => e.action === 'replace-item');
    expect(log).toHaveLength(1);
    expect(log[0]!.details).toMatchObject({
      session: v.id,
      position: 3,
      item: old.id,
      stream_from: before.P,
      replacement: { item: added.id, position: 9, population_index: want[0]!.index, draws: [want[0]!.from, want[0]!.to] },
    });
    expect(verifyActivityLog(ws).ok).toBe(true);
    ws.close();
  });

  it('refuses to replace a deviation, an item twice, without a reason, or in a signed-off session', async () => {
    const { ws, populationId } = await engagement();
    const v = createSession(ws, input(populationId, { method: 'simple-random' }));
    markAll(ws, v, 2, 'deviation');
    expect(() => replaceItem(ws, v.id, 2, 'out of scope', 'a.auditor')).toThrow(/a deviation is evaluated, never replaced/);
    expect(() => replaceItem(ws, v.id, 1, '  ', 'a.auditor')).toThrow(/needs the reason/);
    expect(() => replaceItem(ws, v.id, 99, 'x', 'a.auditor')).toThrow(/has no item 99/);
    replaceItem(ws, v.id, 1, 'out of scope', 'a.auditor');
    expect(() => replaceItem(ws, v.id, 1, 'out of scope', 'a.auditor')).toThrow(/already replaced/);
    expect(sessionView(ws, v.id).items).toHaveLength(9);
    for (let p = 1; p <= 9; p++) if (p !== 1 && p !== 2) markAll(ws, sessionView(ws, v.id), p, 'pass');
    signOff(ws, v.id, 'preparer', 'A. Auditor');
    expect(() => replaceItem(ws, v.id, 3, 'voided', 'a.auditor')).toThrow(SessionError);
    expect(() => extendSample(ws, v.id, 2, 'deviation found', 'a.auditor')).toThrow(/signed off/);
    const all = createSession(ws, { ...input(populationId, { method: 'all' }), name: 'census' });
    expect(() => replaceItem(ws, all.id, 1, 'voided', 'a.auditor')).toThrow(/no other member to draw/);
    ws.close();
  });

  it('replaces a stratified item within its own stratum, and a systematic one by simple random continuation', async () => {
    const { ws, populationId } = await engagement();
    let st = createSession(ws, input(populationId, { method: 'stratified', period: 'month', allocation: 'at-least-one' }, 10));
    const strata = st.selection.details.strata as { label: string; start: number; count: number }[];
    const target = st.items[st.items.length - 1]!;
    const stratum = strata.find((s) => s.label === target.stratum)!;
    const before = workpaperState(st);
    const want = reperformDraw(st.seed, before.P, stratum.start, stratum.count, 1, before.inSample);
    st = replaceItem(ws, st.id, target.position, 'outside the control: a service account', 'a.auditor');
    const rep = st.items[st.items.length - 1]!;
    expect(rep.populationIndex).toBe(want[0]!.index);
    expect(rep.stratum).toBe(target.stratum);
    expect(rep.addition?.draws).toEqual({ from: want[0]!.from, to: want[0]!.to });

    let sy = createSession(ws, { ...input(populationId, { method: 'systematic' }), name: 'systematic' });
    const b2 = workpaperState(sy);
    const want2 = reperformDraw(sy.seed, b2.P, 0, sy.population.size, 1, b2.inSample);
    expect(b2.P).toBe(1); // a systematic selection uses one draw (when its word is not rejected)
    sy = replaceItem(ws, sy.id, 4, 'voided', 'a.auditor');
    expect(sy.items.at(-1)!.populationIndex).toBe(want2[0]!.index);
    ws.close();
  });
});

describe('extending a sample', () => {
  it('continues the stream after the last addition (simple random), as the doc re-performs it', async () => {
    const { ws, populationId } = await engagement();
    let v = createSession(ws, input(populationId, { method: 'simple-random' }));
    v = replaceItem(ws, v.id, 5, 'voided', 'a.auditor');
    const before = workpaperState(v);
    const want = reperformDraw(v.seed, before.P, 0, v.population.size, 4, before.inSample);
    v = extendSample(ws, v.id, 4, 'one deviation found; extended to narrow the upper limit', 'a.auditor');
    expect(v.items.slice(9).map((i) => [i.position, i.populationIndex, i.addition?.kind, i.addition?.draws.from, i.addition?.draws.to])).toEqual(
      want.map((w, i) => [10 + i, w.index, 'extension', w.from, w.to]),
    );
    // a 13-item draw gives the same members (the replaced one included) in the same order
    const thirteen = createSession(ws, { ...input(populationId, { method: 'simple-random' }, 13), name: 'thirteen' });
    expect(v.items.map((i) => i.populationIndex)).toEqual(thirteen.items.map((i) => i.populationIndex));
    const log = activityEntries(ws).filter((e) => e.action === 'extend-sample');
    expect(log[0]!.details).toMatchObject({
      count: 4,
      reason: 'one deviation found; extended to narrow the upper limit',
      stream_from: before.P,
      stream_to: want[3]!.to,
    });
    expect(() => extendSample(ws, v.id, 0, 'x', 'a.auditor')).toThrow(/from 1 to/);
    expect(() => extendSample(ws, v.id, 2, '', 'a.auditor')).toThrow(/needs a reason/);
    expect(() => extendSample(ws, v.id, v.population.size, 'everything', 'a.auditor')).toThrow(/cannot be added/);
    ws.close();
  });

  it('shares a stratified extension among the strata by size and draws each from its stratum', async () => {
    const { ws, populationId } = await engagement();
    let v = createSession(ws, input(populationId, { method: 'stratified', period: 'month', allocation: 'proportional' }, 9));
    const strata = v.selection.details.strata as { label: string; start: number; count: number }[];
    const k = 7;
    const share = shares(
      k,
      strata.map((s) => s.count),
    );
    const before = workpaperState(v);
    const want: (Added & { stratum: string })[] = [];
    let P = before.P;
    strata.forEach((s, h) => {
      if (share[h] === 0) return;
      const got = reperformDraw(v.seed, P, s.start, s.count, share[h]!, before.inSample);
      P = got.at(-1)!.to;
      want.push(...got.map((g) => ({ ...g, stratum: s.label })));
    });
    v = extendSample(ws, v.id, k, 'deviations in March', 'a.auditor');
    expect(
      v.items.slice(9).map((i) => ({ index: i.populationIndex, from: i.addition!.draws.from, to: i.addition!.draws.to, stratum: i.stratum })),
    ).toEqual(want);
    expect(share.reduce((a, b) => a + b, 0)).toBe(k);
    ws.close();
  });
});
