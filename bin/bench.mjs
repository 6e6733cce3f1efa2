#!/usr/bin/env node
// `npm run bench`: runs the TypeScript benchmark on plain Node through tsx's loader.
import { register } from 'tsx/esm/api';

register();
await import('../test/bench/run.ts');
