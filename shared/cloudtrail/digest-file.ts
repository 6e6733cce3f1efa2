// A CloudTrail digest file's content (CloudTrail User Guide, "CloudTrail digest file structure"). The first
// digest after logging or validation starts has null previousDigest* members; a digest of an hour without
// deliveries has an empty logFiles. newestEventTime/oldestEventTime are absent or null when it lists nothing.
import { z } from 'zod';
import { parseRfc3339 } from '../time';
import { schemaProblems } from './schema-problems';

const timestamp = z.string().refine((s) => parseRfc3339(s) !== null, 'must be an RFC 3339 timestamp');
const optionalTime = timestamp.nullable().optional();

const logFileSchema = z.object({
  s3Bucket: z.string().min(1),
  s3Object: z.string().min(1),
  hashValue: z.string(),
  hashAlgorithm: z.string(),
  newestEventTime: optionalTime,
  oldestEventTime: optionalTime,
});

const digestSchema = z.object({
  awsAccountId: z.string(),
  digestStartTime: timestamp,
  digestEndTime: timestamp,
  digestS3Bucket: z.string().min(1),
  digestS3Object: z.string().min(1),
  digestPublicKeyFingerprint: z.string().min(1),
  digestSignatureAlgorithm: z.string(),
  newestEventTime: optionalTime,
  oldestEventTime: optionalTime,
  previousDigestS3Bucket: z.string().nullable(),
  previousDigestS3Object: z.string().nullable(),
  previousDigestHashValue: z.string().nullable(),
  previousDigestHashAlgorithm: z.string().nullable(),
  previousDigestSignature: z.string().nullable(),
  logFiles: z.array(logFileSchema),
});

export type DigestContent = z.infer<typeof digestSchema>;
export type DigestLogFile = z.infer<typeof logFileSchema>;

/** The digest's members, or the problem (with the member's path) that makes it unusable. */
export function parseDigestContent(raw: unknown): { ok: true; digest: DigestContent } | { ok: false; problem: string } {
  const r = digestSchema.safeParse(raw);
  return r.success ? { ok: true, digest: r.data } : { ok: false, problem: schemaProblems(r.error) };
}

/** The predecessor a digest names, or null for the first digest of a chain. */
export function previousOf(d: DigestContent): { bucket: string; key: string } | null {
  if (d.previousDigestS3Bucket === null || d.previousDigestS3Object === null) return null;
  return { bucket: d.previousDigestS3Bucket, key: d.previousDigestS3Object };
}
