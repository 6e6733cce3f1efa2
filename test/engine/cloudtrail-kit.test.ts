// Each check of cloudtrail-export-kit/1 §3–4 failing on the tamper that defeats it, with the Region and the
// object named; the kits come from test/helpers/cloudtrail-kit.ts, written from AWS's published formats.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync, readdirSync, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import yazl from 'yazl';
import { generateKit, type KitTamper } from '../helpers/cloudtrail-kit';
import { verifyCloudTrailPath, readPinFiles, detect } from '../../electron/engine/sources/cloudtrail/index';
import { InputError } from '../../electron/engine/io/source';
import type { Finding } from '../../shared/types';
import type { CloudTrailKitReport } from '../../shared/cloudtrail/report';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'tickmark-cloudtrail-'));

function allFindings(r: CloudTrailKitReport): Finding[] {
  return [...r.findings, ...r.chains.flatMap((c) => c.findings), ...r.lake.flatMap((l) => l.findings)];
}

async function verifyTampered(tamper: KitTamper): Promise<{ report: CloudTrailKitReport; tampered: { region: string; key: string } }> {
  const kit = generateKit({ dir: path.join(tmp, tamper), tamper });
  const report = await verifyCloudTrailPath(kit.dir, readPinFiles([kit.pinFile]));
  return { report, tampered: kit.tampered! };
}

async function zipFolder(dir: string, zipPath: string, top: string): Promise<void> {
  const z = new yazl.ZipFile();
  const walk = (rel: string): void => {
    for (const d of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${d.name}` : d.name;
      if (d.isDirectory()) walk(r);
      else z.addBuffer(readFileSync(path.join(dir, r)), `${top}${r}`);
    }
  };
  walk('');
  z.end();
  const ws = createWriteStream(zipPath);
  z.outputStream.pipe(ws);
  await once(ws, 'finish');
}

describe('a clean kit', () => {
  it('verifies with pinned keys across a key rotation, a backfill digest and Lake results', async () => {
    const kit = generateKit({ dir: path.join(tmp, 'clean'), backfill: true, lake: true });
    expect(await detect(kit.dir)).toBe('kit');
    const r = await verifyCloudTrailPath(kit.dir, readPinFiles([kit.pinFile]));
    expect(allFindings(r).filter((f) => f.severity !== 'info')).toEqual([]);
    expect(r.verdict).toBe('verified');
    expect(r.chains.map((c) => [c.region, c.verdict, c.digests, c.segments, c.uncovered.length])).toEqual([
      ['us-east-1', 'verified', 10, 1, 0],
      ['us-west-2', 'verified', 10, 1, 0],
    ]);
    expect(r.chains[0]!.backfillDigests).toBe(1);
    expect(r.chains[0]!.logFiles).toEqual({ listed: 20, verified: 20 });
    expect(r.lake[0]).toMatchObject({ signature: 'verified', verdict: 'verified' });
  });

  it('without pins is valid only under the vendor keys: unverifiable, never verified', async () => {
    const kit = generateKit({ dir: path.join(tmp, 'nopins') });
    const r = await verifyCloudTrailPath(kit.dir, []);
    expect(r.verdict).toBe('unverifiable');
    expect(r.chains.every((c) => c.signatures.unpinned === 10 && c.signatures.pinned === 0)).toBe(true);
  });

  it('an organization trail verifies under AWSLogs/<org-id>/<account>/', async () => {
    const kit = generateKit({ dir: path.join(tmp, 'org'), organizationId: 'o-a1b2c3d4e5' });
    const r = await verifyCloudTrailPath(kit.dir, readPinFiles([kit.pinFile]));
    expect(r.verdict).toBe('verified');
    expect(r.chains[0]).toMatchObject({ organizationId: 'o-a1b2c3d4e5', claimed: true });
  });

  it('a .zip with the kit inside one top-level folder verifies the same', async () => {
    const kit = generateKit({ dir: path.join(tmp, 'zipped') });
    const zip = path.join(tmp, 'kit.zip');
    await zipFolder(kit.dir, zip, 'northwind-kit/');
    expect(await detect(zip)).toBe('kit');
    const r = await verifyCloudTrailPath(zip, readPinFiles([kit.pinFile]));
    expect(r.verdict).toBe('verified');
  });
});

describe('each check fails on its tamper, naming the Region and the object', () => {
  const cases: [KitTamper, string, 'failed' | 'unverifiable' | 'verified'][] = [
    ['edit-log', 'cloudtrail-log-altered', 'failed'],
    ['delete-log', 'cloudtrail-log-missing', 'failed'],
    ['gzip-trailing', 'cloudtrail-log-unreadable', 'failed'],
    ['unlisted-log', 'cloudtrail-log-unlisted', 'failed'],
    ['delete-digest', 'cloudtrail-digest-missing', 'failed'],
    ['move-digest', 'cloudtrail-digest-moved', 'failed'],
    ['copy-digest', 'cloudtrail-digest-copy', 'failed'],
    ['bad-signature', 'cloudtrail-signature-invalid', 'failed'],
    ['unpinned-signer', 'cloudtrail-signature-unpinned', 'unverifiable'],
    ['vendor-key-bytes', 'cloudtrail-vendor-key-mismatch', 'failed'],
    ['newest-too-soon', 'cloudtrail-coverage-tail', 'verified'],
    ['backfill-for-gap', 'cloudtrail-digest-missing', 'failed'],
  ];
  it.each(cases)('%s → %s', async (tamper, code, verdict) => {
    const { report, tampered } = await verifyTampered(tamper);
    expect(report.verdict).toBe(verdict);
    const f = allFindings(report).filter((x) => x.code === code && x.region === tampered.region);
    expect(f.length).toBeGreaterThan(0);
    expect(f.some((x) => x.message.includes(`Region ${tampered.region}`) && x.message.includes(tampered.key.split('/').pop()!))).toBe(true);
    // the untouched first Region stays clean of errors
    expect(report.chains.find((c) => c.region === 'us-east-1')!.findings.filter((x) => x.severity === 'error')).toEqual([]);
  });

  it('a deleted digest leaves its hour uncovered, and a backfill digest does not cover it', async () => {
    for (const tamper of ['delete-digest', 'backfill-for-gap'] as const) {
      const { report } = await verifyTampered(tamper);
      const west = report.chains.find((c) => c.region === 'us-west-2')!;
      expect(west.uncovered).toEqual([{ from: '2026-01-01T03:01:31Z', to: '2026-01-01T04:01:31Z' }]);
      expect(
        west.findings.some((f) => f.code === 'cloudtrail-coverage-gap' && f.message.includes('2026-01-01T03:01:31Z – 2026-01-01T04:01:31Z (1 h)')),
      ).toBe(true);
    }
  });
});

describe('unusable input', () => {
  it('a kit.json that is not JSON is refused with its line', async () => {
    const kit = generateKit({ dir: path.join(tmp, 'badkit') });
    writeFileSync(path.join(kit.dir, 'kit.json'), '{\n  "format": "cloudtrail-export-kit/1",\n  "tenant": ,\n}');
    const e = await verifyCloudTrailPath(kit.dir, []).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(InputError);
    expect(e).toMatchObject({ file: 'kit.json', line: 3 });
  });
  it('a Lake result altered after signing fails', async () => {
    const kit = generateKit({ dir: path.join(tmp, 'lake'), lake: true });
    writeFileSync(path.join(kit.dir, 'lake/result_2.csv.gz'), Buffer.from('not the result'));
    const r = await verifyCloudTrailPath(path.join(kit.dir, 'lake'), readPinFiles([kit.pinFile]));
    expect(r.lake[0]!.findings.map((f) => [f.code, f.file])).toEqual([['cloudtrail-lake-file-altered', 'result_2.csv.gz']]);
    expect(r.verdict).toBe('failed');
  });
});

describe('gzip as CloudTrail writes it', () => {
  it('one member, nothing after it: trailing zeros and a second member are refused, which node:zlib would accept', async () => {
    const { gunzipExact } = await import('../../electron/engine/sources/cloudtrail/gunzip-exact');
    const { gzipSync, gunzipSync } = await import('node:zlib');
    const gz = gzipSync(Buffer.from('{"Records":[]}'));
    expect(gunzipExact(gz)).toMatchObject({ ok: true });
    for (const bad of [Buffer.concat([gz, Buffer.alloc(4)]), Buffer.concat([gzipSync(''), gz]), Buffer.concat([gz, gzipSync('{}')])]) {
      expect(() => gunzipSync(bad)).not.toThrow(); // the platform reads these silently
      expect(gunzipExact(bad)).toMatchObject({ ok: false, problem: expect.stringMatching(/bytes after the end of its gzip stream/) });
    }
    expect(gunzipExact(gz.subarray(0, gz.length - 4))).toMatchObject({ ok: false });
  });
});
