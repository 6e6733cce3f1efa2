// Evidence tables (../shared/formats/evidence-tables.md): the engine's entry points for the CLI and the UI.
export {
  importEvidenceTable,
  importEvidenceTables,
  listEvidenceTables,
  MAX_EVIDENCE_TABLE_BYTES,
  type EvidenceTableInput,
  type EvidenceImportOptions,
  type EvidenceTableInfo,
  type StoredTable,
} from './import';
export { EvidenceTableError, type EvidenceProblem } from '../../../shared/evidence/table';
export { EVIDENCE_KINDS, KIND_COLUMNS, type EvidenceKind } from '../../../shared/evidence/kinds';
