// kit.json of a CloudTrail export kit (cloudtrail-export-kit/1 §2; docs/cloudtrail-kit.md): what the vendor
// claims the kit covers. Its claims are checked against the digests found, never trusted.
import { z } from 'zod';
import { parseRfc3339 } from '../time';
import { parseJsonText, JsonTextError } from '../json-text';
import { schemaProblems } from './schema-problems';

export const KIT_FORMAT = 'cloudtrail-export-kit/1';

const timestamp = z.string().refine((s) => parseRfc3339(s) !== null, 'must be an RFC 3339 timestamp');

const trailSchema = z.object({
  bucket: z.string().min(1),
  prefix: z.string().default(''),
  account: z.string().regex(/^\d{12}$/, 'must be a 12-digit AWS account id'),
  trail: z.string().min(1),
  organization_id: z
    .string()
    .regex(/^o-[a-z0-9]{10,32}$/, 'must be an AWS Organizations id (o-…)')
    .nullable()
    .default(null),
  regions: z.array(z.string().regex(/^[a-z0-9-]+$/, 'must be a Region name such as us-east-1')).min(1, 'must list at least one Region'),
});

const kitSchema = z
  .object({
    format: z.literal(KIT_FORMAT),
    tenant: z.object({ id: z.string(), name: z.string() }),
    audit_window: z.object({ start: timestamp, end: timestamp }),
    trails: z.array(trailSchema).min(1, 'must list at least one trail'),
    generated_at: timestamp,
  })
  .superRefine((k, ctx) => {
    if (parseRfc3339(k.audit_window.start)! > parseRfc3339(k.audit_window.end)!)
      ctx.addIssue({ code: 'custom', path: ['audit_window'], message: 'the audit window ends before it starts' });
  });

export type KitManifest = z.infer<typeof kitSchema>;
export type KitTrail = z.infer<typeof trailSchema>;

export class KitManifestError extends Error {
  override name = 'KitManifestError';
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(message);
  }
}

/** Does this text claim to be a kit? (kit.json with the format member), without judging the rest. */
export function claimsKitFormat(text: string): boolean {
  try {
    return (JSON.parse(text) as { format?: unknown } | null)?.format === KIT_FORMAT;
  } catch {
    return false;
  }
}

export function parseKitManifest(text: string): KitManifest {
  let raw: unknown;
  try {
    raw = parseJsonText(text);
  } catch (e) {
    if (e instanceof JsonTextError) throw new KitManifestError(`kit.json ${e.message}`, e.line);
    throw e;
  }
  const r = kitSchema.safeParse(raw);
  if (!r.success) throw new KitManifestError(`kit.json does not follow ${KIT_FORMAT}: ${schemaProblems(r.error)}`);
  return r.data;
}
