// CloudTrail public keys as `aws cloudtrail list-public-keys` prints them (API reference: ListPublicKeys,
// PublicKey): {"PublicKeyList": [{"Value": base64 DER PKCS#1, "ValidityStartTime", "ValidityEndTime",
// "Fingerprint": hex}]}. The CLI prints times as ISO 8601, the raw API as epoch seconds: both are accepted.
// A key is chosen by its Fingerprint string and a validity window that contains the signed time; windows of
// successive keys may overlap, so the fingerprint decides, never the time alone. Fingerprints are compared as
// the strings they are, never derived from the key bytes.
import { z } from 'zod';
import { parseRfc3339 } from '../time';
import { parseJsonText, JsonTextError } from '../json-text';
import { schemaProblems } from './schema-problems';

export interface CloudTrailPublicKey {
  fingerprint: string;
  /** base64 of the DER PKCS#1 RSAPublicKey, as listed */
  value: string;
  fromMs: number;
  toMs: number;
  /** the file it came from */
  source: string;
}

const time = z.union([
  z.number().finite().nonnegative(),
  z.string().refine((s) => parseRfc3339(s) !== null, 'must be an ISO 8601 time or epoch seconds'),
]);

const listSchema = z.object({
  PublicKeyList: z.array(
    z.object({
      Value: z.string().regex(/^[A-Za-z0-9+/=\s]+$/, 'must be base64'),
      ValidityStartTime: time,
      ValidityEndTime: time,
      Fingerprint: z.string().min(1),
    }),
  ),
});

export class PublicKeyFileError extends Error {
  override name = 'PublicKeyFileError';
  constructor(
    message: string,
    readonly file: string,
    readonly line?: number,
  ) {
    super(message);
  }
}

const msOf = (t: number | string): number => (typeof t === 'number' ? Math.round(t * 1000) : parseRfc3339(t)!);

export function parsePublicKeyList(text: string, file: string): CloudTrailPublicKey[] {
  let raw: unknown;
  try {
    raw = parseJsonText(text);
  } catch (e) {
    if (e instanceof JsonTextError) throw new PublicKeyFileError(`${file} ${e.message}`, file, e.line);
    throw e;
  }
  const r = listSchema.safeParse(raw);
  if (!r.success) throw new PublicKeyFileError(`${file} is not the output of list-public-keys: ${schemaProblems(r.error)}`, file);
  return r.data.PublicKeyList.map((k) => ({
    fingerprint: k.Fingerprint,
    value: k.Value.replace(/\s+/g, ''),
    fromMs: msOf(k.ValidityStartTime),
    toMs: msOf(k.ValidityEndTime),
    source: file,
  }));
}

/** The keys with this fingerprint whose validity window contains `atMs` (bounds included). */
export function keysFor(keys: readonly CloudTrailPublicKey[], fingerprint: string, atMs: number): CloudTrailPublicKey[] {
  return keys.filter((k) => k.fingerprint === fingerprint && k.fromMs <= atMs && atMs <= k.toMs);
}
