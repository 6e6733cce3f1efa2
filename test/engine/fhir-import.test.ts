// #15 next step: `tickmark import <FHIR AuditEvent export> --workspace WS` keeps the records as events under a
// custody receipt (file SHA-256, RFC 9162 root over the records as received); refused records are exit 2
// with nothing written; workspace verification recomputes the root from the stored rows, so a record
// edited in the workspace after receipt shows, and never says "verified" of an export with no producer
// integrity.
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from '../../electron/cli/main';
import { Workspace, generateBundle, verifyWorkspace } from '../../electron/engine/index';
import { definePopulation } from '../../electron/engine/population';
import { createSession } from '../../electron/engine/sessions';
import { activityEntries } from '../../electron/engine/activity';
import { merkleHasher, rootFromLeafHashes } from '../../shared/merkle';
import { canonicalize } from '../../shared/jcs';
import { toHex } from '../../shared/hex';
import { generateAuditEvents, seeded, type Generated } from '../helpers/fhir-audit-events';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'tickmark-fhir-import-'));
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

function ndjson(name: string, n: number, seed: number): { file: string; lines: string[]; events: Generated[] } {
  const events = generateAuditEvents(seeded(seed), n);
  const lines = events.map((e) => JSON.stringify(e.resource));
  const file = path.join(tmp, name);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return { file, lines, events };
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

describe('tickmark import of a FHIR AuditEvent export', () => {
  it('keeps every record as an event with its mapped fields, under a custody receipt', async () => {
    const { file, lines, events } = ndjson('audit.ndjson', 40, 11);
    const wsFile = path.join(tmp, 'a.tickmark');
    const r = await run('import', file, '--workspace', wsFile);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/Imported 40 FHIR AuditEvent records as bundle #1 under a custody receipt/);

    const ws = Workspace.open(wsFile);
    try {
      const bundle = ws.db.prepare('SELECT kind, source_path, source_sha256, manifest_sha256, tenant_name, event_count FROM bundles').get() as Record<
        string,
        unknown
      >;
      const fileSha = toHex(sha(readFileSync(file)));
      expect(bundle).toEqual({
        kind: 'fhir-audit-event',
        source_path: file,
        source_sha256: fileSha,
        manifest_sha256: fileSha,
        tenant_name: 'audit.ndjson',
        event_count: 40,
      });
      const rows = ws.db
        .prepare(
          "SELECT e.seq, e.file_no, e.line, e.ts, e.ts_ms, e.category, e.action, e.actor_id, e.actor_type, e.target, e.outcome, e.mfa, e.raw FROM events e JOIN streams s ON s.id = e.stream_id WHERE s.stream_key = 'fhir-audit' ORDER BY e.seq",
        )
        .all() as Record<string, unknown>[];
      expect(rows).toHaveLength(40);
      rows.forEach((row, i) => {
        const x = events[i]!.expected;
        expect(row).toEqual({
          seq: i,
          file_no: 0,
          line: i + 1,
          ts: x.ts,
          ts_ms: x.tsMs,
          category: x.category,
          action: x.action,
          actor_id: x.actorId,
          actor_type: x.actorType,
          target: x.target ?? x.patient,
          outcome: x.outcome,
          mfa: null,
          raw: lines[i],
        });
      });
      const receipt = ws.db.prepare('SELECT bundle_id, file_name, file_sha256, bytes, records, merkle_root FROM custody_receipts').get();
      expect(receipt).toEqual({
        bundle_id: 1,
        file_name: 'audit.ndjson',
        file_sha256: fileSha,
        bytes: readFileSync(file).length,
        records: 40,
        merkle_root: rootOf(lines),
      });
      const imp = activityEntries(ws).find((e) => e.action === 'import')!;
      expect(imp.details).toMatchObject({ kind: 'fhir-audit-event', receipt: { file_sha256: fileSha, merkle_root: rootOf(lines), records: 40 } });

      // a population over them, like bundle events. Before a custody check has run there is nothing to seed
      // from; after it, the custody receipt's root stands in for the chain head the producer never kept
      const phi = events.filter((e) => e.expected.category === 'phi_access').length;
      expect(phi).toBeGreaterThan(0);
      const draw = (popId: number, name: string): ReturnType<typeof createSession> =>
        createSession(ws, {
          populationId: popId,
          name,
          attributes: [{ name: 'authorised' }],
          plan: { confidence: 0.95, tolerableRate: 0.05, expectedRate: 0 },
          selection: { method: 'simple-random' },
          auditorValue: 'x',
        });
      const before = definePopulation(ws, 'PHI access, unchecked', { categories: ['phi_access'] });
      expect(before.size).toBe(phi);
      expect(() => draw(before.id, 'too early')).toThrow(/has no verification run/);
      await verifyWorkspace(ws);
      const pop = definePopulation(ws, 'PHI access', { categories: ['phi_access'] });
      const session = draw(pop.id, 'phi');
      expect(session.items.length).toBeGreaterThan(0);
      expect(session.seed).toBe(
        createHash('sha256')
          .update(`${rootOf(lines)}\nx`)
          .digest('hex'),
      );
      // and when the records no longer match the receipt, no sample is drawn from them
      ws.db.prepare("UPDATE events SET actor_id = 'someone-else' WHERE seq = 3").run();
      await verifyWorkspace(ws);
      const altered = definePopulation(ws, 'PHI access, altered', { categories: ['phi_access'] });
      expect(() => draw(altered.id, 'altered')).toThrow(/custody check failed/);
    } finally {
      ws.close();
    }

    // the same file again: recognised by its SHA-256, nothing added
    const again = await run('import', file, '--workspace', wsFile);
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/Already imported: .*bundle #1/);
    expect(counts(wsFile).events).toBe(40);
  });

  it('imports a Bundle with each record as the RFC 8785 form of its resource', async () => {
    const events = generateAuditEvents(seeded(12), 6);
    const file = path.join(tmp, 'bundle.json');
    writeFileSync(
      file,
      JSON.stringify({ resourceType: 'Bundle', type: 'collection', entry: events.map((e) => ({ resource: e.resource })) }, null, 2),
    );
    const wsFile = path.join(tmp, 'b.tickmark');
    expect((await run('import', file, '--workspace', wsFile)).code).toBe(0);
    const ws = Workspace.open(wsFile);
    try {
      const raws = ws.db.prepare('SELECT raw FROM events ORDER BY seq').pluck().all() as string[];
      expect(raws).toEqual(leaves(events));
      expect(ws.db.prepare('SELECT merkle_root FROM custody_receipts').pluck().get()).toBe(rootOf(leaves(events)));
    } finally {
      ws.close();
    }
    // the receipt's root is the one tickmark verify reports for the file
    const v = await run('verify', file, '--json');
    expect((JSON.parse(v.out) as { merkleRoot: string }).merkleRoot).toBe(rootOf(leaves(events)));
  });

  it('refuses an export with an unreadable record at its line, exit 2, and changes nothing', async () => {
    const wsFile = path.join(tmp, 'c.tickmark');
    expect((await run('import', ndjson('good.ndjson', 5, 13).file, '--workspace', wsFile)).code).toBe(0);
    const before = counts(wsFile);
    const { file, lines } = ndjson('bad.ndjson', 10, 14);
    lines[5] = lines[5]!.replace('"recorded":"', '"recorded":"x');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const r = await run('import', file, '--workspace', wsFile);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/bad\.ndjson: line 6 has the recorded time "x.*Nothing was imported/);
    expect(counts(wsFile)).toEqual(before);
    expect((await run('import', file, '--workspace', wsFile, '--pin', 'x+00000000+AAAA')).code).toBe(2);
  });

  it('workspace verification re-checks custody: custody only when unchanged, failed when a record or column was edited', async () => {
    const { file } = ndjson('v.ndjson', 12, 15);
    const wsFile = path.join(tmp, 'v.tickmark');
    expect((await run('import', file, '--workspace', wsFile)).code).toBe(0);
    const ok = await run('verify', wsFile);
    expect(ok.code).toBe(3); // never "verified": the producer gave no integrity
    expect(ok.out).toMatch(/Kind {5}HL7 FHIR AuditEvent export.*integrity grade: custody only/);
    expect(ok.out).not.toMatch(/Manifest signature/);
    expect(ok.out).toMatch(/Custody {2}RFC 9162 root over the stored records: [0-9a-f]{64}, as in the custody receipt/);
    expect(ok.err).not.toMatch(/no key is pinned/);

    // a record edited after receipt, its mapped fields unchanged: only the root can tell
    const edit = (sql: string): void => {
      const ws = Workspace.open(wsFile);
      try {
        ws.db.prepare(sql).run();
      } finally {
        ws.close();
      }
    };
    edit("UPDATE events SET raw = raw || ' ' WHERE seq = 4");
    const altered = await run('verify', wsFile, '--json');
    expect(altered.code).toBe(1);
    const report = JSON.parse(altered.out) as { verdict: string; streams: { findings: { code: string }[] }[] };
    expect(report.verdict).toBe('failed');
    expect(report.streams[0]!.findings.map((f) => f.code)).toEqual(['merkle-root-mismatch']);

    // a stored column edited, the record untouched: the record mapped again tells
    edit("UPDATE events SET raw = rtrim(raw, ' ') WHERE seq = 4");
    expect((await run('verify', wsFile)).code).toBe(3);
    edit("UPDATE events SET category = 'tampered' || category WHERE seq = 7");
    const column = await run('verify', wsFile, '--json');
    expect(column.code).toBe(1);
    const f = (JSON.parse(column.out) as { streams: { findings: { code: string; seq: number; message: string }[] }[] }).streams[0]!.findings;
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ code: 'stored-field-mismatch', seq: 7 });
    expect(f[0]!.message).toMatch(/v\.ndjson line 8 \(seq 7\): the stored category is "tampered\w+"/);

    // a record and the workspace's receipt rewritten together: the receipt the activity log kept tells
    edit('UPDATE events SET category = substr(category, 9) WHERE seq = 7');
    expect((await run('verify', wsFile)).code).toBe(3);
    const ws = Workspace.open(wsFile);
    try {
      ws.db.prepare("UPDATE events SET raw = raw || ' ' WHERE seq = 2").run();
      const raws = ws.db.prepare('SELECT raw FROM events ORDER BY seq').pluck().all() as string[];
      ws.db.prepare('UPDATE custody_receipts SET merkle_root = ?').run(rootOf(raws));
    } finally {
      ws.close();
    }
    const rewritten = await run('verify', wsFile, '--json');
    expect(rewritten.code).toBe(1);
    const g = (JSON.parse(rewritten.out) as { streams: { findings: { code: string; message: string }[] }[] }).streams[0]!.findings;
    expect(g.map((x) => x.code)).toEqual(['merkle-root-mismatch']);
    expect(g[0]!.message).toMatch(/is not the one the activity log recorded at import/);
  });

  it('lives beside a Tickmark bundle: each verified by its own kind, the bundle as before', async () => {
    const g = await generateBundle({ out: path.join(tmp, 'bundle'), events: 300, seed: 'fhir-mixed' });
    const wsFile = path.join(tmp, 'm.tickmark');
    expect((await run('import', g.dir, '--workspace', wsFile, '--pin', g.vendorKey)).code).toBe(0);
    expect((await run('import', ndjson('m.ndjson', 8, 16).file, '--workspace', wsFile)).code).toBe(0);
    const r = await run('verify', wsFile, '--json');
    const reports = JSON.parse(r.out) as { verdict: string; totals: { events: number } }[];
    expect(reports.map((x) => [x.verdict, x.totals.events])).toEqual([
      ['verified', 300],
      ['unverifiable', 8],
    ]);
    expect(r.code).toBe(3); // the export is custody only, so the workspace as a whole is not "verified"
    const human = await run('verify', wsFile);
    expect(human.out).toMatch(/Kind {5}Tickmark bundle[^\n]*producer-signed[\s\S]*Kind {5}HL7 FHIR AuditEvent export[^\n]*custody only/);
  });
});

function leaves(events: Generated[]): string[] {
  return events.map((e) => canonicalize(e.resource));
}
