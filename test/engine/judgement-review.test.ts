// Test design and judgement (#13 item 4) and review notes with the "edited after review" flag (#13 item 9):
// engine rules, the activity log, and the CLI commands replace / extend / judge / review.
import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateBundle, importBundle, pinKey, verifyWorkspace, Workspace } from '../../electron/engine/index';
import { definePopulation } from '../../electron/engine/population';
import { createSession, recordResult, reopenSession, sessionView, signOff, updateItem } from '../../electron/engine/sessions';
import { setAttributeJudgement, setDeviationAnalysis, setSessionConclusion } from '../../electron/engine/judgement';
import { answerReviewNote, clearReviewNote, raiseReviewNote } from '../../electron/engine/review-notes';
import { activityEntries, verifyActivityLog } from '../../electron/engine/activity';
import type { SessionView } from '../../shared/session';

const root = path.resolve(__dirname, '../..');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'tickmark-judgement-'));
let bundle: Awaited<ReturnType<typeof generateBundle>>;
let n = 0;

async function session(): Promise<{ ws: Workspace; v: SessionView; file: string }> {
  const file = path.join(tmp, `${++n}.tickmark`);
  const ws = Workspace.open(file, { create: true });
  pinKey(ws, bundle.vendorKey, 'obtained at kickoff', 'a.auditor');
  await importBundle(ws, bundle.dir, { actor: 'a.auditor' });
  await verifyWorkspace(ws, { silentIntervalMs: 7 * 24 * 3600 * 1000 });
  const pop = definePopulation(ws, 'ePHI record reads', { categories: ['phi_access'], actions: ['record.read'] }, 'a.auditor');
  const v = createSession(ws, {
    populationId: pop.id,
    name: 'CC6.1',
    attributes: [{ name: 'Purpose recorded' }, { name: 'User in care team' }],
    plan: { confidence: 0.95, tolerableRate: 0.05, expectedRate: 0 },
    override: { size: 5, reason: 'test' },
    selection: { method: 'simple-random' },
    auditorValue: 'dice 1-2-3',
    actor: 'a.auditor',
  });
  return { ws, v, file };
}

function testAll(ws: Workspace, v: SessionView, deviation?: { position: number; attr: number }): void {
  for (const it of v.items)
    for (const a of v.attributes)
      recordResult(
        ws,
        it.id,
        a.id,
        deviation && it.position === deviation.position && a.id === v.attributes[deviation.attr]!.id ? 'deviation' : 'pass',
        'a.auditor',
      );
}

beforeAll(async () => {
  bundle = await generateBundle({ out: path.join(tmp, 'bundle'), events: 1500, seed: 'judgement' });
});

describe('test design and judgement', () => {
  it('records the deviation definition, the analysis of each deviation, and the conclusions, each in the log', async () => {
    const { ws, v } = await session();
    const [purpose, team] = v.attributes;
    setAttributeJudgement(
      ws,
      purpose!.id,
      { deviationDefinition: 'No purpose-of-use code on the read event, or code "other" without a note' },
      'a.auditor',
    );
    testAll(ws, v, { position: 2, attr: 0 });
    const item2 = v.items[1]!;
    expect(() => setDeviationAnalysis(ws, v.items[0]!.id, purpose!.id, { cause: 'x', nature: 'error', effect: 'y' }, 'a.auditor')).toThrow(
      /not a deviation/,
    );
    expect(() => setDeviationAnalysis(ws, item2.id, purpose!.id, { cause: ' ', nature: 'error', effect: 'y' }, 'a.auditor')).toThrow(
      /cause and its effect/,
    );
    expect(() => setDeviationAnalysis(ws, item2.id, purpose!.id, { cause: 'c', nature: 'oops' as 'error', effect: 'e' }, 'a.auditor')).toThrow(
      /not the nature/,
    );
    setDeviationAnalysis(
      ws,
      item2.id,
      purpose!.id,
      { cause: 'Emergency access path skips the purpose prompt', nature: 'error', effect: 'Isolated; break-glass reads reviewed monthly (CC6.1-2)' },
      'a.auditor',
    );
    setAttributeJudgement(ws, purpose!.id, { conclusion: 'One deviation in 5; upper limit above tolerable: not relied on alone' }, 'a.auditor');
    setAttributeJudgement(
      ws,
      team!.id,
      { deviationDefinition: 'Reader not on the patient care-team roster that day', conclusion: 'Supports reliance' },
      'a.auditor',
    );
    const out = setSessionConclusion(ws, v.id, 'Control operating effectively except for break-glass reads; see deviation analysis.', 'a.auditor');
    expect(out.attributes.map((a) => [a.deviationDefinition, a.conclusion])).toEqual([
      [
        'No purpose-of-use code on the read event, or code "other" without a note',
        'One deviation in 5; upper limit above tolerable: not relied on alone',
      ],
      ['Reader not on the patient care-team roster that day', 'Supports reliance'],
    ]);
    expect(out.items[1]!.deviationAnalyses).toEqual({
      [purpose!.id]: {
        cause: 'Emergency access path skips the purpose prompt',
        nature: 'error',
        effect: 'Isolated; break-glass reads reviewed monthly (CC6.1-2)',
      },
    });
    expect(out.conclusion).toMatchObject({
      text: 'Control operating effectively except for break-glass reads; see deviation analysis.',
      by: 'a.auditor',
    });
    expect(
      activityEntries(ws)
        .map((e) => e.action)
        .filter((a) => ['set-attribute-judgement', 'analyse-deviation', 'conclude-session'].includes(a)),
    ).toEqual(['set-attribute-judgement', 'analyse-deviation', 'set-attribute-judgement', 'set-attribute-judgement', 'conclude-session']);
    signOff(ws, v.id, 'preparer', 'A. Auditor');
    expect(() => setSessionConclusion(ws, v.id, 'changed', 'a.auditor')).toThrow(/signed off/);
    ws.close();
  });
});

describe('review notes and edits after review', () => {
  it('raise → answer → clear, with separation of duties; a reviewer cannot sign off over an open note', async () => {
    const { ws, v } = await session();
    testAll(ws, v);
    signOff(ws, v.id, 'preparer', 'A. Auditor');
    raiseReviewNote(ws, v.id, { itemPosition: 3, text: 'Where is the roster this read was agreed to?', by: 'R. Reviewer' });
    const s = raiseReviewNote(ws, v.id, { itemPosition: null, text: 'Define the deviation for "User in care team".', by: 'R. Reviewer' });
    expect(() => raiseReviewNote(ws, v.id, { itemPosition: 99, text: 'x', by: 'R. Reviewer' })).toThrow(/no item 99/);
    const [onItem, onSession] = s.reviewNotes;
    expect(onItem).toMatchObject({
      item: { position: 3 },
      text: 'Where is the roster this read was agreed to?',
      raised: { name: 'R. Reviewer' },
      answer: null,
      cleared: null,
    });
    expect(onSession!.item).toBeNull();
    expect(() => signOff(ws, v.id, 'reviewer', 'R. Reviewer')).toThrow(/2 review notes not cleared/);
    expect(() => clearReviewNote(ws, onItem!.id, 'R. Reviewer')).toThrow(/not been answered/);
    expect(() => answerReviewNote(ws, onItem!.id, { text: 'x', by: 'R. Reviewer' })).toThrow(/the preparer answers it/);
    answerReviewNote(ws, onItem!.id, { text: 'Roster Q1 attached as evidence/roster.csv', by: 'A. Auditor' });
    expect(() => clearReviewNote(ws, onItem!.id, 'A. Auditor')).toThrow(/other than the person who answered/);
    const cleared = clearReviewNote(ws, onItem!.id, 'R. Reviewer').reviewNotes[0]!;
    expect(cleared.answer).toMatchObject({ text: 'Roster Q1 attached as evidence/roster.csv', name: 'A. Auditor' });
    expect(cleared.cleared).toMatchObject({ name: 'R. Reviewer' });
    expect(() => answerReviewNote(ws, onItem!.id, { text: 'more', by: 'A. Auditor' })).toThrow(/already cleared/);
    answerReviewNote(ws, onSession!.id, { text: 'Defined.', by: 'A. Auditor' });
    clearReviewNote(ws, onSession!.id, 'R. Reviewer');
    expect(signOff(ws, v.id, 'reviewer', 'R. Reviewer').status).toBe('reviewed');
    expect(
      activityEntries(ws)
        .filter((e) => e.action.endsWith('review-note'))
        .map((e) => [e.action, e.actor]),
    ).toEqual([
      ['raise-review-note', 'R. Reviewer'],
      ['raise-review-note', 'R. Reviewer'],
      ['answer-review-note', 'A. Auditor'],
      ['clear-review-note', 'R. Reviewer'],
      ['answer-review-note', 'A. Auditor'],
      ['clear-review-note', 'R. Reviewer'],
    ]);
    ws.close();
  });

  it('flags every change made after a reviewer sign-off, in the log and the view, until the next review', async () => {
    const { ws, v } = await session();
    testAll(ws, v);
    updateItem(ws, v.items[0]!.id, { notes: 'before review' }, 'a.auditor');
    expect(sessionView(ws, v.id).editsAfterReview).toEqual([]);
    signOff(ws, v.id, 'preparer', 'A. Auditor');
    signOff(ws, v.id, 'reviewer', 'R. Reviewer');
    reopenSession(ws, v.id, 'client sent a corrected roster', 'a.auditor');
    recordResult(ws, v.items[3]!.id, v.attributes[1]!.id, 'deviation', 'a.auditor');
    setSessionConclusion(ws, v.id, 'Revised after the roster correction', 'a.auditor');
    const after = sessionView(ws, v.id);
    expect(after.lastReview).toMatchObject({ name: 'R. Reviewer' });
    expect(after.editsAfterReview.map((e) => e.action)).toEqual(['record-result', 'conclude-session']);
    expect(after.items.filter((i) => i.editedAfterReview).map((i) => i.position)).toEqual([4]);
    const logged = activityEntries(ws).filter((e) => e.action === 'record-result');
    expect(logged.at(-1)!.details.edited_after_review).toMatchObject({ reviewer: 'R. Reviewer' });
    expect(logged[0]!.details.edited_after_review).toBeUndefined();
    signOff(ws, v.id, 'preparer', 'A. Auditor');
    const again = signOff(ws, v.id, 'reviewer', 'Q. Partner');
    expect(again.editsAfterReview).toEqual([]);
    expect(again.items.some((i) => i.editedAfterReview)).toBe(false);
    expect(verifyActivityLog(ws).ok).toBe(true);
    ws.close();
  });
});

describe('the CLI', () => {
  const tickmark = (...args: string[]) => {
    const r = spawnSync(process.execPath, [path.join(root, 'bin/tickmark.mjs'), ...args], {
      encoding: 'utf8',
      env: { ...process.env, FORCE_COLOR: '0' },
    });
    return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
  };

  it('replace, extend, judge and review a session; bad input exits 2 with the reason', async () => {
    const { ws, v, file } = await session();
    recordResult(ws, v.items[1]!.id, v.attributes[0]!.id, 'na', 'a.auditor');
    ws.close();
    const rep = tickmark('replace', file, 'CC6.1', '--item', '2', '--reason', 'voided read', '--json');
    expect(rep.code).toBe(0);
    expect(JSON.parse(rep.out).items[5]).toMatchObject({
      position: 6,
      addition: { kind: 'replacement', reason: 'voided read', replaces: { position: 2 } },
    });
    expect(tickmark('extend', file, 'CC6.1', '--items', '3', '--reason', 'deviation found').out).toMatch(
      /Added 3 items \(positions 7–9\); the sample now has 9\./,
    );
    expect(tickmark('replace', file, 'CC6.1', '--item', '2', '--reason', 'again')).toMatchObject({
      code: 2,
      err: expect.stringMatching(/already replaced/),
    });
    expect(tickmark('judge', file, 'CC6.1', '--attribute', 'Purpose recorded', '--deviation-definition', 'No purpose code').code).toBe(0);
    expect(
      tickmark('judge', file, 'CC6.1', '--item', '1', '--attribute', 'Purpose recorded', '--cause', 'c', '--nature', 'error', '--effect', 'e'),
    ).toMatchObject({ code: 2, err: expect.stringMatching(/not a deviation/) });
    const raised = JSON.parse(
      tickmark('review', file, 'CC6.1', '--raise', 'Tie item 6 to the ticket', '--item', '6', '--by', 'R. Reviewer', '--json').out,
    );
    const note = raised.reviewNotes[0].id as number;
    const w0 = Workspace.open(file);
    answerReviewNote(w0, note, { text: 'Ticket SEC-9 attached', by: 'A. Auditor' });
    clearReviewNote(w0, note, 'R. Reviewer');
    w0.close();
    expect(tickmark('review', file, 'CC6.1').out).toMatch(
      new RegExp(
        `#${note} cleared — item 6: Tie item 6 to the ticket[\\s\\S]*answer: Ticket SEC-9 attached \\(A\\. Auditor[\\s\\S]*cleared by R\\. Reviewer`,
      ),
    );
    const w = Workspace.open(file);
    const after = sessionView(w, v.id);
    expect(after.attributes[0]!.deviationDefinition).toBe('No purpose code');
    w.close();
  });
});
