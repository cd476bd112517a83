// Screenshots of issue 14's keyboard, bad-link and diagnostics work at phone
// and desktop width: a bad room link with its fixed link, the home page's
// Open field offering the fix, the call's "?" shortcut sheet and its More
// options menu, the ended call (focus on Rejoin), and /diagnostics with the
// camera, microphone and speaker check. test/screenshots.ts runs it;
// `tsx test/screenshots-keyboard.ts <dir>` alone.
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { join, openRoom, type Participant } from './e2e/browser.js';
import { startTestServer } from './helpers/test-server.js';
import { runIfMain } from './screenshot-script.js';

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };
const SIZES = [
  ['desktop', DESKTOP],
  ['phone', PHONE],
] as const;

type Shot = (page: Page, name: string) => Promise<void>;

export async function keyboardShots(browser: Browser, shot: Shot, people: Participant[]): Promise<void> {
  const server = await startTestServer({}, path.resolve('dist/client'));
  try {
    for (const [label, viewport] of SIZES) {
      const context = await browser.newContext({ viewport });
      const page = await context.newPage();
      await page.goto(`${server.url}/r/Team%20St%C3%A4ndup`);
      await page.getByRole('link', { name: 'Open Team-Standup' }).waitFor();
      await shot(page, `bad-link-${label}`);
      await page.goto(`${server.url}/`);
      await page.getByLabel('Room link or code').fill('design review');
      await page.getByRole('button', { name: 'Open', exact: true }).click();
      await page.getByRole('button', { name: 'Open design-review' }).waitFor();
      await shot(page, `home-open-fix-${label}`);

      await page.goto(`${server.url}/diagnostics`);
      await page.getByRole('button', { name: 'Play test sound' }).click();
      await page.getByRole('button', { name: 'Yes' }).click();
      await page.getByRole('button', { name: 'Run again' }).waitFor({ timeout: 40_000 });
      await page.waitForFunction((el) => Number(el?.getAttribute('data-frames')) > 10, await page.locator('figcaption[data-frames]').elementHandle());
      await shot(page, `diagnostics-${label}`);
      await context.close();

      const p = await openRoom(browser, server.url, `keys-${label}`, 'Ada Lovelace', viewport);
      people.push(p);
      await join(p);
      await p.page.getByRole('button', { name: 'More options' }).click();
      await p.page.getByRole('menuitem', { name: /Keyboard shortcuts/ }).waitFor();
      await shot(p.page, `call-more-menu-${label}`);
      await p.page.keyboard.press('Escape');
      await p.page.locator('video-grid').click({ position: { x: 5, y: 5 } });
      await p.page.keyboard.press('?');
      await p.page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
      await shot(p.page, `call-shortcuts-${label}`);
      await p.page.keyboard.press('Escape');
      await p.page.getByRole('button', { name: 'Leave' }).click();
      await p.page.getByRole('button', { name: 'Rejoin' }).waitFor();
      await shot(p.page, `ended-${label}`);
    }
  } finally {
    await server.close();
  }
}

await runIfMain(import.meta.url, keyboardShots);
