// Builds the renderer, opens the engine on the sample engagement and serves both on loopback only.
import path from 'node:path';
import { build } from 'vite';
import { rendererConfig } from '../vite.config.renderer';
import { EngineService, defaultDataDir } from '../electron/engine/api-service';
import { keepServingOnUncaughtErrors, startHarness } from '../electron/web/server';

const root = path.resolve(import.meta.dirname, '..');
const outDir = path.join(root, 'out/web');
await build({ ...rendererConfig({ outDir }), logLevel: 'warn' });
const service = new EngineService({
  sampleBundle: path.join(root, 'resources/sample-engagement'),
  sampleKeyFile: path.join(root, 'resources/sample-engagement.vendor-key.txt'),
  dataDir: process.env.TICKMARK_DATA_DIR ?? defaultDataDir(),
  prepareSample: true,
});
await service.call('openSampleEngagement', undefined);
const h = await startHarness({ root: outDir, service });
// from here on, a slip in one request or job is logged and the others go on (a failed start still exits)
keepServingOnUncaughtErrors();
// the token in the #fragment is what lets this browser tab, and nothing else on the machine, drive the engine
console.log(
  `Tickmark is serving the sample engagement on loopback only. Open this address (it carries this launch's access token):\n  ${h.url}\nCtrl+C to stop.`,
);
process.on('SIGINT', () => {
  void h.close().then(() => {
    service.close();
    process.exit(0);
  });
});
