// The JavaScript the room page loads (its entry script and the modules it
// preloads; not /diagnostics) must stay within 80 kB gzipped (issue 14): a
// phone on a slow link starts a call sooner. Built here by `vite build` as
// `npm run build` runs it (a production build: Vitest's own NODE_ENV=test
// would give Lit's development build), into a folder of its own, so the
// figure is always the current source's. Not a timing test: bytes are exact.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

/** The budget, in kB of 1,000 bytes (what Vite's own build report prints). */
const BUDGET_BYTES = 80_000;

/** Builds the client into a fresh folder and returns it. */
function buildClient(): string {
  const outDir = mkdtempSync(path.join(tmpdir(), 'parley-size-'));
  const env = { ...process.env, NODE_ENV: 'production' };
  const result = spawnSync('npx', ['vite', 'build', '--logLevel', 'error', '--outDir', outDir, '--emptyOutDir'], { env, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`vite build failed: ${result.stderr}`);
  return outDir;
}

/** The .js files index.html loads: its module script and its modulepreload links. */
function scriptsOf(html: string): string[] {
  return [...html.matchAll(/<(?:script[^>]*\bsrc|link[^>]*rel="modulepreload"[^>]*\bhref)="\/([^"]+\.js)"/g)].map((match) => match[1]!);
}

describe('the room page', () => {
  it('loads at most 80 kB of gzipped JavaScript', async () => {
    const outDir = buildClient();
    try {
      const scripts = scriptsOf(readFileSync(path.join(outDir, 'index.html'), 'utf8'));
      expect(scripts.length).toBeGreaterThan(0);
      let total = 0;
      const sizes: string[] = [];
      for (const name of scripts) {
        const gzipped = gzipSync(readFileSync(path.join(outDir, name)), { level: 9 }).length;
        total += gzipped;
        sizes.push(`${name} ${(gzipped / 1000).toFixed(1)} kB`);
      }
      console.log(`room page JavaScript, gzip -9: ${(total / 1000).toFixed(1)} kB of ${BUDGET_BYTES / 1000} kB (${sizes.join(', ')})`);
      expect(total, `the room page loads ${total} bytes of gzipped JavaScript`).toBeLessThanOrEqual(BUDGET_BYTES);
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  }, 120_000);
});
