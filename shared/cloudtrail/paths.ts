// Where CloudTrail puts its objects (CloudTrail User Guide, "Finding your CloudTrail log files" and "CloudTrail
// digest file structure"), as they sit in an export kit under s3/<bucket>/<key>:
//   [<prefix>/]AWSLogs/[<org-id>/]<account>/CloudTrail/<region>/<Y>/<M>/<D>/<account>_CloudTrail_<region>_<time>_<id>.json.gz
//   [<prefix>/]AWSLogs/[<org-id>/]<account>/CloudTrail-Digest/<region>/<Y>/<M>/<D>/
//       <account>_CloudTrail-Digest_<region>_<trail>_<region>_<end time>[_backfill].json.gz
// Organization trails add the organization id (o-…) before the account. A name that does not follow the
// pattern is not a CloudTrail object: the verifier says so rather than guessing.

export interface CloudTrailObject {
  kind: 'log' | 'digest';
  bucket: string;
  /** the S3 object key */
  key: string;
  /** the path inside the kit: s3/<bucket>/<key> */
  kitPath: string;
  /** what comes before AWSLogs/ ('' or 'some/prefix/') */
  prefix: string;
  orgId: string | null;
  account: string;
  region: string;
  /** the trail's name, which only a digest's file name carries */
  trail: string | null;
  backfill: boolean;
}

const OBJECT =
  /^((?:[^/]+\/)*)AWSLogs\/(?:(o-[a-z0-9]{10,32})\/)?(\d{12})\/(CloudTrail|CloudTrail-Digest)\/([a-z0-9-]+)\/\d{4}\/\d{2}\/\d{2}\/([^/]+)$/;

export function kitPathOf(bucket: string, key: string): string {
  return `s3/${bucket}/${key}`;
}

/** The S3 location of a kit path s3/<bucket>/<key>, or null outside s3/. */
export function s3LocationOf(kitPath: string): { bucket: string; key: string } | null {
  const m = /^s3\/([^/]+)\/(.+)$/.exec(kitPath);
  return m ? { bucket: m[1]!, key: m[2]! } : null;
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A kit path read as a CloudTrail log or digest object; null for anything else. */
export function parseCloudTrailObject(kitPath: string): CloudTrailObject | null {
  const loc = s3LocationOf(kitPath);
  if (!loc) return null;
  const m = OBJECT.exec(loc.key);
  if (!m) return null;
  const [, prefix, orgId, account, dir, region, name] = m as unknown as [string, string, string | undefined, string, string, string, string];
  const base = { bucket: loc.bucket, key: loc.key, kitPath, prefix, orgId: orgId ?? null, account, region };
  if (dir === 'CloudTrail') {
    if (!new RegExp(`^${account}_CloudTrail_${escape(region)}_\\d{8}T\\d{4}Z_[A-Za-z0-9]+\\.json\\.gz$`).test(name)) return null;
    return { ...base, kind: 'log', trail: null, backfill: false };
  }
  const d = new RegExp(`^${account}_CloudTrail-Digest_${escape(region)}_(.+)_${escape(region)}_\\d{8}T\\d{6}Z(_backfill)?\\.json\\.gz$`).exec(name);
  if (!d) return null;
  return { ...base, kind: 'digest', trail: d[1]!, backfill: d[2] !== undefined };
}

/** The chain a digest belongs to: one per bucket, prefix, organization, account, trail and Region. */
export function chainIdOf(o: CloudTrailObject): string {
  return [o.bucket, o.prefix, o.orgId ?? '', o.account, o.trail ?? '', o.region].join('|');
}
