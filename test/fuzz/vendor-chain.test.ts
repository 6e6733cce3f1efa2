// Fuzzing the vendor-chain profile parser and line readers (#14 §2): over arbitrary text and arbitrary
// changes to a valid profile, parseProfile answers with a profile or a ProfileError naming a member that
// exists in the input, never anything else; the JSONL and CSV readers answer with records or a
// VendorChainInputError naming a line of the file, and read back exactly what was written.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseProfile } from '../../shared/vendor-chain/profile';
import { ProfileError, VendorChainInputError } from '../../shared/vendor-chain/errors';
import { jsonlRecords } from '../../shared/vendor-chain/jsonl';
import { csvRecords } from '../../electron/engine/sources/vendor-chain/csv-records';
import { fuzzParams } from '../helpers/fuzz';

const good = {
  format: 'tickmark-vendor-chain-profile/1',
  name: 'Acme',
  framing: { type: 'csv', delimiter: ';' },
  fields: { sequence: 'seq', time: 'ts', previousHash: 'prev', hash: 'hash' },
  canonical: { form: 'fields', fields: ['seq', 'ts', 'prev'], separator: '|' },
  recipe: { algorithm: 'sha256-prev-prefix', encoding: 'base64' },
  chain: { genesis: '', firstSequence: 0, timeOrder: 'any' },
  anchor: { type: 'signed-head', file: 'head.json', algorithm: 'ecdsa-p256', ecdsaSignatureFormat: 'raw' },
};

type Json = Record<string, unknown>;

/** Every member path of a JSON value ("recipe.encoding", "canonical.fields.1"). */
function paths(v: unknown, prefix = ''): string[] {
  if (typeof v !== 'object' || v === null) return [];
  return Object.entries(v).flatMap(([k, x]) => {
    const p = prefix ? `${prefix}.${k}` : k;
    return [p, ...paths(x, p)];
  });
}

/** A change at one member path: replaced by any JSON value, or removed, or a new member beside it. */
const mutation = fc.record({
  at: fc.constantFrom(...paths(good)),
  op: fc.constantFrom('replace', 'delete', 'add'),
  value: fc.jsonValue(),
  key: fc.string({ minLength: 1, maxLength: 8 }),
});

function mutate(m: { at: string; op: string; value: unknown; key: string }): Json {
  const p = structuredClone(good) as Json;
  const steps = m.at.split('.');
  let o = p as Record<string, unknown>;
  for (const s of steps.slice(0, -1)) o = o[s] as Record<string, unknown>;
  const last = steps[steps.length - 1]!;
  if (m.op === 'replace') o[last] = m.value;
  else if (m.op === 'delete') delete o[last];
  else o[m.key] = m.value;
  return p;
}

function answer(text: string): 'ok' | ProfileError {
  try {
    parseProfile(text, 'vendor.json');
    return 'ok';
  } catch (e) {
    if (e instanceof ProfileError) return e;
    throw e;
  }
}

describe('parseProfile', () => {
  it('the valid profile is valid', () => {
    expect(answer(JSON.stringify(good))).toBe('ok');
  });

  it('any text: a profile or a ProfileError, nothing else', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.json(),
          fc.string().map((s) => JSON.stringify(good).replace('"Acme"', s)),
        ),
        (t) => {
          const a = answer(t);
          if (a !== 'ok') expect(a.message).toMatch(/^The profile vendor\.json /);
        },
      ),
      fuzzParams(2000),
    );
  });

  it('one member changed: a profile, or a refusal naming a member of the input (or its parent, for one missing)', () => {
    fc.assert(
      fc.property(mutation, (m) => {
        const p = mutate(m);
        const a = answer(JSON.stringify(p));
        if (a === 'ok') return;
        const known = new Set(paths(p));
        if (a.member !== null) {
          // the member named is in the profile, or is the one removed, or a member the parser requires
          const parent = a.member.split('.').slice(0, -1).join('.');
          expect(known.has(a.member) || parent === '' || known.has(parent), `${a.member} in ${JSON.stringify(p)}`).toBe(true);
          expect(a.message).toContain(a.member);
        }
      }),
      fuzzParams(3000),
    );
  });
});

describe('line readers', () => {
  it('JSONL: any text gives records or a refusal at a line of the text', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.array(fc.oneof(fc.json(), fc.string()), { maxLength: 6 }).map((l) => l.join('\n')),
        ),
        (text) => {
          const lines = text.split('\n').length;
          try {
            for (const r of jsonlRecords(text, 'e.jsonl')) expect(r.line).toBeLessThanOrEqual(lines);
          } catch (e) {
            expect(e).toBeInstanceOf(VendorChainInputError);
            const line = (e as VendorChainInputError).line!;
            expect(line >= 1 && line <= lines).toBe(true);
            expect((e as Error).message).toContain(`e.jsonl line ${line} `);
          }
        },
      ),
      fuzzParams(3000),
    );
  });

  it('JSONL: objects written one per line read back, each at its line', () => {
    fc.assert(
      fc.property(fc.array(fc.dictionary(fc.string(), fc.jsonValue()), { minLength: 1, maxLength: 8 }), fc.boolean(), (objs, crlf) => {
        const text = objs.map((o) => JSON.stringify(o)).join(crlf ? '\r\n' : '\n');
        let records;
        try {
          records = [...jsonlRecords(text, 'e.jsonl')];
        } catch (e) {
          // JSON.stringify writes I-JSON except for lone surrogates and unsafe integers: only those may be refused
          expect((e as Error).message).toMatch(/cannot be read one way only/);
          return;
        }
        expect(records.map((r) => r.line)).toEqual(objs.map((_, i) => i + 1));
        expect(records.map((r) => r.fields)).toEqual(objs.map((o) => JSON.parse(JSON.stringify(o))));
      }),
      fuzzParams(1000),
    );
  });

  const cell = fc.string({ maxLength: 12 });
  const csvCell = (s: string): string => (/[",\r\n]/.test(s) || s === '' ? `"${s.replace(/"/g, '""')}"` : s);

  it('CSV: any bytes give records or a refusal naming the file', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        try {
          csvRecords(bytes, 'e.csv', ',', 'hash', true);
        } catch (e) {
          expect(e).toBeInstanceOf(VendorChainInputError);
          expect((e as Error).message).toMatch(/^e\.csv/);
        }
      }),
      fuzzParams(3000),
    );
  });

  it('CSV: rows with quotes, delimiters and line breaks read back, with their first line and their raw bytes without the hash', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(cell, cell), { minLength: 1, maxLength: 6 }), fc.boolean(), (rows, crlf) => {
        const eol = crlf ? '\r\n' : '\n';
        const written = rows.map(([a, b]) => `${csvCell(a)},${csvCell(b)}`);
        const text = `a,b,hash${eol}${written.map((w, i) => `${w},h${i}`).join(eol)}${eol}`;
        const records = csvRecords(Buffer.from(text), 'e.csv', ',', 'hash', true);
        expect(records.map((r) => [r.fields.a, r.fields.b, r.fields.hash])).toEqual(rows.map(([a, b], i) => [a, b, `h${i}`]));
        expect(records.map((r) => Buffer.from(r.rawWithoutHash!).toString())).toEqual(written);
        let line = 2;
        records.forEach((r, i) => {
          expect(r.line).toBe(line);
          line += written[i]!.split('\n').length;
        });
      }),
      fuzzParams(1000),
    );
  });
});
