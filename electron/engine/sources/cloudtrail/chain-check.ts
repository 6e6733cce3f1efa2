// One chain of digests (bucket, prefix, organization, account, trail, Region), checked as
// cloudtrail-export-kit/1 §3 items 1, 2, 3, 5 and 6 say: each digest's signature under the key its
// fingerprint names (pinned keys only make it "pinned"), its location against the location it names, the
// backward walk (shared/cloudtrail/chain.ts) over regular digests and, separately, over backfill digests,
// then coverage of the audit window by the regular digests that verified, and the margin after the window.
import type { BundleSource } from '../../io/source';
import type { Finding } from '../../../../shared/types';
import type { CloudTrailPublicKey } from '../../../../shared/cloudtrail/public-keys';
import type { CloudTrailChainReport, SignatureTally, SpanReport } from '../../../../shared/cloudtrail/report';
import type { CloudTrailObject } from '../../../../shared/cloudtrail/paths';
import { walkChain, type ChainDigest, type ChainIssue } from '../../../../shared/cloudtrail/chain';
import { previousOf } from '../../../../shared/cloudtrail/digest-file';
import { digestSigningString } from '../../../../shared/cloudtrail/signing-string';
import { shortTail, uncoveredSpans, unionSpans, type Span } from '../../../../shared/cloudtrail/coverage';
import { parseRfc3339 } from '../../../../shared/time';
import { FindingList } from '../../../../shared/findings';
import { readDigest, type DigestRead } from './digest-read';
import { checkSignature } from './keys';
import { finding, s3Url, spanText, utc } from './findings';

export const SIGNATURE_ALGORITHM = 'SHA256withRSA';

export interface ChainContext {
  source: BundleSource;
  pinned: readonly CloudTrailPublicKey[];
  /** the vendor's keys for this chain's Region */
  vendor: readonly CloudTrailPublicKey[];
  window: Span;
}

export interface CheckedChain {
  report: CloudTrailChainReport;
  reads: DigestRead[];
  list: FindingList;
}

function issueFinding(i: ChainIssue, region: string, source: BundleSource): Finding {
  const at = (d: ChainDigest): string => s3Url(d.bucket, d.key);
  switch (i.kind) {
    case 'copy':
      return finding(
        'cloudtrail-digest-copy',
        'error',
        region,
        i.digest,
        `${at(i.digest)} is a copy of the digest ${at(i.original)}: a digest lies only where CloudTrail delivered it`,
      );
    case 'missing-predecessor': {
      const present = source.has(`s3/${i.missing.bucket}/${i.missing.key}`);
      return finding(
        'cloudtrail-digest-missing',
        'error',
        region,
        i.missing,
        `the digest ${at(i.digest)} names its predecessor ${s3Url(i.missing.bucket, i.missing.key)}, which ${present ? 'is in the kit but cannot be used (see the finding on it)' : 'is not in the kit'}; no verified chain covers ${spanText(i.span)}${i.resumesAt ? `, and the chain resumes only at ${at(i.resumesAt)}` : ''}`,
        { expected: s3Url(i.missing.bucket, i.missing.key) },
      );
    }
    case 'restarted':
      return finding(
        'cloudtrail-chain-restarted',
        'error',
        region,
        i.unreached,
        `no chain reaches the digest ${at(i.unreached)}: the newer digest ${at(i.digest)} has no predecessor (logging or log file validation was started again), so ${spanText(i.span)} is not covered by one chain`,
      );
    case 'signature-link':
      return finding(
        'cloudtrail-chain-link-broken',
        'error',
        region,
        i.digest,
        `the digest ${at(i.digest)} carries a previousDigestSignature that is not the signature of its predecessor ${at(i.predecessor)}`,
        { expected: i.digest.prev?.signature ?? 'null', found: i.predecessor.signature ?? 'none' },
      );
    case 'hash-link':
      return finding(
        'cloudtrail-chain-link-broken',
        'error',
        region,
        i.predecessor,
        `the digest ${at(i.predecessor)} is not the one its successor ${at(i.digest)} was chained to: its SHA-256 differs from previousDigestHashValue`,
        { expected: i.digest.prev?.hashValue ?? 'null', found: i.predecessor.sha256 },
      );
    case 'stopped':
      return finding(
        'cloudtrail-trail-stopped',
        'error',
        region,
        i.digest,
        `between the digest ${at(i.predecessor)} and its successor ${at(i.digest)} no digest was delivered (the trail was stopped): ${spanText(i.span)} is not covered`,
      );
  }
}

function toChainDigest(r: DigestRead, usable: boolean): ChainDigest | null {
  const c = r.content;
  if (!c || r.sha256 === null) return null;
  const prev = previousOf(c);
  return {
    bucket: r.object.bucket,
    key: r.object.key,
    startMs: parseRfc3339(c.digestStartTime)!,
    endMs: parseRfc3339(c.digestEndTime)!,
    sha256: r.sha256,
    signature: r.signature,
    prev: prev ? { ...prev, hashValue: c.previousDigestHashValue, signature: c.previousDigestSignature } : null,
    usable,
  };
}

const spanReport = (s: { fromMs: number | null; toMs: number }): SpanReport => ({ from: s.fromMs === null ? null : utc(s.fromMs), to: utc(s.toMs) });

export async function checkChain(objects: readonly CloudTrailObject[], ctx: ChainContext): Promise<CheckedChain> {
  const first = objects[0]!;
  const region = first.region;
  const list = new FindingList();
  const tally: SignatureTally = { pinned: 0, unpinned: 0, invalid: 0, unknownKey: 0, missing: 0 };
  const reads: DigestRead[] = [];
  const regular: ChainDigest[] = [];
  const backfill: ChainDigest[] = [];
  const unpinned = new Map<string, CloudTrailObject[]>();

  for (const o of [...objects].sort((a, b) => (a.key < b.key ? -1 : 1))) {
    const r = await readDigest(ctx.source, o);
    reads.push(r);
    const c = r.content;
    if (!c) {
      list.add(finding('cloudtrail-digest-unreadable', 'error', region, o, `the digest ${s3Url(o.bucket, o.key)} ${r.problem}`));
      continue;
    }
    const placed = c.digestS3Bucket === o.bucket && c.digestS3Object === o.key;
    if (!placed) {
      list.add(
        finding(
          'cloudtrail-digest-moved',
          'error',
          region,
          o,
          `the digest found at ${s3Url(o.bucket, o.key)} names ${s3Url(c.digestS3Bucket, c.digestS3Object)} as its location: it was moved from its original location`,
          { expected: s3Url(c.digestS3Bucket, c.digestS3Object), found: s3Url(o.bucket, o.key) },
        ),
      );
    }
    let status: 'pinned' | 'unpinned' | 'invalid' | 'unknown-key' | 'missing';
    if (r.signature === null) status = 'missing';
    else if (c.digestSignatureAlgorithm !== SIGNATURE_ALGORITHM || (r.signatureAlgorithm !== null && r.signatureAlgorithm !== SIGNATURE_ALGORITHM))
      status = 'invalid';
    else
      status = checkSignature(
        digestSigningString(c, r.sha256!),
        r.signature,
        c.digestPublicKeyFingerprint,
        parseRfc3339(c.digestEndTime)!,
        ctx.pinned,
        ctx.vendor,
      );
    const url = s3Url(o.bucket, o.key);
    switch (status) {
      case 'pinned':
        tally.pinned++;
        break;
      case 'unpinned':
        tally.unpinned++;
        unpinned.set(c.digestPublicKeyFingerprint, [...(unpinned.get(c.digestPublicKeyFingerprint) ?? []), o]);
        break;
      case 'invalid':
        tally.invalid++;
        list.add(
          finding(
            'cloudtrail-signature-invalid',
            'error',
            region,
            o,
            `the signature of the digest ${url} does not verify under key ${c.digestPublicKeyFingerprint} (${c.digestSignatureAlgorithm}): the digest or its signature was altered`,
          ),
        );
        break;
      case 'unknown-key':
        tally.unknownKey++;
        list.add(
          finding(
            'cloudtrail-key-unknown',
            'warning',
            region,
            o,
            `the digest ${url} is signed by key ${c.digestPublicKeyFingerprint}, but no pinned or listed key has that fingerprint at ${c.digestEndTime}: it cannot be verified`,
          ),
        );
        break;
      case 'missing':
        tally.missing++;
        list.add(
          finding(
            'cloudtrail-signature-missing',
            'error',
            region,
            o,
            `the kit has no signature for the digest ${url}: ${url.slice(5)}.head.json with Metadata.signature is missing`,
          ),
        );
        break;
    }
    const d = toChainDigest(r, placed && (status === 'pinned' || status === 'unpinned'));
    if (d) (o.backfill ? backfill : regular).push(d);
  }

  // one warning per unpinned key, not per digest: the auditor's question is which key to obtain
  for (const [fp, os] of unpinned) {
    const tail = os.length > 1 ? ` and ${os.length - 1} more up to ${s3Url(os[os.length - 1]!.bucket, os[os.length - 1]!.key)}` : '';
    list.add(
      finding(
        'cloudtrail-signature-unpinned',
        'warning',
        region,
        os[0]!,
        `${os.length} digest(s) are signed by key ${fp}, which only the vendor's public-keys file lists, so no pinned key vouches for them: ${s3Url(os[0]!.bucket, os[0]!.key)}${tail}`,
      ),
    );
  }

  const walk = walkChain(regular, ctx.window.fromMs);
  for (const i of [...walk.issues, ...walkChain(backfill, ctx.window.fromMs).issues]) list.add(issueFinding(i, region, ctx.source));

  const covered = unionSpans(regular.filter((d) => d.usable).map((d) => ({ fromMs: d.startMs, toMs: d.endMs })));
  const uncovered = uncoveredSpans(ctx.window, covered);
  for (const s of uncovered) {
    const before = regular.find((d) => d.usable && d.endMs === s.fromMs);
    const after = regular.find((d) => d.usable && d.startMs === s.toMs);
    list.add(
      finding(
        'cloudtrail-coverage-gap',
        'error',
        region,
        after ?? before ?? null,
        `no verified digest covers ${spanText(s)} of the audit window${before ? `, after ${s3Url(before.bucket, before.key)}` : ''}${after ? `, before ${s3Url(after.bucket, after.key)}` : ''}`,
      ),
    );
  }
  const usable = regular.filter((d) => d.usable).sort((a, b) => b.endMs - a.endMs);
  const newest = usable[0];
  if (newest && newest.endMs >= ctx.window.toMs) {
    const tail = shortTail(newest.endMs, ctx.window.toMs);
    if (tail)
      list.add(
        finding(
          'cloudtrail-coverage-tail',
          'warning',
          region,
          newest,
          `the newest digest ${s3Url(newest.bucket, newest.key)} ends at ${utc(newest.endMs)}, less than an hour after the audit window: log files of the window's last hours may still have been delivered later, or been held back (${spanText(tail)})`,
        ),
      );
  }
  const oldest = usable[usable.length - 1];
  const report: CloudTrailChainReport = {
    bucket: first.bucket,
    prefix: first.prefix,
    organizationId: first.orgId,
    account: first.account,
    trail: first.trail ?? '',
    region,
    claimed: false,
    verdict: 'unverifiable',
    digests: objects.filter((o) => !o.backfill).length,
    backfillDigests: objects.filter((o) => o.backfill).length,
    signatures: tally,
    segments: walk.segments.length,
    newest: newest ? { key: newest.key, end: utc(newest.endMs) } : null,
    oldest: oldest ? { key: oldest.key, start: utc(oldest.startMs) } : null,
    covered: covered.map(spanReport),
    uncovered: uncovered.map(spanReport),
    logFiles: { listed: 0, verified: 0 },
    findings: list.items,
  };
  return { report, reads, list };
}
