#!/usr/bin/env node
// `npm run bench`: runs the TypeScript benchmark on plain Node through tsx's loader.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

// the benchmark's workspaces are recorded in a profile of their own (.bench/profile), not the user's
process.env.TICKMARK_DATA_DIR ||= fileURLToPath(new URL('../.bench/profile', import.meta.url));
register();
await import('../test/bench/run.ts');
