// A DICOM audit message's kind of event → a Tickmark category (shared/types.ts CATEGORIES), and its codes →
// an action name. The kind is told by codes: EventID from DICOM PS3.16 CID 400 "Audit Event ID" and
// EventTypeCode from CID 401 "Audit Event Type Code" / CID 403 "Security Alert Type Code" (coding scheme
// DCM). The rules are tried in order; the first that holds gives the category. They file the DICOM codes the
// FHIR source files the same way (shared/fhir/audit-category.ts), so that an ATNA message and the FHIR
// AuditEvent it would be converted into land under one category. See docs/atna-audit-messages.md.
import type { Category } from '../types';

/** A coded value (DICOM PS3.15 A.5.1 CodedValueType): csd-code, codeSystemName, originalText. */
export interface AtnaCode {
  code: string;
  /** codeSystemName as written ("DCM", "IHE Transactions", an OID…), or null */
  system: string | null;
  /** originalText, else displayName, or null */
  display: string | null;
}

/** The names DICOM's own coding scheme goes by in a message: its designator, or its OID (PS3.16 Section 8). */
const DCM_SYSTEMS = ['DCM', '1.2.840.10008.2.16.4'];
export const isDcmCode = (c: AtnaCode): boolean => c.system !== null && DCM_SYSTEMS.includes(c.system);

/** CID 400 (Audit Event ID) and CID 401/403 (Audit Event Type Code), by code; the action names them so. */
export const DCM_EVENT_NAMES: Readonly<Record<string, string>> = {
  '110100': 'application-activity',
  '110101': 'audit-log-used',
  '110102': 'begin-transferring-dicom-instances',
  '110103': 'dicom-instances-accessed',
  '110104': 'dicom-instances-transferred',
  '110105': 'dicom-study-deleted',
  '110106': 'export',
  '110107': 'import',
  '110108': 'network-entry',
  '110109': 'order-record',
  '110110': 'patient-record',
  '110111': 'procedure-record',
  '110112': 'query',
  '110113': 'security-alert',
  '110114': 'user-authentication',
  '110120': 'application-start',
  '110121': 'application-stop',
  '110122': 'login',
  '110123': 'logout',
  '110124': 'attach',
  '110125': 'detach',
  '110126': 'node-authentication',
  '110127': 'emergency-override-started',
  '110128': 'network-configuration',
  '110129': 'security-configuration',
  '110130': 'hardware-configuration',
  '110131': 'software-configuration',
  '110132': 'use-of-restricted-function',
  '110133': 'audit-recording-stopped',
  '110134': 'audit-recording-started',
  '110135': 'object-security-attributes-changed',
  '110136': 'security-roles-changed',
  '110137': 'user-security-attributes-changed',
  '110138': 'emergency-override-stopped',
  '110139': 'remote-service-operation-started',
  '110140': 'remote-service-operation-stopped',
  '110141': 'local-service-operation-started',
  '110142': 'local-service-operation-stopped',
  '110143': 'authentication-decision',
  '110144': 'authorization-decision',
  '110145': 'session-start',
  '110146': 'session-stop',
  '110147': 'access-control-decision',
};

/** EventActionCode (A.5.1): the action word an action name ends with when no event type code says more. */
export const CRUD_WORDS: Readonly<Record<string, string>> = { C: 'create', R: 'read', U: 'update', D: 'delete', E: 'execute' };

/** The facts the rules read. */
export interface AtnaCategoryFacts {
  eventId: AtnaCode;
  eventTypes: readonly AtnaCode[];
  /** whether a ParticipantObjectIdentification is the patient */
  hasPatient: boolean;
}

const dcm =
  (...codes: string[]) =>
  (c: AtnaCode): boolean =>
    isDcmCode(c) && codes.includes(c.code);

/** EventIDs whose subject is patient data (DICOM instances, patient, order and procedure records, export, import). */
const PHI_EVENTS = ['110102', '110103', '110104', '110105', '110106', '110107', '110109', '110110', '110111'];

/** The category table, in the order the rules are tried. */
export const ATNA_CATEGORY_RULES: readonly { when: string; category: Category; holds: (f: AtnaCategoryFacts) => boolean }[] = [
  {
    when: 'EventID 110114 User Authentication, or an EventTypeCode 110122 Login / 110123 Logout',
    category: 'auth',
    holds: (f) => dcm('110114')(f.eventId) || f.eventTypes.some(dcm('110122', '110123')),
  },
  {
    when: 'an EventTypeCode 110128-110131 Network / Security / Hardware / Software Configuration (under 110113 Security Alert or 110100 Application Activity)',
    category: 'config_change',
    holds: (f) => f.eventTypes.some(dcm('110128', '110129', '110130', '110131')),
  },
  {
    when: 'EventID 110113 Security Alert (any other type: audit recording stopped, emergency override, use of restricted function…), 110101 Audit Log Used, or an EventTypeCode 110135-110137 (security attributes or roles changed)',
    category: 'admin',
    holds: (f) => dcm('110113', '110101')(f.eventId) || f.eventTypes.some(dcm('110135', '110136', '110137')),
  },
  {
    when: 'EventID 110102-110107, 110109-110111 (DICOM instances accessed, transferred or deleted, export, import, patient, order and procedure records), or any other event with a patient participant object (a query about a patient)',
    category: 'phi_access',
    holds: (f) => dcm(...PHI_EVENTS)(f.eventId) || f.hasPatient,
  },
  {
    when: 'anything else (110100 Application Activity, 110108 Network Entry, 110112 Query with no patient, codes from other schemes)',
    category: 'system',
    holds: () => true,
  },
];

export function atnaCategoryOf(f: AtnaCategoryFacts): Category {
  return ATNA_CATEGORY_RULES.find((r) => r.holds(f))!.category;
}

const nameOf = (c: AtnaCode): string => (isDcmCode(c) ? (DCM_EVENT_NAMES[c.code] ?? c.code) : c.code);

/**
 * "<EventID>.<detail>": the detail is the first DICOM-coded EventTypeCode ("user-authentication.login",
 * "security-alert.software-configuration"), else the EventActionCode's word ("patient-record.read",
 * "query.execute"), else the EventID alone. Event type codes from other schemes (IHE transactions: "ITI-9")
 * are kept as eventTypes, not in the action, so that one kind of event has one action name.
 */
export function atnaActionOf(eventId: AtnaCode, eventTypes: readonly AtnaCode[], crud: string | null): string {
  const detail = eventTypes.find(isDcmCode);
  if (detail) return `${nameOf(eventId)}.${nameOf(detail)}`;
  if (crud !== null) return `${nameOf(eventId)}.${CRUD_WORDS[crud] ?? crud}`;
  return nameOf(eventId);
}
