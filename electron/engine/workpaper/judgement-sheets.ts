// The workpaper sheets of the auditor's judgement and of the review (#13 items 2, 4, 9):
//   "Deviations & conclusions": the overall conclusion on the control, each attribute's deviation definition
//     and conclusion, each deviation with its analysis (cause, nature, effect), and the items replaced or
//     added from the seeded stream with their reasons and stream positions (docs/sampling-algorithm.md §4).
//   "Review notes": each note with its answer and clearance, the latest reviewer sign-off, and every change
//     made after it ("edited after review").
// Both are printed from the workspace, where they are recorded (sampling screen, `tickmark judge`,
// `tickmark review`); an import reads only the Sample sheet, so edits typed here are not read back — each
// sheet says so. sampleStatus() is the text of the Sample sheet's "Sample status" column.
import type ExcelJS from 'exceljs';
import type { SampleItem, SessionView } from '../../../shared/session';

export const JUDGEMENT_SHEETS = { judgement: 'Deviations & conclusions', review: 'Review notes' } as const;

const NAVY = 'FF1F3864';
const WARN = { fill: 'FFFFEB9C', font: 'FF9C5700' };
const border: Partial<ExcelJS.Borders> = Object.fromEntries(
  ['top', 'left', 'bottom', 'right'].map((k) => [k, { style: 'thin', color: { argb: 'FFBFBFBF' } }]),
);
const MAX_CELL = 32_000;

const clip = (s: string): string | null => (s === '' ? null : s.length > MAX_CELL ? `${s.slice(0, MAX_CELL)} … [cut]` : s);
const dateOf = (ts: string | null | undefined): Date | null => (ts ? new Date(ts) : null);

/** Row writer for one sheet: title, sections, header rows and bordered table rows. */
class Sheet {
  row = 1;
  constructor(
    private readonly ws: ExcelJS.Worksheet,
    widths: number[],
  ) {
    widths.forEach((w, i) => (ws.getColumn(i + 1).width = w));
  }

  title(text: string, note: string): void {
    const t = this.ws.getCell(1, 1);
    t.value = clip(text);
    t.font = { bold: true, size: 14, color: { argb: NAVY } };
    const n = this.ws.getCell(2, 1);
    n.value = note;
    n.font = { italic: true, color: { argb: 'FF595959' } };
    this.row = 4;
  }

  section(text: string): void {
    const c = this.ws.getCell(this.row, 1);
    c.value = text;
    c.font = { bold: true, size: 12, color: { argb: NAVY } };
    this.row++;
  }

  header(cells: string[]): void {
    cells.forEach((h, i) => {
      const c = this.ws.getCell(this.row, i + 1);
      c.value = h;
      c.font = { bold: true, color: { argb: 'FFFFFFFF' } };
      c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: NAVY } };
      c.alignment = { vertical: 'middle', wrapText: true };
      c.border = border;
    });
    this.row++;
  }

  /** A table row; a cell given as { warn } is a missing judgement, in the warning style. */
  line(cells: (string | number | Date | null | { warn: string })[]): void {
    cells.forEach((v, i) => {
      const c = this.ws.getCell(this.row, i + 1);
      if (v !== null && typeof v === 'object' && !(v instanceof Date)) {
        c.value = v.warn;
        c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: WARN.fill } };
        c.font = { bold: true, color: { argb: WARN.font } };
      } else {
        c.value = typeof v === 'string' ? clip(v) : v;
        if (v instanceof Date) c.numFmt = 'yyyy-mm-dd hh:mm:ss';
      }
      c.alignment = { vertical: 'top', wrapText: typeof v === 'string' };
      c.border = border;
    });
    this.row++;
  }

  gap(): void {
    this.row++;
  }
}

const NATURE_TEXT = { error: 'Error', 'fraud-indicator': 'Possible fraud (indicator)' } as const;
const NOT_READ_BACK =
  'Recorded in Tickmark (sampling screen, or tickmark judge / tickmark review); printed from the workspace — an import does not read this sheet.';

/** The Sample sheet's "Sample status" text: replaced, replacement or extension, and edited after review. */
export function sampleStatus(item: SampleItem): string {
  const parts: string[] = [];
  if (item.replaced) parts.push(`REPLACED by item ${item.replaced.byPosition} (not applicable: ${item.replaced.reason}); not evaluated`);
  if (item.addition?.kind === 'replacement') parts.push(`Replacement for item ${item.addition.replaces?.position ?? '?'} (${item.addition.reason})`);
  if (item.addition?.kind === 'extension') parts.push(`Extension (${item.addition.reason})`);
  if (item.editedAfterReview) parts.push('EDITED AFTER REVIEW');
  return parts.join('; ');
}

export function judgementSheet(ws: ExcelJS.Worksheet, view: SessionView): void {
  const s = new Sheet(ws, [12, 28, 40, 40, 40, 28, 14, 14]);
  s.title(`Deviations & conclusions — ${view.name}`, NOT_READ_BACK);

  s.section('Overall conclusion on the control');
  s.line([view.conclusion.text ? view.conclusion.text : { warn: 'Not written yet' }]);
  ws.mergeCells(s.row - 1, 1, s.row - 1, 6);
  if (view.conclusion.by) s.line([`by ${view.conclusion.by}`, dateOf(view.conclusion.at)]);
  s.gap();

  s.section('Test attributes');
  s.header(['#', 'Attribute', 'What counts as a deviation', 'Deviations found', 'Statistical evaluation', "Auditor's conclusion"]);
  for (const a of [...view.attributes].sort((x, y) => x.position - y.position)) {
    const ev = view.evaluation.find((e) => e.attributeId === a.id);
    const stat = ev?.evaluation
      ? ev.evaluation.conclusion === 'supports-reliance'
        ? 'Supports reliance'
        : 'Does not support reliance'
      : 'Not evaluated';
    s.line([
      a.position,
      a.name,
      a.deviationDefinition ? a.deviationDefinition : { warn: 'Not defined' },
      `${ev?.deviations ?? 0} in ${ev?.tested ?? 0} tested`,
      stat,
      a.conclusion ? a.conclusion : { warn: 'Not written' },
    ]);
  }
  s.gap();

  s.section('Deviations and their analysis');
  s.header(['Position', 'Attribute', 'Cause', 'Effect', 'Event', 'Nature']);
  let any = false;
  for (const item of [...view.items].sort((x, y) => x.position - y.position)) {
    if (item.replaced) continue;
    for (const a of view.attributes) {
      if (item.results[a.id] !== 'deviation') continue;
      any = true;
      const an = item.deviationAnalyses?.[a.id];
      const event = `${item.event.stream} seq ${item.event.seq}, ${item.event.ts}, ${item.event.action} by ${item.event.actorId}`;
      s.line(
        an
          ? [item.position, a.name, an.cause, an.effect, event, NATURE_TEXT[an.nature]]
          : [item.position, a.name, { warn: 'Not analysed' }, { warn: 'Not analysed' }, event, { warn: 'Not analysed' }],
      );
    }
  }
  if (!any) s.line(['No deviation recorded.']);
  s.gap();

  s.section('Items replaced or added after the draw (docs/sampling-algorithm.md §4, "Replacing an item …")');
  s.header(['Position', 'Kind', 'Reason', 'Link', 'Population index', 'Stratum', 'Stream from', 'Stream to']);
  const changed = [...view.items].filter((i) => i.replaced || i.addition).sort((x, y) => x.position - y.position);
  for (const i of changed) {
    const kind = i.replaced ? (i.addition ? `${i.addition.kind}, then replaced` : 'replaced') : i.addition!.kind;
    const link = [
      i.addition?.replaces ? `replaces item ${i.addition.replaces.position}` : '',
      i.replaced ? `replaced by item ${i.replaced.byPosition}` : '',
    ]
      .filter(Boolean)
      .join('; ');
    const reason = [
      i.addition ? `${i.addition.reason} (${i.addition.by}, ${i.addition.at})` : '',
      i.replaced ? `not applicable: ${i.replaced.reason}` : '',
    ]
      .filter(Boolean)
      .join('; ');
    s.line([i.position, kind, reason, link, i.populationIndex, i.stratum, i.addition?.draws.from ?? null, i.addition?.draws.to ?? null]);
  }
  if (changed.length === 0) s.line(['None: the sample is as drawn.']);
  ws.views = [{ state: 'normal' }];
}

export function reviewSheet(ws: ExcelJS.Worksheet, view: SessionView): void {
  const s = new Sheet(ws, [8, 14, 18, 20, 44, 44, 18, 20, 18, 20, 12]);
  s.title(`Review notes — ${view.name}`, NOT_READ_BACK);
  s.section('Review notes');
  s.header(['Note', 'On', 'Raised by', 'Raised at', 'Note', 'Answer', 'Answered by', 'Answered at', 'Cleared by', 'Cleared at', 'Status']);
  for (const n of view.reviewNotes) {
    s.line([
      n.id,
      n.item ? `item ${n.item.position}` : 'session',
      n.raised.name,
      dateOf(n.raised.at),
      n.text,
      n.answer?.text ?? null,
      n.answer?.name ?? null,
      dateOf(n.answer?.at),
      n.cleared?.name ?? null,
      dateOf(n.cleared?.at),
      n.cleared ? 'cleared' : { warn: n.answer ? 'answered' : 'open' },
    ]);
  }
  if (view.reviewNotes.length === 0) s.line(['No review notes.']);
  s.gap();

  s.section('Edited after review');
  if (!view.lastReview) s.line(['The session has not been signed off by a reviewer yet.']);
  else {
    s.line([`Latest reviewer sign-off: ${view.lastReview.name}, ${view.lastReview.at} (activity-log entry ${view.lastReview.seq}).`]);
    if (view.editsAfterReview.length === 0) s.line(['No change since that sign-off.']);
    else {
      s.header(['Seq', 'Timestamp (UTC)', 'Actor', 'Action', 'Subject']);
      for (const e of view.editsAfterReview) s.line([e.seq, dateOf(e.ts), e.actor, { warn: e.action }, e.subject]);
    }
  }
}
