// What Tickmark can honestly say of a FHIR AuditEvent export (#15): the producer gave no integrity, so
// there is nothing to verify against the producer. What there is: custody from receipt — the file's
// SHA-256 and an RFC 9162 Merkle root over its records as received — and the checks an auditor scripts
// by hand (every record readable, the time span, silent intervals), with every refusal at its line.
import type { FhirReadProblem } from './audit-event-readers';

export interface FhirCustodyReport {
  kind: 'fhir-audit-event';
  integrity: 'custody-only';
  file: string;
  framing: 'ndjson' | 'bundle';
  /** hex SHA-256 of the file's bytes as received */
  sha256: string;
  bytes: number;
  records: number;
  /** hex RFC 9162 root over the records as received: leaf i = the bytes of record i (its NDJSON line, or the
   *  RFC 8785 form of Bundle entry i's resource) */
  merkleRoot: string;
  versions: { R4: number; R5: number };
  firstRecorded: string | null;
  lastRecorded: string | null;
  /** gaps between consecutive records (by `recorded`) longer than the expected cadence */
  silentIntervals: { from: string; to: string }[];
  /** records whose `recorded` is earlier than the one before (an export is expected in time order) */
  outOfOrder: number;
  problems: FhirReadProblem[];
}
