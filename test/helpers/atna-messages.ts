// DICOM audit messages (DICOM PS3.15 Annex A.5.1 schema; the shapes of the A.5.3 event descriptions and of
// IHE ITI-20): user authentication (110114 login/logout), patient record (110110 C/R/U/D), query (110112, with
// or without a patient), DICOM instances accessed (110103), export (110106), security alert (110113, with a
// configuration type code or an audit-recording-stopped one) and application activity (110100 start), with
// random users, sources, outcomes and times — and the syslog files that carry them: RFC 5424 one per line
// (with or without the UTF-8 BOM of §6.4, LF or CRLF) and RFC 6587 octet-counted framing.
// Each message comes with the fields Tickmark should read back, written here from the generator's own
// choices, never by calling the mapper.
import { seeded } from './fhir-audit-events';

export { seeded };

export type AtnaShape =
  | 'login'
  | 'logout'
  | 'patient-create'
  | 'patient-read'
  | 'patient-update'
  | 'patient-delete'
  | 'query-patient'
  | 'query'
  | 'instances-accessed'
  | 'export'
  | 'security-config'
  | 'security-audit-stopped'
  | 'application-start';

export const ATNA_SHAPES: readonly AtnaShape[] = [
  'login',
  'logout',
  'patient-create',
  'patient-read',
  'patient-update',
  'patient-delete',
  'query-patient',
  'query',
  'instances-accessed',
  'export',
  'security-config',
  'security-audit-stopped',
  'application-start',
];

export interface AtnaExpected {
  ts: string;
  tsMs: number;
  tsSource: 'EventDateTime' | 'syslog';
  tsAssumedUtc: boolean;
  category: string;
  action: string;
  crud: string | null;
  actorId: string;
  target: string | null;
  patient: string | null;
  outcome: 'success' | 'failure';
  outcomeCode: string;
  auditSourceId: string;
}

export interface AtnaGenerated {
  shape: AtnaShape;
  /** the AuditMessage XML, on one line */
  xml: string;
  /** the syslog TIMESTAMP to frame it with */
  syslogTime: string;
  expected: AtnaExpected;
}

const pick = <T>(rand: () => number, xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const id = (rand: () => number): string => Math.floor(rand() * 36 ** 6).toString(36);
export const xmlEscape = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

const ev = (code: string, meaning: string): string => `csd-code="${code}" codeSystemName="DCM" originalText="${meaning}"`;

interface ShapeSpec {
  eventId: [string, string];
  type?: [string, string, string]; // code, scheme, meaning
  crud: string;
  category: string;
  action: string;
  patient: boolean;
  /** a non-patient participant object (study, query, security resource) */
  object?: { typeCode: string; role: string; idType: string };
}

const SPECS: Readonly<Record<AtnaShape, ShapeSpec>> = {
  login: {
    eventId: ['110114', 'User Authentication'],
    type: ['110122', 'DCM', 'Login'],
    crud: 'E',
    category: 'auth',
    action: 'user-authentication.login',
    patient: false,
  },
  logout: {
    eventId: ['110114', 'User Authentication'],
    type: ['110123', 'DCM', 'Logout'],
    crud: 'E',
    category: 'auth',
    action: 'user-authentication.logout',
    patient: false,
  },
  'patient-create': { eventId: ['110110', 'Patient Record'], crud: 'C', category: 'phi_access', action: 'patient-record.create', patient: true },
  'patient-read': { eventId: ['110110', 'Patient Record'], crud: 'R', category: 'phi_access', action: 'patient-record.read', patient: true },
  'patient-update': { eventId: ['110110', 'Patient Record'], crud: 'U', category: 'phi_access', action: 'patient-record.update', patient: true },
  'patient-delete': { eventId: ['110110', 'Patient Record'], crud: 'D', category: 'phi_access', action: 'patient-record.delete', patient: true },
  'query-patient': {
    eventId: ['110112', 'Query'],
    type: ['ITI-9', 'IHE Transactions', 'PIX Query'],
    crud: 'E',
    category: 'phi_access',
    action: 'query.execute',
    patient: true,
    object: { typeCode: '2', role: '24', idType: 'ITI-9' },
  },
  query: {
    eventId: ['110112', 'Query'],
    type: ['ITI-18', 'IHE Transactions', 'Registry Stored Query'],
    crud: 'E',
    category: 'system',
    action: 'query.execute',
    patient: false,
    object: { typeCode: '2', role: '24', idType: 'ITI-18' },
  },
  'instances-accessed': {
    eventId: ['110103', 'DICOM Instances Accessed'],
    crud: 'R',
    category: 'phi_access',
    action: 'dicom-instances-accessed.read',
    patient: true,
    object: { typeCode: '2', role: '3', idType: '110180' },
  },
  export: {
    eventId: ['110106', 'Export'],
    crud: 'R',
    category: 'phi_access',
    action: 'export.read',
    patient: true,
    object: { typeCode: '2', role: '3', idType: '110180' },
  },
  'security-config': {
    eventId: ['110113', 'Security Alert'],
    type: ['110129', 'DCM', 'Security Configuration'],
    crud: 'E',
    category: 'config_change',
    action: 'security-alert.security-configuration',
    patient: false,
  },
  'security-audit-stopped': {
    eventId: ['110113', 'Security Alert'],
    type: ['110133', 'DCM', 'Audit Recording Stopped'],
    crud: 'E',
    category: 'admin',
    action: 'security-alert.audit-recording-stopped',
    patient: false,
  },
  'application-start': {
    eventId: ['110100', 'Application Activity'],
    type: ['110120', 'DCM', 'Application Start'],
    crud: 'E',
    category: 'system',
    action: 'application-activity.application-start',
    patient: false,
  },
};

const USERS = ['alice', 'bob@hospital.example', 'dr&jones', 'nurse <3>', 'Jos\u00e9', 'ris-1'];

export interface GenerateOptions {
  /** the chance a message leaves out EventDateTime (its time then comes from the syslog header) */
  noEventTime?: number;
  /** the chance an EventDateTime has no zone (read as UTC, counted in a warning) */
  noZone?: number;
}

/** `n` messages cycling through every shape, seeded. */
export function generateAtnaMessages(rand: () => number, n: number, opts: GenerateOptions = {}): AtnaGenerated[] {
  const base = Date.UTC(2026, 2, 1);
  return Array.from({ length: n }, (_, i) =>
    generateOne(rand, ATNA_SHAPES[i % ATNA_SHAPES.length]!, base + i * 3_600_000 + Math.floor(rand() * 3_000_000), opts),
  );
}

export function generateOne(rand: () => number, shape: AtnaShape, ms: number, opts: GenerateOptions = {}): AtnaGenerated {
  const s = SPECS[shape];
  const user = pick(rand, USERS);
  const outcomeCode = pick(rand, ['0', '0', '0', '4', '8', '12']);
  const source = `ris-${id(rand)}.hospital.example`;
  const patientId = `${id(rand)}^^^&1.2.3.4&ISO`;
  const noTime = rand() < (opts.noEventTime ?? 0);
  const noZone = !noTime && rand() < (opts.noZone ?? 0);
  const iso = new Date(ms).toISOString(); // 2026-03-01T01:02:03.456Z
  const eventTime = noZone ? iso.slice(0, -1) : pick(rand, [iso, iso.replace(/\.\d+Z$/, 'Z'), shiftZone(ms)]);
  const syslogTime = new Date(ms + 1000).toISOString();
  const requestorExplicit = rand() < 0.7;
  const participants = [
    // the requestor: UserIsRequestor explicit, or left to the schema's default (true)
    `<ActiveParticipant UserID="${xmlEscape(user)}" UserName="${xmlEscape(user)}"${requestorExplicit ? ' UserIsRequestor="true"' : ''} NetworkAccessPointID="10.0.0.${1 + Math.floor(rand() * 250)}" NetworkAccessPointTypeCode="2"><RoleIDCode ${ev('110153', 'Source Role ID')}/></ActiveParticipant>`,
    `<ActiveParticipant UserID="${source}" UserIsRequestor="false" NetworkAccessPointID="${source}" NetworkAccessPointTypeCode="1"><RoleIDCode ${ev('110152', 'Destination Role ID')}/></ActiveParticipant>`,
  ];
  // the requestor placed second half the time, so that "the first participant" is not the answer by accident
  if (requestorExplicit && rand() < 0.5) participants.reverse();
  const objects: string[] = [];
  if (s.object) {
    const oid = `1.2.840.${Math.floor(rand() * 1e6)}`;
    objects.push(
      `<ParticipantObjectIdentification ParticipantObjectID="${oid}" ParticipantObjectTypeCode="${s.object.typeCode}" ParticipantObjectTypeCodeRole="${s.object.role}"><ParticipantObjectIDTypeCode csd-code="${s.object.idType}" codeSystemName="${/^\d/.test(s.object.idType) ? 'DCM' : 'IHE Transactions'}" originalText="object"/></ParticipantObjectIdentification>`,
    );
  }
  if (s.patient) {
    const patientObj = `<ParticipantObjectIdentification ParticipantObjectID="${xmlEscape(patientId)}" ParticipantObjectTypeCode="1" ParticipantObjectTypeCodeRole="1"><ParticipantObjectIDTypeCode csd-code="2" codeSystemName="RFC-3881" originalText="Patient Number"/><ParticipantObjectName>Doe^John</ParticipantObjectName></ParticipantObjectIdentification>`;
    // the patient first or after the study / query, so that the target is the patient wherever it stands
    if (rand() < 0.5) objects.push(patientObj);
    else objects.unshift(patientObj);
  }
  const typeCode = s.type ? `<EventTypeCode csd-code="${s.type[0]}" codeSystemName="${s.type[1]}" originalText="${s.type[2]}"/>` : '';
  const xml =
    `<?xml version="1.0" encoding="UTF-8"?><AuditMessage>` +
    `<EventIdentification EventActionCode="${s.crud}"${noTime ? '' : ` EventDateTime="${eventTime}"`} EventOutcomeIndicator="${outcomeCode}">` +
    `<EventID ${ev(...s.eventId)}/>${typeCode}</EventIdentification>` +
    participants.join('') +
    `<AuditSourceIdentification AuditEnterpriseSiteID="Hospital" AuditSourceID="${source}"><AuditSourceTypeCode csd-code="4"/></AuditSourceIdentification>` +
    objects.join('') +
    `</AuditMessage>`;
  const ts = noTime ? syslogTime : noZone ? `${eventTime}Z` : eventTime;
  return {
    shape,
    xml,
    syslogTime,
    expected: {
      ts,
      tsMs: noTime ? ms + 1000 : ms - (/\.\d+/.test(ts) ? 0 : ms % 1000),
      tsSource: noTime ? 'syslog' : 'EventDateTime',
      tsAssumedUtc: noZone,
      category: s.category,
      action: s.action,
      crud: s.crud,
      actorId: user,
      target: s.patient ? patientId : s.object ? objects[0]!.match(/ParticipantObjectID="([^"]*)"/)![1]! : null,
      patient: s.patient ? patientId : null,
      outcome: outcomeCode === '0' ? 'success' : 'failure',
      outcomeCode,
      auditSourceId: source,
    },
  };
}

/** The same instant written with a +02:00 offset (whole seconds). */
function shiftZone(ms: number): string {
  const local = new Date(Math.floor(ms / 1000) * 1000 + 2 * 3_600_000).toISOString();
  return `${local.slice(0, 19)}+02:00`;
}

export interface SyslogOptions {
  /** put the UTF-8 BOM before each MSG (RFC 5424 §6.4) */
  bom?: boolean;
  crlf?: boolean;
  /** leave the final line end off */
  noFinalNewline?: boolean;
}

/** The RFC 5424 message for one audit message: <PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID SD MSG (IHE ITI-20: facility 10 authpriv, severity 5 notice → PRI 85). */
export function syslogMessage(m: AtnaGenerated, opts: SyslogOptions = {}): string {
  return `<85>1 ${m.syslogTime} ${m.expected.auditSourceId} ATNA 4711 IHE+RFC-3881 [origin ip="10.0.0.9" software="ris"] ${opts.bom ? '\ufeff' : ''}${m.xml}`;
}

const enc = new TextEncoder();

/** One message a line; each message's expected line. */
export function toSyslogLines(messages: readonly AtnaGenerated[], opts: SyslogOptions = {}): Uint8Array {
  const eol = opts.crlf ? '\r\n' : '\n';
  const text = messages.map((m) => syslogMessage(m, opts)).join(eol) + (opts.noFinalNewline ? '' : eol);
  return enc.encode(text);
}

/** RFC 6587 octet-counted frames, back to back; each frame's byte offset. */
export function toOctetCounted(messages: readonly AtnaGenerated[], opts: SyslogOptions = {}): { bytes: Uint8Array; offsets: number[] } {
  const parts: Uint8Array[] = [];
  const offsets: number[] = [];
  let at = 0;
  for (const m of messages) {
    const body = enc.encode(syslogMessage(m, opts));
    const frame = enc.encode(`${body.length} `);
    offsets.push(at);
    parts.push(frame, body);
    at += frame.length + body.length;
  }
  const bytes = new Uint8Array(at);
  let k = 0;
  for (const p of parts) {
    bytes.set(p, k);
    k += p.length;
  }
  return { bytes, offsets };
}
