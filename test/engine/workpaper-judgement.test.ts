// The workpaper of a session with replaced and added items, the auditor's judgement and a review: the
// "Deviations & conclusions" and "Review notes" sheets, the Sample sheet's status column, and the round trip
// (the import still matches every row, replaced ones included, and ignores the printed-only cells).
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { generateBundle, importBundle, pinKey, verifyWorkspace, Workspace } from '../../electron/engine/index';
import { definePopulation } from '../../electron/engine/population';
import { createSession, recordResult, reopenSession, sessionView, signOff } from '../../electron/engine/sessions';
import { extendSample, replaceItem } from '../../electron/engine/sample-additions';
import { setAttributeJudgement, setDeviationAnalysis, setSessionConclusion } from '../../electron/engine/judgement';
import { answerReviewNote, clearReviewNote, raiseReviewNote } from '../../electron/engine/review-notes';
import { applyWorkpaper, exportWorkpaper } from '../../electron/engine/workpaper/index';
import { SAMPLE_HEADER_ROW, SHEET } from '../../electron/engine/workpaper/index';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'tickmark-wp-judgement-'));
const texts = (ws: ExcelJS.Worksheet): string[] => {
  const out: string[] = [];
  ws.eachRow((r) => r.eachCell((c) => out.push(c.value instanceof Date ? c.value.toISOString() : String(c.value ?? ''))));
  return out;
};

let ws: Workspace;
let sessionId: number;
beforeAll(async () => {
  const b = await generateBundle({ out: path.join(tmp, 'bundle'), events: 1500, seed: 'wp-judgement' });
  ws = Workspace.open(path.join(tmp, 'w.tickmark'), { create: true });
  pinKey(ws, b.vendorKey, 'kickoff', 'a.auditor');
  await importBundle(ws, b.dir, { actor: 'a.auditor' });
  await verifyWorkspace(ws, { silentIntervalMs: 7 * 24 * 3600 * 1000 });
  const pop = definePopulation(ws, 'reads', { categories: ['phi_access'], actions: ['record.read'] }, 'a.auditor');
  let v = createSession(ws, {
    populationId: pop.id,
    name: 'CC6.1',
    attributes: [{ name: 'Purpose recorded' }, { name: 'User in care team' }],
    plan: { confidence: 0.95, tolerableRate: 0.05, expectedRate: 0 },
    override: { size: 6, reason: 'test' },
    selection: { method: 'stratified', period: 'month', allocation: 'at-least-one' },
    auditorValue: 'dice 5-5-2',
    actor: 'a.auditor',
  });
  sessionId = v.id;
  const [purpose, team] = v.attributes;
  for (const a of v.attributes) recordResult(ws, v.items[2]!.id, a.id, 'na', 'a.auditor');
  replaceItem(ws, v.id, 3, 'voided before the record opened', 'a.auditor');
  v = extendSample(ws, v.id, 2, 'deviation in item 2', 'a.auditor');
  for (const it of v.items)
    if (!it.replaced)
      for (const a of v.attributes) recordResult(ws, it.id, a.id, it.position === 2 && a.id === purpose!.id ? 'deviation' : 'pass', 'a.auditor');
  setAttributeJudgement(
    ws,
    purpose!.id,
    { deviationDefinition: 'No purpose-of-use code', conclusion: 'Isolated deviation; relied on with the monthly break-glass review' },
    'a.auditor',
  );
  setAttributeJudgement(ws, team!.id, { deviationDefinition: 'Reader not on the care-team roster' }, 'a.auditor');
  setDeviationAnalysis(
    ws,
    v.items[1]!.id,
    purpose!.id,
    { cause: 'Break-glass path skips the prompt', nature: 'fraud-indicator', effect: 'Extended the sample by 2; no further deviation' },
    'a.auditor',
  );
  setSessionConclusion(ws, v.id, 'The control operates effectively.', 'a.auditor');
  signOff(ws, v.id, 'preparer', 'A. Auditor');
  const note = raiseReviewNote(ws, v.id, { itemPosition: 2, text: 'Why is this not a control failure?', by: 'R. Reviewer' }).reviewNotes[0]!;
  answerReviewNote(ws, note.id, { text: 'Break-glass reads are reviewed monthly; see CC6.1-2.', by: 'A. Auditor' });
  clearReviewNote(ws, note.id, 'R. Reviewer');
  signOff(ws, v.id, 'reviewer', 'R. Reviewer');
  reopenSession(ws, v.id, 'late evidence', 'a.auditor');
  recordResult(ws, v.items[0]!.id, team!.id, 'pass', 'a.auditor');
  updateNote();
  function updateNote(): void {
    raiseReviewNote(ws, v.id, { itemPosition: null, text: 'Re-review the late evidence', by: 'R. Reviewer' });
  }
});

describe('the workpaper of judgement and review', () => {
  it('prints the conclusions, deviation analyses, additions, review notes and edits after review', async () => {
    const file = path.join(tmp, 'wp.xlsx');
    const view = await exportWorkpaper(ws, sessionId, file, 'a.auditor');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    expect(wb.worksheets.map((s) => s.name)).toEqual([
      SHEET.cover,
      SHEET.population,
      SHEET.sample,
      SHEET.evaluation,
      SHEET.records,
      SHEET.judgement,
      SHEET.review,
      SHEET.legend,
      SHEET.activity,
    ]);

    const j = texts(wb.getWorksheet(SHEET.judgement)!);
    expect(j).toContain('The control operates effectively.');
    expect(j).toEqual(
      expect.arrayContaining([
        'No purpose-of-use code',
        'Reader not on the care-team roster',
        'Isolated deviation; relied on with the monthly break-glass review',
        'Not written',
      ]),
    );
    expect(j).toEqual(
      expect.arrayContaining(['Break-glass path skips the prompt', 'Extended the sample by 2; no further deviation', 'Possible fraud (indicator)']),
    );
    const rep = view.items.find((i) => i.addition?.kind === 'replacement')!;
    expect(j).toEqual(
      expect.arrayContaining([
        'replaced',
        'replaced by item 7',
        'replacement',
        'replaces item 3',
        'not applicable: voided before the record opened',
        String(rep.addition!.draws.from),
        String(rep.addition!.draws.to),
      ]),
    );
    expect(j.filter((t) => t === 'extension')).toHaveLength(2);

    const r = texts(wb.getWorksheet(SHEET.review)!);
    expect(r).toEqual(
      expect.arrayContaining([
        'item 2',
        'R. Reviewer',
        'Why is this not a control failure?',
        'Break-glass reads are reviewed monthly; see CC6.1-2.',
        'A. Auditor',
        'cleared',
        'Re-review the late evidence',
        'open',
        'record-result',
      ]),
    );
    expect(r.some((t) => t.startsWith('Latest reviewer sign-off: R. Reviewer'))).toBe(true);

    const sample = wb.getWorksheet(SHEET.sample)!;
    const header = sample.getRow(SAMPLE_HEADER_ROW).values as unknown[];
    const statusCol = header.indexOf('Sample status');
    expect(statusCol).toBeGreaterThan(0);
    const status = (position: number) => {
      for (let row = SAMPLE_HEADER_ROW + 1; row <= sample.rowCount; row++)
        if (sample.getCell(row, 1).value === position) return String(sample.getCell(row, statusCol).value ?? '');
      return null;
    };
    expect(status(3)).toBe('REPLACED by item 7 (not applicable: voided before the record opened); not evaluated');
    expect(status(7)).toBe('Replacement for item 3 (voided before the record opened)');
    expect(status(8)).toBe('Extension (deviation in item 2)');
    expect(status(1)).toBe('EDITED AFTER REVIEW');
    expect(status(2)).toBe('');

    const ev = texts(wb.getWorksheet(SHEET.evaluation)!);
    expect(ev).toEqual(
      expect.arrayContaining([
        'What counts as a deviation',
        'No purpose-of-use code',
        "Auditor's conclusion",
        'Items replaced (not applicable; the replacement is evaluated instead)',
        'Items added after the draw',
      ]),
    );
  });

  it('reads back a filled-in workpaper of such a session: every row matched, status cells ignored', async () => {
    const file = path.join(tmp, 'round.xlsx');
    const view = await exportWorkpaper(ws, sessionId, file, 'a.auditor');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const sample = wb.getWorksheet(SHEET.sample)!;
    const header = sample.getRow(SAMPLE_HEADER_ROW).values as unknown[];
    const notesCol = header.indexOf('Notes');
    const statusCol = header.indexOf('Sample status');
    for (let row = SAMPLE_HEADER_ROW + 1; row <= sample.rowCount; row++) {
      if (sample.getCell(row, 1).value === 8) sample.getCell(row, notesCol).value = 'agreed to roster';
      sample.getCell(row, statusCol).value = 'typed over';
    }
    await wb.xlsx.writeFile(file);
    expect(await applyWorkpaper(ws, sessionId, file, 'a.auditor')).toEqual({ resultsChanged: 0, itemsAnnotated: 1 });
    expect(sessionView(ws, sessionId).items.find((i) => i.position === 8)!.notes).toBe('agreed to roster');
    expect(view.items).toHaveLength(9);
  });
});
