// A web host (electron/web/server.ts) in a process of its own, for test/engine/web-host.test.ts: once it
// serves, an 'error' event nobody listens to and a rejection nobody awaits happen in it. With the host's
// last-resort handlers installed it logs both and goes on serving; without them Node would end it.
import { EventEmitter } from 'node:events';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { keepServingOnUncaughtErrors, startHarness } from '../../electron/web/server';

const root = mkdtempSync(path.join(os.tmpdir(), 'tickmark-web-child-'));
const h = await startHarness({ root, service: { call: async () => null as never, onJobEvent: () => () => undefined } });
if (process.argv[2] !== '--no-handlers') keepServingOnUncaughtErrors((l) => process.stderr.write(`${l}\n`));
process.stdout.write(`${h.origin}\n`);
setImmediate(() => {
  new EventEmitter().emit('error', new Error('an error event nobody listens to'));
});
setImmediate(() => {
  void Promise.reject(new Error('a rejection nobody awaits'));
});
