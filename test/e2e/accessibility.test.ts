// axe-core in Chromium over every screen: home, a bad link, the lobby, the
// call, the call with the chat open and with the shortcut sheet, the ended
// call, and /diagnostics. No serious or critical violation (contrast, names,
// roles) may remain. axe goes in through the DevTools protocol (playwright's
// evaluate), which the page's CSP does not govern, so the page under test
// keeps its real policy.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/server.js';
import { startTestServer } from '../helpers/test-server.js';
import { closeAll, join, launchBrowser, openRoom, type Participant } from './browser.js';

const AXE_SOURCE = readFileSync(path.resolve('node_modules/axe-core/axe.min.js'), 'utf8');

let server: RunningServer;
let browser: Browser;
let ada: Participant | undefined;

beforeAll(async () => {
  server = await startTestServer({}, path.resolve('dist/client'));
  browser = await launchBrowser();
});
afterAll(async () => {
  await closeAll(browser, ada ? [ada] : []);
  await server?.close();
});

interface Finding {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/** Runs axe over the whole page (shadow roots included) and returns its serious and critical violations, each with where. */
async function seriousViolations(page: Page): Promise<Finding[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: unknown[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return JSON.stringify(result.violations);
  });
  const parsed: unknown = JSON.parse(violations);
  if (!Array.isArray(parsed)) throw new Error('axe returned no list');
  return parsed.flatMap((v: { id: string; impact: string; help: string; nodes: { target: unknown }[] }) =>
    v.impact === 'serious' || v.impact === 'critical' ? [{ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => JSON.stringify(n.target)) }] : [],
  );
}

describe('axe-core finds no serious or critical violation', () => {
  it('on the home page and a bad link', async () => {
    const page = await browser.newPage();
    try {
      await page.goto(`${server.url}/`);
      await page.getByRole('button', { name: /start a new call/i }).waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      await page.getByLabel('Room link or code').fill('team standup');
      await page.getByRole('button', { name: 'Open', exact: true }).click();
      await page.getByRole('button', { name: 'Open team-standup' }).waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      await page.goto(`${server.url}/r/a%20b`);
      await page.getByRole('link', { name: 'Open a-b' }).waitFor();
      expect(await seriousViolations(page)).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('in the lobby, the call, with the chat open, with the shortcut sheet, and after leaving', async () => {
    ada = await openRoom(browser, server.url, 'axe-call', 'Ada');
    const page = ada.page;
    await page.getByRole('button', { name: /join/i }).waitFor();
    await page.waitForFunction(() => deepAll('video').some((v) => (v as HTMLVideoElement).videoWidth > 0));
    expect(await seriousViolations(page)).toEqual([]);
    await join(ada);
    await page.getByRole('toolbar', { name: 'Call controls' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Chat' }).click();
    await page.getByLabel('Message', { exact: true }).fill('hello');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => deepAll('.bubble').some((b) => b.textContent?.includes('hello')));
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'More options' }).click();
    await page.getByRole('menuitem', { name: /Keyboard shortcuts/ }).click();
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Leave' }).click();
    await page.getByRole('button', { name: 'Rejoin' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('on /diagnostics', async () => {
    const page = await browser.newPage();
    try {
      await page.goto(`${server.url}/diagnostics`);
      await page.getByRole('button', { name: 'Run again' }).waitFor({ timeout: 40_000 });
      await page.getByRole('button', { name: 'Play test sound' }).click();
      await page.getByRole('button', { name: 'Yes' }).waitFor();
      expect(await seriousViolations(page)).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
