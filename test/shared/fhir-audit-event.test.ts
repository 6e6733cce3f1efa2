import { describe, expect, it } from 'vitest';
import { fhirVersionOf, mapAuditEvent, type FhirAuditEventFields } from '../../shared/fhir/audit-event';
import { readAuditEventBundle, readAuditEventNdjson } from '../../shared/fhir/audit-event-readers';
import { generateAuditEvent, generateAuditEvents, seeded, SHAPES, type Expected, type FhirVersion } from '../helpers/fhir-audit-events';

function expectFields(got: FhirAuditEventFields, want: Expected): void {
  expect({
    fhirVersion: got.fhirVersion,
    ts: got.ts,
    tsMs: got.tsMs,
    category: got.category,
    action: got.action,
    crud: got.crud,
    actorId: got.actorId,
    actorType: got.actorType,
    target: got.target,
    patient: got.patient,
    outcome: got.outcome,
    outcomeCode: got.outcomeCode,
    purposeOfUse: [...got.purposeOfUse].sort(),
    sourceObserver: got.sourceObserver,
    networkAddress: got.networkAddress,
    balpProfile: got.balpProfile,
  }).toEqual({ ...want, purposeOfUse: [...want.purposeOfUse].sort() });
}

const ndjson = (resources: unknown[]): string => resources.map((r) => JSON.stringify(r)).join('\n') + '\n';
const bundle = (resources: unknown[], type = 'searchset'): string =>
  JSON.stringify({ resourceType: 'Bundle', type, entry: resources.map((resource) => ({ fullUrl: 'urn:uuid:x', resource })) }, null, 2);

describe('one AuditEvent mapped', () => {
  for (const version of ['R4', 'R5'] as const) {
    for (const shape of SHAPES) {
      for (const withPatient of [true, false]) {
        if (shape === 'login' && withPatient) continue;
        it(`${version} ${shape}${withPatient ? ' with patient' : ''}: every field is what the generator put in`, () => {
          const rand = seeded(SHAPES.indexOf(shape) * 10 + (withPatient ? 1 : 0) + (version === 'R5' ? 100 : 0));
          for (let i = 0; i < 40; i++) {
            const g = generateAuditEvent(rand, version, shape, withPatient);
            const before = JSON.stringify(g.resource);
            const m = mapAuditEvent(g.resource);
            if (!m.ok) throw new Error(`${m.problem.member}: ${m.problem.message}\n${before}`);
            expectFields(m.fields, g.expected);
            expect(JSON.stringify(g.resource)).toBe(before); // the resource is read, never changed
            expect(m.fields.resource).toBe(g.resource);
          }
        });
      }
    }
  }

  it('a patient-bound REST event is phi_access, a login is auth, a read of non-patient data is system', () => {
    const rand = seeded(7);
    expect((mapAuditEvent(generateAuditEvent(rand, 'R4', 'read', true).resource) as { fields: FhirAuditEventFields }).fields.category).toBe(
      'phi_access',
    );
    expect((mapAuditEvent(generateAuditEvent(rand, 'R5', 'login').resource) as { fields: FhirAuditEventFields }).fields.category).toBe('auth');
    expect((mapAuditEvent(generateAuditEvent(rand, 'R5', 'read', false).resource) as { fields: FhirAuditEventFields }).fields.category).toBe(
      'system',
    );
  });

  it('maps security administration and configuration codes to admin and config_change', () => {
    const base = {
      resourceType: 'AuditEvent',
      recorded: '2026-03-01T10:00:00Z',
      agent: [{ who: { reference: 'Practitioner/a' }, requestor: true }],
      source: { observer: { display: 'x' } },
    };
    const dcm = (code: string) => ({ system: 'http://dicom.nema.org/resources/ontology/DCM', code });
    const r4 = (sub: string) => mapAuditEvent({ ...base, type: dcm('110113'), subtype: [dcm(sub)] });
    expect(r4('110136')).toMatchObject({ ok: true, fields: { category: 'admin', action: 'security-alert.security-roles-changed' } });
    expect(r4('110129')).toMatchObject({ ok: true, fields: { category: 'config_change', action: 'security-alert.security-configuration' } });
    expect(mapAuditEvent({ ...base, code: { coding: [dcm('110101')] } })).toMatchObject({
      ok: true,
      fields: { fhirVersion: 'R5', category: 'admin', action: 'audit-log-used' },
    });
    const disclosure = mapAuditEvent({
      ...base,
      meta: { profile: ['https://profiles.ihe.net/ITI/BALP/StructureDefinition/IHE.BasicAudit.PrivacyDisclosure.Source'] },
      type: dcm('110106'),
    });
    expect(disclosure).toMatchObject({ ok: true, fields: { category: 'third_party', balpProfile: 'PrivacyDisclosure.Source' } });
  });

  it('without a requestor the client (DICOM Source Role ID) is the actor; without either, "unknown"', () => {
    const g = generateAuditEvent(seeded(3), 'R4', 'read', true);
    const agents = (g.resource['agent'] as Record<string, unknown>[]).map((a) => ({ ...a, requestor: false }));
    const m = mapAuditEvent({ ...g.resource, agent: agents });
    expect(m).toMatchObject({ ok: true, fields: { actorId: 'client.example.org', actorType: '110153' } });
    const none = mapAuditEvent({ ...g.resource, agent: [agents[1]] });
    expect(none).toMatchObject({ ok: true, fields: { actorId: 'unknown', actorType: 'Unknown' } });
  });

  it('tells the version from the members only one version has, and refuses a mix or neither', () => {
    expect(fhirVersionOf({ type: {}, outcome: '0' })).toEqual({ version: 'R4' });
    expect(fhirVersionOf({ code: {}, outcome: { code: {} } })).toEqual({ version: 'R5' });
    expect(fhirVersionOf({ type: {}, occurredDateTime: 'x' })).toMatchObject({
      problem: { member: 'occurredDateTime', message: expect.stringMatching(/R4 member "type".*R5 member "occurredDateTime"/) },
    });
    expect(fhirVersionOf({ code: {}, outcome: '4' })).toMatchObject({ problem: { message: expect.stringMatching(/mixes FHIR versions/) } });
    expect(fhirVersionOf({ recorded: 'x' })).toMatchObject({
      problem: { member: 'type', message: expect.stringMatching(/neither "type".*nor "code"/) },
    });
  });

  it('refuses a recorded time that is not a FHIR instant, naming the member', () => {
    const g = generateAuditEvent(seeded(5), 'R5', 'create');
    for (const bad of ['2026-03-01', '2026-03-01T10:00Z', '2026-03-01T10:00:00', '2026-02-30T10:00:00Z', '2026-03-01t10:00:00z', 1700000000]) {
      expect(mapAuditEvent({ ...g.resource, recorded: bad })).toMatchObject({ ok: false, problem: { member: 'recorded' } });
    }
    const { recorded: _r, ...noRecorded } = g.resource;
    expect(mapAuditEvent(noRecorded)).toMatchObject({ ok: false, problem: { member: 'recorded', message: expect.stringMatching(/no "recorded"/) } });
  });

  it('refuses a member of the wrong JSON type with its path', () => {
    const g = generateAuditEvent(seeded(6), 'R4', 'read', true);
    const agents = g.resource['agent'] as Record<string, unknown>[];
    expect(mapAuditEvent({ ...g.resource, agent: [agents[0], { ...agents[2], who: 'Practitioner/1' }] })).toMatchObject({
      ok: false,
      problem: { member: 'agent[1].who' },
    });
    expect(mapAuditEvent({ ...g.resource, entity: { what: {} } })).toMatchObject({ ok: false, problem: { member: 'entity' } });
    expect(mapAuditEvent({ ...g.resource, agent: [] })).toMatchObject({ ok: false, problem: { member: 'agent' } });
    expect(mapAuditEvent({ ...g.resource, action: 'X' })).toMatchObject({
      ok: false,
      problem: { member: 'action', message: 'has the action "X", which is none of C, R, U, D, E' },
    });
    expect(mapAuditEvent({ ...g.resource, id: '' })).toMatchObject({
      ok: false,
      problem: { member: 'id', message: expect.stringMatching(/empty string/) },
    });
  });
});

describe('NDJSON (Bulk Data export)', () => {
  it('reads every line, both versions, each field as generated, with its line number', () => {
    const gs = generateAuditEvents(seeded(11), 60);
    const { records, problems } = readAuditEventNdjson(ndjson(gs.map((g) => g.resource)));
    expect(problems).toEqual([]);
    expect(records.map((r) => r.line)).toEqual(gs.map((_, i) => i + 1));
    records.forEach((r, i) => expectFields(r, gs[i]!.expected));
    expect(new Set(records.map((r) => r.fhirVersion))).toEqual(new Set<FhirVersion>(['R4', 'R5']));
  });

  it('accepts CRLF line ends and a file without its final newline', () => {
    const gs = generateAuditEvents(seeded(12), 3);
    const text = gs.map((g) => JSON.stringify(g.resource)).join('\r\n');
    expect(readAuditEventNdjson(text)).toMatchObject({ problems: [], records: [{ line: 1 }, { line: 2 }, { line: 3 }] });
  });

  it('refuses a blank line, a non-AuditEvent, a missing recorded, a duplicate member and malformed JSON, each by line', () => {
    const gs = generateAuditEvents(seeded(13), 8);
    const lines = gs.map((g) => JSON.stringify(g.resource));
    lines[1] = '';
    lines[2] = JSON.stringify({ resourceType: 'Patient', id: 'p1' });
    const { recorded: _r, ...noRecorded } = gs[3]!.resource;
    lines[3] = JSON.stringify(noRecorded);
    lines[4] = lines[4]!.replace('{"resourceType":"AuditEvent",', '{"resourceType":"AuditEvent","recorded":"2020-01-01T00:00:00Z",');
    lines[5] = lines[5]!.slice(0, -1);
    lines[6] = '   ';
    const { records, problems } = readAuditEventNdjson(lines.join('\n') + '\n');
    expect(records.map((r) => r.line)).toEqual([1, 8]);
    expect(problems).toMatchObject([
      { line: 2, message: expect.stringMatching(/^line 2 is blank/) },
      { line: 3, member: 'resourceType', message: expect.stringMatching(/^line 3 is a Patient resource, not an AuditEvent/) },
      { line: 4, member: 'recorded', message: expect.stringMatching(/^line 4 has no "recorded"/) },
      { line: 5, message: expect.stringMatching(/^line 5 has the member name "recorded" twice/) },
      { line: 6, message: expect.stringMatching(/^line 6 is not valid JSON/) },
      { line: 7, message: expect.stringMatching(/^line 7 is blank/) },
    ]);
  });

  it('refuses a lone surrogate and a whole number beyond 2^53 (I-JSON)', () => {
    const g = generateAuditEvent(seeded(14), 'R4', 'read', true);
    const line = JSON.stringify(g.resource);
    const surrogate = line.replace('"resourceType":"AuditEvent"', '"resourceType":"AuditEvent","text":{"div":"\\ud800"}');
    const big = line.replace(
      '"resourceType":"AuditEvent"',
      '"resourceType":"AuditEvent","extension":[{"url":"n","valueInteger64":9007199254740993}]',
    );
    const { problems } = readAuditEventNdjson(`${line}\n${surrogate}\n${big}\n`);
    expect(problems).toMatchObject([
      { line: 2, message: expect.stringMatching(/lone surrogate/) },
      { line: 3, message: expect.stringMatching(/9007199254740993/) },
    ]);
  });
});

describe('Bundle', () => {
  it('reads the entries of searchset, collection, batch, transaction and history Bundles', () => {
    for (const type of ['searchset', 'collection', 'batch', 'transaction', 'history']) {
      const gs = generateAuditEvents(seeded(type.length), 25);
      const { records, problems } = readAuditEventBundle(
        bundle(
          gs.map((g) => g.resource),
          type,
        ),
      );
      expect(problems).toEqual([]);
      expect(records.map((r) => r.entry)).toEqual(gs.map((_, i) => i));
      records.forEach((r, i) => expectFields(r, gs[i]!.expected));
    }
  });

  it('gives each entry the line it starts on', () => {
    const gs = generateAuditEvents(seeded(21), 3);
    const text = bundle(gs.map((g) => g.resource));
    const { records } = readAuditEventBundle(text);
    const lines = text.split('\n');
    for (const r of records) expect(lines[r.line]!.trim()).toBe('"fullUrl": "urn:uuid:x",');
  });

  it('refuses entries by index: wrong resourceType, no resource, missing recorded, a member of the wrong type', () => {
    const gs = generateAuditEvents(seeded(22), 6);
    const resources: unknown[] = gs.map((g) => g.resource);
    resources[1] = { resourceType: 'OperationOutcome', issue: [] };
    const { recorded: _r, ...noRecorded } = gs[3]!.resource;
    resources[3] = noRecorded;
    resources[4] = { ...gs[4]!.resource, agent: {} };
    const doc = JSON.parse(bundle(resources)) as { entry: Record<string, unknown>[] };
    delete doc.entry[2]!['resource'];
    const { records, problems } = readAuditEventBundle(JSON.stringify(doc));
    expect(records.map((r) => r.entry)).toEqual([0, 5]);
    expect(problems).toMatchObject([
      { entry: 1, member: 'resource.resourceType', message: expect.stringMatching(/^entry\[1\] \(line 1\) is an OperationOutcome resource/) },
      { entry: 2, member: 'resource', message: expect.stringMatching(/^entry\[2\] .*has no resource/) },
      { entry: 3, member: 'resource.recorded' },
      { entry: 4, member: 'resource.agent', message: expect.stringMatching(/^entry\[4\] \(line 1\) has agent that is not a JSON array/) },
    ]);
  });

  it('refuses a duplicate member inside an entry by its index and line, and outside the entries as the whole file', () => {
    const gs = generateAuditEvents(seeded(23), 4);
    const text = bundle(gs.map((g) => g.resource));
    const marker = '"resourceType": "AuditEvent"';
    const at = text.split(marker, 4).slice(0, 3).join(marker).length; // the third resource
    const r = readAuditEventBundle(`${text.slice(0, at)}"id": "a", "id": "b", ${text.slice(at)}`);
    const entryLine = text
      .split('\n')
      .findIndex((l, i, all) => l.includes('"fullUrl"') && all.slice(0, i).filter((x) => x.includes('"fullUrl"')).length === 2); // 0-based line of fullUrl = 1-based line of "{"
    expect(r.records.map((x) => x.entry)).toEqual([0, 1, 3]);
    expect(r.problems).toMatchObject([
      { entry: 2, line: entryLine, message: expect.stringMatching(/^entry\[2\] \(line \d+\) has the member name "id" twice/) },
    ]);
    const top = readAuditEventBundle(text.replace('"type": "searchset"', '"type": "searchset", "type": "collection"'));
    expect(top.problems).toMatchObject([{ entry: null, line: null, message: expect.stringMatching(/member name "type" twice/) }]);
  });

  it('refuses malformed JSON, a non-Bundle, an unread Bundle type and a searchset with a next page', () => {
    const gs = generateAuditEvents(seeded(24), 2);
    const text = bundle(gs.map((g) => g.resource));
    expect(readAuditEventBundle(text.slice(0, -2)).problems).toMatchObject([{ message: expect.stringMatching(/not valid JSON/) }]);
    const lines = text.split('\n');
    lines[5] = lines[5]!.replace(/,$/, ''); // a missing comma: the fault shows on the next line
    expect(readAuditEventBundle(lines.join('\n')).problems).toMatchObject([
      { line: 7, entry: null, message: expect.stringMatching(/not valid JSON at line 7/) },
    ]);
    expect(readAuditEventBundle(JSON.stringify(gs[0]!.resource)).problems).toMatchObject([
      { member: 'resourceType', message: expect.stringMatching(/an AuditEvent resource, not a Bundle/) },
    ]);
    expect(readAuditEventBundle(bundle([], 'document')).problems).toMatchObject([
      { member: 'type', message: expect.stringMatching(/type "document"/) },
    ]);
    const paged = JSON.parse(text) as Record<string, unknown>;
    paged['link'] = [
      { relation: 'self', url: 'https://x/AuditEvent' },
      { relation: 'next', url: 'https://x/AuditEvent?page=2' },
    ];
    const r = readAuditEventBundle(JSON.stringify(paged));
    expect(r.records).toHaveLength(2);
    expect(r.problems).toMatchObject([{ member: 'link', message: expect.stringMatching(/next/) }]);
  });
});
