#!/usr/bin/env node
// `npm start`: build the app with electron-vite and open it on the bundled sample engagement.
// npm install never downloads Electron's binary (package.json allowScripts); fetch it here, on first start,
// where the network allows, and say plainly what to do where it does not.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const root = path.resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
const electronDir = path.dirname(require.resolve('electron/package.json'));
const installed = () => existsSync(path.join(electronDir, 'path.txt')) && existsSync(path.join(electronDir, 'dist'));

function run(cmd, args, env = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status ?? 1;
}

if (!installed()) {
  console.log('Fetching the Electron runtime (once)…');
  if (run(process.execPath, [path.join(electronDir, 'install.js')], { ELECTRON_SKIP_BINARY_DOWNLOAD: '' }) !== 0 || !installed()) {
    console.error('\nThe Electron runtime could not be downloaded on this machine, so the desktop window cannot open here.');
    console.error('The same UI runs in a browser against the real engine: npm run web');
    process.exit(1);
  }
}
// better-sqlite3 in node_modules is built for Node (npm test); the app gets its own Electron build.
if (run(process.execPath, [path.join(root, 'bin/build-native.mjs')]) !== 0) process.exit(1);
if (run(process.execPath, [path.join(path.dirname(require.resolve('electron-vite/package.json')), 'bin/electron-vite.js'), 'build']) !== 0)
  process.exit(1);
const electron = path.join(electronDir, 'dist', readFileSync(path.join(electronDir, 'path.txt'), 'utf8'));
process.exit(run(electron, [root], { TICKMARK_OPEN_SAMPLE: '1', TICKMARK_SQLITE_BINDING: path.join(root, 'out/native/better_sqlite3.node') }));
