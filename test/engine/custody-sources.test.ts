// #15: the custody-only sources on the custody seam — Okta System Log, GitHub audit log, pgaudit csvlog and
// a mapped JSONL/CSV — imported through `tickmark import`, each record kept as received under a custody
// receipt with the fields its specification gives (fixtures from test/helpers/custody-exports.ts).
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from '../../electron/cli/main';
import { Workspace } from '../../electron/engine/index';
import { merkleHasher, rootFromLeafHashes } from '../../shared/merkle';
import { toHex } from '../../shared/hex';
import {
  csvLine,
  githubCsvRow,
  githubEvent,
  GITHUB_CSV_COLUMNS,
  IN_HOUSE_CSV_COLUMNS,
  IN_HOUSE_MAPPING,
  inHouseCsvRow,
  inHouseEvent,
  oktaEvent,
  pgauditLine,
  seeded,
  series,
  type GenRecord,
} from '../helpers/custody-exports';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'tickmark-custody-'));
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

const write = (name: string, text: string): string => {
  const file = path.join(tmp, name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
};
const jsonl = (recs: GenRecord[]): string[] => recs.map((r) => JSON.stringify(r.value));
const csvRows = (recs: GenRecord[], row: (v: Record<string, unknown>) => string[]): string[] =>
  recs.map((r) => csvLine(row(r.value as Record<string, unknown>)));
const mappingFile = write('in-house.mapping.json', JSON.stringify(IN_HOUSE_MAPPING, null, 2));

interface Row {
  seq: number;
  line: number;
  ts: string;
  ts_ms: number;
  category: string;
  action: string;
  actor_id: string;
  actor_type: string;
  target: string | null;
  outcome: string;
  mfa: number | null;
  raw: string;
}

function stored(wsFile: string): {
  rows: Row[];
  receipts: { file_name: string; records: number; merkle_root: string; file_sha256: string }[];
  kinds: string[];
} {
  const ws = Workspace.open(wsFile);
  try {
    return {
      rows: ws.db
        .prepare('SELECT seq, line, ts, ts_ms, category, action, actor_id, actor_type, target, outcome, mfa, raw FROM events ORDER BY stream_id, seq')
        .all() as Row[],
      receipts: ws.db.prepare('SELECT file_name, records, merkle_root, file_sha256 FROM custody_receipts ORDER BY bundle_id').all() as never,
      kinds: ws.db.prepare('SELECT kind FROM bundles ORDER BY id').pluck().all() as string[],
    };
  } finally {
    ws.close();
  }
}

function counts(wsFile: string): Record<string, number> {
  const ws = Workspace.open(wsFile);
  try {
    const n = (t: string): number => ws.db.prepare(`SELECT COUNT(*) FROM ${t}`).pluck().get() as number;
    return {
      bundles: n('bundles'),
      streams: n('streams'),
      events: n('events'),
      receipts: n('custody_receipts'),
      files: n('bundle_files'),
      activity: n('activity_log'),
    };
  } finally {
    ws.close();
  }
}

/** Each stored row is the generated record's expected fields, at its line, with its leaf. */
function expectRows(rows: Row[], recs: GenRecord[], leaves: string[], lines: number[]): void {
  const audit = recs.filter((r) => r.expected !== null);
  expect(rows).toHaveLength(audit.length);
  rows.forEach((row, i) => {
    const x = audit[i]!.expected!;
    expect(row).toEqual({
      seq: i,
      line: lines[i],
      ts: x.ts,
      ts_ms: x.tsMs,
      category: x.category,
      action: x.action,
      actor_id: x.actorId,
      actor_type: x.actorType,
      target: x.target,
      outcome: x.outcome,
      mfa: x.mfa,
      raw: leaves[i],
    });
  });
}

const lines1 = (n: number, first = 1): number[] => Array.from({ length: n }, (_, i) => i + first);

describe('custody-only sources: each record mapped from its specification, kept as received', () => {
  it('Okta System Log as JSONL: detected, mapped, receipt over the lines', async () => {
    const recs = series(oktaEvent, 60, 1);
    const leaves = jsonl(recs);
    const file = write('okta.jsonl', `${leaves.join('\n')}\n`);
    const wsFile = path.join(tmp, 'okta.tickmark');
    const r = await run('import', file, '--workspace', wsFile);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/Imported 60 Okta LogEvent records as bundle #1 under a custody receipt/);
    const s = stored(wsFile);
    expect(s.kinds).toEqual(['okta-system-log']);
    expectRows(s.rows, recs, leaves, lines1(60));
    expect(s.receipts[0]).toEqual({ file_name: 'okta.jsonl', records: 60, merkle_root: rootOf(leaves), file_sha256: toHex(sha(readFileSync(file))) });
    expect(new Set(s.rows.map((x) => x.category)).size).toBeGreaterThan(3);
  });

  it('Okta System Log as a JSON array: each leaf is the element exactly as received, at its line', async () => {
    const recs = series(oktaEvent, 12, 2);
    const leaves = jsonl(recs);
    const file = write('okta-page.json', `[\n${leaves.join(',\n')}\n]\n`);
    const wsFile = path.join(tmp, 'okta-array.tickmark');
    expect((await run('import', file, '--workspace', wsFile)).code).toBe(0);
    const s = stored(wsFile);
    expectRows(s.rows, recs, leaves, lines1(12, 2));
    expect(s.receipts[0]!.merkle_root).toBe(rootOf(leaves));
  });

  it('GitHub audit log as JSON and as CSV: the same events, the CSV leaves its rows as received', async () => {
    const recs = series(githubEvent, 40, 3);
    const leaves = jsonl(recs);
    const json = write('gh/export.json', `[${leaves.join(',')}]`);
    const w1 = path.join(tmp, 'gh-json.tickmark');
    expect((await run('import', json, '--workspace', w1)).code).toBe(0);
    expectRows(
      stored(w1).rows,
      recs,
      leaves,
      lines1(40).map(() => 1),
    );

    const rows = csvRows(recs, githubCsvRow);
    const csv = write('gh-export.csv', `${csvLine([...GITHUB_CSV_COLUMNS])}\r\n${rows.join('\r\n')}\r\n`);
    const w2 = path.join(tmp, 'gh-csv.tickmark');
    const r = await run('import', csv, '--workspace', w2);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/Imported 40 GitHub audit log records/);
    const s = stored(w2);
    expect(s.kinds).toEqual(['github-audit-log']);
    expectRows(s.rows, recs, rows, lines1(40, 2));
    expect(s.receipts[0]!.merkle_root).toBe(rootOf(rows));
  });

  it('pgaudit in csvlog: AUDIT entries are records, other log lines are counted as skipped; 23, 24 and 26 columns', async () => {
    const rand = seeded(4);
    const recs: GenRecord[] = [];
    let ms = Date.UTC(2026, 2, 1);
    for (let i = 0; i < 45; i++) {
      ms += 60_000 + Math.floor(rand() * 3_600_000);
      recs.push(pgauditLine(rand, ms, i < 15 ? 23 : i < 30 ? 24 : 26, i % 7 === 3, i + 1));
    }
    const all = recs.map((r) => csvLine(r.value as string[]));
    const file = write('postgresql-2026-03-01.csv', `${all.join('\n')}\n`);
    const wsFile = path.join(tmp, 'pg.tickmark');
    const r = await run('import', file, '--workspace', wsFile);
    expect(r.code, r.err).toBe(0);
    const skipped = recs.filter((x) => x.expected === null).length;
    expect(skipped).toBeGreaterThan(0);
    expect(r.out).toMatch(new RegExp(`${skipped} line\\(s\\) of the file are not audit records`));
    const auditIdx = recs.flatMap((x, i) => (x.expected === null ? [] : [i]));
    expectRows(
      stored(wsFile).rows,
      recs,
      auditIdx.map((i) => all[i]!),
      auditIdx.map((i) => i + 1),
    );
  });

  it('a JSONL and a CSV of an in-house system under a declared field mapping', async () => {
    const recs = series(inHouseEvent, 30, 5);
    const leaves = jsonl(recs);
    const file = write('inhouse.jsonl', `${leaves.join('\n')}\n`);
    const w1 = path.join(tmp, 'inhouse-jsonl.tickmark');
    const r = await run('import', file, '--workspace', w1, '--as', 'jsonl', '--map', mappingFile);
    expect(r.code, r.err).toBe(0);
    expectRows(stored(w1).rows, recs, leaves, lines1(30));

    const rows = csvRows(recs, inHouseCsvRow);
    const csv = write('inhouse.csv', `${csvLine([...IN_HOUSE_CSV_COLUMNS])}\n${rows.join('\n')}\n`);
    const w2 = path.join(tmp, 'inhouse-csv.tickmark');
    expect((await run('import', csv, '--workspace', w2, '--as', 'csv', '--map', mappingFile)).code).toBe(0);
    const s = stored(w2);
    expect(s.kinds).toEqual(['mapped-csv']);
    expectRows(s.rows, recs, rows, lines1(30, 2));
    // a mapped kind is chosen, never guessed
    expect((await run('import', csv, '--workspace', path.join(tmp, 'x.tickmark'), '--as', 'csv')).code).toBe(2);
  });
});

describe('custody-only imports: duplicates, the audit window, folders, refusals and the receipt afterwards', () => {
  it('counts duplicates by event id (Okta uuid), across the files of a folder too, and keeps every record', async () => {
    const recs = series(oktaEvent, 30, 6);
    const leaves = jsonl(recs);
    // an overlapping second page: its first two records are the last two of the first
    const page1 = write('okta-pages/page-1.jsonl', `${leaves.slice(0, 20).join('\n')}\n`);
    write('okta-pages/page-2.jsonl', `${leaves.slice(18).join('\n')}\n`);
    const wsFile = path.join(tmp, 'okta-pages.tickmark');
    const r = await run('import', path.dirname(page1), '--workspace', wsFile, '--json');
    expect(r.code, r.err).toBe(0);
    const out = JSON.parse(r.out) as {
      kind: string;
      records: number;
      files: { file: string; sha256: string; records: number; bundleId: number }[];
      duplicates: { count: number; examples: { key: string; at: { file: string; line: number }; first: { file: string; line: number } }[] };
    };
    expect(out.kind).toBe('okta-system-log');
    expect(out.records).toBe(32);
    expect(out.files.map((f) => [path.basename(f.file), f.records, f.bundleId])).toEqual([
      ['page-1.jsonl', 20, 1],
      ['page-2.jsonl', 12, 2],
    ]);
    expect(out.files[1]!.sha256).toBe(toHex(sha(readFileSync(path.join(path.dirname(page1), 'page-2.jsonl')))));
    expect(out.duplicates.count).toBe(2);
    expect(out.duplicates.examples[0]).toEqual({
      key: recs[18]!.dupKey,
      at: { file: path.join(path.dirname(page1), 'page-2.jsonl'), line: 1 },
      first: { file: page1, line: 19 },
    });
    expect(counts(wsFile)).toMatchObject({ bundles: 2, events: 32, receipts: 2 });
    // the same folder again: recognised by each file's SHA-256, nothing added
    const again = await run('import', path.dirname(page1), '--workspace', wsFile);
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/^Already imported: All 2 files were already imported \(as bundles #1, #2\); nothing was added\./);
    expect(counts(wsFile)).toMatchObject({ bundles: 2, events: 32 });
  });

  it('counts records outside the window: --window, else the engagement window', async () => {
    const recs = series(githubEvent, 50, 7);
    const file = write('gh-window.json', `[${jsonl(recs).join(',')}]`);
    const start = Date.UTC(2026, 2, 1);
    const end = Date.UTC(2026, 5, 30, 23, 59, 59);
    const before = recs.filter((x) => x.expected!.tsMs < start).length;
    const after = recs.filter((x) => x.expected!.tsMs > end).length;
    expect(before * after).toBeGreaterThan(0);
    const wsFile = path.join(tmp, 'gh-window.tickmark');
    const r = await run('import', file, '--workspace', wsFile, '--window', '2026-03-01T00:00:00Z/2026-06-30T23:59:59Z', '--json');
    expect(r.code, r.err).toBe(0);
    expect((JSON.parse(r.out) as { outOfWindow: unknown }).outOfWindow).toMatchObject({
      count: before + after,
      before,
      after,
      window: { from: 'option' },
    });

    // without --window: the engagement's (dates cover whole UTC days)
    const w2 = path.join(tmp, 'gh-window-eng.tickmark');
    const ws = Workspace.open(w2, { create: true });
    ws.engagement({ windowStart: '2026-03-01', windowEnd: '2026-06-30' });
    ws.close();
    const e = await run('import', file, '--workspace', w2);
    expect(e.code, e.err).toBe(0);
    expect(e.out).toContain(
      `Window   2026-03-01 – 2026-06-30 (the engagement's): ${before + after} record(s) outside it (${before} before, ${after} after)`,
    );
    // no window at all: said, not guessed
    const none = await run('import', file, '--workspace', path.join(tmp, 'gh-nowindow.tickmark'));
    expect(none.out).toMatch(/Window {3}none: give --window/);
    expect((await run('import', file, '--workspace', path.join(tmp, 'gh-badwindow.tickmark'), '--window', '2026-03-01/2026-06-30')).code).toBe(2);
  });

  it('refuses a bad record naming file and line, exit 2, and leaves the workspace as it was — a folder as a whole', async () => {
    const wsFile = path.join(tmp, 'refuse.tickmark');
    expect((await run('import', write('ok.jsonl', `${jsonl(series(oktaEvent, 5, 8)).join('\n')}\n`), '--workspace', wsFile)).code).toBe(0);
    const before = counts(wsFile);

    const good = jsonl(series(oktaEvent, 10, 9));
    const bad = [...good];
    bad[6] = bad[6]!.replace(/"published":"[^"]*"/, '"published":"yesterday"');
    write('refuse-dir/a.jsonl', `${good.join('\n')}\n`);
    const badFile = write('refuse-dir/b.jsonl', `${bad.join('\n')}\n`);
    const r = await run('import', path.join(tmp, 'refuse-dir'), '--workspace', wsFile);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${badFile}: line 7 has the published time "yesterday", which is not an RFC 3339 date-time. Nothing was imported.`);
    expect(counts(wsFile)).toEqual(before); // a.jsonl, read fine, is not imported either

    // a CSV row of the wrong width, a pgaudit entry of an unknown class, a mapped value the mapping does not know
    const rows = csvRows(series(githubEvent, 6, 10), githubCsvRow);
    rows[3] = `${rows[3]},extra`;
    const gh = write('gh-bad.csv', `${csvLine([...GITHUB_CSV_COLUMNS])}\n${rows.join('\n')}\n`);
    const g = await run('import', gh, '--workspace', wsFile);
    expect([g.code, g.err]).toEqual([2, `tickmark: ${gh}: line 5 has 12 fields where the header has 11. Nothing was imported.`]);
    const pg = pgauditLine(seeded(11), Date.UTC(2026, 1, 1));
    const pgBad = write(
      'pg-bad.csv',
      `${csvLine(pg.value as string[]).replace(/AUDIT: (SESSION|OBJECT),(\d+),1,[A-Z_]+,/, 'AUDIT: $1,$2,1,WRITES,')}\n`,
    );
    const p = await run('import', pgBad, '--workspace', wsFile, '--as', 'pgaudit');
    expect(p.code).toBe(2);
    expect(p.err).toMatch(/pg-bad\.csv: line 1 has the CLASS "WRITES", which is none of READ, WRITE/);
    const ih = jsonl(series(inHouseEvent, 4, 12));
    ih[2] = ih[2]!.replace(/"status":"[a-z]+"/, '"status":"maybe"');
    const m = await run('import', write('ih-bad.jsonl', `${ih.join('\n')}\n`), '--workspace', wsFile, '--as', 'jsonl', '--map', mappingFile);
    expect(m.code).toBe(2);
    expect(m.err).toMatch(/ih-bad\.jsonl: line 3 has the outcome "maybe" in "status", which the mapping lists neither as success nor as failure/);
    // bytes that are not UTF-8: a leaf could not be the record's bytes as received
    const latin1 = path.join(tmp, 'okta-latin1.jsonl');
    const okta = jsonl(series(oktaEvent, 4, 18));
    writeFileSync(
      latin1,
      Buffer.concat([
        Buffer.from(`${okta.slice(0, 2).join('\n')}\n`),
        Buffer.from(okta[2]!.replace('An event', 'Caf\u00e9'), 'latin1'),
        Buffer.from(`\n${okta[3]}\n`),
      ]),
    );
    const u = await run('import', latin1, '--workspace', wsFile);
    expect([u.code, u.err]).toEqual([
      2,
      `tickmark: ${latin1}: line 3 is not UTF-8 text, so its bytes cannot be kept as received. Nothing was imported.`,
    ]);
    expect(counts(wsFile)).toEqual(before);
  });

  it('refuses a mapping file with a bad member, naming it, before reading the export', async () => {
    const bad = write('bad.mapping.json', JSON.stringify({ ...IN_HOUSE_MAPPING, category: { field: 'what', map: { login: 'authentication' } } }));
    const wsFile = path.join(tmp, 'badmap.tickmark');
    const r = await run(
      'import',
      write('ih.jsonl', `${jsonl(series(inHouseEvent, 3, 13)).join('\n')}\n`),
      '--workspace',
      wsFile,
      '--as',
      'jsonl',
      '--map',
      bad,
    );
    expect(r.code).toBe(2);
    expect(r.err).toMatch(
      /bad\.mapping\.json is not a valid field mapping \(docs\/field-mapping\.schema\.json\): member category\.map\.login: Invalid option/,
    );
  });

  it('a folder of exports of two kinds is refused, naming the odd file', async () => {
    write('mixed/a.jsonl', `${jsonl(series(oktaEvent, 3, 14)).join('\n')}\n`);
    const odd = write('mixed/b.json', `[${jsonl(series(githubEvent, 3, 15)).join(',')}]`);
    const r = await run('import', path.join(tmp, 'mixed'), '--workspace', path.join(tmp, 'mixed.tickmark'));
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${odd} is GitHub audit log, but`);
  });

  it('the custody receipt shows a record, a column or the kept CSV header changed in the workspace afterwards', async () => {
    const recs = series(githubEvent, 20, 16);
    const rows = csvRows(recs, githubCsvRow);
    const file = write('gh-tamper.csv', `${csvLine([...GITHUB_CSV_COLUMNS])}\n${rows.join('\n')}\n`);
    const wsFile = path.join(tmp, 'tamper.tickmark');
    expect((await run('import', file, '--workspace', wsFile)).code).toBe(0);
    const ok = await run('verify', wsFile);
    expect(ok.code).toBe(3);
    expect(ok.out).toMatch(/Kind {5}GitHub audit log export \(JSON or CSV\); integrity grade: custody only/);
    expect(ok.out).toMatch(/as in the custody receipt; nothing changed since receipt/);
    const edit = (sql: string): void => {
      const ws = Workspace.open(wsFile);
      try {
        ws.db.prepare(sql).run();
      } finally {
        ws.close();
      }
    };
    const findings = async (): Promise<{ code: string; message: string }[]> => {
      const v = await run('verify', wsFile, '--json');
      expect(v.code).toBe(1);
      return (JSON.parse(v.out) as { streams: { findings: { code: string; message: string }[] }[] }).streams[0]!.findings;
    };
    // the record's actor rewritten in both the record and its column: only the root can tell
    const seq = recs.findIndex((x) => x.expected!.actorType === 'user');
    const actor = recs[seq]!.expected!.actorId;
    edit(`UPDATE events SET raw = replace(raw, '${actor}', 'someone-else'), actor_id = 'someone-else' WHERE seq = ${seq}`);
    expect((await findings()).map((f) => f.code)).toEqual(['merkle-root-mismatch']);
    edit(`UPDATE events SET raw = replace(raw, 'someone-else', '${actor}'), actor_id = '${actor}' WHERE seq = ${seq}`);
    expect((await run('verify', wsFile)).code).toBe(3);
    // a column alone: the record mapped again tells, at its line
    edit("UPDATE events SET target = 'elsewhere' WHERE seq = 9");
    const f = await findings();
    expect(f.map((x) => x.code)).toEqual(['stored-field-mismatch']);
    expect(f[0]!.message).toMatch(/gh-tamper\.csv line 11 \(seq 9\): the stored target is "elsewhere"/);
    edit(`UPDATE events SET target = ${recs[9]!.expected!.target === null ? 'NULL' : `'${recs[9]!.expected!.target}'`} WHERE seq = 9`);
    expect((await run('verify', wsFile)).code).toBe(3);
    // the header kept to read the rows again, with two columns swapped so the rows map differently
    edit(
      'UPDATE bundle_files SET content = CAST(replace(CAST(content AS TEXT), \'"repo","user"\', \'"user","repo"\') AS BLOB) WHERE path = \':custody-context\'',
    );
    const h = await findings();
    expect(h[0]!.message).toMatch(/the mapping context kept with the import .* is not the one the activity log recorded at import/);
  });

  it('tickmark verify <file> gives the custody report for these kinds: custody only, its hashes, duplicates, refusals at their line', async () => {
    const recs = series(oktaEvent, 15, 17);
    const leaves = jsonl(recs);
    leaves.push(leaves[3]!);
    const file = write('okta-verify.jsonl', `${leaves.join('\n')}\n`);
    const r = await run('verify', file, '--json');
    expect(r.code).toBe(3);
    const rep = JSON.parse(r.out) as Record<string, unknown>;
    expect(rep).toMatchObject({
      kind: 'okta-system-log',
      integrity: 'custody-only',
      records: 16,
      duplicates: 1,
      merkleRoot: rootOf(leaves),
      problems: [],
    });
    expect(rep['sha256']).toBe(toHex(sha(readFileSync(file))));
    const human = await run('verify', file);
    expect(human.out).toMatch(/Kind {5}Okta System Log export.*custody only[\s\S]*CUSTODY ONLY/);
    leaves[8] = '{"eventType": "user.session.start"';
    writeFileSync(file, `${leaves.join('\n')}\n`);
    const bad = await run('verify', file);
    expect(bad.code).toBe(2);
    expect(bad.out).toMatch(/Refused {2}.*okta-verify\.jsonl: line 9 is not valid JSON/);
  });
});
