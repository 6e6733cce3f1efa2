// The completeness counts an auditor scripts by hand, over the records of one import (all its files, in
// order): duplicates — a record whose duplicate key (kind.ts; the leaf itself when the kind has none) was
// already seen, the first one counting as the original — and records outside the audit window.
import type { AuditWindow } from './window';
import type { CustodyRecord } from './kind';

export interface RecordPlace {
  file: string;
  line: number;
  /** the record's place in words, when the kind names it otherwise than by line (kind.ts CustodyRecord.place) */
  place?: string;
}

export interface DuplicateFound {
  key: string;
  at: RecordPlace;
  first: RecordPlace;
}

export interface Completeness {
  duplicates: { count: number; examples: DuplicateFound[] };
  outOfWindow: { window: AuditWindow | null; count: number; before: number; after: number; examples: (RecordPlace & { ts: string })[] };
  /** the same two counts per file, in the order given */
  perFile: { file: string; duplicates: number; outOfWindow: number }[];
}

const EXAMPLES = 20;

export function completenessOf(files: { file: string; records: readonly CustodyRecord[] }[], window: AuditWindow | null): Completeness {
  const seen = new Map<string, RecordPlace>();
  const c: Completeness = {
    duplicates: { count: 0, examples: [] },
    outOfWindow: { window, count: 0, before: 0, after: 0, examples: [] },
    perFile: [],
  };
  for (const { file, records } of files) {
    const mine = { file, duplicates: 0, outOfWindow: 0 };
    c.perFile.push(mine);
    for (const r of records) {
      const key = r.dupKey ?? `leaf:${r.leaf}`;
      const first = seen.get(key);
      const at: RecordPlace = r.place === undefined ? { file, line: r.line } : { file, line: r.line, place: r.place };
      if (first === undefined) seen.set(key, at);
      else {
        mine.duplicates++;
        if (++c.duplicates.count <= EXAMPLES) c.duplicates.examples.push({ key: r.dupKey ?? '(identical record)', at, first });
      }
      if (window === null) continue;
      const before = r.fields.tsMs < window.startMs;
      if (!before && r.fields.tsMs <= window.endMs) continue;
      c.outOfWindow.count++;
      mine.outOfWindow++;
      if (before) c.outOfWindow.before++;
      else c.outOfWindow.after++;
      if (c.outOfWindow.examples.length < EXAMPLES) c.outOfWindow.examples.push({ ...at, ts: r.fields.ts });
    }
  }
  return c;
}
