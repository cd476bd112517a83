// Bundles one client module, with its imports, into a single ES module string
// that a browser test can load into a blank page: component tests in real
// Chromium without a page built for them. Uses Vite, so the code is
// transformed exactly as for the real client build.
import { build } from 'vite';
import { compiledChecks } from '../../build/compiled-checks-plugin.js';
import { nodeShims } from '../../build/node-shims-plugin.js';

const cache = new Map<string, Promise<string>>();

export function bundleModule(entry: string): Promise<string> {
  let code = cache.get(entry);
  if (!code) cache.set(entry, (code = bundle(entry)));
  return code;
}

async function bundle(entry: string): Promise<string> {
  const result = await build({
    configFile: false,
    logLevel: 'silent',
    plugins: [compiledChecks(), nodeShims()],
    build: { write: false, minify: false, lib: { entry, formats: ['es'], fileName: 'bundle' } },
  });
  const outputs = Array.isArray(result) ? result : [result];
  for (const output of outputs) {
    if (!('output' in output)) continue;
    const chunk = output.output.find((item) => item.type === 'chunk' && item.isEntry);
    if (chunk && chunk.type === 'chunk') return chunk.code;
  }
  throw new Error(`vite produced no entry chunk for ${entry}`);
}
