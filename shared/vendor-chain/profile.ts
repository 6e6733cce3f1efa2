// A vendor-chain profile (tickmark-vendor-chain-profile/1, docs/vendor-chain-profiles.md): the auditor's
// declaration of how a vendor chains its audit-log export, so that Tickmark can recompute the chain without
// any code for that vendor. It says how records are framed (JSONL or CSV), which fields carry the sequence
// number, the time, the previous record's hash and the record's own hash, which bytes are hashed (the
// canonical form), how (the recipe), and what anchors the newest record (a signed head file, or nothing).
// The schema is zod's; docs/vendor-chain-profile.schema.json is generated from it (profileJsonSchema) and a
// test holds the committed file equal to it. Unknown members are refused: a misspelt member must not turn
// a check off silently.
import { z } from 'zod';
import { JsonTextError, parseJsonText } from '../json-text';
import { fromBase64, fromHex } from '../hex';
import { ProfileError } from './errors';

export const PROFILE_FORMAT = 'tickmark-vendor-chain-profile/1';

const fieldName = z.string().min(1).max(200);

const framing = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('jsonl').describe('one JSON object per line (LF or CRLF); blank lines are refused'),
  }),
  z.strictObject({
    type: z.literal('csv').describe('RFC 4180 CSV whose first row names the columns'),
    delimiter: z
      .string()
      .length(1)
      .refine((d) => !'"\r\n'.includes(d), 'cannot be a quote or a line end')
      .default(',')
      .describe('the one-character field delimiter'),
  }),
]);

const canonical = z.discriminatedUnion('form', [
  z.strictObject({
    form: z.literal('jcs').describe('RFC 8785 JCS of the record object without its hash member (JSONL only)'),
  }),
  z.strictObject({
    form: z
      .literal('raw-line')
      .describe(
        'the record as written, without its line end and without the final delimiter and hash column (CSV only; the hash column must be last)',
      ),
  }),
  z.strictObject({
    form: z.literal('fields').describe('the named fields, in this order, joined by the separator, as UTF-8'),
    fields: z.array(fieldName).min(1),
    separator: z.string().max(16),
  }),
]);

const encoding = z.enum(['hex', 'base64']).describe('how hashes are written in the records and the head');

const anchor = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('none').describe('nothing anchors the newest record: truncation of the tail cannot be detected') }),
  z.strictObject({
    type: z.literal('signed-head'),
    file: z
      .string()
      .min(1)
      .regex(/^[^/\\]+$/, 'must be a file name in the export folder, without a path')
      .describe('the head file, beside the records'),
    algorithm: z.enum(['ed25519', 'ecdsa-p256', 'rsa-pkcs1-sha256']),
    signatureEncoding: z.enum(['base64', 'hex']).default('base64'),
    ecdsaSignatureFormat: z
      .enum(['der', 'raw'])
      .default('der')
      .describe('ecdsa-p256 only: ASN.1 DER (OpenSSL, Java) or raw r||s, 64 bytes (WebCrypto, IEEE P1363)'),
  }),
]);

function decodesTo32(text: string, encoding: 'hex' | 'base64'): boolean {
  try {
    return (encoding === 'hex' ? fromHex(text) : fromBase64(text)).length === 32;
  } catch {
    return false;
  }
}

export const profileSchema = z
  .strictObject({
    format: z.literal(PROFILE_FORMAT),
    name: z.string().min(1).max(200).describe('what the auditor calls this vendor export'),
    framing,
    fields: z.strictObject({
      sequence: fieldName.describe('a whole number that grows by one from record to record'),
      time: fieldName.describe('an RFC 3339 timestamp'),
      previousHash: fieldName.describe("the previous record's hash, in the recipe's encoding"),
      hash: fieldName.describe("the record's own hash, in the recipe's encoding"),
    }),
    canonical,
    recipe: z.strictObject({
      algorithm: z
        .enum(['sha256', 'sha256-prev-prefix', 'hmac-sha256'])
        .describe(
          'sha256: SHA-256(canonical), the previous hash being inside the canonical form; sha256-prev-prefix: SHA-256(previous hash bytes || canonical); hmac-sha256: keyed with the vendor secret, which the auditor cannot recompute',
        ),
      encoding,
    }),
    chain: z
      .strictObject({
        genesis: z
          .string()
          .max(512)
          .optional()
          .describe('the previous-hash text of the first record ever written ("" or 64 zeros, …): when set, an export must start there'),
        firstSequence: z
          .number()
          .int()
          .nonnegative()
          .optional()
          .describe('the sequence number of the first record ever written: when set, an export must start there'),
        timeOrder: z
          .enum(['non-decreasing', 'any'])
          .default('non-decreasing')
          .describe('non-decreasing: a record earlier than the one before breaks integrity; any: only reported'),
      })
      .default({ timeOrder: 'non-decreasing' }),
    anchor,
  })
  .superRefine((p, ctx) => {
    if (p.canonical.form === 'jcs' && p.framing.type !== 'jsonl')
      ctx.addIssue({ code: 'custom', path: ['canonical', 'form'], message: 'jcs hashes a JSON object: it needs "framing": {"type": "jsonl"}' });
    if (p.canonical.form === 'raw-line' && p.framing.type !== 'csv')
      ctx.addIssue({
        code: 'custom',
        path: ['canonical', 'form'],
        message: 'raw-line hashes a CSV row without its hash column: it needs "framing": {"type": "csv"}',
      });
    if (p.canonical.form === 'fields' && p.canonical.fields.includes(p.fields.hash))
      ctx.addIssue({ code: 'custom', path: ['canonical', 'fields'], message: `the hash field "${p.fields.hash}" cannot be part of what it hashes` });
    const named = Object.values(p.fields);
    if (new Set(named).size !== named.length)
      ctx.addIssue({ code: 'custom', path: ['fields'], message: 'sequence, time, previousHash and hash must be four different fields' });
    const g = p.chain.genesis;
    if (g !== undefined && g !== '' && !decodesTo32(g, p.recipe.encoding))
      ctx.addIssue({ code: 'custom', path: ['chain', 'genesis'], message: `must be "" or a 32-byte hash in ${p.recipe.encoding}` });
    if (p.anchor.type === 'signed-head' && p.anchor.algorithm !== 'ecdsa-p256' && p.anchor.ecdsaSignatureFormat !== 'der')
      ctx.addIssue({ code: 'custom', path: ['anchor', 'ecdsaSignatureFormat'], message: 'applies to ecdsa-p256 only' });
  });

export type VendorChainProfile = z.infer<typeof profileSchema>;

/** The JSON Schema (draft 2020-12) of a profile, as committed in docs/vendor-chain-profile.schema.json. */
export function profileJsonSchema(): unknown {
  return z.toJSONSchema(profileSchema, { io: 'input' });
}

function memberOf(issue: z.core.$ZodIssue): string | null {
  const path = issue.path.map(String);
  // an unknown member is reported at its parent: name the member itself
  if (issue.code === 'unrecognized_keys' && issue.keys.length > 0) path.push(issue.keys[0]!);
  return path.length > 0 ? path.join('.') : null;
}

/** A profile from its JSON text; ProfileError names the first member at fault (and all of them in the message). */
export function parseProfile(text: string, file: string): VendorChainProfile {
  let raw: unknown;
  try {
    raw = parseJsonText(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    if (e instanceof JsonTextError) throw new ProfileError(`The profile ${file} ${e.message}`, file, null, e.line);
    throw e;
  }
  const r = profileSchema.safeParse(raw);
  if (r.success) return r.data;
  const issues = r.error.issues.map((i) => ({ member: memberOf(i), message: i.message }));
  const said = issues.slice(0, 5).map((i) => `${i.member ?? '(the profile)'}: ${i.message}`);
  const more = issues.length > 5 ? ` (and ${issues.length - 5} more)` : '';
  throw new ProfileError(`The profile ${file} is not a ${PROFILE_FORMAT} profile: ${said.join('; ')}${more}`, file, issues[0]!.member);
}
