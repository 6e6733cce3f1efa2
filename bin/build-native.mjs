#!/usr/bin/env node
// Builds better-sqlite3 for Electron's Node into out/native/, from a private copy of the module, so the
// copy in node_modules stays built for plain Node and `npm test` keeps working. The app loads this build
// through better-sqlite3's nativeBinding option (TICKMARK_SQLITE_BINDING).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync, copyFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const root = path.resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
const electronVersion = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version;
const src = path.dirname(require.resolve('better-sqlite3/package.json'));
const work = path.join(root, 'out/native/build');
const target = path.join(root, 'out/native/better_sqlite3.node');
const stamp = path.join(root, 'out/native', `electron-${electronVersion}`);

if (existsSync(target) && existsSync(stamp)) process.exit(0);
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
cpSync(src, work, { recursive: true, filter: (p) => !p.includes(`${path.sep}build${path.sep}`) });
const run = (cmd, args) => spawnSync(process.execPath, [cmd, ...args], { cwd: work, stdio: 'inherit' }).status === 0;
const bin = (m, f) => path.join(path.dirname(require.resolve(`${m}/package.json`)), f);
console.log(`Building better-sqlite3 for Electron ${electronVersion}…`);
const ok =
  run(bin('prebuild-install', 'bin.js'), ['--runtime', 'electron', '--target', electronVersion]) ||
  run(bin('node-gyp', 'bin/node-gyp.js'), [
    'rebuild',
    '--release',
    '--runtime=electron',
    `--target=${electronVersion}`,
    '--dist-url=https://electronjs.org/headers',
  ]);
if (!ok) {
  console.error('Could not build better-sqlite3 for Electron (no prebuilt binary and no Electron headers reachable).');
  process.exit(1);
}
copyFileSync(path.join(work, 'build/Release/better_sqlite3.node'), target);
copyFileSync(target, stamp);
rmSync(work, { recursive: true, force: true });
console.log(`Wrote ${path.relative(root, target)}`);
