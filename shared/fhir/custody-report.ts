// A FHIR AuditEvent export's custody report (shared/custody-report.ts), with its FHIR versions counted.
import type { CustodyReport } from '../custody-report';

export interface FhirCustodyReport extends CustodyReport {
  kind: 'fhir-audit-event';
  framing: 'ndjson' | 'bundle';
  versions: { R4: number; R5: number };
}
