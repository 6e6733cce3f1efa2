// The Sampled records sheet: each item's original record, so a reviewer reads what was tested.
import ExcelJS from 'exceljs';
import type { SessionView } from '../../../shared/session';
import { recordFieldLines } from '../../../shared/record-fields';
import { headerRow, printSetup, tableRow, title, widths } from './sheet-helpers';
import { FMT_INT, MONO, thin } from './styles';
import { sha256 } from './values';

/** A cell holds at most 32,767 characters; longer text is cut with a note (the line's hash is beside it). */
export const CELL_LIMIT = 32_000;

export function clipped(text: string): string {
  return text.length <= CELL_LIMIT
    ? text
    : `${text.slice(0, CELL_LIMIT)} … [cut: ${text.length.toLocaleString('en-US')} characters in all; the SHA-256 beside it is of the whole line]`;
}

/** The evidence behind each result: every sampled item's original record, its members one per line and as
 *  the line itself, with the line's SHA-256 so a reviewer can match it to the verified bundle. */
export function sampledRecords(ws: ExcelJS.Worksheet, view: SessionView): void {
  title(
    ws,
    `Sampled records — ${view.name}`,
    'Each sampled event as the vendor logged it: the members an attribute is judged on (one per line), and the original line. The line is part of the verified stream; its SHA-256 identifies it.',
  );
  headerRow(ws, 4, ['Position', 'Stream', 'Seq', 'File', 'Line', 'Record members', 'Original line', 'SHA-256 of the line']);
  widths(ws, [10, 16, 10, 22, 8, 60, 80, 68]);
  const wrap: Partial<ExcelJS.Style> = { alignment: { vertical: 'top', wrapText: true }, border: thin };
  let r = 5;
  for (const item of [...view.items].sort((a, b) => a.position - b.position)) {
    const e = item.event;
    let members: string;
    try {
      members = recordFieldLines(JSON.parse(e.raw) as Record<string, unknown>).join('\n');
    } catch {
      members = '(the stored line is not a JSON object: see the original line)';
    }
    tableRow(ws, r, [
      { value: item.position, numFmt: FMT_INT },
      { value: e.stream },
      { value: e.seq, numFmt: FMT_INT },
      { value: e.file },
      { value: e.line, numFmt: FMT_INT },
      { value: clipped(members) },
      { value: clipped(e.raw), mono: true },
      { value: sha256(e.raw), mono: true },
    ]);
    ws.getCell(r, 6).style = wrap;
    ws.getCell(r, 7).style = { ...wrap, font: MONO };
    r++;
  }
  ws.views = [{ state: 'frozen', ySplit: 4 }];
  printSetup(ws, view, 'landscape', 4);
}
