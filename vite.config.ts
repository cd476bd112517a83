import { defineConfig } from 'vite';

// The client lives in client/, static assets in public/, and the build goes
// where the server serves it from (dist/client).
export default defineConfig({
  root: 'client',
  publicDir: '../public',
  build: { outDir: '../dist/client', emptyOutDir: true },
});
