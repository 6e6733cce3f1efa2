// An AuditEvent's kind of event → a Tickmark category (shared/types.ts CATEGORIES), and its codes → an
// action name. The kind is told by codes, not by free text: R4 `type` + `subtype`, R5 `category` + `code`,
// drawn from the DICOM audit event IDs (DICOM PS3.16 CID 400-403, system DCM), the FHIR RESTful interactions
// (http://hl7.org/fhir/restful-interaction) and the HL7 audit-event-type code system ("rest"). The rules are
// tried in order; the first that holds gives the category. See docs/fhir-audit-event.md.
import type { Category } from '../types';
import type { Code } from './json-shape';

export const DCM = 'http://dicom.nema.org/resources/ontology/DCM';
export const RESTFUL_INTERACTION = 'http://hl7.org/fhir/restful-interaction';
export const AUDIT_EVENT_TYPE = 'http://terminology.hl7.org/CodeSystem/audit-event-type';

/** The facts the rules read. */
export interface CategoryFacts {
  /** R4 type, R5 category[] */
  kinds: readonly Code[];
  /** R4 subtype[], R5 code */
  details: readonly Code[];
  /** the BALP profile name, e.g. "PatientRead" */
  balpProfile: string | null;
  /** whether the event names a patient (AuditEvent.patient, or an entity that is or plays a patient) */
  hasPatient: boolean;
}

const isDcm =
  (...codes: string[]) =>
  (c: Code): boolean =>
    c.system === DCM && codes.includes(c.code);

/** The category table, in the order the rules are tried. */
export const CATEGORY_RULES: readonly { when: string; category: Category; holds: (f: CategoryFacts) => boolean }[] = [
  {
    when: 'DICOM 110114 User Authentication, or a DICOM 110122 Login / 110123 Logout code',
    category: 'auth',
    holds: (f) => f.kinds.some(isDcm('110114')) || f.details.some(isDcm('110114', '110122', '110123')),
  },
  {
    when: 'BALP PrivacyDisclosure profile (patient data disclosed to another party)',
    category: 'third_party',
    holds: (f) => f.balpProfile !== null && f.balpProfile.startsWith('PrivacyDisclosure'),
  },
  {
    when: 'DICOM 110113 Security Alert with 110128-110131 Network / Security / Hardware / Software Configuration',
    category: 'config_change',
    holds: (f) => f.details.some(isDcm('110128', '110129', '110130', '110131')),
  },
  {
    when: 'DICOM 110113 Security Alert (other), 110136 Security Roles Changed, 110137 User Security Attributes Changed, 110101 Audit Log Used',
    category: 'admin',
    holds: (f) => [...f.kinds, ...f.details].some(isDcm('110113', '110136', '110137', '110101')),
  },
  {
    when: 'any other event that names a patient (BALP Patient* profiles: read, create, update, delete, query), or DICOM 110110 Patient Record',
    category: 'phi_access',
    holds: (f) => f.hasPatient || [...f.kinds, ...f.details].some(isDcm('110110')),
  },
  { when: 'anything else (RESTful interactions on non-patient data, application activity, …)', category: 'system', holds: () => true },
];

export function categoryOf(f: CategoryFacts): Category {
  return CATEGORY_RULES.find((r) => r.holds(f))!.category;
}

/** Names for the DICOM codes an auditor meets most; other codes are shown as they are. */
const DCM_NAMES: Readonly<Record<string, string>> = {
  '110100': 'application-activity',
  '110101': 'audit-log-used',
  '110103': 'dicom-instances-accessed',
  '110106': 'export',
  '110107': 'import',
  '110110': 'patient-record',
  '110112': 'query',
  '110113': 'security-alert',
  '110114': 'user-authentication',
  '110120': 'application-start',
  '110121': 'application-stop',
  '110122': 'login',
  '110123': 'logout',
  '110128': 'network-configuration',
  '110129': 'security-configuration',
  '110130': 'hardware-configuration',
  '110131': 'software-configuration',
  '110136': 'security-roles-changed',
  '110137': 'user-security-attributes-changed',
};

const nameOf = (c: Code): string => (c.system === DCM ? (DCM_NAMES[c.code] ?? c.code) : c.code);

/** The code to name a detail by: a RESTful interaction first, then a DICOM code, then the first given. */
function preferredDetail(details: readonly Code[]): Code | undefined {
  return details.find((c) => c.system === RESTFUL_INTERACTION) ?? details.find((c) => c.system === DCM) ?? details[0];
}

/** "<kind>.<detail>" ("rest.read", "user-authentication.login"); either part alone when the other is missing. */
export function actionOf(kinds: readonly Code[], details: readonly Code[], crud: string | null): string {
  const kind = kinds[0];
  const detail = preferredDetail(details);
  if (kind && detail) return `${nameOf(kind)}.${nameOf(detail)}`;
  if (kind || detail) return nameOf((kind ?? detail)!);
  return crud ?? 'unknown';
}
