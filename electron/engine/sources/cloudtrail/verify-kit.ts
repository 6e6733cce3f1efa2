// Verifying a CloudTrail export kit (cloudtrail-export-kit/1; docs/cloudtrail-kit.md), fully offline:
//   1. kit.json (the vendor's claims) and public-keys/<region>.json (the vendor's copy of the keys); a
//      vendor key with a pinned key's fingerprint but other bytes is a finding.
//   2. Every object under s3/ read as a CloudTrail log or digest by its key; digests grouped into chains
//      (bucket, prefix, organization, account, trail, Region), each checked by chain-check.ts, and the log
//      files each digest lists by log-files.ts.
//   3. Log files no digest lists; Regions kit.json claims without digests; chains it does not claim.
//   4. CloudTrail Lake result folders (result_sign.json) anywhere in the kit, by lake.ts.
// Verdicts as for bundles: any error fails; otherwise verified only when every signature is pinned.
import type { BundleSource } from '../../io/source';
import { InputError } from '../../io/source';
import { TOOL_VERSION } from '../../version';
import { parseKitManifest, KitManifestError, type KitManifest } from '../../../../shared/cloudtrail/kit-manifest';
import { chainIdOf, parseCloudTrailObject, type CloudTrailObject } from '../../../../shared/cloudtrail/paths';
import type { CloudTrailPublicKey } from '../../../../shared/cloudtrail/public-keys';
import type { CloudTrailChainReport, CloudTrailKitReport } from '../../../../shared/cloudtrail/report';
import { parseRfc3339 } from '../../../../shared/time';
import { combineVerdicts, verdictOf } from '../../../../shared/findings';
import type { Finding } from '../../../../shared/types';
import { checkChain } from './chain-check';
import { LogFileReader, checkLogFiles } from './log-files';
import { verifyLakeResults } from './lake';
import { parseKeyFile } from './keys';
import { sameKeyBytes } from './rsa';
import { headPathOf } from './digest-read';
import { finding, s3Url, utc } from './findings';
import { KIT_FILE, LAKE_SIGN_FILE, openKitSource, readJsonText } from './kit-source';

const PUBLIC_KEYS = /^public-keys\/([a-z0-9-]+)\.json$/;

function emptyReport(location: string, pins: readonly CloudTrailPublicKey[]): CloudTrailKitReport {
  const now = new Date().toISOString();
  return {
    tool: { name: 'tickmark', version: TOOL_VERSION },
    format: 'tickmark-cloudtrail-verification/1',
    kit: { path: location, tenant: null, auditWindow: null },
    startedAt: now,
    finishedAt: now,
    verdict: 'unverifiable',
    pinnedKeys: [...new Set(pins.map((k) => k.fingerprint))],
    chains: [],
    lake: [],
    findings: [],
    totals: { digests: 0, logFiles: 0, errors: 0, warnings: 0 },
  };
}

function finish(report: CloudTrailKitReport): CloudTrailKitReport {
  const all = [...report.findings, ...report.chains.flatMap((c) => c.findings), ...report.lake.flatMap((l) => l.findings)];
  report.totals.errors = all.filter((f) => f.severity === 'error').length;
  report.totals.warnings = all.filter((f) => f.severity === 'warning').length;
  report.verdict = combineVerdicts([...report.chains.map((c) => c.verdict), ...report.lake.map((l) => l.verdict), verdictOf(report.findings, true)]);
  report.finishedAt = new Date().toISOString();
  return report;
}

/** The vendor's keys by Region, and findings for any that contradict a pinned key. */
async function vendorKeys(
  source: BundleSource,
  pins: readonly CloudTrailPublicKey[],
  findings: Finding[],
): Promise<Map<string, CloudTrailPublicKey[]>> {
  const byRegion = new Map<string, CloudTrailPublicKey[]>();
  for (const e of source.entries()) {
    const m = PUBLIC_KEYS.exec(e.path);
    if (!m) continue;
    const region = m[1]!;
    const keys = parseKeyFile(await readJsonText(source, e.path), e.path);
    byRegion.set(region, keys);
    for (const k of keys) {
      const clash = pins.find((p) => p.fingerprint === k.fingerprint && !sameKeyBytes(p.value, k.value));
      if (clash)
        findings.push({
          code: 'cloudtrail-vendor-key-mismatch',
          severity: 'error',
          region,
          file: e.path,
          expected: clash.value,
          found: k.value,
          message: `Region ${region}: ${e.path} lists key ${k.fingerprint} with other bytes than the key pinned under that fingerprint (${clash.source}): the vendor's key file was altered`,
        });
    }
  }
  return byRegion;
}

function claimMatches(t: KitManifest['trails'][number], c: CloudTrailChainReport): boolean {
  const prefix = t.prefix === '' || t.prefix.endsWith('/') ? t.prefix : `${t.prefix}/`;
  return (
    t.bucket === c.bucket &&
    prefix === c.prefix &&
    t.trail === c.trail &&
    (t.organization_id ?? null) === c.organizationId &&
    t.regions.includes(c.region) &&
    (t.organization_id !== null || t.account === c.account)
  );
}

export async function verifyKit(source: BundleSource, pins: readonly CloudTrailPublicKey[]): Promise<CloudTrailKitReport> {
  const report = emptyReport(source.location, pins);
  let kit: KitManifest;
  try {
    kit = parseKitManifest(await readJsonText(source, KIT_FILE));
  } catch (e) {
    if (e instanceof KitManifestError) throw new InputError(e.message, KIT_FILE, e.line);
    throw e;
  }
  report.kit.tenant = `${kit.tenant.name} (${kit.tenant.id})`;
  report.kit.auditWindow = kit.audit_window;
  const window = { fromMs: parseRfc3339(kit.audit_window.start)!, toMs: parseRfc3339(kit.audit_window.end)! };
  const vendor = await vendorKeys(source, pins, report.findings);

  const chains = new Map<string, CloudTrailObject[]>();
  const logs: CloudTrailObject[] = [];
  const lakeFolders: string[] = [];
  const heads = new Set<string>();
  for (const e of source.entries()) {
    if (e.path.endsWith(`/${LAKE_SIGN_FILE}`) || e.path === LAKE_SIGN_FILE) lakeFolders.push(e.path.slice(0, -LAKE_SIGN_FILE.length - 1));
    if (!e.path.startsWith('s3/')) continue;
    const o = parseCloudTrailObject(e.path);
    if (o?.kind === 'digest') {
      heads.add(headPathOf(e.path));
      chains.set(chainIdOf(o), [...(chains.get(chainIdOf(o)) ?? []), o]);
    } else if (o?.kind === 'log') logs.push(o);
  }
  for (const e of source.entries()) {
    if (e.path.startsWith('s3/') && !heads.has(e.path) && !parseCloudTrailObject(e.path) && !/\/result_(sign\.json|\d+\.csv\.gz)$/.test(e.path)) {
      report.findings.push({
        code: 'cloudtrail-object-unrecognized',
        severity: 'info',
        file: e.path,
        message: `${e.path} is not a CloudTrail log or digest object by its key; it was not verified`,
      });
    }
  }

  const reader = new LogFileReader(source);
  for (const objects of chains.values()) {
    const checked = await checkChain(objects, { source, pinned: pins, vendor: vendor.get(objects[0]!.region) ?? [], window });
    await checkLogFiles(checked, reader);
    checked.report.claimed = kit.trails.some((t) => claimMatches(t, checked.report));
    if (!checked.report.claimed) {
      const c = checked.report;
      checked.list.add(
        finding(
          'cloudtrail-region-unclaimed',
          'warning',
          c.region,
          null,
          `the kit holds digests of trail ${c.trail} for account ${c.account} in s3://${c.bucket}/${c.prefix}, which kit.json does not list`,
        ),
      );
    }
    report.chains.push(checked.report);
  }

  // §3 item 4: a log file present but listed by no digest cannot be verified
  const listed = reader.listed();
  for (const o of logs) {
    if (listed.has(o.kitPath)) continue;
    const f = finding(
      'cloudtrail-log-unlisted',
      'error',
      o.region,
      o,
      `the log file ${s3Url(o.bucket, o.key)} is in the kit but in no digest: its records cannot be verified`,
    );
    const owner = report.chains.find(
      (c) => c.bucket === o.bucket && c.prefix === o.prefix && c.organizationId === o.orgId && c.account === o.account && c.region === o.region,
    );
    (owner ? owner.findings : report.findings).push(f);
  }

  // Regions kit.json claims for which the kit holds no digest at all
  for (const t of kit.trails) {
    for (const region of t.regions) {
      if (report.chains.some((c) => c.claimed && claimMatches({ ...t, regions: [region] }, c))) continue;
      const prefix = t.prefix === '' || t.prefix.endsWith('/') ? t.prefix : `${t.prefix}/`;
      const uncovered = [{ from: utc(window.fromMs), to: utc(window.toMs) }];
      report.chains.push({
        bucket: t.bucket,
        prefix,
        organizationId: t.organization_id,
        account: t.account,
        trail: t.trail,
        region,
        claimed: true,
        verdict: 'failed',
        digests: 0,
        backfillDigests: 0,
        signatures: { pinned: 0, unpinned: 0, invalid: 0, unknownKey: 0, missing: 0 },
        segments: 0,
        newest: null,
        oldest: null,
        covered: [],
        uncovered,
        logFiles: { listed: 0, verified: 0 },
        findings: [
          finding(
            'cloudtrail-region-missing',
            'error',
            region,
            null,
            `kit.json lists trail ${t.trail} of account ${t.account} in this Region, but the kit holds none of its digests under s3/${t.bucket}/${prefix}AWSLogs/: the whole audit window is uncovered`,
          ),
        ],
      });
    }
  }

  for (const c of report.chains) {
    if (c.digests === 0 && c.backfillDigests === 0) continue;
    const s = c.signatures;
    c.verdict = verdictOf(c.findings, s.pinned === c.digests + c.backfillDigests);
    report.totals.digests += c.digests + c.backfillDigests;
    report.totals.logFiles += c.logFiles.listed;
  }

  for (const folder of lakeFolders)
    report.lake.push(await verifyLakeResults(source, folder, pins, (r) => (r ? (vendor.get(r) ?? []) : [...vendor.values()].flat())));
  return finish(report);
}

/** A folder of CloudTrail Lake results on its own (no kit.json). */
export async function verifyLakeSource(source: BundleSource, pins: readonly CloudTrailPublicKey[]): Promise<CloudTrailKitReport> {
  const report = emptyReport(source.location, pins);
  report.lake.push(await verifyLakeResults(source, '', pins, () => []));
  return finish(report);
}

/** Open a kit (folder or .zip) or a Lake result folder, verify it, close it. */
export async function verifyCloudTrailPath(location: string, pins: readonly CloudTrailPublicKey[]): Promise<CloudTrailKitReport> {
  const source = await openKitSource(location);
  try {
    return source.has(KIT_FILE) ? await verifyKit(source, pins) : await verifyLakeSource(source, pins);
  } finally {
    await source.close();
  }
}
