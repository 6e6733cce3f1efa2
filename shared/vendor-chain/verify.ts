// Verifying a vendor export under a profile, from records already framed (jsonl.ts, or the engine's CSV
// reader) and the head file's text: the chain checks (checker.ts), the head (head.ts), and the grade.
// The grade is the honest one (shared/source-kinds.ts):
//   verified, producer-signed   nothing failed, every hash recomputed, and the head binding the last record
//                               is signed under a key the auditor pinned
//   unverifiable, producer-chained   nothing failed, but the chain is "not independently verifiable":
//                               HMAC (no hash can be recomputed without the vendor's secret), no signed head
//                               (a cut tail cannot show), or a head signed only under a key not pinned
//   failed                      an integrity check failed; firstBreak is where
// An HMAC chain stays unverifiable even with a pinned head: the head binds the last hash, not the content.
import { INTEGRITY_GRADE_TEXT } from '../source-kinds';
import type { Finding, Verdict } from '../types';
import { ChainChecker } from './checker';
import { VendorChainInputError } from './errors';
import { checkHeadSignature, parseHead } from './head';
import type { VendorChainProfile } from './profile';
import type { PublicKey } from './public-key';
import type { ChainRecord } from './record';
import type { HeadReport, UnverifiedReason, VendorChainReport } from './report';

export interface VendorExport {
  /** the export as the auditor named it (a file or a folder) */
  path: string;
  /** the record files in chain order, each read lazily */
  files: { name: string; records: Iterable<ChainRecord> }[];
  /** the head file when the profile declares a signed head (the caller refuses an export without one) */
  head: { file: string; text: string } | null;
}

const REASON_TEXT: Record<UnverifiedReason, string> = {
  hmac: 'the records are chained with HMAC-SHA256 under the vendor’s secret key: without it no record’s hash can be recomputed, so an edited record would not show',
  'no-signed-head': 'nothing signs the newest record, so records cut from the end of the export (a truncated tail) cannot be detected',
  'unpinned-key': 'the head is signed only under the key the export itself names, not under a key you pinned',
  'no-pinned-key': 'no key is pinned to check the head signature with',
};

function profileSummary(p: VendorChainProfile, file: string): VendorChainReport['profile'] {
  const c = p.canonical;
  return {
    file,
    name: p.name,
    recipe: `${p.recipe.algorithm} (${p.recipe.encoding})`,
    canonical: c.form === 'fields' ? `fields ${c.fields.join(', ')} joined by ${JSON.stringify(c.separator)}` : c.form,
    anchor: p.anchor.type === 'none' ? 'none' : `signed head ${p.anchor.file} (${p.anchor.algorithm})`,
  };
}

export function verifyVendorChain(
  p: VendorChainProfile,
  profileFile: string,
  ex: VendorExport,
  pinned: readonly PublicKey[],
  version: string,
): VendorChainReport {
  const checker = new ChainChecker(p);
  const files: { name: string; records: number }[] = [];
  for (const f of ex.files) {
    const before = checker.records;
    for (const r of f.records) checker.add(r);
    files.push({ name: f.name, records: checker.records - before });
  }
  if (checker.records === 0) throw new VendorChainInputError(`${ex.path} holds no record to verify`, ex.path);

  let head: HeadReport | null = null;
  const a = p.anchor;
  if (a.type === 'signed-head') {
    if (ex.head === null) throw new VendorChainInputError(`The profile declares a signed head, but ${a.file} is not in ${ex.path}`, ex.path);
    const h = parseHead(ex.head.text, ex.head.file, p.recipe.encoding, a.signatureEncoding);
    const sig = checkHeadSignature(h, { algorithm: a.algorithm, ecdsaSignatureFormat: a.ecdsaSignatureFormat }, pinned);
    checker.checkHead(h, sig.status, a.algorithm);
    head = {
      file: h.file,
      algorithm: a.algorithm,
      seq: h.seq,
      hash: h.hash,
      signature: sig.status,
      keyFingerprint: sig.key?.fingerprint ?? null,
      claimedKeyFingerprint: h.claimed?.fingerprint ?? null,
    };
  }

  const reason: UnverifiedReason | null =
    p.recipe.algorithm === 'hmac-sha256'
      ? 'hmac'
      : head === null
        ? 'no-signed-head'
        : head.signature === 'unpinned'
          ? 'unpinned-key'
          : head.signature === 'no-key'
            ? 'no-pinned-key'
            : null;
  const verdict: Verdict = checker.errors > 0 ? 'failed' : reason !== null ? 'unverifiable' : 'verified';
  const extra: Finding[] = [];
  if (verdict !== 'failed' && reason !== null) {
    const code =
      reason === 'unpinned-key'
        ? 'vendor-head-signature-unpinned'
        : reason === 'no-pinned-key'
          ? 'vendor-head-no-key'
          : 'vendor-chain-not-independently-verifiable';
    const f: Finding = { code, severity: 'warning', message: `Not independently verifiable: ${REASON_TEXT[reason]}.`, file: head?.file ?? ex.path };
    if (reason === 'unpinned-key') f.found = head?.keyFingerprint ?? undefined;
    extra.push(f);
  }
  const integrity = verdict === 'verified' ? 'producer-signed' : 'producer-chained';
  const statement =
    verdict === 'verified'
      ? `VERIFIED: every record's hash recomputed and linked, and the head signed under a key you pinned (${INTEGRITY_GRADE_TEXT['producer-signed']})`
      : verdict === 'failed'
        ? `INTEGRITY FAILED at ${checker.firstBreak!.file}${checker.firstBreak!.line ? ` line ${checker.firstBreak!.line}` : ''}${checker.firstBreak!.seq !== undefined ? ` (seq ${checker.firstBreak!.seq})` : ''}`
        : `NOT INDEPENDENTLY VERIFIABLE: ${REASON_TEXT[reason!]} (${INTEGRITY_GRADE_TEXT['producer-chained']})`;
  const findings = [...checker.findings, ...extra];
  return {
    tool: { name: 'tickmark', version },
    format: 'tickmark-vendor-chain-verification/1',
    kind: 'vendor-chain',
    export: { path: ex.path, files },
    profile: profileSummary(p, profileFile),
    verdict,
    integrity,
    reason: verdict === 'failed' ? null : reason,
    statement,
    records: checker.records,
    firstSeq: checker.firstSeq,
    lastSeq: checker.last?.seq ?? null,
    firstTime: checker.firstTime,
    lastTime: checker.last?.time ?? null,
    recomputed: checker.recomputed,
    head,
    pinnedKeys: pinned.map((k) => k.fingerprint),
    firstBreak: checker.firstBreak,
    findings,
    totals: { errors: checker.errors, warnings: checker.warnings + extra.length },
  };
}
