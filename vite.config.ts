import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The client lives in client/, static assets in public/, and the build goes
// where the server serves it from (dist/client).
export default defineConfig({
  root: 'client',
  publicDir: '../public',
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    // One page per entry: the room app and the STUN/TURN diagnostics page.
    rollupOptions: {
      input: {
        main: fileURLToPath(new URL('./client/index.html', import.meta.url)),
        diagnostics: fileURLToPath(new URL('./client/diagnostics.html', import.meta.url)),
      },
    },
  },
});
