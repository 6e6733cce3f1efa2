// The WebAssembly canonicalizer is committed compiled (electron/engine/wasm/canonical-wasm.ts) so that
// installing and running need no compiler. It must be exactly what its source compiles to.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');
const check = (file?: string) =>
  spawnSync(process.execPath, [path.join(root, 'bin/build-wasm.mjs'), '--check', ...(file ? [file] : [])], { encoding: 'utf8' });

describe('the committed WebAssembly module', () => {
  it('is what electron/engine/wasm/assembly/canonical.ts compiles to', () => {
    const r = check();
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('is found out of date when it differs by one byte', () => {
    const committed = readFileSync(path.join(root, 'electron/engine/wasm/canonical-wasm.ts'), 'utf8');
    const i = committed.indexOf("'", committed.indexOf('=')) + 10;
    const other = path.join(mkdtempSync(path.join(tmpdir(), 'tickmark-wasm-')), 'canonical-wasm.ts');
    writeFileSync(other, committed.slice(0, i) + (committed[i] === 'A' ? 'B' : 'A') + committed.slice(i + 1));
    const r = check(other);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/is not what .*canonical\.ts compiles to/);
  });
});
