// The app's own pages under the server's Content-Security-Policy, in
// Chromium: loading them must not trip a single violation. The built client
// (dist/client, which `npm test` builds first) is what is served, so this
// checks whatever the client is at the time, not a probe page.
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

describe('the app under its CSP', () => {
  for (const path of ['/', '/r/csp-check']) {
    it(`loads ${path} without a CSP violation`, async () => {
      const page = await browser.newPage();
      // Registered before any page script, so inline markup is caught too.
      await page.addInitScript(() => {
        const seen: string[] = [];
        (window as unknown as { cspViolations: string[] }).cspViolations = seen;
        document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.effectiveDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
      });
      const response = await page.goto(`${server.url}${path}`, { waitUntil: 'networkidle' });
      expect(response?.status()).toBe(200);
      expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
      const violations = await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);
      expect(violations).toEqual([]);
      await page.close();
    });
  }
});
