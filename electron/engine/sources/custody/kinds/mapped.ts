// Any JSONL or CSV export under a field mapping the auditor declares (mapping-schema.ts, published as
// docs/field-mapping.schema.json): --as jsonl|csv --map mapping.json. The mapping says where each normalized
// field is; a record that lacks a mapped field, or whose value the mapping does not know (an outcome in
// neither list, a category value not in the map and no default), is refused at its line, naming the field.
//   JSONL — leaf = the line as received; a field is a member path with dots ("actor.id"), a member whose
//           own name holds the dots ("actor.id": …) taking precedence
//   CSV   — header row, then records; leaf = the record's bytes as received; a field is a header name
// The mapping (and the CSV header) is the context kept with the receipt, so workspace verification maps a
// stored leaf again exactly as at import.
import { isoFromMs, parseRfc3339 } from '../../../../../shared/time';
import type { CustodySourceKind } from '../kind';
import { csvItems, csvLeafValues } from '../framing/csv-records';
import { jsonlItems } from '../framing/json-records';
import { FieldMappingSchema, type FieldMapping } from '../mapping-schema';
import { byLine, isObj, mapItems, parseLeaf, RecordShapeError, remapWith, type Mapped } from './record-shape';

type Get = (field: string) => unknown;

/** A member by dotted path, the literal name first. */
function pathGet(o: Record<string, unknown>, field: string): unknown {
  if (field in o) return o[field];
  let cur: unknown = o;
  for (const part of field.split('.')) {
    if (!isObj(cur)) return undefined;
    cur = cur[part];
  }
  return cur;
}

function text(get: Get, field: string, required: boolean): string | null {
  const v = get(field);
  if (v === undefined || v === null || v === '') {
    if (required) throw new RecordShapeError(field, `has no value for the mapped field "${field}"`);
    return null;
  }
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw new RecordShapeError(field, `has "${field}" that is not a string, number or boolean`);
}

export function mapWithMapping(m: FieldMapping, get: Get): Mapped {
  const t = text(get, m.time.field, true)!;
  let ts = t;
  let tsMs: number | null;
  const format = m.time.format ?? 'rfc3339';
  if (format === 'rfc3339') tsMs = parseRfc3339(t);
  else {
    const n = /^-?\d{1,16}(\.\d+)?$/.test(t) ? Number(t) * (format === 'epoch-s' ? 1000 : 1) : NaN;
    tsMs = Number.isFinite(n) && Math.abs(n) <= 8.64e15 ? Math.floor(n) : null;
    if (tsMs !== null) ts = isoFromMs(tsMs);
  }
  if (tsMs === null)
    throw new RecordShapeError(
      m.time.field,
      `has the time "${t}" in "${m.time.field}", which is not ${format === 'rfc3339' ? 'an RFC 3339 date and time with a zone' : `a number of ${format === 'epoch-s' ? 'seconds' : 'milliseconds'} since the epoch`}`,
    );
  let outcome: 'success' | 'failure' = 'success';
  if (m.outcome) {
    const o = text(get, m.outcome.field, true)!;
    if (m.outcome.success.includes(o)) outcome = 'success';
    else if (m.outcome.failure.includes(o)) outcome = 'failure';
    else
      throw new RecordShapeError(
        m.outcome.field,
        `has the outcome "${o}" in "${m.outcome.field}", which the mapping lists neither as success nor as failure`,
      );
  }
  let category;
  if ('value' in m.category) category = m.category.value;
  else {
    const c = text(get, m.category.field, m.category.default === undefined);
    category = (c === null ? undefined : m.category.map[c]) ?? m.category.default;
    if (category === undefined)
      throw new RecordShapeError(
        m.category.field,
        `has "${c}" in "${m.category.field}", which the mapping's category map does not name (and it gives no default)`,
      );
  }
  return {
    fields: {
      ts,
      tsMs,
      category,
      action: text(get, m.action.field, true)!,
      actorId: text(get, m.actor.field, true)!,
      actorType: m.actor.type ?? 'user',
      target: m.target ? text(get, m.target.field, false) : null,
      outcome,
      mfa: null,
    },
    dupKey: m.id ? text(get, m.id.field, false) : null,
  };
}

const fromObject = (m: FieldMapping, v: unknown): Mapped => {
  if (!isObj(v)) throw new RecordShapeError(null, 'is not a JSON object');
  return mapWithMapping(m, (f) => pathGet(v, f));
};

const fromRow = (m: FieldMapping, header: readonly string[], values: readonly string[]): Mapped =>
  mapWithMapping(m, (f) => {
    const i = header.indexOf(f);
    return i < 0 ? undefined : values[i];
  });

function mappingOf(x: unknown): FieldMapping {
  const r = FieldMappingSchema.safeParse(x);
  if (!r.success) throw new RecordShapeError(null, 'has no valid field mapping to be read with');
  return r.data;
}

export const mappedJsonlKind: CustodySourceKind = {
  id: 'mapped-jsonl',
  streamKey: 'mapped-jsonl',
  noun: 'mapped JSONL',
  needsMapping: true,
  detect: (head) => (/^\s*\{/.test(head) ? 'jsonl' : null),
  frame(text, opts) {
    const m = mappingOf(opts.mapping);
    const { items, problems } = jsonlItems(text);
    const mapped = mapItems(items, (it) => fromObject(m, it.value));
    return {
      framing: 'jsonl',
      records: mapped.records,
      problems: [...problems, ...mapped.problems].sort(byLine),
      context: { mapping: m },
      skipped: 0,
    };
  },
  remap: (leaf, context) => remapWith(() => fromObject(mappingOf(isObj(context) ? context['mapping'] : null), parseLeaf(leaf))),
};

export const mappedCsvKind: CustodySourceKind = {
  id: 'mapped-csv',
  streamKey: 'mapped-csv',
  noun: 'mapped CSV',
  needsMapping: true,
  detect: () => 'csv',
  frame(text, opts) {
    const m = mappingOf(opts.mapping);
    const { header, items, problems } = csvItems(text, true);
    // a mapped column the header lacks refuses the file once, not every record
    const h = header ?? [];
    const fields = [
      m.time.field,
      m.actor.field,
      m.action.field,
      m.target?.field,
      m.outcome?.field,
      'field' in m.category ? m.category.field : undefined,
      m.id?.field,
    ];
    const missing = fields.filter((f): f is string => f !== undefined && !h.includes(f));
    if (header !== null && missing.length > 0)
      return {
        framing: 'csv',
        records: [],
        problems: [
          {
            line: 1,
            member: missing[0]!,
            message: `line 1 (the header) has no column ${missing.map((f) => `"${f}"`).join(', ')} that the mapping names`,
          },
        ],
        context: null,
        skipped: 0,
      };
    const mapped = mapItems(items, (it) => fromRow(m, h, it.values));
    return {
      framing: 'csv',
      records: mapped.records,
      problems: [...problems, ...mapped.problems].sort(byLine),
      context: { mapping: m, header },
      skipped: 0,
    };
  },
  remap(leaf, context) {
    const c = isObj(context) ? context : {};
    const header = Array.isArray(c['header']) ? (c['header'] as string[]) : null;
    const values = csvLeafValues(leaf);
    if (header === null || values === null) return { problem: 'its stored record is no longer one CSV record under the header received' };
    return remapWith(() => fromRow(mappingOf(c['mapping']), header, values));
  },
};
