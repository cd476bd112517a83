import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { compiledChecks } from './build/compiled-checks-plugin.js';
import { minifyCssTemplates } from './build/css-templates-plugin.js';
import { minifyHtmlTemplates } from './build/html-templates-plugin.js';
import { nodeShims } from './build/node-shims-plugin.js';

/**
 * The operator's guide to STUN and TURN goes out with the client, so the
 * diagnostics page's "For the operator" links to a page that is there
 * (/docs/turn.md) on every deployment.
 */
function operatorGuide(): Plugin {
  const file = fileURLToPath(new URL('./docs/turn.md', import.meta.url));
  return {
    name: 'parley-operator-guide',
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: 'docs/turn.md', source: readFileSync(file, 'utf8') });
    },
  };
}

// The client lives in client/, static assets in public/, and the build goes
// where the server serves it from (dist/client).
// In development (`npm run dev`) Vite serves the client with hot reload and
// passes each room's WebSocket and the server's own endpoints to the server.
const api = `http://127.0.0.1:${process.env.PORT || '8080'}`;

export default defineConfig({
  root: 'client',
  // The browser's schema checks, compiled to code at build time, and the
  // components' CSS and markup without their indentation, simple-peer's Node
  // modules as the browser's own (build/README.md), and the operator's guide
  // the diagnostics page links to.
  plugins: [compiledChecks(), nodeShims(), minifyCssTemplates(), minifyHtmlTemplates(), operatorGuide()],
  publicDir: '../public',
  build: {
    outDir: '../dist/client',
    // Every browser Parley supports preloads modules itself; the polyfill would be ~0.4 KB for none.
    modulePreload: { polyfill: false },
    emptyOutDir: true,
    // One page per entry: the room app and the STUN/TURN diagnostics page.
    rollupOptions: {
      // TypeBox's builders only make schema objects: the page imports the
      // protocol's constants and types, never its schemas (client/checks/
      // has their checks), so the schemas and TypeBox drop out of the bundle.
      treeshake: { manualPureFunctions: ['Type'] },
      input: {
        main: fileURLToPath(new URL('./client/index.html', import.meta.url)),
        diagnostics: fileURLToPath(new URL('./client/diagnostics.html', import.meta.url)),
      },
    },
  },
  server: {
    port: 5173,
    strictPort: true,
    proxy: {
      '^/r/[^/]+/ws/?$': { target: api, ws: true },
      '/healthz': api,
      '/metrics': api,
      '/diagnostics/ice-config': api,
    },
  },
});
