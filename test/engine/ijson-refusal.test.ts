// #11 items 1, 5, 12: lines that JSON.parse reads one way and another reader (or the signed hash)
// another. Each attack keeps the record's hash valid under JSON.parse's reading, so before the I-JSON rule
// it verified; now every path — the WebAssembly and TypeScript fast paths, the reference path, workers,
// plain import, import with verification, and verifying the workspace from its stored lines — refuses
// the line as unusable input naming its file and line.
import { beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateBundle, importBundle, verifyBundlePath, verifyWorkspace, Workspace } from '../../electron/engine/index';
import { nodeHashing } from '../../electron/engine/hashing';
import { canonicalizeWithout } from '../../shared/jcs';
import type { Finding, VerificationReport } from '../../shared/types';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'tickmark-ijson-'));
const WEEK = 7 * 24 * 3600 * 1000;
const STREAM = 'streams/phi-access.jsonl';
const LINE = 40; // 1-based line of phi-access the attacker edits

/** `hashHolds`: the edited line's hash matches JSON.parse's reading of it (no hash can cover a lone surrogate,
 *  which has no UTF-8 form: that line was refused by verify already, but plain import stored it). */
type Attack = { name: string; edit: (line: string, obj: Record<string, unknown>) => string; problem: RegExp; hashHolds: boolean };

const attacks: Attack[] = [
  {
    // JSON.parse keeps the last member: the hash covers "success", a first-member reader shows "failure"
    name: 'a shadowing duplicate outcome',
    edit: (line) => line.replace('"outcome":', '"outcome":"failure","outcome":'),
    problem: /member name "outcome" twice/,
    hashHolds: true,
  },
  {
    name: 'a shadowing duplicate actor object',
    edit: (line) => line.replace('"actor":', '"actor":{"id":"u-9999","type":"user"},"actor":'),
    problem: /member name "actor" twice/,
    hashHolds: true,
  },
  {
    name: 'a duplicate inside a nested object',
    edit: (line) => line.replace(/"actor":\{/, '"actor":{"id":"u-9999",'),
    problem: /member name "id" twice in one object \(in "actor"\)/,
    hashHolds: true,
  },
  {
    // 2^53 + 1 rounds to 2^53 under JSON.parse: the record is re-hashed with 2^53, then edited to 2^53 + 1
    name: 'an integer beyond 2^53 - 1',
    edit: (_line, obj) => rehashed({ ...obj, amount: 9007199254740992 }).replace('9007199254740992', '9007199254740993'),
    problem: /9007199254740993, a whole number beyond/,
    hashHolds: true,
  },
  {
    name: 'an escaped lone surrogate in actor.id',
    edit: (line) => line.replace(/"actor":\{"id":"/, '"actor":{"id":"\\ud800'),
    problem: /lone surrogate/,
    hashHolds: false,
  },
];

/** The record re-serialized with a hash that JSON.parse's reading of it matches (an honest-looking line). */
function rehashed(obj: Record<string, unknown>): string {
  const o = { ...obj };
  o.hash = nodeHashing.recordHashes(canonicalizeWithout(o, 'hash')).hash;
  return JSON.stringify(o);
}

function unreadable(r: VerificationReport): Finding[] {
  return r.streams.flatMap((s) => s.findings).filter((f) => f.code === 'input-unreadable');
}

let bundle: Awaited<ReturnType<typeof generateBundle>>;
beforeAll(async () => {
  bundle = await generateBundle({ out: path.join(tmp, 'valid'), events: 900, seed: 'ijson' });
});

describe('lines that are not I-JSON are refused on every path (#11 items 1, 5, 12)', () => {
  for (const a of attacks) {
    it(a.name, async () => {
      const dir = path.join(tmp, a.name.replace(/\W+/g, '-'));
      cpSync(bundle.dir, dir, { recursive: true });
      const file = path.join(dir, STREAM);
      const lines = readFileSync(file, 'utf8').split('\n');
      const original = lines[LINE - 1]!;
      const edited = a.edit(original, JSON.parse(original) as Record<string, unknown>);
      expect(edited).not.toBe(original);
      // the edited line's own hash still matches JSON.parse's reading of it: only the I-JSON rule stops it
      const read = JSON.parse(edited) as Record<string, unknown>;
      if (a.hashHolds) expect(nodeHashing.recordHashes(canonicalizeWithout(read, 'hash')).hash).toBe(read.hash);
      lines[LINE - 1] = edited;
      // the next record must link to the edited one's hash (the attacker rehashed in the two re-hashing cases)
      const next = JSON.parse(lines[LINE]!) as Record<string, unknown>;
      if (next.prev_hash !== read.hash) lines[LINE] = rehashedChainFrom(lines, LINE, read.hash as string);
      writeFileSync(file, lines.join('\n'));

      const opts = { pins: [bundle.vendorKey], silentIntervalMs: WEEK };
      for (const variant of [{}, { reference: true }, { batchBytes: 4000 }, { parallel: true, batchBytes: 8000 }]) {
        const r = await verifyBundlePath(dir, { ...opts, ...variant });
        expect(r.verdict, JSON.stringify(variant)).not.toBe('verified');
        const f = unreadable(r);
        expect(
          f.map((x) => [x.file, x.line]),
          JSON.stringify(variant),
        ).toEqual([[STREAM, LINE]]);
        expect(f[0]!.message).toMatch(a.problem);
      }
      // plain import reads the same lines as verify: it refuses the bundle and stores nothing
      const ws = Workspace.open(path.join(dir, 'plain.tickmark'), { create: true });
      await expect(importBundle(ws, dir, {})).rejects.toThrow(new RegExp(`${STREAM}.*line ${LINE}|line ${LINE}.*${STREAM}`));
      expect(ws.db.prepare('SELECT count(*) AS n FROM events').get()).toEqual({ n: 0 });
      ws.close();
    });
  }
});

/** Rewrite the chain from line `from` (0-based index) on so every record links to the one before. */
function rehashedChainFrom(lines: string[], from: number, prev: string): string {
  let last = prev;
  let first = '';
  for (let i = from; i < lines.length && lines[i]; i++) {
    const o = JSON.parse(lines[i]!) as Record<string, unknown>;
    o.prev_hash = last;
    lines[i] = rehashed(o);
    last = JSON.parse(lines[i]!).hash as string;
    if (i === from) first = lines[i]!;
  }
  return first;
}

describe('verifying a workspace reads its stored lines by the same rule', () => {
  it('refuses a stored line edited to hold a shadowing duplicate member', async () => {
    const ws = Workspace.open(path.join(tmp, 'stored.tickmark'), { create: true });
    await importBundle(ws, bundle.dir, {});
    const row = ws.db
      .prepare("SELECT e.id, e.raw FROM events e JOIN streams s ON s.id = e.stream_id WHERE s.stream_key = 'phi-access' AND e.line = ?")
      .get(LINE) as { id: number; raw: string };
    ws.db.prepare('UPDATE events SET raw = ? WHERE id = ?').run(row.raw.replace('"outcome":', '"outcome":"failure","outcome":'), row.id);
    const [run] = await verifyWorkspace(ws, { pins: [bundle.vendorKey], silentIntervalMs: WEEK });
    expect(run!.report.verdict).not.toBe('verified');
    expect(unreadable(run!.report).map((f) => [f.file, f.line])).toEqual([[STREAM, LINE]]);
    expect(unreadable(run!.report)[0]!.message).toMatch(/member name "outcome" twice/);
    ws.close();
  });
});
