// The layer rules fail the build when broken: each rule is shown failing on a deliberate violation, linted or
// compiled as if it stood in its layer, and the tree as it is passes them.
import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import ts from 'typescript';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');
const eslint = new ESLint({ cwd: root });

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, filePath) });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layer rules (eslint.config.js)', () => {
  it('shared/ may not import Node, the engine or the renderer', async () => {
    expect(await restrictedImports('shared/violation.ts', "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;\n")).toHaveLength(
      1,
    );
    expect(await restrictedImports('shared/violation.ts', "import fs from 'fs';\nexport const f = fs;\n")).toHaveLength(1);
    expect(
      await restrictedImports(
        'shared/sampling/violation.ts',
        "import { Workspace } from '../../electron/engine/index';\nexport const w = Workspace;\n",
      ),
    ).toHaveLength(1);
    expect(await restrictedImports('shared/violation.ts', "import { api } from '../renderer/src/api';\nexport const a = api;\n")).toHaveLength(1);
  });

  it('the renderer may not import the engine or Node', async () => {
    const msgs = await restrictedImports(
      'renderer/src/violation.ts',
      "import { Workspace } from '../../electron/engine/index';\nexport const w = Workspace;\n",
    );
    expect(msgs).toHaveLength(1);
    expect(msgs[0]).toMatch(/typed contract/);
    expect(await restrictedImports('renderer/src/violation.ts', "import path from 'node:path';\nexport const p = path;\n")).toHaveLength(1);
  });

  it('the engine may not import electron or the shell', async () => {
    expect(await restrictedImports('electron/engine/violation.ts', "import { app } from 'electron';\nexport const a = app;\n")).toHaveLength(1);
    expect(
      await restrictedImports('electron/engine/violation.ts', "import { registerIpc } from '../main/ipc';\nexport const r = registerIpc;\n"),
    ).toHaveLength(1);
  });

  it('allowed imports pass', async () => {
    expect(await restrictedImports('shared/ok.ts', "import { sha256 } from '@noble/hashes/sha2.js';\nexport const h = sha256;\n")).toEqual([]);
    expect(await restrictedImports('renderer/src/ok.ts', "import type { Api } from '../../shared/api';\nexport type A = Api;\n")).toEqual([]);
    expect(await restrictedImports('electron/engine/ok.ts', "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;\n")).toEqual([]);
  });
});

/** Compile one extra file under a layer's tsconfig and return the error codes. */
function compileInLayer(tsconfig: string, code: string): number[] {
  const parsed = ts.getParsedCommandLineOfConfigFile(path.join(root, tsconfig), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })!;
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'tickmark-layer-')), 'violation.ts');
  writeFileSync(file, code);
  const platform = parsed.fileNames.filter((f) => f.endsWith('.d.ts'));
  const program = ts.createProgram([file, ...platform], { ...parsed.options, noEmit: true });
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file?.fileName === file)
    .map((d) => d.code);
}

describe('layer rules (per-layer tsconfig)', () => {
  it('shared/tsconfig.json: no Node module and no DOM global compiles', () => {
    expect(compileInLayer('shared/tsconfig.json', "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;\n")).toContain(2307);
    expect(compileInLayer('shared/tsconfig.json', 'export const title = document.title;\n')).toContain(2584);
    expect(compileInLayer('shared/tsconfig.json', "export const bytes = new TextEncoder().encode('x');\n")).toEqual([]);
  });

  it('renderer/tsconfig.json: no Node module compiles', () => {
    expect(compileInLayer('renderer/tsconfig.json', "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;\n")).toContain(2307);
    expect(compileInLayer('renderer/tsconfig.json', 'export const title = document.title;\n')).toEqual([]);
  });
});
