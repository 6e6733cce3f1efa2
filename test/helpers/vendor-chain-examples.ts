// The example vendor-chain profiles shipped in resources/vendor-chains/ and the profile's JSON Schema in
// docs/, both written from their sources (the fixture generator, the zod schema) by
// `npm run vendor-chain-examples`; test/engine/vendor-chain-cli.test.ts holds the committed files equal to
// what this writes. The Ed25519 key of the first example comes from a fixed, public seed: it is an example,
// never a key to trust.
import { createHash } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { profileJsonSchema } from '../../shared/vendor-chain/profile';
import { generateVendorChain, type ChainOptions } from './vendor-chain';

export const EXAMPLES: Record<string, Omit<ChainOptions, 'dir'>> = {
  // JSONL, RFC 8785 of the record without "hash", SHA-256 with prev_hash inside, hex; Ed25519-signed head
  // naming its own key; two record files
  'acme-jsonl-ed25519': {
    name: 'Acme Cloud audit log (JSONL, JCS, Ed25519-signed head)',
    framing: 'jsonl',
    canonical: 'jcs',
    recipe: 'sha256',
    encoding: 'hex',
    anchor: 'ed25519',
    seed: createHash('sha256').update('tickmark example: acme vendor key').digest(),
    claimKey: true,
    records: 30,
    files: 2,
  },
  // CSV, the raw row without its hash column, SHA-256(previous hash bytes || row), base64; no signed head
  'globex-csv-unsigned': {
    name: 'Globex HR export (CSV, raw line, prev-hash prefix, no signed head)',
    framing: 'csv',
    canonical: 'raw-line',
    recipe: 'sha256-prev-prefix',
    encoding: 'base64',
    anchor: 'none',
    records: 25,
  },
};

export const SCHEMA_PATH = 'docs/vendor-chain-profile.schema.json';

export function schemaText(): string {
  return `${JSON.stringify(profileJsonSchema(), null, 2)}\n`;
}

/** Writes the examples under `root`/resources/vendor-chains/ and the schema under `root`/docs/. */
export function writeVendorChainExamples(root: string): string[] {
  const written: string[] = [];
  for (const [name, o] of Object.entries(EXAMPLES)) {
    const dir = path.join(root, 'resources/vendor-chains', name);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    generateVendorChain({ dir, ...o });
    written.push(dir);
  }
  mkdirSync(path.join(root, 'docs'), { recursive: true });
  writeFileSync(path.join(root, SCHEMA_PATH), schemaText());
  written.push(path.join(root, SCHEMA_PATH));
  return written;
}
