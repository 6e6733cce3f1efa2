// The vendor-chain profile: what it accepts, the member it names when it refuses, and its committed
// JSON Schema, which must be the one generated from the zod schema.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseProfile, profileSchema } from '../../shared/vendor-chain/profile';
import { ProfileError } from '../../shared/vendor-chain/errors';
import { SCHEMA_PATH, schemaText } from '../helpers/vendor-chain-examples';

const root = path.resolve(__dirname, '../..');

const good = {
  format: 'tickmark-vendor-chain-profile/1',
  name: 'Acme',
  framing: { type: 'jsonl' },
  fields: { sequence: 'seq', time: 'ts', previousHash: 'prev_hash', hash: 'hash' },
  canonical: { form: 'jcs' },
  recipe: { algorithm: 'sha256', encoding: 'hex' },
  anchor: { type: 'signed-head', file: 'head.json', algorithm: 'ed25519' },
};

type Json = Record<string, unknown>;
function refusal(p: unknown): ProfileError {
  try {
    parseProfile(typeof p === 'string' ? p : JSON.stringify(p), 'vendor.json');
  } catch (e) {
    expect(e).toBeInstanceOf(ProfileError);
    return e as ProfileError;
  }
  throw new Error('accepted');
}
const change = (f: (p: Json) => void): Json => {
  const p = structuredClone(good) as Json;
  f(p);
  return p;
};

describe('parseProfile', () => {
  it('accepts a profile and fills the defaults', () => {
    const p = parseProfile(JSON.stringify(good), 'vendor.json');
    expect(p.chain.timeOrder).toBe('non-decreasing');
    expect(p.anchor).toMatchObject({ signatureEncoding: 'base64', ecdsaSignatureFormat: 'der' });
  });

  it('names the member at fault', () => {
    const cases: [Json, string, RegExp][] = [
      [change((p) => ((p.recipe as Json).encoding = 'base32')), 'recipe.encoding', /recipe\.encoding: Invalid option/],
      [change((p) => ((p.recipe as Json).algorithm = 'md5')), 'recipe.algorithm', /recipe\.algorithm/],
      [change((p) => delete (p.fields as Json).hash), 'fields.hash', /fields\.hash/],
      [change((p) => ((p.fields as Json).recipie = 'x')), 'fields.recipie', /Unrecognized key/],
      [change((p) => (p.recipie = {})), 'recipie', /recipie/],
      [change((p) => (p.framing = { type: 'csv' })), 'canonical.form', /jcs hashes a JSON object/],
      [change((p) => (p.canonical = { form: 'raw-line' })), 'canonical.form', /raw-line hashes a CSV row/],
      [
        change((p) => (p.canonical = { form: 'fields', fields: ['seq', 'hash'], separator: '|' })),
        'canonical.fields',
        /cannot be part of what it hashes/,
      ],
      [change((p) => (p.chain = { genesis: 'abc' })), 'chain.genesis', /32-byte hash in hex/],
      [change((p) => ((p.fields as Json).time = 'seq')), 'fields', /four different fields/],
      [change((p) => ((p.anchor as Json).file = '../head.json')), 'anchor.file', /without a path/],
      [change((p) => ((p.anchor as Json).ecdsaSignatureFormat = 'raw')), 'anchor.ecdsaSignatureFormat', /ecdsa-p256 only/],
      [change((p) => (p.framing = { type: 'csv', delimiter: '"' })), 'framing.delimiter', /quote or a line end/],
      [change((p) => (p.format = 'tickmark-vendor-chain-profile/2')), 'format', /format/],
    ];
    for (const [p, member, message] of cases) {
      const e = refusal(p);
      expect(e.member, JSON.stringify(p)).toBe(member);
      expect(e.message).toMatch(message);
      expect(e.message).toMatch(/^The profile vendor\.json is not a tickmark-vendor-chain-profile\/1 profile: /);
    }
  });

  it('names the line of a JSON syntax error', () => {
    const e = refusal('{\n  "format": "tickmark-vendor-chain-profile/1",\n  "name": ,\n}');
    expect(e.line).toBe(3);
    expect(e.message).toMatch(/vendor\.json is not valid JSON at line 3/);
  });
});

describe('the JSON Schema', () => {
  it(`${SCHEMA_PATH} is the one generated from the zod schema (npm run vendor-chain-examples)`, () => {
    expect(readFileSync(path.join(root, SCHEMA_PATH), 'utf8')).toBe(schemaText());
  });

  it('describes the members the parser reads', () => {
    const s = JSON.parse(schemaText());
    expect(s.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(Object.keys(s.properties).sort()).toEqual(Object.keys(profileSchema.shape).sort());
    expect(s.required).toEqual(expect.arrayContaining(['format', 'name', 'framing', 'fields', 'canonical', 'recipe', 'anchor']));
    expect(s.additionalProperties).toBe(false);
  });
});
