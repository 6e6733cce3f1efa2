// The strings CloudTrail signs.
// Digest files (CloudTrail User Guide, "Custom implementations of CloudTrail log file integrity validation"):
//   digestEndTime "\n" digestS3Bucket "/" digestS3Object "\n" hex(SHA-256(uncompressed digest bytes)) "\n"
//   previousDigestSignature (the string "null" for the first digest of a chain)
// CloudTrail Lake query results ("CloudTrail Lake sign file structure"): the files' fileHashValue joined by
// single spaces, in the order the sign file lists them.
// Each is signed as RSA PKCS#1 v1.5 over SHA-256 of its UTF-8 bytes (SHA256withRSA).
import type { DigestContent } from './digest-file';

export function digestSigningString(
  d: Pick<DigestContent, 'digestEndTime' | 'digestS3Bucket' | 'digestS3Object' | 'previousDigestSignature'>,
  digestSha256Hex: string,
): string {
  return `${d.digestEndTime}\n${d.digestS3Bucket}/${d.digestS3Object}\n${digestSha256Hex}\n${d.previousDigestSignature ?? 'null'}`;
}

export function lakeSigningString(fileHashValues: readonly string[]): string {
  return fileHashValues.join(' ');
}
