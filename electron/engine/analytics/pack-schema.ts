// The rule pack file format, tickmark-rule-pack/1 (docs/rule-packs.md), as a zod schema: the one definition
// both the loader's validation and docs/rule-pack.schema.json (z.toJSONSchema, JSON Schema draft 2020-12)
// come from, so the documented schema cannot drift from what is enforced.
import { z } from 'zod';
import { EVIDENCE_TABLE_KINDS, RULE_PACK_FORMAT } from '../../../shared/analytics';

/** Bound by the runner to every rule: the audit window's ends, ms since 1970 UTC, both inclusive. */
export const WINDOW_PARAMETERS = ['window_start_ms', 'window_end_ms'] as const;

const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'lowercase letters, digits, ".", "_" and "-", starting with a letter or digit')
  .max(100);
const parameterName = z
  .string()
  .regex(/^[a-z][a-z0-9_]*$/, 'a parameter name is lowercase letters, digits and "_", starting with a letter (":name" in the SQL)')
  .refine((n) => !(WINDOW_PARAMETERS as readonly string[]).includes(n), 'window_start_ms and window_end_ms are bound by Tickmark itself');

export const ruleFileSchema = z
  .object({
    id: id.describe('stable rule id; names the rule in exceptions and their keys'),
    title: z.string().min(1).describe('short title'),
    criteria: z.array(z.string().min(1)).min(1).describe('the criteria the rule tests, e.g. "CC6.3"'),
    severity: z.enum(['exception', 'info']).describe('"exception": to be dispositioned; "info": listed for attention'),
    description: z.string().min(1).describe('what the rule tests, in words an auditor reads in the workpaper'),
    requires: z
      .array(z.enum(EVIDENCE_TABLE_KINDS))
      .optional()
      .describe('evidence kinds without which the rule is reported "not performed" (default: none)'),
    parameters: z
      .record(parameterName, z.union([z.number(), z.string()]))
      .describe('values bound to the SQL\'s named parameters (":grace_ms" for "grace_ms")'),
    parameterDocs: z.record(parameterName, z.string().min(1)).describe('for every parameter: what it means and its unit'),
    refs: z.string().min(1).describe('what each exception references, in words'),
    sql: z
      .union([z.string().min(1), z.array(z.string()).min(1)])
      .describe('one read-only SQL statement (or its lines) returning columns "refs" (a JSON array of references) and "message"'),
  })
  .strict()
  .superRefine((r, ctx) => {
    for (const k of Object.keys(r.parameters))
      if (!(k in r.parameterDocs)) ctx.addIssue({ code: 'custom', path: ['parameterDocs', k], message: `parameter "${k}" is not documented` });
    for (const k of Object.keys(r.parameterDocs))
      if (!(k in r.parameters)) ctx.addIssue({ code: 'custom', path: ['parameterDocs', k], message: `documents "${k}", which is not a parameter` });
  });

export const rulePackFileSchema = z
  .object({
    $schema: z.string().optional().describe('where this schema is, for editors'),
    format: z.literal(RULE_PACK_FORMAT),
    id: id.describe('the pack id, e.g. "soc2-healthcare"'),
    title: z.string().min(1),
    version: z.string().min(1).describe("the pack's own version; the run records it and the file's SHA-256"),
    description: z.string().min(1),
    rules: z.array(ruleFileSchema).min(1),
  })
  .strict()
  .superRefine((p, ctx) => {
    const seen = new Set<string>();
    p.rules.forEach((r, i) => {
      if (seen.has(r.id)) ctx.addIssue({ code: 'custom', path: ['rules', i, 'id'], message: `rule id "${r.id}" is used twice` });
      seen.add(r.id);
    });
  });

export type RulePackFile = z.infer<typeof rulePackFileSchema>;

/** docs/rule-pack.schema.json: the JSON Schema of a pack file, generated from the zod schema above. */
export function rulePackJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(rulePackFileSchema, { target: 'draft-2020-12', unrepresentable: 'any' }) as Record<string, unknown>;
  return {
    ...schema,
    $id: 'https://tickmark.invalid/schemas/tickmark-rule-pack-1.json',
    title: 'Tickmark rule pack (tickmark-rule-pack/1)',
    description: 'A pack of control-analytics rules; see docs/rule-packs.md.',
  };
}
