#!/usr/bin/env node
// `npm run web`: the same UI in a browser, served on 127.0.0.1 with the real engine behind the same
// typed contract the Electron preload exposes — for machines where Electron's runtime cannot be had.
import { register } from 'tsx/esm/api';

register();
await import('./web-main.ts');
