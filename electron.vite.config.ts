// electron-vite: the Electron main process, the preload, and the renderer (a plain Vite + React app).
// The renderer settings live in vite.config.renderer.ts so that the browser tests build the very same app.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'electron-vite';
import { rendererConfig } from './vite.config.renderer';

const root = fileURLToPath(new URL('.', import.meta.url));
// TICKMARK_OUT_DIR: the tests build the app into a folder of their own (inside the project, so that the
// bundles' packages resolve from node_modules) and leave out/ alone
const out = process.env.TICKMARK_OUT_DIR ? resolve(process.env.TICKMARK_OUT_DIR) : resolve(root, 'out');

export default defineConfig({
  main: {
    build: {
      outDir: resolve(out, 'main'),
      externalizeDeps: true,
      // the verification/import worker is its own entry: DigestPool starts ./digest-worker.mjs beside the
      // file it is bundled into, so every chunk stays in out/main too (the engine is a chunk: the shell loads
      // it after the window opens)
      rollupOptions: {
        input: { index: resolve(root, 'electron/main/index.ts'), 'digest-worker': resolve(root, 'electron/engine/digest-worker-main.ts') },
        output: { entryFileNames: (c) => (c.name === 'digest-worker' ? '[name].mjs' : '[name].js'), chunkFileNames: '[name]-[hash].js' },
      },
    },
  },
  preload: {
    build: {
      outDir: resolve(out, 'preload'),
      externalizeDeps: true,
      // a sandboxed preload must be CommonJS; main loads it as ../preload/index.cjs
      rollupOptions: { input: { index: resolve(root, 'electron/preload/index.ts') }, output: { format: 'cjs', entryFileNames: '[name].cjs' } },
    },
  },
  renderer: rendererConfig({ outDir: resolve(out, 'renderer') }),
});
