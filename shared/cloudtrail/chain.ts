// The backward walk over one chain of CloudTrail digests (cloudtrail-export-kit/1 §3 items 3 and 6), on
// digests already read and checked one by one. Algorithm:
//   1. A digest whose bytes equal another's is a copy, set aside (it is reported, never walked).
//   2. From the newest digest not yet visited, follow previousDigestS3Bucket/Object to the digest found at
//      that location, checking each link: previousDigestSignature = the predecessor's signature and
//      previousDigestHashValue = hex(SHA-256) of its uncompressed bytes. Stop at a digest with no predecessor
//      (the chain began there), at a predecessor absent from the kit, or at one already visited.
//   3. Repeat from the newest digest left: each further walk is a segment that no newer digest reaches.
//   4. Between segments, and inside one where a digest starts after its predecessor ended (the trail was
//      stopped), time is uncovered: each such place is an issue carrying its span.
// A predecessor may be absent without an issue only for a digest that ends before the audit window starts.
import type { Span } from './coverage';

export interface ChainDigest {
  /** where the digest was found */
  bucket: string;
  key: string;
  startMs: number;
  endMs: number;
  /** hex SHA-256 of the uncompressed bytes */
  sha256: string;
  /** its signature (hex, from the object's metadata), or null when the kit does not carry it */
  signature: string | null;
  prev: { bucket: string; key: string; hashValue: string | null; signature: string | null } | null;
  /** counts towards coverage: its signature holds and it lies where it says */
  usable: boolean;
}

/** An open-ended span starts before anything in the kit (fromMs null). */
export interface OpenSpan {
  fromMs: number | null;
  toMs: number;
}

export type ChainIssue =
  | { kind: 'copy'; digest: ChainDigest; original: ChainDigest }
  | { kind: 'missing-predecessor'; digest: ChainDigest; missing: { bucket: string; key: string }; span: OpenSpan; resumesAt: ChainDigest | null }
  | { kind: 'restarted'; digest: ChainDigest; span: OpenSpan; unreached: ChainDigest }
  | { kind: 'signature-link'; digest: ChainDigest; predecessor: ChainDigest }
  | { kind: 'hash-link'; digest: ChainDigest; predecessor: ChainDigest }
  | { kind: 'stopped'; digest: ChainDigest; predecessor: ChainDigest; span: Span };

export interface ChainWalk {
  /** newest first; each segment newest → oldest */
  segments: ChainDigest[][];
  issues: ChainIssue[];
}

const loc = (b: string, k: string): string => `${b}/${k}`;
const newestFirst = (a: ChainDigest, b: ChainDigest): number => b.endMs - a.endMs || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
const sameHex = (a: string | null, b: string | null): boolean => a !== null && b !== null && a.toLowerCase() === b.toLowerCase();

/** Digests abut exactly; allow clock rounding of a second before calling a gap a stop. */
const ABUT_TOLERANCE_MS = 1000;

export function walkChain(digests: readonly ChainDigest[], windowStartMs: number): ChainWalk {
  const issues: ChainIssue[] = [];
  const bySha = new Map<string, ChainDigest>();
  const walkable: ChainDigest[] = [];
  // the copy is the one not at the location its content names; ties: the later key
  for (const d of [...digests].sort((a, b) => Number(b.usable) - Number(a.usable) || (a.key < b.key ? -1 : 1))) {
    const original = bySha.get(d.sha256);
    if (original) issues.push({ kind: 'copy', digest: d, original });
    else {
      bySha.set(d.sha256, d);
      walkable.push(d);
    }
  }
  const byLoc = new Map(walkable.map((d) => [loc(d.bucket, d.key), d]));
  walkable.sort(newestFirst);
  const usableEnds = walkable.filter((d) => d.usable).map((d) => d.endMs);
  // the end of the newest usable digest that ends by `t`: where an uncovered span before `t` begins
  const coveredUntil = (t: number): number | null => usableEnds.reduce<number | null>((m, e) => (e <= t && (m === null || e > m) ? e : m), null);

  const visited = new Set<ChainDigest>();
  const segments: ChainDigest[][] = [];
  for (const head of walkable) {
    if (visited.has(head)) continue;
    const seg: ChainDigest[] = [];
    let cur = head;
    for (;;) {
      visited.add(cur);
      seg.push(cur);
      if (!cur.prev) break;
      const p = byLoc.get(loc(cur.prev.bucket, cur.prev.key));
      if (!p) break;
      if (!sameHex(cur.prev.signature, p.signature)) issues.push({ kind: 'signature-link', digest: cur, predecessor: p });
      if (!sameHex(cur.prev.hashValue, p.sha256)) issues.push({ kind: 'hash-link', digest: cur, predecessor: p });
      if (cur.startMs > p.endMs + ABUT_TOLERANCE_MS)
        issues.push({ kind: 'stopped', digest: cur, predecessor: p, span: { fromMs: p.endMs, toMs: cur.startMs } });
      if (visited.has(p)) break;
      cur = p;
    }
    segments.push(seg);
  }

  segments.forEach((seg, i) => {
    const tail = seg[seg.length - 1]!;
    const older = segments[i + 1]?.[0] ?? null;
    const span: OpenSpan = { fromMs: coveredUntil(tail.startMs), toMs: tail.startMs };
    if (tail.prev && !byLoc.has(loc(tail.prev.bucket, tail.prev.key))) {
      if (older || tail.endMs > windowStartMs)
        issues.push({ kind: 'missing-predecessor', digest: tail, missing: { bucket: tail.prev.bucket, key: tail.prev.key }, span, resumesAt: older });
    } else if (!tail.prev && older) {
      issues.push({ kind: 'restarted', digest: tail, span, unreached: older });
    }
  });
  return { segments, issues };
}
