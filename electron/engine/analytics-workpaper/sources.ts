// What the C&A memo says of each source (AT-C 205.36: how the completeness and accuracy of the information
// the tests ran on were established). For each bundle: the integrity checks its kind performs
// (shared/source-kinds.ts), each with the result of the latest verification run — a check passes when that
// run reported no finding of the codes that check raises —, the custody receipt when there is one, and the
// coverage of the audit window by each stream (first and last event, silent intervals).
import type { AnalyticsBundleData, AnalyticsWindow } from '../../../shared/analytics';
import { completenessOf, durationText } from '../../../shared/completeness';
import { INTEGRITY_GRADE_TEXT, SOURCE_KINDS, type SourceKindId } from '../../../shared/source-kinds';
import type { Finding, VerificationReport } from '../../../shared/types';
import type { Workspace } from '../store/workspace';
import type { CheckResult, SourceMemo } from './format';

/** The finding codes each named check raises (codes by prefix when they end with "-"). */
const CHECK_CODES: [RegExp, string[]][] = [
  [/I-JSON lines|readable/i, ['input-unreadable']],
  [/record hashes/i, ['content-altered']],
  [/hash chain|hash links/i, ['link-broken', 'chain-genesis-mismatch', 'chain-head-mismatch']],
  [/sequence and time/i, ['seq-gap', 'seq-duplicate', 'seq-out-of-order', 'ts-out-of-order', 'event-count-mismatch']],
  [/sequence gaps/i, ['seq-gap', 'seq-duplicate', 'seq-out-of-order']],
  [/Merkle root|RFC 9162 root/i, ['merkle-root-mismatch', 'frontier-invalid']],
  [/checkpoints/i, ['checkpoint-']],
  [/manifest signature/i, ['manifest-']],
  [/evidence file hashes/i, ['evidence-']],
  [/outside the audit window/i, ['ts-outside-window']],
  [/^time order/i, ['ts-out-of-order']],
  [/silent intervals/i, ['silent-interval']],
  [/duplicates/i, ['seq-duplicate']],
  [/digest signatures|sign file signature/i, ['cloudtrail-signature-', 'cloudtrail-key-', 'cloudtrail-vendor-key-']],
  [/digest chain|digest location/i, ['cloudtrail-digest-', 'cloudtrail-chain-']],
  [/log file hashes|log files in no digest/i, ['cloudtrail-log-']],
  [/coverage of the audit window/i, ['cloudtrail-coverage-', 'cloudtrail-trail-stopped']],
  [/result file hashes/i, ['cloudtrail-lake-']],
  [/signed head/i, ['vendor-head-', 'vendor-chain-not-independently-verifiable']],
];

function allFindings(r: VerificationReport): Finding[] {
  return [...r.findings, ...r.manifest.findings, ...r.streams.flatMap((s) => s.findings), ...r.evidence.flatMap((e) => e.findings)];
}

function checkResult(check: string, report: VerificationReport | null): CheckResult {
  if (!report) return { check, status: 'not performed', result: 'no verification run: the check was not performed' };
  const codes = CHECK_CODES.find(([re]) => re.test(check))?.[1];
  if (!codes) return { check, status: 'performed', result: `performed; the run's verdict: ${report.verdict}` };
  const hit = allFindings(report).filter((f) => codes.some((c) => (c.endsWith('-') ? f.code.startsWith(c) : f.code === c)));
  // findings the verifier counted but did not list (suppressed) still count against the check
  const suppressed = report.streams.reduce(
    (n, s) =>
      n +
      Object.entries(s.suppressed).reduce(
        (m, [code, k]) => m + (codes.some((c) => (c.endsWith('-') ? code.startsWith(c) : code === c)) ? (k ?? 0) : 0),
        0,
      ),
    0,
  );
  if (hit.length === 0 && suppressed === 0) return { check, status: 'passed', result: 'passed: no finding' };
  const byCode = new Map<string, number>();
  for (const f of hit) byCode.set(f.code, (byCode.get(f.code) ?? 0) + 1);
  const errors = hit.some((f) => f.severity === 'error');
  const list = [...byCode].map(([c, n]) => `${n} ${c}`).join(', ') + (suppressed ? `, ${suppressed} more not listed` : '');
  return {
    check,
    status: errors ? 'failed' : 'warning',
    result: `${errors ? 'FAILED' : 'passed with findings'}: ${list}; e.g. ${hit[0]?.message ?? ''}`,
  };
}

function coverageText(s: SourceMemo['streams'][number], window: AnalyticsWindow | null): string {
  if (!s.firstTs || !s.lastTs) return `stream ${s.stream}: no event`;
  const parts = [`stream ${s.stream}: ${s.events.toLocaleString('en-US')} events from ${s.firstTs} to ${s.lastTs}`];
  if (window) {
    const first = Date.parse(s.firstTs);
    const last = Date.parse(s.lastTs);
    if (first > window.startMs) parts.push(`starts ${durationText(first - window.startMs)} after the window opens`);
    if (first < window.startMs) parts.push(`starts ${durationText(window.startMs - first)} BEFORE the window opens`);
    if (last < window.endMs) parts.push(`ends ${durationText(window.endMs - last)} before the window closes`);
    if (last > window.endMs) parts.push(`ends ${durationText(last - window.endMs)} AFTER the window closes`);
  }
  const silent = s.completeness.find((n) => n.code === 'silent-interval');
  parts.push(silent ? `${silent.count} silent interval(s) over ${durationText(silent.spannedMs)}` : 'no silent interval reported');
  for (const n of s.completeness) if (n.code !== 'silent-interval') parts.push(`${n.count} ${n.code}`);
  return parts.join('; ');
}

/** A stored verification report, with the lists a report of an older version may lack made empty. */
function readReport(text: string): VerificationReport {
  const r = JSON.parse(text) as Partial<VerificationReport>;
  return {
    ...r,
    findings: r.findings ?? [],
    manifest: r.manifest ?? { signature: 'missing', findings: [] },
    streams: (r.streams ?? []).map((s) => ({ ...s, findings: s.findings ?? [], checkpoints: s.checkpoints ?? [], suppressed: s.suppressed ?? {} })),
    evidence: (r.evidence ?? []).map((e) => ({ ...e, findings: e.findings ?? [] })),
    pinnedKeys: r.pinnedKeys ?? [],
    totals: r.totals ?? { events: 0, bytes: 0, errors: 0, warnings: 0 },
  } as VerificationReport;
}

export function sourceMemos(ws: Workspace, bundles: AnalyticsBundleData[], window: AnalyticsWindow | null): SourceMemo[] {
  return bundles.map((b) => {
    const run = b.verificationRunId
      ? (ws.db.prepare('SELECT finished_at, report FROM verification_runs WHERE id = ?').get(b.verificationRunId) as
          { finished_at: string; report: string } | undefined)
      : undefined;
    const report = run ? readReport(run.report) : null;
    const info = (SOURCE_KINDS as Record<string, (typeof SOURCE_KINDS)[SourceKindId] | undefined>)[b.kind];
    const checks = (info?.checks ?? []).map((c) => checkResult(c, report));
    const facts: [string, string][] = [];
    if (info) facts.push(['Integrity grade', `${info.integrity}: ${INTEGRITY_GRADE_TEXT[info.integrity]}`], ['Format', info.formatDoc]);
    if (report) {
      facts.push(['Verification run', `#${b.verificationRunId} finished ${report.finishedAt}, verdict ${report.verdict}`]);
      facts.push(['Errors / warnings', `${report.totals.errors} / ${report.totals.warnings}`]);
      if (b.kind === 'tickmark-bundle') facts.push(['Manifest signature', report.manifest.signature]);
      facts.push(['Pinned keys used', report.pinnedKeys.length ? report.pinnedKeys.join(', ') : '(none)']);
      if (report.bundle.sha256) facts.push(['Bundle SHA-256', report.bundle.sha256]);
      for (const s of report.streams)
        for (const c of s.checkpoints)
          facts.push([
            `Checkpoint ${c.file}:${c.line}`,
            `tree size ${c.treeSize}, root ${c.consistency}; signatures: ${c.signatures.map((g) => `${g.name} ${g.status}`).join(', ') || 'none'}`,
          ]);
      for (const e of report.evidence) facts.push([`Evidence file ${e.path}`, `${e.verdict}; SHA-256 ${e.foundSha256 ?? '(not found)'}`]);
    }
    const receipt = ws.db
      .prepare('SELECT file_name, file_sha256, bytes, records, merkle_root, received_at FROM custody_receipts WHERE bundle_id = ?')
      .get(b.bundleId) as
      { file_name: string; file_sha256: string; bytes: number; records: number; merkle_root: string; received_at: string } | undefined;
    if (receipt)
      facts.push([
        'Custody receipt',
        `${receipt.file_name} received ${receipt.received_at}: SHA-256 ${receipt.file_sha256}, ${receipt.bytes} bytes, ${receipt.records} records, RFC 9162 root ${receipt.merkle_root}`,
      ]);
    const streams = (report?.streams ?? []).map((s) => ({
      stream: s.id,
      verdict: s.verdict,
      events: s.eventsRead,
      firstTs: s.firstTs,
      lastTs: s.lastTs,
      chainHead: s.chainHead,
      merkleRoot: s.merkleRoot,
      completeness: completenessOf(s.findings),
    }));
    return {
      bundleId: b.bundleId,
      kind: b.kind,
      kindLabel: info?.label ?? b.kind,
      grade: info?.integrity ?? 'unknown',
      sourcePath: b.sourcePath,
      included: b.included,
      why: b.why,
      verdict: b.verdict,
      verificationRunId: b.verificationRunId,
      verifiedAt: run?.finished_at ?? null,
      events: b.events,
      checks,
      facts,
      streams,
      coverage: streams.length ? streams.map((s) => coverageText(s, window)).join('\n') : 'no stream reported by a verification run',
    };
  });
}
