// The custody-only source seam (#15, #12 item 1): what a kind of export with no producer integrity (FHIR
// AuditEvent, Okta System Log, GitHub audit log, pgaudit, a mapped JSONL/CSV, ATNA…) must provide, and what
// the engine then does once for all of them (import.ts, check.ts, report.ts): the file's SHA-256, the RFC
// 9162 root over the leaves, the custody receipt, the bundle/stream/event rows, duplicates, out-of-window
// counts, one transaction, and the custody re-check of workspace verification.
//
// A kind only frames and maps: given the text of one file, it returns every record as received (its leaf,
// where it is, its normalized fields, its duplicate key) and every refusal as a value naming the line. The
// leaf is what the custody tree commits to and what events.raw keeps, so `remap(leaf, context)` must give
// the same fields again from it alone (plus the context the kind returned at framing, e.g. a CSV header).
import type { Category, Outcome } from '../../../../shared/types';
import type { SourceKindId } from '../../../../shared/source-kinds';
import type { CustodyProblem } from '../../../../shared/custody-report';

/** The normalized event fields a kind maps a record to (the columns of `events`). */
export interface CustodyFields {
  /** the record's time as written (RFC 3339, or the format's own text) */
  ts: string;
  /** that instant, ms since the epoch (UTC) */
  tsMs: number;
  category: Category;
  action: string;
  actorId: string;
  actorType: string;
  target: string | null;
  outcome: Outcome;
  /** whether the actor used a second factor; null when the format does not say */
  mfa: boolean | null;
}

/** One record as received. */
export interface CustodyRecord {
  /** 1-based line the record starts on (or the record's number, for framings without lines) */
  line: number;
  /** byte offset of the record in the file, or null when the leaf is not a span of the file (FHIR Bundle) */
  offset: number | null;
  /** the custody leaf, as text (its UTF-8 bytes are hashed): the record's bytes as received, without its line end */
  leaf: string;
  fields: CustodyFields;
  /** what makes two records the same event (a uuid, a document id…); null: the leaf itself */
  dupKey: string | null;
  /** how the record's place is named when "line <line>" would not say it (ATNA octet counting: "message 3
   *  (byte offset 1234, line 1)"); absent: by its line */
  place?: string;
}

export type { CustodyProblem };

export interface CustodyFrame {
  /** the framing found ("ndjson", "bundle", "json-array", "csv", "csvlog"…), shown in reports */
  framing: string;
  records: CustodyRecord[];
  problems: CustodyProblem[];
  /** JSON-able context remap needs besides the leaf (a CSV header, a field mapping); null when none */
  context: unknown;
  /** records framed but not events of this kind (a csvlog's non-AUDIT lines): covered by the file hash only */
  skipped: number;
  /** kind-specific counts shown in the report (FHIR: versions) */
  extra?: Record<string, unknown>;
  /** what the auditor should know of records that were read all the same (ATNA: times without a zone read as UTC) */
  warnings?: string[];
}

/** What the auditor gave beside the file (the --map mapping, already validated). */
export interface FrameOptions {
  mapping?: unknown;
  /** the file's bytes, for a kind whose framing counts octets (RFC 6587) or must refuse invalid UTF-8 (ATNA):
   *  the text is decoded leniently, so it is not always those bytes again */
  bytes?: Uint8Array;
}

export interface CustodySourceKind {
  id: SourceKindId;
  /** streams.stream_key of its events */
  streamKey: string;
  /** how a record of the kind is named in messages ("FHIR AuditEvent", "Okta LogEvent") */
  noun: string;
  /** whether it needs a field mapping (--map) */
  needsMapping?: boolean;
  /** the framing when the file's first 64 KiB (BOM stripped) are of this kind, else null */
  detect(head: string, fileName: string): string | null;
  frame(text: string, opts: FrameOptions): CustodyFrame;
  /** the fields of a stored leaf mapped again (workspace verification), or a problem in words */
  remap(leaf: string, context: unknown): CustodyFields | { problem: string };
}
