// How verification reports are told at the terminal and turned into exit codes, shared by main.ts and the
// custody-only commands (custody-commands.ts).
import type { Finding, VerificationReport, Verdict } from '../../shared/types';

export const EXIT = { verified: 0, failed: 1, unusable: 2, unanchored: 3 } as const;

export function exitFor(v: Verdict, reports: VerificationReport[]): number {
  if (v === 'verified') return EXIT.verified;
  if (v === 'failed') return EXIT.failed;
  const all = reports.flatMap(allFindings);
  return all.some((f) => f.code === 'input-unreadable' || f.code === 'manifest-invalid') ? EXIT.unusable : EXIT.unanchored;
}

export function allFindings(r: VerificationReport): Finding[] {
  return [...r.findings, ...r.manifest.findings, ...r.streams.flatMap((s) => s.findings), ...r.evidence.flatMap((e) => e.findings)];
}

export function describe(r: VerificationReport, out: (s: string) => void, custodyOnly = false): void {
  out(`${custodyOnly ? 'Export ' : 'Bundle '}  ${r.bundle.path}`);
  if (r.bundle.tenant) out(`Tenant   ${r.bundle.tenant}, audit window ${r.bundle.auditWindow?.start} – ${r.bundle.auditWindow?.end}`);
  // an export with no producer integrity has no manifest: its stream line below carries the custody check
  if (!custodyOnly) out(`Manifest signature: ${r.manifest.signature}`);
  for (const s of r.streams) {
    out(
      `Stream   ${s.id.padEnd(14)} ${s.verdict.toUpperCase().padEnd(12)} ${s.eventsRead.toLocaleString('en-US')} events, seq ${s.firstSeq ?? '-'}–${s.lastSeq ?? '-'}, ${s.checkpoints.length} checkpoints`,
    );
  }
  for (const e of r.evidence) out(`Evidence ${e.path.padEnd(44)} ${e.verdict.toUpperCase()}`);
  const all = allFindings(r).filter((f) => f.severity !== 'info');
  if (custodyOnly && all.length === 0)
    out(
      `Custody  RFC 9162 root over the stored records: ${r.streams[0]?.merkleRoot ?? '-'}, as in the custody receipt; nothing changed since receipt`,
    );
  const shown = all.slice(0, 25);
  if (shown.length > 0) out('Findings:');
  for (const f of shown) out(`  [${f.severity}] ${f.code}${f.stream ? ` (${f.stream})` : ''}: ${f.message}`);
  if (all.length > shown.length) out(`  … and ${all.length - shown.length} more (use --json for all)`);
  out(
    `Result   ${r.verdict.toUpperCase()} — ${r.totals.events.toLocaleString('en-US')} events, ${r.totals.errors} errors, ${r.totals.warnings} warnings`,
  );
}
