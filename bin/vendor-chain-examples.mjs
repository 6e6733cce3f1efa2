#!/usr/bin/env node
// Writes resources/vendor-chains/ (the example profiles and their exports) from the fixture generator in
// test/helpers/vendor-chain.ts, and docs/vendor-chain-profile.schema.json from the profile's zod schema.
import { register } from 'tsx/esm/api';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

register();
const { writeVendorChainExamples } = await import('../test/helpers/vendor-chain-examples.ts');
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
for (const p of writeVendorChainExamples(root)) console.log(`wrote ${path.relative(root, p)}`);
