// Typed reads of one parsed record, each naming the member it reads, so a record of the wrong shape is
// refused with the member at fault rather than mapped to an empty field; and the loop every JSON/CSV kind
// runs: map each framed item, a refusal becoming a problem at its line.
import type { CustodyProblem } from '../../../../../shared/custody-report';
import type { CustodyFields, CustodyRecord } from '../kind';

export type Obj = Record<string, unknown>;

export class RecordShapeError extends Error {
  override name = 'RecordShapeError';
  constructor(
    readonly member: string | null,
    message: string,
  ) {
    super(message);
  }
}

export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export function objAt(o: Obj, key: string, path = key): Obj | null {
  const v = o[key];
  if (v === undefined || v === null) return null;
  if (!isObj(v)) throw new RecordShapeError(path, `has ${path} that is not a JSON object`);
  return v;
}

export function strAt(o: Obj, key: string, path = key): string | null {
  const v = o[key];
  if (v === undefined || v === null || v === '') return null;
  if (typeof v !== 'string') throw new RecordShapeError(path, `has ${path} that is not a string`);
  return v;
}

export function arrAt(o: Obj, key: string, path = key): unknown[] {
  const v = o[key];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new RecordShapeError(path, `has ${path} that is not a JSON array`);
  return v;
}

export function required<T>(v: T | null, member: string, what: string): T {
  if (v === null) throw new RecordShapeError(member, `has no ${member} (${what})`);
  return v;
}

export interface Mapped {
  fields: CustodyFields;
  dupKey: string | null;
}

/** Map framed items; a RecordShapeError refuses the item at its line. */
export function mapItems<T extends { line: number; offset: number | null; leaf: string }>(
  items: readonly T[],
  map: (item: T) => Mapped,
): { records: CustodyRecord[]; problems: CustodyProblem[] } {
  const records: CustodyRecord[] = [];
  const problems: CustodyProblem[] = [];
  for (const item of items) {
    try {
      const m = map(item);
      records.push({ line: item.line, offset: item.offset, leaf: item.leaf, fields: m.fields, dupKey: m.dupKey });
    } catch (e) {
      if (!(e instanceof RecordShapeError)) throw e;
      problems.push({ line: item.line, member: e.member, message: `line ${item.line} ${e.message}` });
    }
  }
  return { records, problems };
}

/** remap's answer from a mapper that throws RecordShapeError. */
export function remapWith(map: () => Mapped): CustodyFields | { problem: string } {
  try {
    return map().fields;
  } catch (e) {
    if (e instanceof RecordShapeError) return { problem: `its stored record no longer maps (${e.message})` };
    throw e;
  }
}

/** A JSON leaf parsed again, or a problem. */
export function parseLeaf(leaf: string): unknown {
  try {
    return JSON.parse(leaf.replace(/^\uFEFF/, ''));
  } catch {
    throw new RecordShapeError(null, 'is no longer valid JSON');
  }
}

/** Problems in file order. */
export const byLine = (a: { line: number | null }, b: { line: number | null }): number => (a.line ?? 0) - (b.line ?? 0);
