// HL7 FHIR AuditEvent (R4 4.0.1 — R4B is the same for this resource — and R5 5.0.0) → the fields an auditor
// filters on. References: hl7.org/fhir/R4/auditevent.html, hl7.org/fhir/R5/auditevent.html, and IHE Basic
// Audit Log Patterns (BALP, profiles.ihe.net/ITI/BALP). The resource is read, never changed.
//
// Version: a resource does not state its FHIR version, so it is told from the members only one version has.
//   R4 only: type (1..1, a Coding), subtype, period, purposeOfEvent, outcomeDesc, outcome as a code string
//   R5 only: code (1..1), category, occurredDateTime, occurredPeriod, authorization, basedOn, patient,
//            encounter, severity, outcome as an object {code, detail}
// A resource with members of both, or with neither `type` (R4) nor `code` (R5), is refused: it is not valid
// in either version, and mapping it by guess could file an event under the wrong category.
//
// Time: ts is `recorded` (1..1 in both versions, a FHIR instant: seconds and a zone always present), the
// moment the audit record was made, which is the order of the log. `period` (R4) / `occurred[x]` (R5) are
// optional, may be a span or a date without time or zone, and are kept as `occurred` for reading only.
//
// Outcome: R4 `outcome` and R5 `outcome.code.code` use the audit-event-outcome codes 0 success, 4 minor
// failure, 8 serious failure, 12 major failure. "0" → success; any other code → failure; an absent outcome
// → success (BALP records successes and says failures carry a failing outcome), with outcomeCode null so
// that a filter can still find the events that state no outcome.
import type { Category, Outcome } from '../types';
import { parseRfc3339 } from '../time';
import { actionOf, categoryOf, DCM } from './audit-category';
import {
  arrAt,
  boolAt,
  codingOf,
  conceptCodes,
  FhirShapeError,
  isObj,
  objAt,
  objsAt,
  referenceText,
  referenceType,
  strAt,
  type Code,
  type Obj,
} from './json-shape';

export type FhirVersion = 'R4' | 'R5';

export interface FhirAuditEventFields {
  fhirVersion: FhirVersion;
  /** AuditEvent.id, when given */
  id: string | null;
  /** AuditEvent.recorded, as written */
  ts: string;
  tsMs: number;
  /** R4 period.start / R5 occurredDateTime or occurredPeriod.start, as written (not validated as a time) */
  occurred: string | null;
  category: Category;
  /** "rest.read", "user-authentication.login", … (see audit-category.ts) */
  action: string;
  /** AuditEvent.action: C, R, U, D or E */
  crud: string | null;
  actorId: string;
  actorType: string;
  /** the entity acted on: "Observation/123"; the patient when that is the only entity named */
  target: string | null;
  /** the patient the event is about: "Patient/123" */
  patient: string | null;
  outcome: Outcome;
  /** the outcome code as written ("0", "4", "8", "12"), or null when the event gives none */
  outcomeCode: string | null;
  /** purpose-of-use codes: R4 purposeOfEvent + agent[].purposeOfUse; R5 authorization + agent[].authorization */
  purposeOfUse: string[];
  sourceObserver: string | null;
  networkAddress: string | null;
  /** the BALP profile named in meta.profile: "PatientRead", "Query", … */
  balpProfile: string | null;
  /** the resource as it was read */
  resource: Readonly<Obj>;
}

export interface AuditEventProblem {
  /** the member at fault, as a path in the resource ("recorded", "agent[0].who"), or null for the whole */
  member: string | null;
  message: string;
}

export type AuditEventResult = { ok: true; fields: FhirAuditEventFields } | { ok: false; problem: AuditEventProblem };

const R4_ONLY = ['type', 'subtype', 'period', 'purposeOfEvent', 'outcomeDesc'] as const;
const R5_ONLY = ['code', 'category', 'occurredDateTime', 'occurredPeriod', 'authorization', 'basedOn', 'patient', 'encounter', 'severity'] as const;

/** AuditEvent.action codes (required binding in R4 and R5): create, read, update, delete, execute */
const CRUD = ['C', 'R', 'U', 'D', 'E'];
const BALP_PREFIX = 'https://profiles.ihe.net/ITI/BALP/StructureDefinition/IHE.BasicAudit.';
const OBJECT_ROLE = 'http://terminology.hl7.org/CodeSystem/object-role';
const SOURCE_ROLE_ID = '110153'; // DICOM: the agent that started the exchange (the client)

/** FHIR instant: RFC 3339 with seconds, upper-case T and Z, a zone always (hl7.org/fhir/datatypes.html#instant). */
const FHIR_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

/** "a" or "an", for a resource type named in a message. */
export const article = (word: string): string => (/^[AEIOU]/i.test(word) ? 'an' : 'a');

/** R4 or R5, or a problem naming the members that decide (see the header). */
export function fhirVersionOf(r: Obj): { version: FhirVersion } | { problem: AuditEventProblem } {
  const r4 = R4_ONLY.filter((k) => r[k] !== undefined) as string[];
  const r5 = R5_ONLY.filter((k) => r[k] !== undefined) as string[];
  if (typeof r['outcome'] === 'string') r4.push('outcome');
  else if (isObj(r['outcome'])) r5.push('outcome');
  if (r4.length > 0 && r5.length > 0) {
    return {
      problem: {
        member: r5[0]!,
        message: `mixes FHIR versions: it has the R4 member ${r4.map((k) => `"${k}"`).join(', ')} and the R5 member ${r5.map((k) => `"${k}"`).join(', ')}`,
      },
    };
  }
  if (r['type'] !== undefined) return { version: 'R4' };
  if (r['code'] !== undefined) return { version: 'R5' };
  return {
    problem: { member: 'type', message: 'has neither "type" (required in R4) nor "code" (required in R5), so it is no AuditEvent of either version' },
  };
}

/** Map one parsed resource; a problem names the member at fault. */
export function mapAuditEvent(resource: unknown): AuditEventResult {
  if (!isObj(resource)) return { ok: false, problem: { member: null, message: 'is not a JSON object' } };
  const rt = resource['resourceType'];
  if (rt !== 'AuditEvent') {
    const what = typeof rt === 'string' ? `${article(rt)} ${rt} resource` : 'not a FHIR resource (no resourceType)';
    return { ok: false, problem: { member: 'resourceType', message: `is ${what}, not an AuditEvent` } };
  }
  const v = fhirVersionOf(resource);
  if ('problem' in v) return { ok: false, problem: v.problem };
  try {
    return { ok: true, fields: mapChecked(resource, v.version) };
  } catch (e) {
    if (e instanceof FhirShapeError) return { ok: false, problem: { member: e.member, message: e.message } };
    throw e;
  }
}

function mapChecked(r: Obj, version: FhirVersion): FhirAuditEventFields {
  const ts = strAt(r, 'recorded', 'recorded');
  if (ts === null) throw new FhirShapeError('recorded', 'has no "recorded" time (required in R4 and R5)');
  const tsMs = FHIR_INSTANT.test(ts) ? parseRfc3339(ts) : null;
  if (tsMs === null)
    throw new FhirShapeError(
      'recorded',
      `has the recorded time "${ts}", which is not a FHIR instant (RFC 3339 date and time with seconds and a zone)`,
    );

  const { kinds, details } = version === 'R4' ? r4Codes(r) : r5Codes(r);
  const agents = objsAt(r, 'agent', 'agent');
  if (agents.length === 0) throw new FhirShapeError('agent', 'has no "agent" (at least one is required in R4 and R5)');
  const actor = actorAgent(agents);
  const patient = patientOf(r, version);
  const balpProfile = balpProfileOf(r);
  const crud = strAt(r, 'action', 'action');
  if (crud !== null && !CRUD.includes(crud)) throw new FhirShapeError('action', `has the action "${crud}", which is none of C, R, U, D, E`);
  const { outcome, outcomeCode } = outcomeOf(r, version);
  const source = objAt(r, 'source', 'source');
  const observer = source === null ? null : objAt(source, 'observer', 'source.observer');

  return {
    fhirVersion: version,
    id: strAt(r, 'id', 'id'),
    ts,
    tsMs,
    occurred: occurredOf(r, version),
    category: categoryOf({ kinds, details, balpProfile, hasPatient: patient !== null }),
    action: actionOf(kinds, details, crud),
    crud,
    actorId: actor === null ? 'unknown' : (whoText(actor.agent, actor.index) ?? 'unknown'),
    actorType: actor === null ? 'Unknown' : actorTypeOf(actor.agent, actor.index),
    target: targetOf(r, version) ?? patient,
    patient,
    outcome,
    outcomeCode,
    purposeOfUse: purposesOf(r, agents, version),
    sourceObserver: observer === null ? null : referenceText(observer, 'source.observer'),
    networkAddress: networkOf(agents, actor, version),
    balpProfile,
    resource: r,
  };
}

function r4Codes(r: Obj): { kinds: Code[]; details: Code[] } {
  const type = objAt(r, 'type', 'type');
  const kind = type === null ? null : codingOf(type, 'type');
  if (kind === null) throw new FhirShapeError('type', 'has no "type" code (required in R4)');
  const details = objsAt(r, 'subtype', 'subtype')
    .map((c, i) => codingOf(c, `subtype[${i}]`))
    .filter((c): c is Code => c !== null);
  return { kinds: [kind], details };
}

function r5Codes(r: Obj): { kinds: Code[]; details: Code[] } {
  const kinds = objsAt(r, 'category', 'category').flatMap((cc, i) => conceptCodes(cc, `category[${i}]`));
  const code = objAt(r, 'code', 'code');
  const details = code === null ? [] : conceptCodes(code, 'code');
  if (details.length === 0) throw new FhirShapeError('code', 'has no "code" coding (required in R5)');
  return { kinds, details };
}

function occurredOf(r: Obj, version: FhirVersion): string | null {
  if (version === 'R4') {
    const p = objAt(r, 'period', 'period');
    return p === null ? null : strAt(p, 'start', 'period.start');
  }
  const dt = strAt(r, 'occurredDateTime', 'occurredDateTime');
  if (dt !== null) return dt;
  const p = objAt(r, 'occurredPeriod', 'occurredPeriod');
  return p === null ? null : strAt(p, 'start', 'occurredPeriod.start');
}

function outcomeOf(r: Obj, version: FhirVersion): { outcome: Outcome; outcomeCode: string | null } {
  let code: string | null;
  if (version === 'R4') {
    code = strAt(r, 'outcome', 'outcome');
  } else {
    const o = objAt(r, 'outcome', 'outcome');
    const c = o === null ? null : objAt(o, 'code', 'outcome.code');
    if (o !== null && c === null) throw new FhirShapeError('outcome.code', 'has an "outcome" without its "code" (required in R5)');
    code = c === null ? null : strAt(c, 'code', 'outcome.code.code');
  }
  return { outcome: code === null || code === '0' ? 'success' : 'failure', outcomeCode: code };
}

/** The agent who asked for the event: the one marked requestor, else the DICOM Source Role ID (the client). */
function actorAgent(agents: Obj[]): { agent: Obj; index: number } | null {
  let source: { agent: Obj; index: number } | null = null;
  for (const [index, agent] of agents.entries()) {
    if (boolAt(agent, 'requestor', `agent[${index}].requestor`) === true) return { agent, index };
    const type = objAt(agent, 'type', `agent[${index}].type`);
    if (source === null && type !== null && conceptCodes(type, `agent[${index}].type`).some((c) => c.system === DCM && c.code === SOURCE_ROLE_ID)) {
      source = { agent, index };
    }
  }
  return source;
}

function whoText(agent: Obj, index: number): string | null {
  const who = objAt(agent, 'who', `agent[${index}].who`);
  return (who === null ? null : referenceText(who, `agent[${index}].who`)) ?? strAt(agent, 'name', `agent[${index}].name`);
}

/** The kind of actor: the resource type its reference names (Practitioner, Device, Patient…), else agent.type's code. */
function actorTypeOf(agent: Obj, index: number): string {
  const who = objAt(agent, 'who', `agent[${index}].who`);
  const refType = who === null ? null : referenceType(who, `agent[${index}].who`);
  if (refType !== null) return refType;
  const type = objAt(agent, 'type', `agent[${index}].type`);
  return (type === null ? undefined : conceptCodes(type, `agent[${index}].type`)[0]?.code) ?? 'Unknown';
}

/** Entities with their index, `what` and whether they are the patient (role object-role 1, or what is a Patient). */
function entitiesOf(r: Obj, version: FhirVersion): { what: string | null; isPatient: boolean }[] {
  return objsAt(r, 'entity', 'entity').map((e, i) => {
    const p = `entity[${i}]`;
    const whatRef = objAt(e, 'what', `${p}.what`);
    const what = whatRef === null ? null : referenceText(whatRef, `${p}.what`);
    const role = objAt(e, 'role', `${p}.role`);
    // the role is a Coding in R4 and a CodeableConcept in R5
    const roles = role === null ? [] : version === 'R4' ? [codingOf(role, `${p}.role`)] : conceptCodes(role, `${p}.role`);
    const patientRole = roles.some((c) => c !== null && c.system === OBJECT_ROLE && c.code === '1');
    const patientType = whatRef !== null && referenceType(whatRef, `${p}.what`) === 'Patient';
    return { what, isPatient: patientRole || patientType };
  });
}

function patientOf(r: Obj, version: FhirVersion): string | null {
  if (version === 'R5') {
    const p = objAt(r, 'patient', 'patient');
    const text = p === null ? null : referenceText(p, 'patient');
    if (text !== null) return text;
  }
  return entitiesOf(r, version).find((e) => e.isPatient && e.what !== null)?.what ?? null;
}

/** The first entity that is not the patient and names something. */
function targetOf(r: Obj, version: FhirVersion): string | null {
  return entitiesOf(r, version).find((e) => !e.isPatient && e.what !== null)?.what ?? null;
}

function purposesOf(r: Obj, agents: Obj[], version: FhirVersion): string[] {
  const [top, perAgent] = version === 'R4' ? ['purposeOfEvent', 'purposeOfUse'] : ['authorization', 'authorization'];
  const concepts = objsAt(r, top, top).map((cc, i) => conceptCodes(cc, `${top}[${i}]`));
  agents.forEach((a, i) =>
    concepts.push(...objsAt(a, perAgent, `agent[${i}].${perAgent}`).map((cc, j) => conceptCodes(cc, `agent[${i}].${perAgent}[${j}]`))),
  );
  return [...new Set(concepts.flat().map((c) => c.code))];
}

/** The network address of the actor, else of the first agent that has one. */
function networkOf(agents: Obj[], actor: { agent: Obj; index: number } | null, version: FhirVersion): string | null {
  const addressOf = (a: Obj, i: number): string | null => {
    if (version === 'R4') {
      const n = objAt(a, 'network', `agent[${i}].network`);
      return n === null ? null : strAt(n, 'address', `agent[${i}].network.address`);
    }
    const ref = objAt(a, 'networkReference', `agent[${i}].networkReference`);
    return (
      strAt(a, 'networkString', `agent[${i}].networkString`) ??
      strAt(a, 'networkUri', `agent[${i}].networkUri`) ??
      (ref === null ? null : referenceText(ref, `agent[${i}].networkReference`))
    );
  };
  if (actor !== null) {
    const own = addressOf(actor.agent, actor.index);
    if (own !== null) return own;
  }
  for (const [i, a] of agents.entries()) {
    const x = addressOf(a, i);
    if (x !== null) return x;
  }
  return null;
}

function balpProfileOf(r: Obj): string | null {
  const meta = objAt(r, 'meta', 'meta');
  if (meta === null) return null;
  for (const [i, p] of arrAt(meta, 'profile', 'meta.profile').entries()) {
    if (typeof p !== 'string') throw new FhirShapeError(`meta.profile[${i}]`, `has meta.profile[${i}] that is not a string`);
    // a canonical may carry its version after "|"
    if (p.startsWith(BALP_PREFIX)) return p.slice(BALP_PREFIX.length).split('|')[0]!;
  }
  return null;
}
