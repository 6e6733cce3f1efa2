// AuditEvent resources of the IHE BALP shapes (profiles.ihe.net/ITI/BALP: Read, Create, Update, Delete,
// Query, each with or without a patient) and a DICOM user-authentication login/logout, in FHIR R4 and R5, built
// from the specifications (hl7.org/fhir/R4/auditevent.html, hl7.org/fhir/R5/auditevent.html) with random
// agents, purposes, outcomes and times. Each comes with what the generator put in, as the fields Tickmark
// should read back — written here from the generator's own choices, never by calling the mapper.

export type FhirVersion = 'R4' | 'R5';
export type Shape = 'read' | 'create' | 'update' | 'delete' | 'query' | 'login';
export const SHAPES: readonly Shape[] = ['read', 'create', 'update', 'delete', 'query', 'login'];

type Json = Record<string, unknown>;

export interface Expected {
  fhirVersion: FhirVersion;
  ts: string;
  tsMs: number;
  category: string;
  action: string;
  crud: string;
  actorId: string;
  actorType: string;
  target: string | null;
  patient: string | null;
  outcome: 'success' | 'failure';
  outcomeCode: string | null;
  purposeOfUse: string[];
  sourceObserver: string;
  networkAddress: string | null;
  balpProfile: string | null;
}

export interface Generated {
  resource: Json;
  expected: Expected;
}

const DCM = 'http://dicom.nema.org/resources/ontology/DCM';
const REST_TYPE = { system: 'http://terminology.hl7.org/CodeSystem/audit-event-type', code: 'rest', display: 'Restful Operation' };
const INTERACTION = 'http://hl7.org/fhir/restful-interaction';
const ENTITY_TYPE = 'http://terminology.hl7.org/CodeSystem/audit-entity-type';
const OBJECT_ROLE = 'http://terminology.hl7.org/CodeSystem/object-role';
const OUTCOME_SYSTEM = 'http://terminology.hl7.org/CodeSystem/audit-event-outcome';
const ACT_REASON = 'http://terminology.hl7.org/CodeSystem/v3-ActReason';
const PARTICIPATION = 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType';
const BALP = 'https://profiles.ihe.net/ITI/BALP/StructureDefinition/IHE.BasicAudit.';

/** A small seeded generator (mulberry32), so that a failing case can be replayed from its seed. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(rand: () => number, xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const id = (rand: () => number): string => Math.floor(rand() * 36 ** 6).toString(36);
const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** A recorded time: a random instant written with a random zone offset and precision; and its epoch ms. */
function instant(rand: () => number): { text: string; ms: number } {
  const ms = Date.UTC(2026, 0, 1) + Math.floor(rand() * 300 * 86_400_000);
  const offsetMin = pick(rand, [0, 0, 60, -300, 330, 840, -720]);
  const local = new Date(ms + offsetMin * 60_000);
  const frac = pick(rand, ['none', 'ms', 'us']);
  const base = `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}`;
  const fraction = frac === 'none' ? '' : frac === 'ms' ? `.${pad(local.getUTCMilliseconds(), 3)}` : `.${pad(local.getUTCMilliseconds(), 3)}417`;
  const zone = offsetMin === 0 ? 'Z' : `${offsetMin < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(offsetMin) / 60))}:${pad(Math.abs(offsetMin) % 60)}`;
  return { text: `${base}${fraction}${zone}`, ms: frac === 'none' ? ms - (ms % 1000) : ms };
}

const REST: Record<Exclude<Shape, 'login'>, { interaction: string; crud: string; profile: string }> = {
  read: { interaction: 'read', crud: 'R', profile: 'Read' },
  create: { interaction: 'create', crud: 'C', profile: 'Create' },
  update: { interaction: 'update', crud: 'U', profile: 'Update' },
  delete: { interaction: 'delete', crud: 'D', profile: 'Delete' },
  query: { interaction: 'search-type', crud: 'E', profile: 'Query' },
};

/** One AuditEvent of `shape` in `version`. `withPatient` (REST shapes) makes it a BALP Patient* event. */
export function generateAuditEvent(rand: () => number, version: FhirVersion, shape: Shape, withPatient = rand() < 0.7): Generated {
  const r4 = version === 'R4';
  const cc = (coding: Json): Json => ({ coding: [coding] });
  const coding = (c: Json): Json => (r4 ? c : cc(c)); // R4 Coding where R5 has a CodeableConcept
  const recorded = instant(rand);

  // the user who asked: a literal reference, or a logical identifier only
  const userKind = pick(rand, ['Practitioner', 'Patient', 'RelatedPerson', 'identifier'] as const);
  const userId = `u-${id(rand)}`;
  const userTypeCode = shape === 'login' ? 'humanuser' : pick(rand, ['IRCP', 'AUT', 'INF']);
  const userType =
    shape === 'login'
      ? { system: 'http://terminology.hl7.org/CodeSystem/extra-security-role-type', code: 'humanuser' }
      : { system: PARTICIPATION, code: userTypeCode };
  const who = userKind === 'identifier' ? { identifier: { system: 'urn:example:users', value: userId } } : { reference: `${userKind}/${userId}` };
  const actorId = userKind === 'identifier' ? userId : `${userKind}/${userId}`;
  const actorType = userKind === 'identifier' ? userTypeCode : userKind;

  const purposes = ['TREAT', 'HPAYMT', 'HOPERAT', 'ETREAT', 'PUBHLTH', 'HRESCH', 'PATRQT'];
  const eventPurposes = purposes.filter(() => rand() < 0.3);
  const userPurposes = purposes.filter((p) => !eventPurposes.includes(p) && rand() < 0.3);

  const clientAddress = pick(rand, ['192.0.2.17', '2001:db8::7334', 'workstation-12.example.org']);
  const userAddress = rand() < 0.4 ? `198.51.100.${Math.floor(rand() * 250) + 1}` : null;
  const network = (address: string, type: string): Json => (r4 ? { network: { address, type } } : { networkString: address });
  const observer = `Device/fhir-${id(rand)}`;

  const client: Json = {
    type: cc({ system: DCM, code: '110153', display: 'Source Role ID' }),
    who: { identifier: { value: 'client.example.org' } },
    requestor: false,
    ...network(clientAddress, '1'),
  };
  const server: Json = {
    type: cc({ system: DCM, code: '110152', display: 'Destination Role ID' }),
    who: { reference: observer },
    requestor: false,
    ...(r4 ? { network: { address: 'https://fhir.example.org/r4', type: '5' } } : { networkUri: 'https://fhir.example.org/r5' }),
  };
  const user: Json = { type: cc(userType), who, requestor: true, ...(userAddress === null ? {} : network(userAddress, '2')) };
  if (userPurposes.length > 0) user[r4 ? 'purposeOfUse' : 'authorization'] = userPurposes.map((code) => cc({ system: ACT_REASON, code }));

  const outcomeCode = pick(rand, ['0', '0', '0', '4', '8', '12', null]);
  const resource: Json = { resourceType: 'AuditEvent', id: `ae-${id(rand)}` };

  let expectedKind: { category: string; action: string; crud: string; target: string | null; patient: string | null; profile: string | null };
  let entities: Json[] = [];
  const patientRef = `Patient/p-${id(rand)}`;
  const patientEntity = {
    what: { reference: patientRef },
    ...(r4 ? { type: { system: ENTITY_TYPE, code: '1', display: 'Person' } } : {}),
    role: coding({ system: OBJECT_ROLE, code: '1', display: 'Patient' }),
  };

  if (shape === 'login') {
    const sub = pick(rand, [
      { code: '110122', display: 'Login', name: 'login' },
      { code: '110123', display: 'Logout', name: 'logout' },
    ]);
    if (r4) {
      resource['type'] = { system: DCM, code: '110114', display: 'User Authentication' };
      resource['subtype'] = [{ system: DCM, code: sub.code, display: sub.display }];
    } else {
      resource['category'] = [cc({ system: DCM, code: '110114', display: 'User Authentication' })];
      resource['code'] = cc({ system: DCM, code: sub.code, display: sub.display });
    }
    resource['action'] = 'E';
    expectedKind = { category: 'auth', action: `user-authentication.${sub.name}`, crud: 'E', target: null, patient: null, profile: null };
  } else {
    const rest = REST[shape];
    if (r4) {
      resource['type'] = REST_TYPE;
      resource['subtype'] = [{ system: INTERACTION, code: rest.interaction }];
    } else {
      resource['category'] = [cc(REST_TYPE)];
      resource['code'] = cc({ system: INTERACTION, code: rest.interaction });
    }
    resource['action'] = rest.crud;
    const dataType = pick(rand, ['Observation', 'Condition', 'MedicationRequest', 'DocumentReference']);
    const dataRef = `${dataType}/d-${id(rand)}${shape === 'update' ? '/_history/2' : ''}`;
    let target: string | null;
    if (shape === 'query') {
      const query = btoa(`GET /${dataType}?patient=${patientRef}&_count=10`);
      entities = [
        { ...(r4 ? { type: { system: ENTITY_TYPE, code: '2' } } : {}), role: coding({ system: OBJECT_ROLE, code: '24', display: 'Query' }), query },
      ];
      target = withPatient ? patientRef : null; // a query names no data entity: the patient is the target
    } else {
      entities = [
        {
          what: { reference: dataRef },
          ...(r4 ? { type: { system: ENTITY_TYPE, code: '2' } } : {}),
          role: coding({ system: OBJECT_ROLE, code: '4', display: 'Domain Resource' }),
        },
      ];
      target = dataRef;
    }
    if (withPatient) {
      entities.push(patientEntity);
      if (!r4 && rand() < 0.5) resource['patient'] = { reference: patientRef }; // R5 may also say it at the top
    }
    expectedKind = {
      category: withPatient ? 'phi_access' : 'system',
      action: `rest.${rest.interaction}`,
      crud: rest.crud,
      target,
      patient: withPatient ? patientRef : null,
      profile: withPatient ? `Patient${rest.profile}` : rest.profile,
    };
    resource['meta'] = { profile: [`${BALP}${expectedKind.profile}${rand() < 0.3 ? '|1.1.3' : ''}`] };
  }

  if (r4) {
    if (rand() < 0.5) resource['period'] = { start: recorded.text, end: recorded.text };
  } else if (rand() < 0.5) {
    resource['occurredDateTime'] = recorded.text;
  }
  resource['recorded'] = recorded.text;
  if (outcomeCode !== null) {
    resource['outcome'] = r4
      ? outcomeCode
      : { code: { system: OUTCOME_SYSTEM, code: outcomeCode }, ...(outcomeCode === '0' ? {} : { detail: [{ text: 'denied' }] }) };
  }
  if (eventPurposes.length > 0) resource[r4 ? 'purposeOfEvent' : 'authorization'] = eventPurposes.map((code) => cc({ system: ACT_REASON, code }));
  resource['agent'] = [client, server, user];
  resource['source'] = r4
    ? {
        site: 'fhir.example.org',
        observer: { reference: observer },
        type: [{ system: 'http://terminology.hl7.org/CodeSystem/security-source-type', code: '4' }],
      }
    : { observer: { reference: observer }, type: [cc({ system: 'http://terminology.hl7.org/CodeSystem/security-source-type', code: '4' })] };
  if (entities.length > 0) resource['entity'] = entities;

  return {
    resource,
    expected: {
      fhirVersion: version,
      ts: recorded.text,
      tsMs: recorded.ms,
      category: expectedKind.category,
      action: expectedKind.action,
      crud: expectedKind.crud,
      actorId,
      actorType,
      target: expectedKind.target,
      patient: expectedKind.patient,
      outcome: outcomeCode === null || outcomeCode === '0' ? 'success' : 'failure',
      outcomeCode,
      purposeOfUse: [...eventPurposes, ...userPurposes],
      sourceObserver: observer,
      // the user's own address when it has one, else the client machine's
      networkAddress: userAddress ?? clientAddress,
      balpProfile: expectedKind.profile,
    },
  };
}

/** `n` events of random shapes and versions. */
export function generateAuditEvents(rand: () => number, n: number, versions: readonly FhirVersion[] = ['R4', 'R5']): Generated[] {
  return Array.from({ length: n }, () => generateAuditEvent(rand, pick(rand, versions), pick(rand, SHAPES)));
}
