// The Content-Security-Policy in real Chromium: a page served by the server,
// under its headers, does what the app needs (a module script from our
// origin, component styles through adoptedStyleSheets as Lit sets them, a
// WebSocket to our own room endpoint) while inline script, eval and a socket
// to another origin are refused, each with a violation report.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/server.js';
import { startTestServer } from '../helpers/test-server.js';

const PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>CSP probe</title>
<script type="module" src="/probe.js"></script>
<script>window.inlineRan = true;</script>
</head><body><p id="plain">plain</p><csp-probe></csp-probe></body></html>`;

// What a Lit component does with its static styles, without Lit itself:
// a constructed stylesheet adopted by a shadow root.
const PROBE = `
const violations = [];
document.addEventListener('securitypolicyviolation', (e) => violations.push({ directive: e.effectiveDirective, blocked: e.blockedURI }));
window.violations = violations;

class CspProbe extends HTMLElement {
  connectedCallback() {
    const root = this.attachShadow({ mode: 'open' });
    const sheet = new CSSStyleSheet();
    sheet.replaceSync('p { color: rgb(1, 2, 3); }');
    root.adoptedStyleSheets = [sheet];
    root.innerHTML = '<p id="styled">styled</p>';
  }
}
customElements.define('csp-probe', CspProbe);

let evalRan = false;
try { eval('evalRan = true'); } catch { /* refused */ }
let functionRan = false;
try { new Function('return 1')(); functionRan = true; } catch { /* refused */ }

function greeting(url) {
  return new Promise((resolve) => {
    let ws;
    try { ws = new WebSocket(url); } catch (e) { return resolve('threw ' + e.name); }
    ws.onmessage = (m) => { resolve(JSON.parse(m.data).type); ws.close(); };
    ws.onerror = () => resolve('error');
  });
}
const own = await greeting('ws://' + location.host + '/r/csp/ws');
const foreign = await greeting('ws://localhost:' + location.port + '/r/csp/ws');
const styled = document.querySelector('csp-probe').shadowRoot.getElementById('styled');
window.result = {
  evalRan, functionRan, own, foreign,
  styledColor: getComputedStyle(styled).color,
};
`;

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'parley-csp-'));
  writeFileSync(path.join(dir, 'index.html'), PAGE);
  writeFileSync(path.join(dir, 'probe.js'), PROBE);
  server = await startTestServer({}, dir);
  browser = await chromium.launch({ executablePath: '/usr/lib/chromium/chromium', args: ['--no-sandbox'] });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('Content-Security-Policy in Chromium', () => {
  it('allows our module script, adopted stylesheets and our own WebSocket; refuses inline script, eval and foreign sockets', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/r/csp`);
    await page.waitForFunction(() => 'result' in window, undefined, { timeout: 20_000 });
    const result = await page.evaluate(() => (window as unknown as { result: Record<string, unknown> }).result);
    expect(result).toEqual({
      evalRan: false,
      functionRan: false,
      own: 'greeting',
      foreign: expect.stringMatching(/^(error|threw SecurityError)$/),
      styledColor: 'rgb(1, 2, 3)',
    });
    expect(await page.evaluate(() => (window as unknown as { inlineRan?: boolean }).inlineRan)).toBeUndefined();
    const violations = await page.evaluate(() => (window as unknown as { violations: { directive: string; blocked: string }[] }).violations);
    const directives = violations.map((v) => v.directive).sort();
    expect(directives).toContain('script-src'); // eval
    expect(directives).toContain('connect-src'); // the foreign socket
    expect(directives).not.toContain('style-src');
    expect(violations.find((v) => v.directive === 'connect-src')?.blocked).toMatch(/^ws:\/\/localhost:/);
    await page.close();
  });
});
