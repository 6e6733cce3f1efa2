import { describe, expect, it } from 'vitest';
import { readAtnaMessages, type AtnaRecord } from '../../shared/atna/reader';
import { parseSyslogMessage } from '../../shared/atna/syslog';
import { parseXml } from '../../shared/atna/xml';
import { frameOctetCounted, MAX_MESSAGE_BYTES } from '../../shared/atna/framing';
import {
  ATNA_SHAPES,
  generateAtnaMessages,
  generateOne,
  seeded,
  syslogMessage,
  toOctetCounted,
  toSyslogLines,
  type AtnaExpected,
  type AtnaGenerated,
} from '../helpers/atna-messages';

const enc = new TextEncoder();
const bytesOf = (s: string): Uint8Array => enc.encode(s);

function expectFields(got: AtnaRecord, want: AtnaExpected): void {
  expect({
    ts: got.ts,
    tsMs: got.tsMs,
    tsSource: got.tsSource,
    tsAssumedUtc: got.tsAssumedUtc,
    category: got.category,
    action: got.action,
    crud: got.crud,
    actorId: got.actorId,
    target: got.target,
    patient: got.patient,
    outcome: got.outcome,
    outcomeCode: got.outcomeCode,
    auditSourceId: got.auditSourceId,
  }).toEqual(want);
}

/** One good message with its XML edited. */
const withXml = (edit: (xml: string) => string, seed = 1): string => {
  const g = generateOne(seeded(seed), 'patient-read', Date.UTC(2026, 0, 5, 10));
  return syslogMessage({ ...g, xml: edit(g.xml) });
};

describe('each DICOM audit message shape mapped', () => {
  for (const shape of ATNA_SHAPES) {
    it(`${shape}: every field is what the generator put in`, () => {
      const rand = seeded(ATNA_SHAPES.indexOf(shape) + 1);
      const msgs = Array.from({ length: 30 }, (_, i) =>
        generateOne(rand, shape, Date.UTC(2026, 0, 1) + i * 7_777_777, { noEventTime: 0.2, noZone: 0.2 }),
      );
      const r = readAtnaMessages(toSyslogLines(msgs));
      expect(r.problems).toEqual([]);
      expect(r.records).toHaveLength(msgs.length);
      r.records.forEach((rec, i) => expectFields(rec, msgs[i]!.expected));
      expect(r.assumedUtc).toBe(msgs.filter((m) => m.expected.tsAssumedUtc).length);
    });
  }

  it('the category table: 110114 auth, 110110/110106/110103 phi_access, security configuration config_change, other security alerts admin', () => {
    const cats = new Map(ATNA_SHAPES.map((s) => [s, generateOne(seeded(3), s, Date.UTC(2026, 0, 1)).expected.category]));
    expect(cats.get('login')).toBe('auth');
    expect(cats.get('patient-read')).toBe('phi_access');
    expect(cats.get('export')).toBe('phi_access');
    expect(cats.get('instances-accessed')).toBe('phi_access');
    expect(cats.get('security-config')).toBe('config_change');
    expect(cats.get('security-audit-stopped')).toBe('admin');
    const r = readAtnaMessages(toSyslogLines(ATNA_SHAPES.map((s) => generateOne(seeded(3), s, Date.UTC(2026, 0, 1)))));
    expect(r.records.map((x) => x.category)).toEqual(ATNA_SHAPES.map((s) => cats.get(s)));
  });

  it('reads the RFC 3881 attribute names (code, displayName) as DICOM csd-code, originalText', () => {
    const line = withXml((x) =>
      x.replace(
        'csd-code="110110" codeSystemName="DCM" originalText="Patient Record"',
        'code="110110" codeSystemName="DCM" displayName="Patient Record"',
      ),
    );
    const r = readAtnaMessages(bytesOf(`${line}\n`));
    expect(r.problems).toEqual([]);
    expect(r.records[0]!.action).toBe('patient-record.read');
    expect(r.records[0]!.eventId).toEqual({ code: '110110', system: 'DCM', display: 'Patient Record' });
  });

  it('decodes the predefined entities and character references in values', () => {
    const line = withXml((x) =>
      x.replace(/UserID="[^"]*" UserName="[^"]*" (UserIsRequestor="true" )?/, 'UserID="a&amp;b&#233;&#x41;&lt;" UserIsRequestor="true" '),
    );
    const r = readAtnaMessages(bytesOf(`${line}\n`));
    expect(r.problems).toEqual([]);
    expect(r.records[0]!.actorId).toBe('a&b\u00e9A<');
  });

  it('the actor is the explicit requestor, else a participant that leaves UserIsRequestor to its default (true)', () => {
    const g = generateOne(seeded(9), 'patient-read', Date.UTC(2026, 0, 1));
    const noRequestor = g.xml.replace(/ UserIsRequestor="true"/, '').replace('UserIsRequestor="false"', 'UserIsRequestor="0"');
    const all = `<85>1 - h a - - - ${noRequestor}\n<85>1 - h a - - - ${noRequestor.replace(/<ActiveParticipant UserID="[^"]*"( UserName="[^"]*")? /, '<ActiveParticipant UserID="x" UserIsRequestor="false" ')}\n`;
    const r = readAtnaMessages(bytesOf(all));
    expect(r.problems).toEqual([]);
    expect(r.records[0]!.actorId).toBe(g.expected.actorId);
    expect(r.records[1]!.actorId).toBe('unknown');
    expect(r.records[1]!.actorType).toBe('Unknown');
  });
});

describe('framing', () => {
  const msgs = generateAtnaMessages(seeded(42), 26);

  it('RFC 5424 lines: LF or CRLF, with or without the BOM and the final newline, each message by its line', () => {
    for (const opts of [{}, { crlf: true }, { bom: true }, { bom: true, crlf: true, noFinalNewline: true }]) {
      const r = readAtnaMessages(toSyslogLines(msgs, opts));
      expect(r.framing).toBe('lines');
      expect(r.problems).toEqual([]);
      expect(r.records.map((x) => x.ref)).toEqual(msgs.map((_, i) => ({ framing: 'lines', line: i + 1 })));
      r.records.forEach((rec, i) => expectFields(rec, msgs[i]!.expected));
      expect(r.records[3]!.raw).toBe(syslogMessage(msgs[3]!, opts));
    }
  });

  it('RFC 6587 octet counting: each message by its number and byte offset', () => {
    const { bytes, offsets } = toOctetCounted(msgs, { bom: true });
    const r = readAtnaMessages(bytes);
    expect(r.framing).toBe('octet-counted');
    expect(r.problems).toEqual([]);
    expect(r.records.map((x) => x.ref)).toEqual(offsets.map((offset, i) => ({ framing: 'octet-counted', message: i + 1, offset, line: 1 })));
    r.records.forEach((rec, i) => expectFields(rec, msgs[i]!.expected));
    // a final line end is allowed
    const withLf = new Uint8Array([...bytes, 0x0a]);
    expect(readAtnaMessages(withLf).problems).toEqual([]);
  });

  it('a multi-line XML message in octet-counted framing: a problem names the message and the file line', () => {
    const g = generateOne(seeded(5), 'login', Date.UTC(2026, 0, 1));
    const good = syslogMessage(g);
    const bad = syslogMessage({
      ...g,
      xml: g.xml.replace('<ActiveParticipant', '\n<ActiveParticipant').replace('</AuditMessage>', '\n<Oops></AuditMessage>'),
    });
    const frame = (s: string): string => `${bytesOf(s).length} ${s}`;
    const r = readAtnaMessages(bytesOf(frame(good) + frame(bad)));
    expect(r.records).toHaveLength(1);
    expect(r.problems).toHaveLength(1);
    const p = r.problems[0]!;
    expect(p.ref).toMatchObject({ framing: 'octet-counted', message: 2, offset: bytesOf(frame(good)).length, line: 1 });
    expect(p.message).toMatch(/^message 2 \(byte offset \d+, line 1\) the XML is not well-formed: .*Oops.*\(XML line 3, column \d+\)$/);
    expect(p.line).toBe(3);
  });
});

describe('refused, with the place named', () => {
  const good = (seed: number): string => syslogMessage(generateOne(seeded(seed), 'patient-read', Date.UTC(2026, 0, 2)));
  const fileOf = (...lines: string[]): Uint8Array => bytesOf(lines.join('\n') + '\n');

  const cases: [string, string, RegExp][] = [
    ['invalid XML', withXml((x) => x.replace('</EventIdentification>', '')), /^line 2 the XML is not well-formed: .*EventIdentification/],
    [
      'a DOCTYPE with an external entity (XXE)',
      withXml((x) =>
        x
          .replace('<AuditMessage>', '<!DOCTYPE AuditMessage [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><AuditMessage>')
          .replace('UserID="', 'UserID="&xxe;'),
      ),
      /^line 2 the XML holds a <!DOCTYPE declaration; .*XXE.*refused/,
    ],
    [
      'an ENTITY declaration on its own',
      withXml((x) => x.replace('<AuditMessage>', '<!ENTITY x "y"><AuditMessage>')),
      /^line 2 the XML holds a <!ENTITY declaration/,
    ],
    [
      'a declaration the parser would not name (<!DOCUMENT)',
      withXml((x) => x.replace('<AuditMessage>', '<!DOCUMENT a [<!ENTITY e "x">]><AuditMessage>')),
      /^line 2 the XML holds a <!DOCUMENT declaration/,
    ],
    [
      'a markup declaration inside an element',
      withXml((x) => x.replace('<EventIdentification', '<!FOO><EventIdentification')),
      /^line 2 the XML holds a <!FOO declaration/,
    ],
    [
      'an undeclared entity reference',
      withXml((x) => x.replace('UserID="', 'UserID="&xxe;')),
      /^line 2 the XML holds the entity reference &xxe; names no entity XML predefines/,
    ],
    ['a bare ampersand', withXml((x) => x.replace('UserID="', 'UserID="a & b')), /^line 2 the XML holds an "&" that starts no reference/],
    [
      'a bad syslog header: PRI above 191',
      good(1).replace('<85>', '<192>'),
      /^line 2 has a syslog header that is not RFC 5424: the PRI "<192>" is above 191/,
    ],
    ['a bad syslog header: version', good(1).replace('<85>1 ', '<85>2 '), /^line 2 .*the VERSION after the PRI is "2", not 1/],
    [
      'a bad syslog header: timestamp',
      good(1).replace(/<85>1 \S+/, '<85>1 2026-01-02 10:00:00'),
      /^line 2 .*the TIMESTAMP "2026-01-02" is not an RFC 3339/,
    ],
    [
      'a bad syslog header: no structured data',
      good(1).replace(' [origin ip="10.0.0.9" software="ris"]', ''),
      /^line 2 .*STRUCTURED-DATA starts with "<\?xml/,
    ],
    [
      'a wrong root element',
      withXml((x) => x.replace(/AuditMessage>/g, 'Audit>').replace('<AuditMessage>', '<Audit>')),
      /^line 2 is a <Audit> document, not a DICOM <AuditMessage>/,
    ],
    [
      'an outcome outside 0, 4, 8, 12',
      withXml((x) => x.replace(/EventOutcomeIndicator="\d+"/, 'EventOutcomeIndicator="3"')),
      /^line 2 has the EventOutcomeIndicator "3", which is none of 0/,
    ],
    [
      'an EventActionCode outside C, R, U, D, E',
      withXml((x) => x.replace('EventActionCode="R"', 'EventActionCode="X"')),
      /^line 2 has the EventActionCode "X"/,
    ],
    [
      'an EventDateTime that is no date-time',
      withXml((x) => x.replace(/EventDateTime="[^"]*"/, 'EventDateTime="2026-02-30T10:00:00Z"')),
      /^line 2 has the EventDateTime "2026-02-30T10:00:00Z", which is not an xs:dateTime/,
    ],
    [
      'no time at all',
      withXml((x) => x.replace(/ EventDateTime="[^"]*"/, '')).replace(/<85>1 \S+/, '<85>1 -'),
      /^line 2 has no EventDateTime, and its syslog header has no TIMESTAMP/,
    ],
    ['no EventID', withXml((x) => x.replace(/<EventID [^>]*\/>/, '')), /^line 2 has no EventID \(exactly one is required\)/],
    ['no ActiveParticipant', withXml((x) => x.replace(/<ActiveParticipant .*?<\/ActiveParticipant>/g, '')), /^line 2 has no ActiveParticipant/],
    ['an empty MSG', good(1).replace(/\] .*$/, ']'), /^line 2 has no MSG/],
    ['two root elements', withXml((x) => `${x}<AuditMessage/>`), /^line 2 the XML (is not well-formed|has 2 root elements)/],
  ];
  for (const [what, line, pattern] of cases) {
    it(`${what}: refused at its line, the others read`, () => {
      const r = readAtnaMessages(fileOf(good(7), line, good(8)));
      expect(r.problems).toHaveLength(1);
      expect(r.problems[0]!.message).toMatch(pattern);
      expect(r.problems[0]!.line).toBe(2);
      expect(r.records.map((x) => x.ref)).toEqual([
        { framing: 'lines', line: 1 },
        { framing: 'lines', line: 3 },
      ]);
    });
  }

  it('an XXE attempt is never resolved: no value holds what the entity would have expanded to', () => {
    const xxe = withXml((x) => x.replace('<AuditMessage>', '<!DOCTYPE a [<!ENTITY e "EXPANDED">]><AuditMessage>').replace('UserID="', 'UserID="&e;'));
    const r = readAtnaMessages(fileOf(xxe));
    expect(r.records).toEqual([]);
    expect(JSON.stringify(r)).not.toContain('EXPANDED"'); // the declared value appears only quoted in the message, never as a field
  });

  it('comments and CDATA sections are no declarations: read, CDATA as text', () => {
    const line = withXml((x) =>
      x
        .replace('<AuditMessage>', '<!-- from the RIS --><AuditMessage>')
        .replace('</EventIdentification>', '<EventOutcomeDescription><![CDATA[a <b> & c]]></EventOutcomeDescription></EventIdentification>'),
    );
    const r = readAtnaMessages(fileOf(line));
    expect(r.problems).toEqual([]);
    expect(r.records[0]!.outcomeDescription).toBe('a <b> & c');
  });

  it('a blank line is refused by its number', () => {
    const r = readAtnaMessages(bytesOf(`${good(1)}\n\n${good(2)}\n`));
    expect(r.problems.map((p) => p.message)).toEqual(['line 2 is blank; a syslog file has one message on every line']);
  });

  it('a wrong octet count: too long runs past the end, too short leaves the next frame without its count', () => {
    const a = good(1);
    const b = good(2);
    const len = (s: string): number => bytesOf(s).length;
    const long = readAtnaMessages(bytesOf(`${len(a)} ${a}${len(b) + 5} ${b}`));
    expect(long.records).toHaveLength(1);
    expect(long.problems[0]!.message).toMatch(
      new RegExp(`^message 2 \\(byte offset ${len(a) + String(len(a)).length + 1}, line 1\\) counts ${len(b) + 5} octets but only ${len(b)} remain`),
    );
    const short = readAtnaMessages(bytesOf(`${len(a) - 3} ${a}${len(b)} ${b}`));
    expect(short.records).toHaveLength(0);
    expect(short.problems.map((p) => p.ref && 'message' in p.ref && p.ref.message)).toEqual([1, 2]);
    expect(short.problems[0]!.message).toMatch(/^message 1 .*the XML is not well-formed/);
    expect(short.problems[1]!.message).toMatch(/^message 2 .*does not start with an RFC 6587 octet count/);
  });

  it('an octet count above the bound is refused without reading it', () => {
    const r = frameOctetCounted(bytesOf(`${MAX_MESSAGE_BYTES + 1} <85>1 -`));
    expect(r.frames).toEqual([]);
    expect(r.problems[0]!.message).toMatch(/counts \d+ octets; messages over \d+ bytes are not read/);
  });

  it('a file in neither framing, and invalid UTF-8, are refused', () => {
    expect(readAtnaMessages(bytesOf('hello\n')).problems[0]!.message).toMatch(/starts with neither "<".*nor a digit/);
    const bad = new Uint8Array([...bytesOf(good(1).slice(0, 200)), 0xff, 0xfe, ...bytesOf(good(1).slice(200)), 0x0a]);
    expect(readAtnaMessages(bad).problems[0]!.message).toBe('line 1 is not valid UTF-8; an audit message is UTF-8 XML');
  });
});

describe('duplicates', () => {
  it('a byte-identical message is named by its line and the line of the first, and kept', () => {
    const msgs = generateAtnaMessages(seeded(11), 5);
    const withDup: AtnaGenerated[] = [...msgs.slice(0, 3), msgs[1]!, ...msgs.slice(3), msgs[1]!];
    const r = readAtnaMessages(toSyslogLines(withDup));
    expect(r.records).toHaveLength(7);
    expect(r.duplicates.map((d) => d.message)).toEqual([
      'line 4 is a byte-identical copy of the audit message at line 2',
      'line 7 is a byte-identical copy of the audit message at line 2',
    ]);
  });

  it('the same AuditMessage under a new syslog header is a duplicate; under octet counting it is named by number and offset', () => {
    const [m] = generateAtnaMessages(seeded(12), 1);
    const again = { ...m!, syslogTime: '2026-12-31T00:00:00Z' };
    const { bytes, offsets } = toOctetCounted([m!, again]);
    const r = readAtnaMessages(bytes);
    expect(r.duplicates).toHaveLength(1);
    expect(r.duplicates[0]!.message).toBe(
      `message 2 (byte offset ${offsets[1]}, line 1) is a byte-identical copy of the audit message at message 1 (byte offset 0, line 1)`,
    );
  });

  it('messages that take their time from the syslog header are duplicates only with the header', () => {
    const g = generateOne(seeded(13), 'login', Date.UTC(2026, 0, 1), { noEventTime: 1 });
    const later = { ...g, syslogTime: '2026-01-01T05:00:00Z' };
    const r = readAtnaMessages(toSyslogLines([g, later, g]));
    expect(r.problems).toEqual([]);
    expect(r.duplicates.map((d) => [d.ref, d.first])).toEqual([
      [
        { framing: 'lines', line: 3 },
        { framing: 'lines', line: 1 },
      ],
    ]);
  });
});

describe('the syslog header and the XML reader on their own', () => {
  it('reads every RFC 5424 header field, the NILVALUE as null', () => {
    const r = parseSyslogMessage(
      bytesOf(
        '<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"] \ufeffAn application event',
      ),
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.message.header).toMatchObject({
      pri: 165,
      facility: 20,
      severity: 5,
      timestamp: '2003-10-11T22:14:15.003Z',
      hostname: 'mymachine.example.com',
      appName: 'evntslog',
      procId: null,
      msgId: 'ID47',
    });
    expect(r.message.header.structuredData).toBe('[exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"]');
    expect(r.message.bom).toBe(true);
    expect(new TextDecoder().decode(r.message.msg)).toBe('An application event');
  });

  it('refuses a leading zero in PRI, an over-long APP-NAME, a lower-case t, an unclosed SD element', () => {
    for (const [s, re] of [
      ['<01>1 - - - - - -', /leading zero/],
      [`<13>1 - h ${'a'.repeat(49)} - - -`, /APP-NAME is 49 characters/],
      ['<13>1 2026-01-01t00:00:00Z h a - - -', /TIMESTAMP/],
      ['<13>1 - h a - - [x a="1"', /not closed by "\]"/],
      ['<13>1 - h a - - [x a="1', /value is not closed/],
    ] as const) {
      const r = parseSyslogMessage(bytesOf(s));
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.problem).toMatch(re);
    }
  });

  it('the XML reader refuses depth beyond its bound and a non-UTF-8 encoding declaration', () => {
    const deep = `${'<a>'.repeat(40)}${'</a>'.repeat(40)}`;
    expect(parseXml(deep).ok).toBe(false);
    const latin = parseXml('<?xml version="1.0" encoding="ISO-8859-1"?><AuditMessage/>');
    expect(latin.ok).toBe(false);
    if (!latin.ok) expect(latin.problem.message).toMatch(/encoding "ISO-8859-1"/);
  });
});
