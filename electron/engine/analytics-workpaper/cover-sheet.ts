// The Cover sheet: the engagement, the rule pack as run (id, version, SHA-256 of its file), the run (id, time,
// who ran it, the audit window), the counts per rule, the sign-off block, and the workspace's activity-log head.
import type ExcelJS from 'exceljs';
import { DISPOSITION_KINDS } from '../../../shared/analytics';
import { KeyValueWriter, headerRow, styleVerdict, tableRow, title, widths } from '../workpaper/sheet-helpers';
import { FMT_COUNT, FMT_INT } from '../workpaper/styles';
import { dateValue } from '../workpaper/values';
import { ANALYTICS_WORKPAPER_FORMAT, AW_SHEET, type AnalyticsWorkpaperData } from './format';
import { printAnalytics } from './layout';

export function coverSheet(ws: ExcelJS.Worksheet, d: AnalyticsWorkpaperData): void {
  const r = d.report;
  ws.views = [{ showGridLines: false }];
  widths(ws, [34, 40, 12, 12, 12, 12, 12, 14, 16]);
  title(ws, `Control analytics workpaper — ${r.pack.title}`, `Prepared with Tickmark ${d.toolVersion}. All dates and times are UTC.`);
  const kv = new KeyValueWriter(ws, 4);
  const e = d.engagement;
  kv.section('Engagement');
  kv.add('Engagement name', e.name);
  kv.add('Client', e.client);
  kv.add('System', e.system);
  kv.add('Framework', e.framework);
  kv.add(
    'Audit window',
    r.window
      ? `${r.window.start} to ${r.window.end} (both inclusive; from the ${r.window.source === 'engagement' ? "engagement's window" : 'bundles in scope, no engagement window set'})`
      : 'not set',
    {
      style: r.window ? undefined : 'warn',
    },
  );
  kv.add('Workspace', d.workspaceFile);

  kv.section('Rule pack as run');
  kv.add('Pack', `${r.pack.id} — ${r.pack.title}`);
  kv.add('Version', r.pack.version);
  kv.add('Pack file SHA-256', r.pack.sha256, { mono: true });
  kv.add('Pack source', r.pack.source);
  kv.add('Description', d.packDescription);

  kv.section('Run');
  kv.add('Run id', r.runId, { numFmt: FMT_INT });
  kv.add('Started', dateValue(r.startedAt));
  kv.add('Finished', dateValue(r.finishedAt));
  kv.add('Run by', r.by);
  kv.add('Events in scope', r.data.eventsInScope, { numFmt: FMT_COUNT });
  kv.add('Bundles in scope / excluded', `${r.data.bundles.filter((b) => b.included).length} / ${r.data.bundles.filter((b) => !b.included).length}`);
  kv.add('Exceptions / info items', `${r.totals.exceptions} / ${r.totals.info}`);
  const undisposed = d.exceptions.filter((x) => x.severity === 'exception' && !x.disposition).length;
  kv.add('Exceptions not dispositioned', undisposed, { numFmt: FMT_COUNT, style: undisposed ? 'warn' : 'good' });
  if (r.totals.notPerformed) kv.add('Rules not performed', r.totals.notPerformed, { numFmt: FMT_COUNT, style: 'warn' });

  kv.section('Summary per rule');
  let row = kv.row;
  headerRow(ws, row++, ['Rule', 'Criteria', 'Severity', 'Status', 'Found', 'Confirmed', 'Explained', 'False positive', 'Undisposed']);
  for (const o of r.rules) {
    const xs = d.exceptions.filter((x) => x.rule === o.rule);
    const n = (k: (typeof DISPOSITION_KINDS)[number]) => xs.filter((x) => x.disposition?.kind === k).length;
    const open = xs.filter((x) => !x.disposition).length;
    tableRow(ws, row, [
      { value: o.rule },
      { value: o.criteria.join(', ') },
      { value: o.severity },
      { value: o.status === 'performed' ? 'performed' : `NOT PERFORMED: ${o.note ?? ''}` },
      { value: o.count, numFmt: FMT_COUNT },
      { value: n('confirmed_deviation'), numFmt: FMT_COUNT },
      { value: n('explained'), numFmt: FMT_COUNT },
      { value: n('false_positive'), numFmt: FMT_COUNT },
      { value: o.severity === 'info' ? null : open, numFmt: FMT_COUNT },
    ]);
    if (o.status !== 'performed') styleVerdict(ws.getCell(row, 4), 'warn');
    if (o.severity === 'exception' && open > 0) styleVerdict(ws.getCell(row, 9), 'warn');
    row++;
  }
  kv.row = row;

  kv.section('Sign-offs');
  kv.add('Prepared by', null);
  kv.add('Prepared on', null);
  kv.add('Reviewed by', null);
  kv.add('Reviewed on', null);
  // the sign-off cells are the auditor's to fill in, on the protected sheet
  for (let i = kv.row - 4; i < kv.row; i++) ws.getCell(i, 2).protection = { locked: false };

  kv.section('Export');
  kv.add('Format', ANALYTICS_WORKPAPER_FORMAT);
  kv.add('Exported at', d.exportedAt);
  kv.add('Exported by', d.exportedBy);
  kv.add('Activity log head: entry', d.activityHead.seq, { numFmt: FMT_INT });
  kv.add('Activity log head: hash', d.activityHead.hash, { mono: true });
  kv.add(
    'Has the workspace changed?',
    'The head above includes this export. "tickmark verify-workspace <workspace>" prints the current head: the same hash means nothing was recorded since; ' +
      'dispositions made later change it (sheet "' +
      AW_SHEET.exceptions +
      '" shows them as at export).',
  );
  printAnalytics(ws, d, 'portrait');
}
