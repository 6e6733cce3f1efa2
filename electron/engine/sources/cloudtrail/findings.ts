// CloudTrail findings: every one names the Region and the object (s3://bucket/key in the message, the
// kit path in `file`), and spans are written as UTC times an auditor can look up.
import type { Finding, FindingCode, Severity } from '../../../../shared/types';
import { formatDuration } from '../../../../shared/time';
import { kitPathOf } from '../../../../shared/cloudtrail/paths';
import type { OpenSpan } from '../../../../shared/cloudtrail/chain';

export const s3Url = (bucket: string, key: string): string => `s3://${bucket}/${key}`;

export function utc(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

export function spanText(s: OpenSpan): string {
  if (s.fromMs === null) return `everything before ${utc(s.toMs)}`;
  return `${utc(s.fromMs)} – ${utc(s.toMs)} (${formatDuration(s.toMs - s.fromMs)})`;
}

export function finding(
  code: FindingCode,
  severity: Severity,
  region: string,
  object: { bucket: string; key: string } | null,
  message: string,
  extra: Partial<Finding> = {},
): Finding {
  return {
    code,
    severity,
    message: `Region ${region}: ${message}`,
    region,
    ...(object ? { file: kitPathOf(object.bucket, object.key) } : {}),
    ...extra,
  };
}
