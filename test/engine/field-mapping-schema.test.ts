// The published JSON Schema of a field mapping (docs/field-mapping.schema.json) is the one zod 4 generates
// from the schema the importer validates with (mapping-schema.ts): change one, regenerate the other
// (JSON.stringify(fieldMappingJsonSchema(), null, 2), then prettier). And a mapping with a bad member is
// refused naming the member.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fieldMappingJsonSchema } from '../../electron/engine/sources/custody/mapping-schema';
import { parseMapping } from '../../electron/engine/sources/custody/mapping-file';
import { InputError } from '../../electron/engine/io/source';
import { IN_HOUSE_MAPPING } from '../helpers/custody-exports';

describe('field mapping schema', () => {
  it('docs/field-mapping.schema.json is the schema zod generates', () => {
    const committed = JSON.parse(readFileSync(new URL('../../docs/field-mapping.schema.json', import.meta.url), 'utf8')) as unknown;
    expect(committed).toEqual(fieldMappingJsonSchema());
    expect(committed).toMatchObject({
      type: 'object',
      required: expect.arrayContaining(['time', 'actor', 'action', 'category']),
      additionalProperties: false,
    });
  });

  it('takes a well-formed mapping, and refuses a bad member by name', () => {
    expect(parseMapping(JSON.stringify(IN_HOUSE_MAPPING), 'm.json').category).toEqual(IN_HOUSE_MAPPING.category);
    const refused = (m: unknown): string => {
      try {
        parseMapping(JSON.stringify(m), 'm.json');
      } catch (e) {
        expect(e).toBeInstanceOf(InputError);
        return (e as Error).message;
      }
      throw new Error('accepted');
    };
    expect(refused({ ...IN_HOUSE_MAPPING, category: { field: 'what', map: { login: 'phi' } } })).toMatch(
      /^m\.json is not a valid field mapping.*member category\.map\.login: Invalid option/,
    );
    expect(refused({ ...IN_HOUSE_MAPPING, actr: { field: 'x' } })).toMatch(/member actr: is not a member of a field mapping/);
    expect(refused({ ...IN_HOUSE_MAPPING, time: { field: 'when', format: 'iso' } })).toMatch(/member time\.format: Invalid option/);
    const { action: _drop, ...noAction } = IN_HOUSE_MAPPING;
    expect(refused(noAction)).toMatch(/member action: /);
    expect(() => parseMapping('{"time": ', 'm.json')).toThrow(/m\.json is not valid JSON at line 1/);
  });
});
