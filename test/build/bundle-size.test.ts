// The JavaScript the room page loads (its entry script and the modules it
// preloads; not /diagnostics), gzipped. Issue 14's target is 80 kB, so that a
// phone on a slow link starts a call sooner, and it is NOT met: checks
// compiled at build time brought the page from 96.5 to 79.0 kB, then the
// devices, presenting, notices and keyboard work brought it to ~97 kB. This
// guard stops it growing further while the target stays open; the next steps
// are panels loaded when opened (settings, help, lock, ICE editor) and a small
// RTCPeerConnection wrapper in place of simple-peer's 28 kB bundle. Built here by `vite build` as
// `npm run build` runs it (a production build: Vitest's own NODE_ENV=test
// would give Lit's development build), into a folder of its own, so the
// figure is always the current source's. Not a timing test: bytes are exact.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

/** The guard, in kB of 1,000 bytes (what Vite's own build report prints); the target is 80 kB (above). */
const BUDGET_BYTES = 100_000;

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
  it('loads at most 100 kB of gzipped JavaScript (the target, 80 kB, is not met yet)', async () => {
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
