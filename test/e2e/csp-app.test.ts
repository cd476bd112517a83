// The app's own pages under the server's Content-Security-Policy, in
// Chromium: loading them must not trip a single violation. The built client
// (dist/client, which `npm test` builds first) is what is served, so this
// checks whatever the client is at the time, not a probe page.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CLIENT_DIR, type RunningServer } from '../../server/server.js';
import { startTestServer } from '../helpers/test-server.js';

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer({}, DEFAULT_CLIENT_DIR);
  browser = await chromium.launch({
    executablePath: '/usr/lib/chromium/chromium',
    args: ['--no-sandbox', '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'],
  });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Every page the built client has: the app, a room, and the diagnostics page once it exists. */
const PAGES = ['/', '/r/csp-check', ...(existsSync(path.join(DEFAULT_CLIENT_DIR, 'diagnostics.html')) ? ['/diagnostics'] : [])];

describe('the app under its CSP', () => {
  for (const page of PAGES) {
    it(`loads ${page} without a CSP violation`, async () => {
      const tab = await browser.newPage();
      // Registered before any page script, so inline markup is caught too.
      await tab.addInitScript(() => {
        const seen: string[] = [];
        (window as unknown as { cspViolations: string[] }).cspViolations = seen;
        document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.effectiveDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
      });
      const response = await tab.goto(`${server.url}${page}`, { waitUntil: 'networkidle' });
      expect(response?.status()).toBe(200);
      expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
      const violations = await tab.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);
      expect(violations).toEqual([]);
      await tab.close();
    });
  }
});
