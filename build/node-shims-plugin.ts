// simple-peer bundled from its source for the browser, instead of its
// prebuilt browserify file: that file carried browserify's prelude and its own
// Buffer, stream, events, process, debug and randombytes (28 kB of the room
// page's gzipped JavaScript; bundled this way the page loads 5.4 kB less).
// What simple-peer pulls in from Node becomes the browser's own, or a small
// module of ours in client/node-shims/ (its README says which and why);
// `buffer` and readable-stream's Duplex are the packages themselves. Vite's
// build, `npm run dev` and the browser tests' bundler (test/helpers/bundle.ts)
// all load this plugin, so a test bundles simple-peer as the page does.
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';

const shim = (file: string) => fileURLToPath(new URL(`../client/node-shims/${file}`, import.meta.url));

/** Bare imports (exact names: `readable-stream/lib/...` still reaches the package) and the module that stands in for each. */
const ALIASES = [
  { find: /^debug$/, replacement: shim('debug.ts') },
  { find: /^events$/, replacement: shim('events.ts') },
  { find: /^randombytes$/, replacement: shim('random-bytes.ts') },
  { find: /^queue-microtask$/, replacement: shim('queue-microtask.ts') },
  { find: /^readable-stream$/, replacement: shim('readable-stream.ts') },
  { find: /^string_decoder\/?$/, replacement: shim('string-decoder.ts') },
];

/** readable-stream calls Node's global process.nextTick: an import of ours wherever the code names `process`. */
const INJECT: Record<string, [string, string]> = { process: [shim('process.ts'), 'process'] };

export function nodeShims(): Plugin {
  return {
    name: 'parley-node-shims',
    config: () => ({
      resolve: { alias: ALIASES },
      // In the build, and in the dependencies `npm run dev` bundles ahead.
      build: { rolldownOptions: { transform: { inject: INJECT } } },
      optimizeDeps: { rolldownOptions: { transform: { inject: INJECT } } },
    }),
  };
}
