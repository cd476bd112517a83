import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { compiledChecks } from './build/compiled-checks-plugin.js';
import { minifyCssTemplates } from './build/css-templates-plugin.js';

// The client lives in client/, static assets in public/, and the build goes
// where the server serves it from (dist/client).
// In development (`npm run dev`) Vite serves the client with hot reload and
// passes each room's WebSocket and the server's own endpoints to the server.
const api = `http://127.0.0.1:${process.env.PORT || '8080'}`;

export default defineConfig({
  root: 'client',
  // The browser's schema checks, compiled to code at build time, and the
  // components' CSS without its indentation (build/README.md).
  plugins: [compiledChecks(), minifyCssTemplates()],
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
