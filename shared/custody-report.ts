// What Tickmark can honestly say of an export with no producer integrity (#15), before it is imported
// (`tickmark verify <file>`): nothing to verify against the producer; custody from receipt — the file's
// SHA-256 and an RFC 9162 Merkle root over its records as received — and the checks an auditor scripts by
// hand (every record readable, the time span, order, silent intervals, duplicates), every refusal at its line.
import type { IntegrityGrade, SourceKindId } from './source-kinds';

/** A record a reader refuses: the whole file is refused, naming it. */
export interface CustodyProblem {
  /** 1-based line, or null when the fault is the file as a whole */
  line: number | null;
  /** the member or column at fault, when there is one */
  member: string | null;
  /** begins with where it is ("line 6 has …", "entry[2] (line 9) …"), so `${file}: ${message}` reads whole */
  message: string;
}

export interface CustodyReport {
  kind: SourceKindId;
  integrity: IntegrityGrade;
  file: string;
  framing: string;
  /** hex SHA-256 of the file's bytes as received */
  sha256: string;
  bytes: number;
  records: number;
  /** lines framed that are not records of the kind (a csvlog's other log lines), covered by the SHA-256 only */
  skipped: number;
  /** hex RFC 9162 root over the records as received (leaf i = the bytes of record i as the kind frames it) */
  merkleRoot: string;
  firstRecorded: string | null;
  lastRecorded: string | null;
  /** gaps between consecutive records longer than the expected cadence */
  silentIntervals: { from: string; to: string }[];
  /** records whose time is earlier than the one before (an export is expected in time order) */
  outOfOrder: number;
  /** records whose duplicate key (event id, uuid, document id) was already seen in the file */
  duplicates: number;
  /** what the auditor should know of records read all the same (ATNA: times without a zone read as UTC) */
  warnings?: string[];
  problems: CustodyProblem[];
}
