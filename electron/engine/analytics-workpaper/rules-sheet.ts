// The Rules sheet: each rule as run — id, title, criteria, severity, description, what its exceptions
// reference, the evidence it requires, its parameters with their meaning and the values bound, and its SQL
// exactly as stored with the run — with a sqlite3 script that re-performs it (reperform.ts).
import type ExcelJS from 'exceljs';
import { KeyValueWriter, styleVerdict, title, widths } from '../workpaper/sheet-helpers';
import { COLOR, MONO } from '../workpaper/styles';
import type { AnalyticsWorkpaperData } from './format';
import { printAnalytics } from './layout';
import { REPERFORM_HOWTO, reperformScript } from './reperform';

export function rulesSheet(ws: ExcelJS.Worksheet, d: AnalyticsWorkpaperData): void {
  widths(ws, [30, 130]);
  title(ws, `Rules as run — ${d.report.pack.id} ${d.report.pack.version}`, `Pack file SHA-256 ${d.report.pack.sha256}`);
  const how = ws.getCell(3, 1);
  ws.mergeCells(3, 1, 3, 2);
  how.value = REPERFORM_HOWTO;
  how.alignment = { wrapText: true, vertical: 'top' };
  how.font = { italic: true, color: { argb: COLOR.muted } };
  ws.getRow(3).height = 75;
  const kv = new KeyValueWriter(ws, 5);
  for (const rule of d.rules) {
    const outcome = d.report.rules.find((o) => o.rule === rule.id);
    kv.section(`${rule.id} — ${rule.title}`);
    kv.add('Rule id', rule.id, { mono: true });
    kv.add('Criteria', rule.criteria.join(', '));
    kv.add('Severity', rule.severity === 'info' ? 'info (listed for attention, not an exception)' : 'exception');
    kv.add('Description', rule.description);
    kv.add('Exceptions reference', rule.refs);
    kv.add('Requires evidence', rule.requires.length ? rule.requires.join(', ') : '(events only)');
    const status = kv.add(
      'Status in this run',
      outcome
        ? outcome.status === 'performed'
          ? `performed: ${outcome.count} found in ${outcome.ms} ms`
          : `NOT PERFORMED: ${outcome.note ?? ''}`
        : 'not in the run',
    );
    if (outcome?.status !== 'performed') styleVerdict(status, 'warn');
    const bound = outcome?.parameters ?? rule.parameters;
    kv.add(
      'Parameters (as bound)',
      Object.entries(bound)
        .map(
          ([k, v]) =>
            `:${k} = ${v === null ? 'NULL' : String(v)}${rule.parameterDocs[k] ? ` — ${rule.parameterDocs[k]}` : k.startsWith('window_') ? ' — the audit window end, ms since 1970 UTC (inclusive)' : ''}`,
        )
        .join('\n'),
    );
    kv.add('SQL as run', rule.sql, { mono: true });
    const script = kv.add('Re-performance script', reperformScript(rule, bound), { mono: true });
    script.font = { ...MONO, size: 9 };
  }
  printAnalytics(ws, d, 'landscape');
}
