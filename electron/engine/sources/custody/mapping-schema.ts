// The field mapping an auditor declares for a JSONL or CSV export of no known kind (--as jsonl|csv --map
// mapping.json): where each normalized field is found in a record. One zod schema is both the validator
// (mapping-file.ts) and, by zod 4's z.toJSONSchema, the published JSON Schema docs/field-mapping.schema.json
// (a test keeps the two equal). A "field" is a member path with dots for JSONL ("actor.id") or a column
// name for CSV (the header row's text, exactly).
import { z } from 'zod';
import { CATEGORIES } from '../../../../shared/types';

const field = z.string().min(1).describe('a member path with dots (JSONL: "actor.id") or a column name from the header row (CSV)');
const category = z.enum(CATEGORIES);

export const FieldMappingSchema = z
  .object({
    $schema: z.string().optional(),
    format: z.enum(['jsonl', 'csv']).optional().describe('the framing, when --as does not give it'),
    time: z
      .object({
        field,
        format: z
          .enum(['rfc3339', 'epoch-ms', 'epoch-s'])
          .optional()
          .describe('rfc3339 (default): a date and time with a zone; epoch-ms / epoch-s: a number (or digits) since 1970-01-01T00:00:00Z'),
      })
      .strict(),
    actor: z.object({ field, type: z.string().min(1).optional().describe('the actor type to record (default "user")') }).strict(),
    action: z.object({ field }).strict(),
    target: z.object({ field }).strict().optional(),
    outcome: z
      .object({
        field,
        success: z.array(z.string()).min(1).describe('values that mean success'),
        failure: z.array(z.string()).min(1).describe('values that mean failure; any other value refuses the record'),
      })
      .strict()
      .optional()
      .describe('absent: every record is a success'),
    category: z
      .union([
        z.object({ value: category }).strict().describe('one category for every record'),
        z
          .object({
            field,
            map: z.record(z.string(), category).describe('value of the field → category'),
            default: category.optional().describe('for a value not in map; absent: such a record is refused'),
          })
          .strict(),
      ])
      .describe('one of the categories of shared/types.ts'),
    id: z.object({ field }).strict().optional().describe('the event id: two records with the same id are duplicates'),
  })
  .strict();

export type FieldMapping = z.infer<typeof FieldMappingSchema>;

/** The JSON Schema of a mapping file, as committed in docs/field-mapping.schema.json. */
export function fieldMappingJsonSchema(): unknown {
  return z.toJSONSchema(FieldMappingSchema, { io: 'input' });
}
