// A DICOM audit message (DICOM PS3.15 Annex A.5.1, the schema IHE ATNA's ITI-20 sends; RFC 3881's older
// attribute names `code`/`displayName`/`codeSystem` are read too) → the fields an auditor filters on, the
// same fields the FHIR AuditEvent source gives (shared/fhir/audit-event.ts). The message is read, never changed.
//
//   AuditMessage
//     EventIdentification (1)  @EventActionCode C|R|U|D|E, @EventDateTime xs:dateTime, @EventOutcomeIndicator
//                              0|4|8|12; EventID (1), EventTypeCode (0..n), EventOutcomeDescription, PurposeOfUse
//     ActiveParticipant (1..n) @UserID (required), @AlternativeUserID, @UserName, @UserIsRequestor (xs:boolean,
//                              default true), @NetworkAccessPointID; RoleIDCode (0..n)
//     AuditSourceIdentification (1..n) @AuditSourceID (required), @AuditEnterpriseSiteID
//     ParticipantObjectIdentification (0..n) @ParticipantObjectID (required), @ParticipantObjectTypeCode,
//                              @ParticipantObjectTypeCodeRole; ParticipantObjectIDTypeCode
//
// Time: EventDateTime, else (when the message has none) the syslog TIMESTAMP. xs:dateTime may omit the
// zone: such a time is read as UTC, stored with "Z", and marked (tsAssumedUtc) so that the reader counts it
// in a warning. A time that is present but not a valid date-time refuses the message; none at all refuses it.
// Actor: the first participant marked UserIsRequestor true, else the first that leaves it to the schema's
// default (true); its UserID. Outcome: 0 success; 4, 8, 12 (minor, serious, major failure) failure; the
// indicator is required, and any other value refuses the message. Target: the patient's
// ParticipantObjectID (role 1 Patient, or ID type RFC-3881 2 Patient Number) when there is one, else the
// first participant object's.
import type { Category, Outcome } from '../types';
import { parseRfc3339 } from '../time';
import { atnaActionOf, atnaCategoryOf, CRUD_WORDS, DCM_EVENT_NAMES, isDcmCode, type AtnaCode } from './category';
import type { XmlElement } from './xml';

export interface AtnaAuditFields {
  /** the time used, as stored: EventDateTime (with "Z" added when it had no zone), else the syslog TIMESTAMP */
  ts: string;
  tsMs: number;
  tsSource: 'EventDateTime' | 'syslog';
  /** EventDateTime had no zone and was read as UTC */
  tsAssumedUtc: boolean;
  eventId: AtnaCode;
  eventTypes: AtnaCode[];
  /** EventActionCode: C, R, U, D or E, or null when not given */
  crud: string | null;
  category: Category;
  /** "patient-record.read", "user-authentication.login", … (see category.ts) */
  action: string;
  actorId: string;
  /** the actor's first RoleIDCode (DICOM codes by name: "source-role-id"…), else "participant"; "Unknown" with no actor */
  actorType: string;
  actorName: string | null;
  networkAddress: string | null;
  /** the patient's ParticipantObjectID when there is one, else the first participant object's */
  target: string | null;
  patient: string | null;
  outcome: Outcome;
  /** EventOutcomeIndicator as written: "0", "4", "8" or "12" */
  outcomeCode: string;
  outcomeDescription: string | null;
  purposeOfUse: string[];
  auditSourceId: string;
  auditEnterpriseSiteId: string | null;
}

export interface AtnaMessageProblem {
  /** where in the message: "EventIdentification/@EventDateTime", "ActiveParticipant[2]/@UserID", or null */
  element: string | null;
  message: string;
}

export type AtnaMapResult = { ok: true; fields: AtnaAuditFields } | { ok: false; problem: AtnaMessageProblem };

class ShapeError extends Error {
  constructor(
    readonly element: string | null,
    message: string,
  ) {
    super(message);
  }
}

const OUTCOMES: Readonly<Record<string, Outcome>> = { '0': 'success', '4': 'failure', '8': 'failure', '12': 'failure' };
/** xs:dateTime (XML Schema 1.0 §3.2.7), four-digit years; the zone is optional */
const XS_DATE_TIME = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;
const ROLE_NAMES: Readonly<Record<string, string>> = {
  '110150': 'application',
  '110151': 'application-launcher',
  '110152': 'destination-role-id',
  '110153': 'source-role-id',
  '110154': 'destination-media',
  '110155': 'source-media',
};

const childrenOf = (el: XmlElement, name: string): XmlElement[] => el.children.filter((c) => c.name === name);
/** An attribute's value, whitespace trimmed (xs:token), or null when absent or empty. */
const attr = (el: XmlElement, name: string): string | null => {
  const v = el.attrs.get(name)?.trim();
  return v === undefined || v === '' ? null : v;
};

/** A CodedValueType element: DICOM's csd-code/originalText, or RFC 3881's code/displayName/codeSystem. */
function codeOf(el: XmlElement, path: string): AtnaCode {
  const code = attr(el, 'csd-code') ?? attr(el, 'code');
  if (code === null) throw new ShapeError(path, `has a ${el.name} without its code (csd-code)`);
  return {
    code,
    system: attr(el, 'codeSystemName') ?? attr(el, 'codeSystem'),
    display: attr(el, 'originalText') ?? attr(el, 'displayName'),
  };
}

function one(parent: XmlElement, name: string, path: string): XmlElement {
  const found = childrenOf(parent, name);
  if (found.length !== 1)
    throw new ShapeError(
      path,
      found.length === 0 ? `has no ${name} (exactly one is required)` : `has ${found.length} ${name} elements; exactly one is allowed`,
    );
  return found[0]!;
}

/** Map one parsed message; `syslogTime` is the syslog TIMESTAMP, used when the message has no EventDateTime. */
export function mapAuditMessage(root: XmlElement, syslogTime: { ts: string; ms: number } | null): AtnaMapResult {
  if (root.name !== 'AuditMessage')
    return { ok: false, problem: { element: root.name, message: `is a <${root.name}> document, not a DICOM <AuditMessage>` } };
  try {
    return { ok: true, fields: mapChecked(root, syslogTime) };
  } catch (e) {
    if (e instanceof ShapeError) return { ok: false, problem: { element: e.element, message: e.message } };
    throw e;
  }
}

function mapChecked(root: XmlElement, syslogTime: { ts: string; ms: number } | null): AtnaAuditFields {
  const ev = one(root, 'EventIdentification', 'EventIdentification');
  const eventId = codeOf(one(ev, 'EventID', 'EventIdentification/EventID'), 'EventIdentification/EventID');
  const eventTypes = childrenOf(ev, 'EventTypeCode').map((c, i) => codeOf(c, `EventIdentification/EventTypeCode[${i + 1}]`));
  const crud = attr(ev, 'EventActionCode');
  if (crud !== null && CRUD_WORDS[crud] === undefined)
    throw new ShapeError('EventIdentification/@EventActionCode', `has the EventActionCode ${JSON.stringify(crud)}, which is none of C, R, U, D, E`);
  const outcomeCode = attr(ev, 'EventOutcomeIndicator');
  if (outcomeCode === null)
    throw new ShapeError('EventIdentification/@EventOutcomeIndicator', 'has no EventOutcomeIndicator (required: 0, 4, 8 or 12)');
  const outcome = Object.hasOwn(OUTCOMES, outcomeCode) ? OUTCOMES[outcomeCode] : undefined;
  if (outcome === undefined)
    throw new ShapeError(
      'EventIdentification/@EventOutcomeIndicator',
      `has the EventOutcomeIndicator ${JSON.stringify(outcomeCode)}, which is none of 0 (success), 4, 8, 12 (minor, serious, major failure)`,
    );
  const time = timeOf(attr(ev, 'EventDateTime'), syslogTime);

  const participants = childrenOf(root, 'ActiveParticipant');
  if (participants.length === 0) throw new ShapeError('ActiveParticipant', 'has no ActiveParticipant (at least one is required)');
  participants.forEach((p, i) => {
    if (attr(p, 'UserID') === null)
      throw new ShapeError(`ActiveParticipant[${i + 1}]/@UserID`, `has ActiveParticipant ${i + 1} without a UserID (required)`);
    const req = attr(p, 'UserIsRequestor');
    if (req !== null && !['true', 'false', '1', '0'].includes(req))
      throw new ShapeError(
        `ActiveParticipant[${i + 1}]/@UserIsRequestor`,
        `has ActiveParticipant ${i + 1} with UserIsRequestor ${JSON.stringify(req)}, which is not an xs:boolean`,
      );
  });
  const isTrue = (p: XmlElement): boolean => ['true', '1'].includes(attr(p, 'UserIsRequestor') ?? '');
  const actor = participants.find(isTrue) ?? participants.find((p) => attr(p, 'UserIsRequestor') === null) ?? null;
  const actorRoles = actor === null ? [] : childrenOf(actor, 'RoleIDCode').map((c) => codeOf(c, 'ActiveParticipant/RoleIDCode'));

  const sources = childrenOf(root, 'AuditSourceIdentification');
  if (sources.length === 0) throw new ShapeError('AuditSourceIdentification', 'has no AuditSourceIdentification (at least one is required)');
  const auditSourceId = attr(sources[0]!, 'AuditSourceID');
  if (auditSourceId === null)
    throw new ShapeError('AuditSourceIdentification/@AuditSourceID', 'has an AuditSourceIdentification without its AuditSourceID (required)');

  const objects = childrenOf(root, 'ParticipantObjectIdentification').map((o, i) => {
    const path = `ParticipantObjectIdentification[${i + 1}]`;
    const id = attr(o, 'ParticipantObjectID');
    if (id === null) throw new ShapeError(`${path}/@ParticipantObjectID`, `has participant object ${i + 1} without a ParticipantObjectID (required)`);
    const idTypes = childrenOf(o, 'ParticipantObjectIDTypeCode').map((c) => codeOf(c, `${path}/ParticipantObjectIDTypeCode`));
    const isPatient = attr(o, 'ParticipantObjectTypeCodeRole') === '1' || idTypes.some((c) => c.system === 'RFC-3881' && c.code === '2');
    return { id, isPatient };
  });
  const patient = objects.find((o) => o.isPatient)?.id ?? null;

  return {
    ...time,
    eventId,
    eventTypes,
    crud,
    category: atnaCategoryOf({ eventId, eventTypes, hasPatient: patient !== null }),
    action: atnaActionOf(eventId, eventTypes, crud),
    actorId: actor === null ? 'unknown' : attr(actor, 'UserID')!,
    actorType: actor === null ? 'Unknown' : roleName(actorRoles[0]),
    actorName: actor === null ? null : attr(actor, 'UserName'),
    networkAddress:
      (actor === null ? null : attr(actor, 'NetworkAccessPointID')) ??
      participants.map((p) => attr(p, 'NetworkAccessPointID')).find((x) => x !== null) ??
      null,
    target: patient ?? objects[0]?.id ?? null,
    patient,
    outcome,
    outcomeCode,
    outcomeDescription: childrenOf(ev, 'EventOutcomeDescription')[0]?.text.trim() || null,
    purposeOfUse: [...new Set(childrenOf(ev, 'PurposeOfUse').map((c, i) => codeOf(c, `EventIdentification/PurposeOfUse[${i + 1}]`).code))],
    auditSourceId,
    auditEnterpriseSiteId: attr(sources[0]!, 'AuditEnterpriseSiteID'),
  };
}

function roleName(role: AtnaCode | undefined): string {
  if (role === undefined) return 'participant';
  if (isDcmCode(role)) return ROLE_NAMES[role.code] ?? DCM_EVENT_NAMES[role.code] ?? role.code;
  return role.display ?? role.code;
}

function timeOf(
  eventDateTime: string | null,
  syslogTime: { ts: string; ms: number } | null,
): Pick<AtnaAuditFields, 'ts' | 'tsMs' | 'tsSource' | 'tsAssumedUtc'> {
  if (eventDateTime === null) {
    if (syslogTime === null)
      throw new ShapeError(
        'EventIdentification/@EventDateTime',
        'has no EventDateTime, and its syslog header has no TIMESTAMP ("-"): the event has no time',
      );
    return { ts: syslogTime.ts, tsMs: syslogTime.ms, tsSource: 'syslog', tsAssumedUtc: false };
  }
  const m = XS_DATE_TIME.exec(eventDateTime);
  // parseRfc3339 checks the calendar and reads up to 9 fraction digits; xs:dateTime allows more, which are dropped
  const ts = m === null ? null : `${m[1]}${(m[2] ?? '').slice(0, 10)}${m[3] ?? 'Z'}`;
  const ms = ts === null ? null : parseRfc3339(ts);
  if (m === null || ts === null || ms === null)
    throw new ShapeError(
      'EventIdentification/@EventDateTime',
      `has the EventDateTime ${JSON.stringify(eventDateTime)}, which is not an xs:dateTime (date, "T", time with seconds, an optional zone)`,
    );
  return { ts, tsMs: ms, tsSource: 'EventDateTime', tsAssumedUtc: m[3] === undefined };
}
