// A field mapping file read and validated (mapping-schema.ts): a member that is missing, misspelt or of the
// wrong kind refuses the file, naming the member, before any export is read.
import { readFileSync } from 'node:fs';
import { parseJsonText, JsonTextError } from '../../../../shared/json-text';
import { InputError } from '../../io/source';
import type { core } from 'zod';
import { FieldMappingSchema, type FieldMapping } from './mapping-schema';

type Issue = core.$ZodIssue;

/** A union's issues are those of the branch the member was closest to: fewest unknown members, then fewest issues. */
function closest(branches: Issue[][]): Issue[] {
  const score = (b: Issue[]): number => b.filter((i) => i.code === 'unrecognized_keys').length * 1000 + b.length;
  return [...branches].sort((x, y) => score(x) - score(y))[0] ?? [];
}

/** Each issue as "member <path>: <what>", the path in dots from the mapping's top. */
function describeIssues(issues: readonly Issue[], prefix: PropertyKey[]): string[] {
  return issues.flatMap((i) => {
    const at = [...prefix, ...i.path].map(String);
    if (i.code === 'invalid_union' && i.errors.length > 0) return describeIssues(closest(i.errors), [...prefix, ...i.path]);
    if (i.code === 'unrecognized_keys') return i.keys.map((k) => `member ${[...at, k].join('.')}: is not a member of a field mapping`);
    return [`member ${at.length === 0 ? '(the mapping)' : at.join('.')}: ${i.message}`];
  });
}

export function parseMapping(text: string, file: string): FieldMapping {
  let json: unknown;
  try {
    json = parseJsonText(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    if (e instanceof JsonTextError) throw new InputError(`${file} ${e.message}: it is not a field mapping.`, file, e.line);
    throw e;
  }
  const r = FieldMappingSchema.safeParse(json);
  if (r.success) return r.data;
  const issues = describeIssues(r.error.issues, []);
  throw new InputError(`${file} is not a valid field mapping (docs/field-mapping.schema.json): ${issues.join('; ')}.`, file);
}

export function readMappingFile(file: string): FieldMapping {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(`cannot read the field mapping ${file}: ${(e as Error).message}`, file);
  }
  return parseMapping(text, file);
}
