// The Population & integrity sheet: how the population was defined and frozen, each stream's verification
// and completeness, and the banner when integrity failed.
import ExcelJS from 'exceljs';
import { type SessionView, drawnUnderText } from '../../../shared/session';
import { durationText } from '../../../shared/completeness';
import { KeyValueWriter, headerRow, integrityWarning, printSetup, styleVerdict, tableRow, title, verdictStyle, widths } from './sheet-helpers';
import { COLOR, FMT_COUNT, FMT_INT, FMT_TIMESTAMP, solid } from './styles';
import { dateValue } from './values';

export function populationSheet(ws: ExcelJS.Worksheet, view: SessionView): void {
  const p = view.population;
  widths(ws, [26, 52, 68, 68, 14, 16, 12, 28, 8]);
  title(
    ws,
    `Population & integrity — ${p.name}`,
    'The population the sample was drawn from, how it was defined and ordered, and the verification of its sources.',
  );
  let row = 3;
  const warning = integrityWarning(view);
  if (warning) {
    ws.mergeCells(row, 1, row, 9);
    const c = ws.getCell(row, 1);
    c.value = `⚠ ${warning}`;
    c.fill = solid(COLOR.bannerFill);
    c.font = { bold: true, size: 12, color: { argb: COLOR.bannerFont } };
    c.alignment = { vertical: 'middle', wrapText: true };
    ws.getRow(row).height = 48; // merged cells do not grow on their own
    row++;
  }

  const kv = new KeyValueWriter(ws, row + 1);
  kv.section('Population');
  kv.add('Population', p.name);
  kv.add('Population id', p.id, { numFmt: FMT_INT });
  kv.add('Size', p.size, { numFmt: FMT_COUNT });
  kv.add('First event', dateValue(p.firstTs), { numFmt: FMT_TIMESTAMP });
  kv.add('Last event', dateValue(p.lastTs), { numFmt: FMT_TIMESTAMP });
  kv.add('Ordering rule', p.order);
  kv.add('Population digest (SHA-256)', p.digest, { mono: true });
  kv.add('Digest definition', 'SHA-256 over "<stream origin> <seq>\\n" of every member, in population order.');
  kv.add('Defined', dateValue(p.createdAt));
  kv.add('Defined by', p.createdBy);
  kv.add('Integrity', p.integrity === 'not-verified' ? 'not verified' : p.integrity, { style: verdictStyle(p.integrity) });
  kv.add('Drawn under', drawnUnderText(p.drawnUnder), { style: verdictStyle(p.drawnUnder?.verdict ?? 'not-verified') });

  kv.section('Filter definition');
  const f = p.filter;
  const list = (xs: readonly (string | number)[] | undefined) => (xs && xs.length > 0 ? xs.join(', ') : '(any)');
  kv.add('Bundles', list(f.bundleIds));
  kv.add('Streams', list(f.streams));
  kv.add('Categories', list(f.categories));
  kv.add('Actions', list(f.actions));
  kv.add('Actors', list(f.actors));
  kv.add('Outcome', f.outcome ?? '(any)');
  kv.add('From (inclusive)', dateValue(f.from) ?? '(open)', { numFmt: FMT_TIMESTAMP });
  kv.add('To (exclusive)', dateValue(f.to) ?? '(open)', { numFmt: FMT_TIMESTAMP });
  kv.add('Text contains', f.text && f.text !== '' ? f.text : '(any)');
  const known = new Set(['bundleIds', 'streams', 'categories', 'actions', 'actors', 'outcome', 'from', 'to', 'text']);
  for (const [k, v] of Object.entries(f)) if (!known.has(k) && v !== undefined) kv.add(k, JSON.stringify(v));

  kv.section('Source bundles');
  row = kv.row;
  headerRow(ws, row++, ['Bundle', 'Source path', 'Bundle SHA-256', 'Manifest SHA-256']);
  for (const s of p.sources) {
    tableRow(ws, row++, [
      { value: s.bundleId, numFmt: FMT_INT },
      { value: s.sourcePath },
      { value: s.sourceSha256 ?? '(not hashed: a folder)', mono: s.sourceSha256 !== null },
      { value: s.manifestSha256, mono: true },
    ]);
  }

  kv.row = row;
  kv.section('Streams');
  row = kv.row;
  headerRow(ws, row++, ['Bundle', 'Stream', 'Origin', 'Chain head', 'Events', 'Verification', 'Run id']);
  for (const s of p.streams) {
    tableRow(ws, row, [
      { value: s.bundleId, numFmt: FMT_INT },
      { value: s.stream },
      { value: s.origin },
      { value: s.chainHead ?? '(unknown)', mono: s.chainHead !== null },
      { value: s.count, numFmt: FMT_COUNT },
      { value: s.verdict === 'not-verified' ? 'not verified' : s.verdict },
      { value: s.runId, numFmt: FMT_INT },
    ]);
    styleVerdict(ws.getCell(row, 6), verdictStyle(s.verdict));
    row++;
  }

  const notes = p.streams.flatMap((s) => s.completeness.map((n) => ({ s, n })));
  if (notes.length > 0) {
    kv.row = row;
    kv.section('Completeness');
    row = kv.row;
    const note = ws.getCell(row++, 1);
    note.value =
      'Findings of the latest verification run that bear on completeness: the chain may hold while events are missing, late or outside the window.';
    note.font = { italic: true, color: { argb: COLOR.muted } };
    headerRow(ws, row++, ['Stream', 'Finding', 'Count', 'Total span', 'Time spans (UTC)', 'Example']);
    for (const { s, n } of notes) {
      const SHOWN = 20;
      const spans =
        n.spans
          .slice(0, SHOWN)
          .map((x) => `${x.from} – ${x.to}`)
          .join('\n') + (n.spans.length > SHOWN ? `\n… and ${n.spans.length - SHOWN} more` : '');
      tableRow(ws, row, [
        { value: s.stream },
        { value: n.code },
        { value: n.count, numFmt: FMT_COUNT },
        { value: n.spannedMs > 0 ? durationText(n.spannedMs) : null },
        { value: spans || null, mono: true },
        { value: n.example },
      ]);
      ws.getCell(row, 5).alignment = { wrapText: true, vertical: 'top' };
      styleVerdict(ws.getCell(row, 3), n.severity === 'error' ? 'bad' : 'warn');
      row++;
    }
  }

  const findings = p.streams.flatMap((s) => s.findings.map((f) => ({ s, f })));
  if (warning || findings.length > 0) {
    kv.row = row;
    kv.section('Verification findings');
    row = kv.row;
    const note = ws.getCell(row++, 1);
    note.value =
      'Error findings of the latest verification run of each stream (capped per stream); run "tickmark verify" on the bundle for the full report.';
    note.font = { italic: true, color: { argb: COLOR.muted } };
    headerRow(ws, row++, ['Code', 'Message', 'Expected', 'Found', 'Severity', 'Stream', 'Seq', 'File', 'Line']);
    if (findings.length === 0) {
      ws.getCell(row++, 1).value = 'No findings were recorded: the stream has no verification run.';
    }
    for (const { s, f } of findings) {
      tableRow(ws, row, [
        { value: f.code },
        { value: f.message },
        { value: f.expected ?? null, mono: true },
        { value: f.found ?? null, mono: true },
        { value: f.severity },
        { value: f.stream ?? s.stream },
        { value: f.seq ?? null, numFmt: FMT_INT },
        { value: f.file ?? null },
        { value: f.line ?? null, numFmt: FMT_INT },
      ]);
      if (f.severity === 'error') styleVerdict(ws.getCell(row, 5), 'bad');
      row++;
    }
  }
  printSetup(ws, view, 'landscape');
}
