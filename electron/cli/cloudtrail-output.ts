// Human output of a CloudTrail kit verification: per Region and trail, the chain, the coverage and the
// uncovered spans, then the findings.
import type { CloudTrailKitReport } from '../../shared/cloudtrail/report';

export function describeCloudTrail(r: CloudTrailKitReport, out: (s: string) => void): void {
  out(`Kit      ${r.kit.path}`);
  if (r.kit.tenant) out(`Tenant   ${r.kit.tenant}, audit window ${r.kit.auditWindow?.start} – ${r.kit.auditWindow?.end}`);
  out(`Pinned   ${r.pinnedKeys.length === 0 ? 'no keys' : `${r.pinnedKeys.length} key(s)`}`);
  for (const c of r.chains) {
    const s = c.signatures;
    out(
      `Region   ${c.region.padEnd(15)} trail ${c.trail} (account ${c.account}${c.organizationId ? `, ${c.organizationId}` : ''})  ${c.verdict.toUpperCase()}`,
    );
    out(
      `  chain     ${c.digests} digests${c.backfillDigests ? ` + ${c.backfillDigests} backfill` : ''}, ${c.segments <= 1 ? 'unbroken' : `broken into ${c.segments} pieces`}; signatures ${s.pinned} pinned, ${s.unpinned} unpinned, ${s.invalid} invalid, ${s.unknownKey + s.missing} unverifiable`,
    );
    out(`  covered   ${c.covered.length === 0 ? 'nothing' : c.covered.map((x) => `${x.from} – ${x.to}`).join(', ')}`);
    out(`  uncovered ${c.uncovered.length === 0 ? 'none inside the audit window' : c.uncovered.map((x) => `${x.from ?? '…'} – ${x.to}`).join(', ')}`);
    out(`  log files ${c.logFiles.verified} of ${c.logFiles.listed} listed verified`);
  }
  for (const l of r.lake)
    out(
      `Lake     ${l.folder} ${l.verdict.toUpperCase()}: signature ${l.signature}, ${l.files.filter((f) => f.verified).length} of ${l.files.length} result files verified`,
    );
  const all = [...r.findings, ...r.chains.flatMap((c) => c.findings), ...r.lake.flatMap((l) => l.findings)].filter((f) => f.severity !== 'info');
  const shown = all.slice(0, 25);
  if (shown.length > 0) out('Findings:');
  for (const f of shown) out(`  [${f.severity}] ${f.code}: ${f.message}`);
  if (all.length > shown.length) out(`  … and ${all.length - shown.length} more (use --json for all)`);
  out(
    `Result   ${r.verdict.toUpperCase()} — ${r.totals.digests} digests, ${r.totals.logFiles} log files, ${r.totals.errors} errors, ${r.totals.warnings} warnings`,
  );
}
