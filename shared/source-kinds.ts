// The kinds of evidence Tickmark reads, what integrity each can carry, and the checks it names (#12 item 1,
// #15's integrity grade). One table, so that the CLI, the UI and the workpaper say the same thing of a
// source. The grade is the strongest a kind can reach; a given file's verdict says whether it reached it.
//   producer-signed  — the producer signed it and the auditor pinned the key (Tickmark bundle, CloudTrail)
//   producer-chained — the producer chained it, but nothing the auditor holds can verify the chain
//   custody-only     — no producer integrity: Tickmark hashes it on receipt, so later changes show
export type IntegrityGrade = 'producer-signed' | 'producer-chained' | 'custody-only';

export type SourceKindId =
  | 'tickmark-bundle'
  | 'cloudtrail-kit'
  | 'cloudtrail-lake'
  | 'fhir-audit-event'
  | 'okta-system-log'
  | 'github-audit-log'
  | 'pgaudit'
  | 'mapped-jsonl'
  | 'mapped-csv'
  | 'vendor-chain'
  | 'atna';

export interface SourceKindInfo {
  id: SourceKindId;
  label: string;
  integrity: IntegrityGrade;
  /** the integrity checks a verification of this kind performs, in the words of its format document */
  checks: readonly string[];
  /** where the format is described, in this project */
  formatDoc: string;
}

/** what every custody-only kind's verification checks */
const CUSTODY_CHECKS = [
  'every record readable (I-JSON or RFC 4180 CSV, the fields the kind maps)',
  'file SHA-256 and RFC 9162 root over the records as received',
  'records outside the audit window',
  'time order',
  'silent intervals',
];

export const SOURCE_KINDS: Readonly<Record<SourceKindId, SourceKindInfo>> = {
  'tickmark-bundle': {
    id: 'tickmark-bundle',
    label: 'Tickmark bundle (tickmark-bundle/1)',
    integrity: 'producer-signed',
    checks: [
      'I-JSON lines',
      'record hashes (RFC 8785)',
      'hash chain',
      'sequence and time',
      'RFC 9162 Merkle root',
      'signed checkpoints',
      'manifest signature',
      'evidence file hashes',
    ],
    formatDoc: 'docs/bundle-format.md',
  },
  'cloudtrail-kit': {
    id: 'cloudtrail-kit',
    label: 'AWS CloudTrail export kit (cloudtrail-export-kit/1)',
    integrity: 'producer-signed',
    checks: [
      'digest signatures (SHA256withRSA, pinned keys)',
      'digest location',
      'backward digest chain',
      'log file hashes',
      'log files in no digest',
      'backfill chains',
      'coverage of the audit window',
    ],
    formatDoc: 'docs/cloudtrail-kit.md',
  },
  'cloudtrail-lake': {
    id: 'cloudtrail-lake',
    label: 'AWS CloudTrail Lake signed query results',
    integrity: 'producer-signed',
    checks: ['sign file signature (SHA256withRSA, pinned keys)', 'result file hashes'],
    formatDoc: 'docs/cloudtrail-kit.md',
  },
  'fhir-audit-event': {
    id: 'fhir-audit-event',
    label: 'HL7 FHIR AuditEvent export (R4/R5, NDJSON or Bundle)',
    integrity: 'custody-only',
    checks: [
      'every record readable (I-JSON, AuditEvent R4/R5)',
      'file SHA-256 and RFC 9162 root over the records as received',
      'time order',
      'silent intervals',
    ],
    formatDoc: 'docs/fhir-audit-event.md',
  },
  atna: {
    id: 'atna',
    label: 'IHE ATNA / DICOM audit messages (syslog: RFC 5424 lines or RFC 6587 octet counting)',
    integrity: 'custody-only',
    checks: [
      'every message readable (RFC 5424 header, well-formed XML with no DTD or entity, DICOM PS3.15 A.5 AuditMessage)',
      'file SHA-256 and RFC 9162 root over the messages as received',
      'records outside the audit window',
      'byte-identical duplicates',
      'time order',
      'silent intervals',
    ],
    formatDoc: 'docs/atna-audit-messages.md',
  },
  'okta-system-log': {
    id: 'okta-system-log',
    label: 'Okta System Log export (LogEvent, JSON array or JSONL)',
    integrity: 'custody-only',
    checks: [...CUSTODY_CHECKS, 'duplicates (the same uuid)'],
    formatDoc: 'docs/custody-sources.md',
  },
  'github-audit-log': {
    id: 'github-audit-log',
    label: 'GitHub audit log export (JSON or CSV)',
    integrity: 'custody-only',
    checks: [...CUSTODY_CHECKS, 'duplicates (the same _document_id)'],
    formatDoc: 'docs/custody-sources.md',
  },
  pgaudit: {
    id: 'pgaudit',
    label: 'PostgreSQL pgaudit entries in a csvlog file',
    integrity: 'custody-only',
    checks: [...CUSTODY_CHECKS, 'duplicates (the same session_id and session_line_num)'],
    formatDoc: 'docs/custody-sources.md',
  },
  'mapped-jsonl': {
    id: 'mapped-jsonl',
    label: 'JSONL export under a declared field mapping',
    integrity: 'custody-only',
    checks: [...CUSTODY_CHECKS, 'duplicates (the mapped id)'],
    formatDoc: 'docs/field-mapping.schema.json',
  },
  'mapped-csv': {
    id: 'mapped-csv',
    label: 'CSV export under a declared field mapping',
    integrity: 'custody-only',
    checks: [...CUSTODY_CHECKS, 'duplicates (the mapped id)'],
    formatDoc: 'docs/field-mapping.schema.json',
  },
  // the strongest grade it can reach: only with a head signed under a pinned key; an HMAC chain or one
  // with no signed head stays producer-chained ("not independently verifiable")
  'vendor-chain': {
    id: 'vendor-chain',
    label: 'Vendor hash chain under a declared profile (tickmark-vendor-chain-profile/1)',
    integrity: 'producer-signed',
    checks: [
      'records readable as the profile frames them (JSONL, CSV)',
      'record hashes recomputed (JCS, raw line or named fields; SHA-256)',
      'hash links',
      'sequence gaps, duplicates and order',
      'time order',
      'signed head over the last record (Ed25519, ECDSA P-256, RSA; pinned keys)',
    ],
    formatDoc: 'docs/vendor-chain-profiles.md',
  },
};

export const INTEGRITY_GRADE_TEXT: Readonly<Record<IntegrityGrade, string>> = {
  'producer-signed': 'producer-signed, verified against keys the auditor pinned',
  'producer-chained': 'producer-chained, not independently verifiable',
  'custody-only': 'custody only: no producer integrity; unchanged since receipt',
};
