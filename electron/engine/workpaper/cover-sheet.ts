// The Cover sheet: the engagement, the control, the population and its integrity, the plan, the result and
// the sign-offs, with the hidden identity block the import checks.
import { custodyOnlyCoverRow, sourceGradeCoverRow } from './grade';
import ExcelJS from 'exceljs';
import { type SessionView, drawnUnderText } from '../../../shared/session';
import { IDENTITY_MARKER, WORKPAPER_FORMAT } from './format';
import { KeyValueWriter, completenessWarning, integrityWarning, printSetup, title, verdictStyle, widths } from './sheet-helpers';
import { COLOR, FMT_COUNT, FMT_INT, solid } from './styles';
import { STATUS_TEXT, cellText, dateValue, itemsDigest } from './values';

export function coverSheet(ws: ExcelJS.Worksheet, view: SessionView, exportedAt: Date): void {
  ws.views = [{ showGridLines: false }];
  widths(ws, [34, 100]);
  title(ws, `Sampling workpaper — ${view.name}`, `Prepared with Tickmark ${view.toolVersion}. All dates and times are UTC.`);
  const kv = new KeyValueWriter(ws, 4);
  const warning = integrityWarning(view);
  if (warning) {
    const c = kv.add('Population integrity', warning);
    c.fill = solid(COLOR.bannerFill);
    c.font = { bold: true, color: { argb: COLOR.bannerFont } };
    kv.row++;
  }
  const gaps = completenessWarning(view);
  if (gaps) {
    kv.add('Population completeness', gaps, { style: 'warn' });
    kv.row++;
  }
  const custody = custodyOnlyCoverRow(view);
  if (custody) {
    kv.add(custody.label, custody.value, { style: 'warn' });
    kv.row++;
  }

  const e = view.engagement;
  kv.section('Engagement');
  kv.add('Engagement name', e.name);
  kv.add('Client', e.client);
  kv.add('System', e.system);
  kv.add('Framework', e.framework);
  kv.add('Audit period start', dateValue(e.windowStart) ?? 'not set');
  kv.add('Audit period end', dateValue(e.windowEnd) ?? 'not set');

  kv.section('Sampling session');
  kv.add('Session', view.name);
  kv.add('Session id', view.id, { numFmt: FMT_INT });
  kv.add('Control id', view.control.id);
  kv.add('Control description', view.control.description);
  kv.add('Control objective', view.control.objective);
  kv.add('Status', STATUS_TEXT[view.status] ?? view.status, {
    style: view.status === 'reviewed' ? 'good' : view.status === 'open' ? 'warn' : undefined,
  });
  kv.add('Population', `${view.population.name} (${view.population.size.toLocaleString('en-US')} items)`);
  kv.add('Population integrity', view.population.integrity === 'not-verified' ? 'not verified' : view.population.integrity, {
    style: verdictStyle(view.population.integrity),
  });
  kv.add('Population drawn under', drawnUnderText(view.population.drawnUnder), {
    style: verdictStyle(view.population.drawnUnder?.verdict ?? 'not-verified'),
  });
  const grade = sourceGradeCoverRow(view);
  kv.add(grade.label, grade.value, grade.warn ? { style: 'warn' } : {});
  kv.add('Items in the sample', view.items.length, { numFmt: FMT_COUNT });
  kv.add('Test attributes', view.attributes.map((a) => a.name).join('\n'));
  kv.add('Session created', dateValue(view.createdAt));
  kv.add('Session created by', view.createdBy);

  kv.section('Sign-offs');
  kv.add('Prepared by', view.preparer?.name ?? 'not signed off', view.preparer ? {} : { style: 'warn' });
  kv.add('Prepared on', dateValue(view.preparer?.at));
  kv.add('Reviewed by', view.reviewer?.name ?? 'not signed off', view.reviewer ? {} : { style: 'warn' });
  kv.add('Reviewed on', dateValue(view.reviewer?.at));

  kv.section('Export');
  kv.add('Tool version', `Tickmark ${view.toolVersion}`);
  kv.add('Exported at', exportedAt);
  kv.add('Activity log head: entry', view.activityHead.seq, { numFmt: FMT_INT });
  kv.add('Activity log head: hash', view.activityHead.hash, { mono: true });
  kv.add(
    'Has the workspace changed?',
    `When this workpaper was exported, the workspace activity log ended at entry ${view.activityHead.seq} with the hash above. ` +
      `A reviewer can run "tickmark verify-workspace <workspace>" and compare the head hash it prints with this one: the same hash means ` +
      `nothing was recorded in the workspace after this export; a different head means later activity (the log lists it); ` +
      `a failed verification means the log itself was altered.`,
  );
  kv.add(
    'Re-importing results',
    `Results may be typed into the Sample sheet (pass, deviation or na) with tickmarks and notes, and imported back. ` +
      `Sorting and filtering the Sample sheet is fine; changing its identity columns (Position to Line), its hidden Item id and ` +
      `Row fingerprint columns, or the hidden identity rows below makes the import refuse the workbook.`,
  );

  // The machine-readable identity block: hidden rows, column A key, column B value.
  kv.row += 3;
  const id: [string, ExcelJS.CellValue][] = [
    [IDENTITY_MARKER, WORKPAPER_FORMAT],
    ['session id', view.id],
    ['session name', cellText(view.name)],
    ['seed', view.seed],
    ['population id', view.population.id],
    ['population digest', view.population.digest],
    ['population size', view.population.size],
    ['sample items', view.items.length],
    ['items sha256', itemsDigest(view)],
    ['attributes', cellText(JSON.stringify(view.attributes.map((a) => ({ id: a.id, name: a.name }))))],
    ['exported at', exportedAt.toISOString()],
    ['tool version', view.toolVersion],
    ['activity head seq', view.activityHead.seq],
    ['activity head hash', view.activityHead.hash],
  ];
  for (const [k, v] of id) {
    const r = ws.getRow(kv.row++);
    r.getCell(1).value = k;
    r.getCell(2).value = v;
    r.font = { color: { argb: COLOR.muted }, size: 9 };
    r.hidden = true;
  }
  printSetup(ws, view, 'portrait');
}
