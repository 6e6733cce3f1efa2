// One digest object read from the kit: its uncompressed bytes' SHA-256, its members, and the signature the
// kit carries beside it in <key>.head.json (the `aws s3api head-object` output: Metadata.signature, hex,
// and Metadata["signature-algorithm"]). A damaged digest is a finding, not unusable input: CloudTrail wrote
// it whole, so damage is evidence. An unparseable head.json is unusable input (exit 2, file and line).
import { createHash } from 'node:crypto';
import { readAll, InputError, type BundleSource } from '../../io/source';
import { parseDigestContent, type DigestContent } from '../../../../shared/cloudtrail/digest-file';
import { parseJsonText, JsonTextError } from '../../../../shared/json-text';
import type { CloudTrailObject } from '../../../../shared/cloudtrail/paths';
import { gunzipExact } from './gunzip-exact';

const MAX_DIGEST_STORED = 64 * 1024 * 1024;
const MAX_HEAD = 1024 * 1024;

export interface DigestRead {
  object: CloudTrailObject;
  sha256: string | null;
  content: DigestContent | null;
  /** why the digest cannot be used (damaged gzip, not JSON, members missing) */
  problem: string | null;
  signature: string | null;
  signatureAlgorithm: string | null;
}

export const headPathOf = (kitPath: string): string => `${kitPath}.head.json`;

async function readHead(source: BundleSource, path: string): Promise<{ signature: string | null; algorithm: string | null }> {
  if (!source.has(path)) return { signature: null, algorithm: null };
  const text = (await readAll(source, path, MAX_HEAD)).toString('utf8');
  let head: unknown;
  try {
    head = parseJsonText(text);
  } catch (e) {
    if (e instanceof JsonTextError) throw new InputError(`${path} ${e.message}`, path, e.line);
    throw e;
  }
  const meta = (head as { Metadata?: Record<string, unknown> } | null)?.Metadata;
  if (typeof meta !== 'object' || meta === null) throw new InputError(`${path} is not head-object output: it has no Metadata object`, path);
  const sig = meta['signature'];
  const alg = meta['signature-algorithm'];
  return { signature: typeof sig === 'string' ? sig : null, algorithm: typeof alg === 'string' ? alg : null };
}

export async function readDigest(source: BundleSource, object: CloudTrailObject): Promise<DigestRead> {
  const head = await readHead(source, headPathOf(object.kitPath));
  const base = { object, signature: head.signature, signatureAlgorithm: head.algorithm };
  const unzipped = gunzipExact(await readAll(source, object.kitPath, MAX_DIGEST_STORED));
  if (!unzipped.ok) return { ...base, sha256: null, content: null, problem: unzipped.problem };
  const sha256 = createHash('sha256').update(unzipped.bytes).digest('hex');
  let raw: unknown;
  try {
    raw = parseJsonText(unzipped.bytes.toString('utf8'));
  } catch (e) {
    if (e instanceof JsonTextError) return { ...base, sha256, content: null, problem: `is not a digest file: its content ${e.message}` };
    throw e;
  }
  const parsed = parseDigestContent(raw);
  if (!parsed.ok) return { ...base, sha256, content: null, problem: `is not a digest file: ${parsed.problem}` };
  return { ...base, sha256, content: parsed.digest, problem: null };
}
