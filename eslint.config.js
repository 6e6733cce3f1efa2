// ESLint: correctness rules for TypeScript, and the layer rules of the house (README › Layout):
//   shared/   imports nothing of Node, the DOM, the engine, the shell or the renderer;
//   renderer/ never imports the engine or the shell (it talks to the engine only through shared/api.ts);
//   electron/engine/ never imports `electron` nor the shell;
//   no import circle anywhere in electron/ and shared/.
// shared/tsconfig.json and renderer/tsconfig.json enforce the same from the compiler's side.
import tseslint from 'typescript-eslint';
import { importX, createNodeResolver } from 'eslint-plugin-import-x';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

const layer = (files, message, patterns, paths = []) => ({
  files,
  rules: {
    'no-restricted-imports': [
      'error',
      { paths: paths.map((name) => ({ name, message })), patterns: patterns.length ? [{ group: patterns, message }] : [] },
    ],
  },
});

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'node_modules/**',
      '.bench/**',
      'test-results/**',
      'electron/engine/wasm/assembly/**',
      'electron/engine/wasm/canonical-wasm.ts',
      'test/vectors/**',
      'resources/**',
    ],
  },
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.mjs', '**/*.js'],
    extends: [tseslint.configs.recommended],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.mjs', '.js', '.json'] })],
      'import-x/extensions': ['.ts', '.tsx', '.mjs', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-var': 'error',
      'no-control-regex': 'error',
      'no-sparse-arrays': 'error',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  {
    files: ['shared/**/*.ts', 'electron/**/*.ts'],
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  layer(
    ['shared/**/*.ts'],
    'shared/ is pure TypeScript: no Node, no DOM, nothing of the engine, shell or renderer',
    ['**/electron/**', '**/renderer/**'],
    [...nodeBuiltins, 'electron', 'react', 'react-dom', 'better-sqlite3', 'exceljs'],
  ),
  layer(
    ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    'the renderer talks to the engine only through the typed contract (shared/api.ts)',
    ['**/electron/**'],
    [...nodeBuiltins, 'electron', 'better-sqlite3'],
  ),
  layer(
    ['electron/engine/**/*.ts'],
    'the engine runs on plain Node and never imports electron or the shell',
    ['**/main/**', '**/preload/**', '**/renderer/**'],
    ['electron'],
  ),
  // module-level scanner state kept as `var`, as written and measured there; the ambient declarations need `var`
  { files: ['shared/platform.d.ts', 'shared/jcs-bytes.ts'], rules: { 'no-var': 'off' } },
);
