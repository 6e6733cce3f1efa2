// Workspace verification of an imported CloudTrail kit (#14): the same kit verification as at import, over
// the bytes the workspace kept (store/workspace-source.ts serves them), with the keys the auditor pins for
// this run; and every stored event row re-derived from its stored log file (import-kit.ts logFileRows) and
// compared column by column, so a row edited in the workspace file fails like an edited log file.
import type { Finding } from '../../../../shared/types';
import type { CloudTrailPublicKey } from '../../../../shared/cloudtrail/public-keys';
import { asVerificationReport, type CloudTrailVerificationReport } from '../../../../shared/cloudtrail/as-verification';
import { combineVerdicts, verdictOf } from '../../../../shared/findings';
import { workspaceSource } from '../../store/workspace-source';
import type { Workspace } from '../../store/workspace';
import { logFileRows, type KitRecordRow } from './import-kit';
import { verifyKit } from './verify-kit';

/** findings of one kind listed before the rest are only counted */
const MAX_FIELD_FINDINGS = 100;

const COLUMNS: [keyof KitRecordRow, string][] = [
  ['ts', 'ts'],
  ['tsMs', 'ts_ms'],
  ['category', 'category'],
  ['action', 'action'],
  ['actorId', 'actor_id'],
  ['actorType', 'actor_type'],
  ['target', 'target'],
  ['outcome', 'outcome'],
  ['mfa', 'mfa'],
  ['raw', 'raw'],
];

function storedRowFindings(ws: Workspace, bundleId: number): Finding[] {
  const findings: Finding[] = [];
  let listed = 0;
  const add = (f: Finding): void => {
    if (listed++ < MAX_FIELD_FINDINGS) findings.push(f);
  };
  const streams = ws.db.prepare('SELECT id, stream_key, files FROM streams WHERE bundle_id = ?').all(bundleId) as {
    id: number;
    stream_key: string;
    files: string;
  }[];
  const fileBytes = ws.db.prepare('SELECT content FROM bundle_files WHERE bundle_id = ? AND path = ?').pluck();
  const rowsOf = ws.db.prepare('SELECT * FROM events WHERE stream_id = ? AND file_no = ? ORDER BY line');
  for (const s of streams) {
    let seq = 0;
    (JSON.parse(s.files) as string[]).forEach((path, fileNo) => {
      const bytes = fileBytes.get(bundleId, path) as Buffer | null | undefined;
      const stored = rowsOf.all(s.id, fileNo) as Record<string, unknown>[];
      let expected: KitRecordRow[] = [];
      try {
        expected = bytes ? logFileRows(path, bytes, s.stream_key, fileNo) : [];
      } catch {
        // the kit verification names an unreadable log file; its rows cannot be vouched for
      }
      if (stored.length !== expected.length)
        add({
          code: 'stored-row-unverified',
          severity: 'error',
          stream: s.stream_key,
          file: path,
          expected: `${expected.length} records`,
          found: `${stored.length} rows`,
          message: `${path}: the workspace holds ${stored.length} event rows for a log file of ${expected.length} records`,
        });
      expected.forEach((want, i) => {
        const row = stored[i];
        if (!row) return;
        const wrong = COLUMNS.filter(([k, col]) => row[col] !== want[k]).map(([, col]) => col);
        if (row.line !== want.line || row.seq !== seq + i) wrong.push('line/seq');
        if (wrong.length > 0)
          add({
            code: 'stored-field-mismatch',
            severity: 'error',
            stream: s.stream_key,
            file: path,
            line: want.line,
            seq: seq + i,
            expected: 'the record as the stored log file gives it',
            found: `different ${wrong.join(', ')}`,
            message: `${path} record ${want.line}: the workspace row differs from the stored log file in ${wrong.join(', ')}`,
          });
      });
      seq += expected.length;
    });
  }
  if (listed > MAX_FIELD_FINDINGS)
    findings.push({
      code: 'stored-field-mismatch',
      severity: 'error',
      message: `${listed - MAX_FIELD_FINDINGS} more rows differ from their stored log files (only the first ${MAX_FIELD_FINDINGS} are listed)`,
    });
  return findings;
}

export async function verifyStoredKit(ws: Workspace, bundleId: number, pins: readonly CloudTrailPublicKey[]): Promise<CloudTrailVerificationReport> {
  const source = workspaceSource(ws, bundleId);
  const kit = await verifyKit(source, pins);
  const { events, bytes } = ws.db
    .prepare('SELECT event_count AS events, (SELECT COALESCE(SUM(size), 0) FROM bundle_files WHERE bundle_id = ?) AS bytes FROM bundles WHERE id = ?')
    .get(bundleId, bundleId) as { events: number; bytes: number };
  const report = asVerificationReport(kit, { events, bytes });
  const stored = storedRowFindings(ws, bundleId);
  report.findings.push(...stored);
  report.totals.errors += stored.length;
  report.verdict = combineVerdicts([report.verdict, verdictOf(stored, true)]);
  return report;
}
