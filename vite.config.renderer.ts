// The renderer's Vite configuration, shared by electron-vite (electron.vite.config.ts) and the browser tests
// (test/e2e), which build the renderer alone with `build(rendererConfig({ outDir }))`.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin, UserConfig } from 'vite';
import react from '@vitejs/plugin-react';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * The production page carries a strict Content-Security-Policy (renderer/index.html). Vite's dev server needs
 * inline styles (CSS injected by HMR), the React refresh preamble and a websocket; this loosens the policy
 * for `vite serve` only. Built files keep the strict policy untouched.
 */
function devCsp(): Plugin {
  return {
    name: 'tickmark-dev-csp',
    apply: 'serve',
    transformIndexHtml(html) {
      return html
        .replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
        .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
        .replace("connect-src 'self'", "connect-src 'self' ws://localhost:* ws://127.0.0.1:*");
    },
  };
}

export function rendererConfig(o: { outDir?: string } = {}): UserConfig {
  return {
    root: resolve(root, 'renderer'),
    base: './',
    plugins: [react(), devCsp()],
    build: {
      outDir: o.outDir ?? resolve(root, 'out/renderer'),
      emptyOutDir: true,
      target: 'chrome130',
      sourcemap: false,
      minify: 'esbuild',
      chunkSizeWarningLimit: 1024,
      // keep every asset a file: data: URLs for fonts/images are allowed, but files are clearer under the CSP
      assetsInlineLimit: 0,
      rollupOptions: { input: resolve(root, 'renderer/index.html') },
    },
    server: { fs: { allow: [root] } },
  };
}

export default rendererConfig();
