// The Vite plugin that serves 'virtual:browser-checks': the browser's schema
// checks (client/checks/browser-schemas.ts), compiled to JavaScript when the
// client is built, served or tested. Vite, Vitest and the browser tests'
// bundler (test/helpers/bundle.ts) all load it, so there is no generated file
// to forget: `npm ci && npm test` works from a fresh clone.
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
import { BrowserSchemas, EXPLAINED_BY_PATH } from '../client/checks/browser-schemas.js';
import { checksModuleSource } from './compiled-checks.js';

export const BROWSER_CHECKS = 'virtual:browser-checks';
/** Vite's convention for a virtual module's resolved id: the \0 keeps other plugins off it. */
const RESOLVED = `\0${BROWSER_CHECKS}`;
const RUNTIME = fileURLToPath(new URL('../client/checks/built-checker.ts', import.meta.url));

export function compiledChecks(): Plugin {
  return {
    name: 'parley-compiled-checks',
    resolveId: (id) => (id === BROWSER_CHECKS ? RESOLVED : undefined),
    load: (id) => (id === RESOLVED ? checksModuleSource(BrowserSchemas, RUNTIME, EXPLAINED_BY_PATH) : undefined),
  };
}
