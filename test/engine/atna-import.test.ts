// #15: IHE ATNA / DICOM audit messages through the custody seam. `tickmark verify <file>` reports custody
// (file SHA-256, RFC 9162 root over the syslog messages as received), never "verified"; `tickmark import
// <file> --workspace WS [--as atna]` keeps each message as an event with its mapped fields under a custody
// receipt, in both framings; a malformed record (bad XML, a bad syslog header, a wrong octet count, a DOCTYPE
// or external entity) is exit 2 naming file and line, with the workspace unchanged; duplicates are named;
// workspace verification re-maps each stored message, so an edited row or message shows.
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from '../../electron/cli/main';
import { Workspace } from '../../electron/engine/index';
import { detectSource } from '../../electron/engine/sources/index';
import { merkleHasher, rootFromLeafHashes } from '../../shared/merkle';
import { toHex } from '../../shared/hex';
import { generateAtnaMessages, seeded, syslogMessage, toOctetCounted, toSyslogLines, type AtnaGenerated } from '../helpers/atna-messages';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'tickmark-atna-'));
const sha = (b: Uint8Array | string): Uint8Array => createHash('sha256').update(b).digest();
const rootOf = (leaves: string[]): string => {
  const h = merkleHasher(sha);
  return toHex(
    rootFromLeafHashes(
      h,
      leaves.map((l) => h.hashLeaf(new TextEncoder().encode(l))),
    ),
  );
};

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (s) => void out.push(s), err: (s) => void err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

function write(name: string, bytes: Uint8Array | string): string {
  const file = path.join(tmp, name);
  writeFileSync(file, bytes);
  return file;
}

function counts(wsFile: string): Record<string, number> {
  const ws = Workspace.open(wsFile);
  try {
    const n = (t: string): number => ws.db.prepare(`SELECT COUNT(*) FROM ${t}`).pluck().get() as number;
    return { bundles: n('bundles'), streams: n('streams'), events: n('events'), receipts: n('custody_receipts'), activity: n('activity_log') };
  } finally {
    ws.close();
  }
}

interface Row {
  seq: number;
  line: number;
  ts: string;
  ts_ms: number;
  category: string;
  action: string;
  actor_id: string;
  target: string | null;
  outcome: string;
  raw: string;
}

function rows(wsFile: string): Row[] {
  const ws = Workspace.open(wsFile);
  try {
    return ws.db.prepare('SELECT seq, line, ts, ts_ms, category, action, actor_id, target, outcome, raw FROM events ORDER BY seq').all() as Row[];
  } finally {
    ws.close();
  }
}

const expectRows = (got: Row[], msgs: AtnaGenerated[]): void =>
  expect(
    got.map((r) => ({ ts: r.ts, tsMs: r.ts_ms, category: r.category, action: r.action, actorId: r.actor_id, target: r.target, outcome: r.outcome })),
  ).toEqual(
    msgs.map((m) => ({
      ts: m.expected.ts,
      tsMs: m.expected.tsMs,
      category: m.expected.category,
      action: m.expected.action,
      actorId: m.expected.actorId,
      target: m.expected.target,
      outcome: m.expected.outcome,
    })),
  );

describe('ATNA audit messages through tickmark verify <file>', () => {
  it('are detected in both framings and reported as custody only, with the root over the messages as received', async () => {
    const msgs = generateAtnaMessages(seeded(21), 20, { noZone: 0.3 });
    const lines = write('audit.log', toSyslogLines(msgs, { bom: true }));
    const octets = write('audit.tls', toOctetCounted(msgs).bytes);
    for (const [file, framing] of [
      [lines, 'syslog-lines'],
      [octets, 'octet-counted'],
    ] as const) {
      expect((await detectSource(file)).id).toBe('atna');
      const r = await run('verify', file, '--json');
      expect(r.code).toBe(3);
      const report = JSON.parse(r.out) as {
        kind: string;
        integrity: string;
        framing: string;
        records: number;
        sha256: string;
        merkleRoot: string;
        assumedUtc: number;
        warnings?: string[];
      };
      expect([report.kind, report.integrity, report.framing, report.records]).toEqual(['atna', 'custody-only', framing, 20]);
      expect(report.sha256).toBe(toHex(sha(readFileSync(file))));
      expect(report.merkleRoot).toBe(rootOf(msgs.map((m) => syslogMessage(m, { bom: framing === 'syslog-lines' }))));
      const noZone = msgs.filter((m) => m.expected.tsAssumedUtc).length;
      expect(noZone).toBeGreaterThan(0);
      expect(report.assumedUtc).toBe(noZone);
      const human = await run('verify', file);
      expect(human.out).toMatch(/integrity grade: custody only/);
      expect(human.out).toMatch(new RegExp(`Warning  ${noZone} messages have an EventDateTime without a zone, read as UTC`));
      expect(human.out).not.toMatch(/VERIFIED/);
    }
  });

  it('lists every refused message with exit 2, by line or by message number and byte offset', async () => {
    const msgs = generateAtnaMessages(seeded(22), 6);
    const text = new TextDecoder().decode(toSyslogLines(msgs)).split('\n');
    text[2] = text[2]!.replace('<AuditMessage>', '<!DOCTYPE AuditMessage [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><AuditMessage>');
    text[4] = text[4]!.replace('<85>1 ', '<85>7 ');
    const file = write('bad.log', text.join('\n'));
    const r = await run('verify', file);
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/Refused {2}.*bad\.log: line 3 the XML holds a <!DOCTYPE declaration/);
    expect(r.out).toMatch(/Refused {2}.*bad\.log: line 5 has a syslog header that is not RFC 5424: the VERSION after the PRI is "7"/);
  });
});

describe('tickmark import --as atna', () => {
  it('keeps every message as an event with its mapped fields under a custody receipt, in both framings', async () => {
    const msgs = generateAtnaMessages(seeded(23), 26, { noEventTime: 0.2 });
    const { bytes, offsets } = toOctetCounted(msgs);
    for (const [name, data, framing] of [
      ['i.log', toSyslogLines(msgs, { crlf: true }), 'lines'],
      ['i.tls', bytes, 'octets'],
    ] as const) {
      const wsFile = path.join(tmp, `${name}.tickmark`);
      const file = write(name, data);
      const r = await run('import', file, '--workspace', wsFile, '--as', 'atna', '--window', '2026-03-01T00:00:00Z/2026-03-01T12:00:00Z', '--json');
      expect(r.code).toBe(0);
      const res = JSON.parse(r.out) as {
        kind: string;
        records: number;
        files: { sha256: string; merkleRoot: string }[];
        outOfWindow: { count: number };
      };
      expect(res.kind).toBe('atna');
      expect(res.records).toBe(26);
      expect(res.files[0]!.sha256).toBe(toHex(sha(data)));
      expect(res.outOfWindow.count).toBe(msgs.filter((m) => m.expected.tsMs > Date.parse('2026-03-01T12:00:00Z')).length);
      const got = rows(wsFile);
      expectRows(got, msgs);
      expect(got.map((x) => x.raw)).toEqual(msgs.map((m) => syslogMessage(m)));
      expect(got.map((x) => x.line)).toEqual(msgs.map((_, i) => i + 1)); // the line, or the message number
      expect(res.files[0]!.merkleRoot).toBe(rootOf(msgs.map((m) => syslogMessage(m))));
      const ws = Workspace.open(wsFile);
      try {
        expect(ws.db.prepare('SELECT kind FROM bundles').pluck().get()).toBe('atna');
        expect(ws.db.prepare('SELECT merkle_root FROM custody_receipts').pluck().get()).toBe(res.files[0]!.merkleRoot);
      } finally {
        ws.close();
      }
      if (framing === 'octets') expect(offsets[1]).toBeGreaterThan(0);
      // the workspace verifies as custody only
      const v = await run('verify', wsFile);
      expect(v.code).toBe(3);
      expect(v.out).toMatch(/Kind {5}IHE ATNA \/ DICOM audit messages.*integrity grade: custody only/);
    }
  });

  const refusals: [string, (lines: string[]) => void, RegExp][] = [
    [
      'invalid XML',
      (l) => void (l[3] = l[3]!.replace('</EventIdentification>', '')),
      /bad-xml\.log: line 4 the XML is not well-formed.*Nothing was imported/,
    ],
    [
      'a bad syslog header',
      (l) => void (l[1] = l[1]!.replace(/^<85>1 \S+/, '<85>1 yesterday')),
      /bad-header\.log: line 2 has a syslog header that is not RFC 5424: the TIMESTAMP "yesterday"/,
    ],
    [
      'an external entity',
      (l) => void (l[4] = l[4]!.replace('<AuditMessage>', '<!DOCTYPE a [<!ENTITY e SYSTEM "http://attacker.example/x">]><AuditMessage>')),
      /bad-xxe\.log: line 5 the XML holds a <!DOCTYPE declaration; .*XXE.*Nothing was imported/,
    ],
  ];
  for (const [what, spoil, pattern] of refusals) {
    it(`refuses ${what} with exit 2 at its file and line, and leaves the workspace unchanged`, async () => {
      const wsFile = path.join(tmp, `r-${what.replace(/\W/g, '')}.tickmark`);
      expect((await run('import', write('first.log', toSyslogLines(generateAtnaMessages(seeded(30), 3))), '--workspace', wsFile)).code).toBe(0);
      const before = counts(wsFile);
      const lines = new TextDecoder().decode(toSyslogLines(generateAtnaMessages(seeded(31), 6))).split('\n');
      spoil(lines);
      const name = what === 'invalid XML' ? 'bad-xml.log' : what === 'a bad syslog header' ? 'bad-header.log' : 'bad-xxe.log';
      const r = await run('import', write(name, lines.join('\n')), '--workspace', wsFile, '--as', 'atna');
      expect(r.code).toBe(2);
      expect(r.err).toMatch(pattern);
      expect(counts(wsFile)).toEqual(before);
    });
  }

  it('refuses a wrong octet count with exit 2 naming the message and byte offset, and leaves the workspace unchanged', async () => {
    const wsFile = path.join(tmp, 'octet.tickmark');
    expect((await run('import', write('ok.log', toSyslogLines(generateAtnaMessages(seeded(32), 2))), '--workspace', wsFile)).code).toBe(0);
    const before = counts(wsFile);
    const msgs = generateAtnaMessages(seeded(33), 4);
    const body = syslogMessage(msgs[3]!);
    const good = toOctetCounted(msgs.slice(0, 3));
    const wrong = new Uint8Array([...good.bytes, ...new TextEncoder().encode(`${new TextEncoder().encode(body).length + 10} ${body}`)]);
    const r = await run('import', write('wrong.tls', wrong), '--workspace', wsFile);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(
      new RegExp(
        `wrong\\.tls: message 4 \\(byte offset ${good.bytes.length}, line 1\\) counts \\d+ octets but only \\d+ remain.*Nothing was imported`,
      ),
    );
    expect(counts(wsFile)).toEqual(before);
  });

  it('names duplicates (byte-identical messages) by line, and keeps them', async () => {
    const msgs = generateAtnaMessages(seeded(34), 5);
    const file = write('dup.log', toSyslogLines([...msgs, msgs[1]!, msgs[3]!]));
    const wsFile = path.join(tmp, 'dup.tickmark');
    const r = await run('import', file, '--workspace', wsFile);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Duplicates 2/);
    expect(r.out).toMatch(/dup\.log line 6: AuditMessage sha256:[0-9a-f]{64}, first at dup\.log line 2/);
    expect(r.out).toMatch(/dup\.log line 7: AuditMessage sha256:[0-9a-f]{64}, first at dup\.log line 4/);
    expect(rows(wsFile)).toHaveLength(7);
    const v = JSON.parse((await run('verify', file, '--json')).out) as { duplicates: number; duplicatePlaces: string[] };
    expect(v.duplicates).toBe(2);
    expect(v.duplicatePlaces).toEqual([
      'line 6 is a byte-identical copy of the audit message at line 2',
      'line 7 is a byte-identical copy of the audit message at line 4',
    ]);
  });

  it('names duplicates under octet counting by message number and byte offset', async () => {
    const msgs = generateAtnaMessages(seeded(36), 4);
    const { bytes, offsets } = toOctetCounted([...msgs, msgs[0]!]);
    const file = write('dup.tls', bytes);
    const r = await run('import', file, '--workspace', path.join(tmp, 'dup-tls.tickmark'));
    expect(r.code).toBe(0);
    expect(r.out).toContain(`dup.tls message 5 (byte offset ${offsets[4]}, line 1): AuditMessage sha256:`);
    expect(r.out).toMatch(/first at dup\.tls message 1 \(byte offset 0, line 1\)/);
    const v = await run('verify', file);
    expect(v.out).toContain(
      `message 5 (byte offset ${offsets[4]}, line 1) is a byte-identical copy of the audit message at message 1 (byte offset 0, line 1)`,
    );
  });

  it('workspace verification re-maps each stored message: an edited message or column fails', async () => {
    const file = write('v.log', toSyslogLines(generateAtnaMessages(seeded(35), 8)));
    const wsFile = path.join(tmp, 'v.tickmark');
    expect((await run('import', file, '--workspace', wsFile)).code).toBe(0);
    expect((await run('verify', wsFile)).code).toBe(3);
    const edit = (sql: string): void => {
      const ws = Workspace.open(wsFile);
      try {
        ws.db.prepare(sql).run();
      } finally {
        ws.close();
      }
    };
    const original = rows(wsFile)[2]!.actor_id.replace(/'/g, "''");
    edit("UPDATE events SET actor_id = 'mallory' WHERE seq = 2");
    const column = await run('verify', wsFile, '--json');
    expect(column.code).toBe(1);
    const f = (JSON.parse(column.out) as { streams: { findings: { code: string; message: string }[] }[] }).streams[0]!.findings;
    expect(f.map((x) => x.code)).toEqual(['stored-field-mismatch']);
    expect(f[0]!.message).toMatch(/v\.log line 3 \(seq 2\): the stored actor_id is "mallory"/);
    // the message itself edited: root and re-mapping both tell
    edit(`UPDATE events SET actor_id = '${original}' WHERE seq = 2`);
    expect((await run('verify', wsFile)).code).toBe(3);
    edit("UPDATE events SET raw = replace(raw, 'EventOutcomeIndicator=\"', 'EventOutcomeIndicator=\"9') WHERE seq = 5");
    const msg = await run('verify', wsFile, '--json');
    expect(msg.code).toBe(1);
    const g = (JSON.parse(msg.out) as { streams: { findings: { code: string; message: string }[] }[] }).streams[0]!.findings;
    expect(g.map((x) => x.code).sort()).toEqual(['merkle-root-mismatch', 'stored-field-mismatch']);
    expect(
      g.some((x) =>
        /v\.log line 6 \(seq 5\): its stored message is no longer a readable ATNA audit message \(has the EventOutcomeIndicator "9/.test(x.message),
      ),
    ).toBe(true);
  });
});
