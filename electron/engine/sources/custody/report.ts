// `tickmark verify <file>` for a custody-only kind: the file read as an import would read it (read.ts), not
// imported, and what can be said of it (shared/custody-report.ts). The silent-interval cadence is a day
// unless the auditor gives another; duplicates are counted within the file.
import type { CustodyReport } from '../../../../shared/custody-report';
import { SOURCE_KINDS } from '../../../../shared/source-kinds';
import { completenessOf } from './completeness';
import type { CustodyRecord, CustodySourceKind, FrameOptions } from './kind';
import { readCustodyFile } from './read';

export function custodyReport(
  kind: CustodySourceKind,
  file: string,
  opts: FrameOptions & { silentIntervalMs?: number } = {},
): CustodyReport & Record<string, unknown> {
  const silentIntervalMs = opts.silentIntervalMs ?? 24 * 3600 * 1000;
  const { sha256, bytes, frame, merkleRoot } = readCustodyFile(kind, file, opts);
  const recs = frame.records;
  let outOfOrder = 0;
  const silent: { from: string; to: string }[] = [];
  recs.forEach((r, i) => {
    const prev: CustodyRecord | undefined = recs[i - 1];
    if (!prev) return;
    if (r.fields.tsMs < prev.fields.tsMs) outOfOrder++;
    else if (r.fields.tsMs - prev.fields.tsMs > silentIntervalMs) silent.push({ from: prev.fields.ts, to: r.fields.ts });
  });
  const earliest = recs.reduce<CustodyRecord | null>((a, r) => (a === null || r.fields.tsMs < a.fields.tsMs ? r : a), null);
  const latest = recs.reduce<CustodyRecord | null>((a, r) => (a === null || r.fields.tsMs > a.fields.tsMs ? r : a), null);
  return {
    kind: kind.id,
    integrity: SOURCE_KINDS[kind.id].integrity,
    file,
    framing: frame.framing,
    sha256,
    bytes,
    records: recs.length,
    skipped: frame.skipped,
    merkleRoot,
    ...frame.extra,
    firstRecorded: earliest?.fields.ts ?? null,
    lastRecorded: latest?.fields.ts ?? null,
    silentIntervals: silent,
    outOfOrder,
    duplicates: completenessOf([{ file, records: recs }], null).duplicates.count,
    ...(frame.warnings?.length ? { warnings: frame.warnings } : {}),
    problems: frame.problems,
  };
}
