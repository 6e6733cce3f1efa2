// The source seam (#12 item 1): a path is told apart by kind, each kind names its integrity grade and checks.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { detectSource, SOURCES } from '../../electron/engine/sources/index';
import { SOURCE_KINDS } from '../../shared/source-kinds';

const root = path.resolve(__dirname, '../..');

describe('detectSource', () => {
  it('tells a Tickmark bundle, a CloudTrail kit and a Lake result folder apart', async () => {
    expect((await detectSource(path.join(root, 'resources/sample-engagement'))).id).toBe('tickmark-bundle');
    const kit = mkdtempSync(path.join(os.tmpdir(), 'tickmark-kind-'));
    writeFileSync(path.join(kit, 'kit.json'), JSON.stringify({ format: 'cloudtrail-export-kit/1' }));
    expect((await detectSource(kit)).id).toBe('cloudtrail-kit');
    const lake = mkdtempSync(path.join(os.tmpdir(), 'tickmark-kind-'));
    writeFileSync(path.join(lake, 'result_sign.json'), '{}');
    expect((await detectSource(lake)).id).toBe('cloudtrail-lake');
    // whatever no kind claims is read as a bundle, whose reader says what is missing
    expect((await detectSource(mkdtempSync(path.join(os.tmpdir(), 'tickmark-kind-')))).id).toBe('tickmark-bundle');
  });

  it('every kind states its integrity grade, its checks and a format document that exists in the project', async () => {
    const { existsSync } = await import('node:fs');
    expect(SOURCES.map((s) => s.id).sort()).toEqual(Object.keys(SOURCE_KINDS).sort());
    for (const s of SOURCES) {
      expect(s.checks.length).toBeGreaterThan(0);
      expect(existsSync(path.join(root, s.formatDoc)), s.formatDoc).toBe(true);
    }
  });
});
