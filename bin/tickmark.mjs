#!/usr/bin/env node
// Runs the TypeScript CLI on plain Node through tsx's loader: no build step, no Electron.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../electron/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
