// Loads checks the way the page gets them: build/compiled-checks.ts writes
// the module's source, and it is imported as a file (no eval), here for any
// schemas a test names, e.g. the client frames the browser never checks.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { TSchema } from '@sinclair/typebox';
import { checksModuleSource, type SchemaGroups } from '../../build/compiled-checks.js';
import type { Checker } from '../../shared/frame-parser.js';

const RUNTIME = fileURLToPath(new URL('../../client/checks/built-checker.ts', import.meta.url));

export type BuiltChecks<G extends SchemaGroups> = { [K in keyof G]: { [N in keyof G[K]]: Checker<G[K][N] & TSchema> } };

export async function importBuiltChecks<G extends SchemaGroups>(groups: G, explainedByPath?: ReadonlySet<string>): Promise<BuiltChecks<G>> {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'parley-checks-')), 'checks.mjs');
  writeFileSync(file, checksModuleSource(groups, RUNTIME, explainedByPath));
  return import(pathToFileURL(file).href);
}
