// Fuzzing the custody-only readers (#15): Okta (JSONL, JSON array), GitHub (JSON array, CSV), pgaudit csvlog
// and the mapped JSONL/CSV, each given its generated export with characters cut, put in or replaced, values
// swapped for values of another type, and arbitrary text. Whatever the input: frame() never throws; every
// record is at a line of the file, has a finite time and a known category, and its leaf is a span of the
// text (so the custody tree commits to bytes that were received); every problem names a line (or the
// file); remap() of each leaf gives back the fields frame() gave; remap() of arbitrary text never throws.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { CustodySourceKind } from '../../electron/engine/sources/custody/kind';
import { oktaKind } from '../../electron/engine/sources/custody/kinds/okta';
import { githubKind } from '../../electron/engine/sources/custody/kinds/github';
import { pgauditKind } from '../../electron/engine/sources/custody/kinds/pgaudit';
import { mappedCsvKind, mappedJsonlKind } from '../../electron/engine/sources/custody/kinds/mapped';
import { CATEGORIES } from '../../shared/types';
import {
  csvLine,
  githubCsvRow,
  githubEvent,
  GITHUB_CSV_COLUMNS,
  IN_HOUSE_CSV_COLUMNS,
  IN_HOUSE_MAPPING,
  inHouseCsvRow,
  inHouseEvent,
  oktaEvent,
  pgauditLine,
  seeded,
  series,
} from '../helpers/custody-exports';
import { fuzzParams } from '../helpers/fuzz';

const js = (xs: { value: unknown }[]): string[] => xs.map((x) => JSON.stringify(x.value));
const OKTA = js(series(oktaEvent, 4, 21));
const GH = series(githubEvent, 4, 22);
const rand = seeded(23);
const PG = [0, 1, 2, 3].map((i) => csvLine(pgauditLine(rand, Date.UTC(2026, 0, 1 + i), 26, i === 2, i + 1).value as string[]));
const IH = series(inHouseEvent, 4, 24);

const CASES: { name: string; kind: CustodySourceKind; text: string; mapping?: unknown }[] = [
  { name: 'Okta JSONL', kind: oktaKind, text: `${OKTA.join('\n')}\n` },
  { name: 'Okta JSON array', kind: oktaKind, text: `[\n${OKTA.join(',\n')}\n]` },
  { name: 'GitHub JSON array', kind: githubKind, text: `[${js(GH).join(',')}]` },
  {
    name: 'GitHub CSV',
    kind: githubKind,
    text: `${csvLine([...GITHUB_CSV_COLUMNS])}\r\n${GH.map((g) => csvLine(githubCsvRow(g.value as Record<string, unknown>))).join('\r\n')}\r\n`,
  },
  { name: 'pgaudit csvlog', kind: pgauditKind, text: `${PG.join('\n')}\n` },
  { name: 'mapped JSONL', kind: mappedJsonlKind, text: `${js(IH).join('\n')}\n`, mapping: IN_HOUSE_MAPPING },
  {
    name: 'mapped CSV',
    kind: mappedCsvKind,
    text: `${csvLine([...IN_HOUSE_CSV_COLUMNS])}\n${IH.map((g) => csvLine(inHouseCsvRow(g.value as Record<string, unknown>))).join('\n')}\n`,
    mapping: IN_HOUSE_MAPPING,
  },
];

/** Cut, insert or replace characters of `text`. */
const damaged = (text: string) =>
  fc
    .array(
      fc.record({
        at: fc.nat(text.length),
        cut: fc.nat(4),
        put: fc.string({
          maxLength: 4,
          unit: fc.constantFrom('"', '{', '}', '[', ']', ',', ':', '\n', '\r', ' ', 'a', '0', '\\', '\ud800', 'é', 'AUDIT: '),
        }),
      }),
      { minLength: 1, maxLength: 3 },
    )
    .map((edits) => edits.reduce((s, e) => s.slice(0, Math.min(e.at, s.length)) + e.put + s.slice(Math.min(e.at, s.length) + e.cut), text));

/** Replace one JSON value (by member name) with a value of another type. */
const retyped = (text: string) =>
  fc
    .tuple(
      fc.constantFrom(
        'published',
        'eventType',
        'actor',
        'target',
        'outcome',
        'result',
        'uuid',
        '@timestamp',
        'action',
        '_document_id',
        'when',
        'who',
        'status',
        'what',
      ),
      fc.constantFrom('1', 'null', '"x"', '[]', '{}', 'true', '[1]', '-1e400', '9007199254740993'),
    )
    .map(([name, value]) => text.replace(new RegExp(`"${name}":\\s*("[^"]*"|-?\\d+|true|false|null|\\{[^{}]*\\})`), `"${name}": ${value}`));

describe('custody-only readers under damage', () => {
  for (const c of CASES) {
    it(`${c.name}: read or refused by line, never thrown; leaves are spans of the text and map again the same`, () => {
      const frame = c.kind.frame(c.text, { mapping: c.mapping });
      expect(frame.problems).toEqual([]); // the undamaged export reads whole
      expect(frame.records.length).toBeGreaterThan(0);
      fc.assert(
        fc.property(fc.oneof(damaged(c.text), retyped(c.text), fc.string({ maxLength: 200 })), (generated) => {
          // as a file's text reaches a reader: decoded from bytes (a lone surrogate has no UTF-8 form)
          const text = Buffer.from(generated).toString('utf8');
          const f = c.kind.frame(text, { mapping: c.mapping });
          const lines = text.split('\n').length;
          for (const r of f.records) {
            expect(r.line).toBeGreaterThanOrEqual(1);
            expect(r.line).toBeLessThanOrEqual(lines);
            expect(Number.isFinite(r.fields.tsMs)).toBe(true);
            expect(CATEGORIES).toContain(r.fields.category);
            expect(text.includes(r.leaf)).toBe(true);
            if (r.offset !== null)
              expect(
                Buffer.from(text)
                  .subarray(r.offset)
                  .toString('utf8')
                  .startsWith(r.leaf.replace(/^\uFEFF/, '')),
              ).toBe(true);
            expect(c.kind.remap(r.leaf, f.context)).toEqual(r.fields);
          }
          for (const p of f.problems) {
            expect(typeof p.message).toBe('string');
            if (p.line !== null) expect(p.message).toMatch(/^(line|record \[\d+\] \(line) \d+/);
          }
        }),
        fuzzParams(300),
      );
    });
  }

  it('remap of arbitrary text gives fields or a problem, never a throw', () => {
    fc.assert(
      fc.property(fc.constantFrom(...CASES), fc.oneof(fc.string({ maxLength: 120 }), fc.json({ maxDepth: 3 })), (c, leaf) => {
        const context = c.kind.frame(c.text, { mapping: c.mapping }).context;
        const r = c.kind.remap(leaf, context);
        expect('problem' in r || Number.isFinite(r.tsMs)).toBe(true);
      }),
      fuzzParams(500),
    );
  });
});
