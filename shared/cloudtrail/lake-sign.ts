// The sign file CloudTrail Lake writes beside saved query results (CloudTrail User Guide, "CloudTrail sign
// file structure" and "Custom implementations of CloudTrail query results file integrity validation"):
// result_sign.json lists each result_<n>.csv.gz with the hex SHA-256 of the file as delivered, and signs
// the hashes joined by spaces with the Region's key valid at queryCompleteTime.
import { z } from 'zod';
import { parseRfc3339 } from '../time';
import { parseJsonText, JsonTextError } from '../json-text';
import { schemaProblems } from './schema-problems';

const signSchema = z.object({
  region: z.string().optional(),
  files: z.array(z.object({ fileHashValue: z.string(), fileName: z.string().min(1) })).min(1, 'must list at least one file'),
  hashAlgorithm: z.string(),
  signatureAlgorithm: z.string(),
  queryCompleteTime: z.string().refine((s) => parseRfc3339(s) !== null, 'must be an RFC 3339 timestamp'),
  hashSignature: z.string(),
  publicKeyFingerprint: z.string().min(1),
});

export type LakeSignFile = z.infer<typeof signSchema>;

export function parseLakeSignFile(text: string): { ok: true; sign: LakeSignFile } | { ok: false; problem: string; line?: number } {
  let raw: unknown;
  try {
    raw = parseJsonText(text);
  } catch (e) {
    if (e instanceof JsonTextError) return { ok: false, problem: e.message, line: e.line };
    throw e;
  }
  const r = signSchema.safeParse(raw);
  return r.success
    ? { ok: true, sign: r.data }
    : { ok: false, problem: `does not follow the CloudTrail sign file structure: ${schemaProblems(r.error)}` };
}
