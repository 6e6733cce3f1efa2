// #15 first step through the source seam: `tickmark verify` on a FHIR AuditEvent export reports custody
// (file SHA-256, an RFC 9162 root over the records as received), the time span and silent intervals, and
// the integrity grade "custody only" — never "verified" (exit 3); refused records are exit 2 at their line.
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from '../../electron/cli/main';
import { detectSource } from '../../electron/engine/sources/index';
import { merkleHasher, rootFromLeafHashes } from '../../shared/merkle';
import { toHex } from '../../shared/hex';
import { generateAuditEvents, seeded } from '../helpers/fhir-audit-events';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'tickmark-fhir-'));
const sha = (b: Uint8Array | string): Uint8Array => createHash('sha256').update(b).digest();

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (s) => void out.push(s), err: (s) => void err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

function ndjson(name: string, n: number, seed: number): { file: string; lines: string[] } {
  const events = generateAuditEvents(seeded(seed), n);
  const lines = events.map((e) => JSON.stringify(e.resource));
  const file = path.join(tmp, name);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return { file, lines };
}

describe('a FHIR AuditEvent export through tickmark verify', () => {
  it('is told apart from bundles and kits, and reported as custody only, with its hashes', async () => {
    const { file, lines } = ndjson('audit.ndjson', 40, 7);
    expect((await detectSource(file)).id).toBe('fhir-audit-event');
    const r = await run('verify', file, '--json');
    expect(r.code).toBe(3);
    const report = JSON.parse(r.out) as { integrity: string; records: number; sha256: string; merkleRoot: string; problems: unknown[] };
    expect([report.integrity, report.records, report.problems]).toEqual(['custody-only', 40, []]);
    expect(report.sha256).toBe(toHex(sha(readFileSync(file))));
    // the root over the records as received, recomputed here from the lines
    const h = merkleHasher(sha);
    expect(report.merkleRoot).toBe(
      toHex(
        rootFromLeafHashes(
          h,
          lines.map((l) => h.hashLeaf(new TextEncoder().encode(l))),
        ),
      ),
    );
    const human = await run('verify', file);
    expect(human.out).toMatch(/integrity grade: custody only/);
    expect(human.out).toMatch(/CUSTODY ONLY/);
    expect(human.out).not.toMatch(/VERIFIED/);
  });

  it('refuses unreadable records at their line with exit 2, and takes no pinned key', async () => {
    const { file, lines } = ndjson('bad.ndjson', 10, 8);
    lines[3] = lines[3]!.replace('"resourceType":"AuditEvent"', '"resourceType":"AuditEvent","resourceType":"Patient"');
    lines[6] = '';
    writeFileSync(file, `${lines.join('\n')}\n`);
    const r = await run('verify', file);
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/bad\.ndjson: line 4 has the member name "resourceType" twice/);
    expect(r.out).toMatch(/bad\.ndjson: line 7 is blank/);
    expect((await run('verify', file, '--pin', 'x+00000000+AAAA')).code).toBe(2);
  });
});
