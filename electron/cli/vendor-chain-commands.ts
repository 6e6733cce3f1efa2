// `tickmark verify <export file or folder> --profile vendor.json [--pin <key or key file>]... [--json]`:
// a vendor's own hash chain, checked as the auditor's profile declares it (docs/vendor-chain-profiles.md).
// Exit codes, as for bundles and the other sources:
//   0  verified: every hash recomputed and linked, the head signed under a pinned key
//   1  integrity failed (the first break is named: file, line, seq)
//   2  unusable input: a bad profile (the member is named), a bad line (file and line), a bad key
//   3  nothing failed, but not verified: the head is valid only under a key not pinned, or no key was
//      given, or the chain is "not independently verifiable" (HMAC, or no signed head). This is the exit
//      of a FHIR export kept under custody only: readable and consistent, yet nothing the auditor holds
//      vouches for it, so a pipeline must never read it as verified.
import { parseArgs } from 'node:util';
import { writeFileSync } from 'node:fs';
import { INTEGRITY_GRADE_TEXT, SOURCE_KINDS } from '../../shared/source-kinds';
import { ProfileError, VendorChainInputError } from '../../shared/vendor-chain/errors';
import { PublicKeyError } from '../../shared/vendor-chain/public-key';
import type { VendorChainReport } from '../../shared/vendor-chain/report';
import { verifyVendorChainPath } from '../engine/sources/vendor-chain/index';
import { UsageError } from './sampling-commands';

type Io = { out: (s: string) => void; err: (s: string) => void };

/** Whether a `verify` command line is for a vendor chain (it names a profile). */
export function isVendorChainVerify(args: readonly string[]): boolean {
  return args.some((a) => a === '--profile' || a.startsWith('--profile='));
}

export function describeVendorChain(r: VendorChainReport, out: (s: string) => void): void {
  const kind = SOURCE_KINDS['vendor-chain'];
  out(`Kind     ${kind.label}; at best ${kind.integrity}, only with a head signed under a pinned key`);
  out(`Export   ${r.export.path} (${r.export.files.map((f) => `${f.name}: ${f.records.toLocaleString('en-US')} records`).join(', ')})`);
  out(`Profile  ${r.profile.name} (${r.profile.file}): ${r.profile.recipe} over ${r.profile.canonical}; anchor ${r.profile.anchor}`);
  out(
    `Records  ${r.records.toLocaleString('en-US')}, seq ${r.firstSeq ?? '-'}–${r.lastSeq ?? '-'}, ${r.firstTime ?? '-'} – ${r.lastTime ?? '-'}; ${r.recomputed.toLocaleString('en-US')} hashes recomputed`,
  );
  if (r.head) {
    const by = r.head.keyFingerprint ? ` by key SHA-256:${r.head.keyFingerprint}` : '';
    out(`Head     ${r.head.file}: seq ${r.head.seq}, ${r.head.algorithm} signature ${r.head.signature.toUpperCase()}${by}`);
  }
  out(`Pinned   ${r.pinnedKeys.length === 0 ? 'no keys' : r.pinnedKeys.map((k) => `SHA-256:${k}`).join(', ')}`);
  const shown = r.findings.filter((f) => f.severity !== 'info').slice(0, 25);
  if (shown.length > 0) out('Findings:');
  for (const f of shown) out(`  [${f.severity}] ${f.code}: ${f.message}`);
  const more = r.totals.errors + r.totals.warnings - shown.length;
  if (more > 0) out(`  … and ${more} more (use --json for all)`);
  if (r.firstBreak) out(`First break  ${r.firstBreak.message}`);
  if (r.verdict !== 'failed') out(`Grade    ${INTEGRITY_GRADE_TEXT[r.integrity]}`);
  out(`Result   ${r.statement}`);
}

export function vendorChainVerify(args: string[], io: Io): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      profile: { type: 'string' },
      pin: { type: 'string', multiple: true },
      json: { type: 'boolean' },
      out: { type: 'string', short: 'o' },
    },
  });
  if (positionals.length !== 1 || !values.profile)
    throw new UsageError('verify with --profile needs one <export file or folder> and --profile <vendor.json>');
  let report: VendorChainReport;
  try {
    report = verifyVendorChainPath(positionals[0]!, values.profile, values.pin ?? []);
  } catch (e) {
    if (e instanceof ProfileError || e instanceof VendorChainInputError || e instanceof PublicKeyError) {
      io.err(`tickmark: ${e.message}`);
      return 2;
    }
    throw e;
  }
  const json = JSON.stringify(report, null, 2);
  if (values.out) writeFileSync(values.out, `${json}\n`);
  if (values.json) io.out(json);
  else describeVendorChain(report, io.out);
  if (!values.json && report.reason === 'no-pinned-key')
    io.err('Note: no key is pinned, so nothing can be "verified". Pin the vendor public key you obtained separately with --pin <key file>.');
  return report.verdict === 'verified' ? 0 : report.verdict === 'failed' ? 1 : 3;
}
