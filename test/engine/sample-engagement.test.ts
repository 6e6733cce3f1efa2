// #13 item 11: a newcomer's first sight is the product at work. With prepareSample (npm start, npm run web)
// the sample engagement opens imported, verified under the pinned sample key, with a session in progress and
// the soc2-healthcare pack run over its planted evidence tables (#16 item 5);
// without it (the browser tests that walk the import themselves) it opens empty, as before.
import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EngineService } from '../../electron/engine/api-service';
import { listAnalyticsRuns } from '../../electron/engine/analytics/index';
import { generateBundle } from '../../electron/engine/fixtures/generate';
import { Workspace } from '../../electron/engine/store/workspace';

const root = path.resolve(__dirname, '../..');
const sample = {
  sampleBundle: path.join(root, 'resources/sample-engagement'),
  sampleKeyFile: path.join(root, 'resources/sample-engagement.vendor-key.txt'),
};

describe('the sample engagement at first start', () => {
  it('opens imported, verified and with a sampling session in progress', async () => {
    const service = new EngineService({
      ...sample,
      dataDir: mkdtempSync(path.join(os.tmpdir(), 'tickmark-first-')),
      actor: 'newcomer',
      prepareSample: true,
    });
    const e = await service.call('openSampleEngagement', undefined);
    expect(e.bundles).toHaveLength(1);
    expect(e.bundles[0]!.verdict).toBe('verified');
    const sessions = await service.call('sessions', undefined);
    expect(sessions).toHaveLength(1);
    const v = await service.call('session', { sessionId: sessions[0]!.id });
    expect(v.status).toBe('open');
    const recorded = v.items.filter((i) => Object.keys(i.results).length > 0).length;
    expect(recorded).toBeGreaterThan(0);
    expect(recorded).toBeLessThan(v.items.length); // in progress, not done
    expect(v.activity.map((a) => a.action)).toEqual(expect.arrayContaining(['define-population', 'draw-sample', 'record-result']));
    // opened again, it is the same engagement, not imported twice
    const again = await service.call('openSampleEngagement', undefined);
    expect(again.bundles).toHaveLength(1);
    service.close();
  });

  it('opens with the soc2-healthcare pack run once, its findings the planted ones', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tickmark-first-'));
    const service = new EngineService({ ...sample, dataDir, actor: 'newcomer', prepareSample: true });
    await service.call('openSampleEngagement', undefined);
    await service.call('openSampleEngagement', undefined);
    service.close();
    // what was planted, from the generator (the same bundle as resources/, test/engine/sample-analytics.test.ts)
    const g = await generateBundle({ out: path.join(dataDir, 'planted'), events: 3000, seed: 'tickmark-sample', planted: true });
    const ws = Workspace.open(path.join(dataDir, 'sample-engagement.tickmark'));
    try {
      const runs = listAnalyticsRuns(ws);
      expect(runs).toHaveLength(1);
      expect(runs[0]).toMatchObject({
        pack: { id: 'soc2-healthcare' },
        by: 'newcomer',
        exceptions: g.planted!.findings.filter((f) => f.severity === 'exception').length,
        info: g.planted!.findings.filter((f) => f.severity === 'info').length,
      });
    } finally {
      ws.close();
    }
  });

  it('opens empty for hosts that walk the import themselves', async () => {
    const service = new EngineService({ ...sample, dataDir: mkdtempSync(path.join(os.tmpdir(), 'tickmark-first-')), actor: 'e2e' });
    const e = await service.call('openSampleEngagement', undefined);
    expect(e.bundles).toEqual([]);
    expect(e.name).toBe('Northwind Health — sample engagement');
    service.close();
  });
});
