// A field mapping file read and validated (mapping-schema.ts): a member that is missing, misspelt or of the
// wrong kind refuses the file, naming the member, before any export is read.
import { readFileSync } from 'node:fs';
import { parseJsonText, JsonTextError } from '../../../../shared/json-text';
import { InputError } from '../../io/source';
import { FieldMappingSchema, type FieldMapping } from './mapping-schema';

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
  const issues = r.error.issues.map((i) => {
    const member = i.path.length === 0 ? '(the mapping)' : i.path.map(String).join('.');
    const keys = i.code === 'unrecognized_keys' ? ` (${i.keys.map((k) => (i.path.length ? `${member}.${k}` : k)).join(', ')})` : '';
    return `member ${member}: ${i.message}${keys}`;
  });
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
