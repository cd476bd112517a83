// Screenshots of "Knowing what happens" (issue 14) at phone (390x844) and
// desktop (1280x800) width: the lobby naming who is in, a join notice, the
// chat preview with a raised hand on a tile and a reaction floating, the
// participant list with raised hands on top and "Bob (2)", and "You're the
// only one here". Run after `vite build`: `npx tsx test/screenshots-awareness.ts
// [outDir]` (default docs/screenshots); it writes aware-*-{desktop,phone}.png.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { closeAll, join, launchBrowser, openRoom, type Participant } from './e2e/browser.js';
import { startTestServer } from './helpers/test-server.js';

const outDir = path.resolve(process.argv[2] ?? 'docs/screenshots');
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };

mkdirSync(outDir, { recursive: true });
const server = await startTestServer({}, path.resolve('dist/client'));
const browser = await launchBrowser();
const people: Participant[] = [];

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(outDir, `${name}.png`) });
  console.log(`wrote ${name}.png`);
}

try {
  const room = 'standup';
  const ada = await openRoom(browser, server.url, room, 'Ada', DESKTOP);
  const bob = await openRoom(browser, server.url, room, 'Bob', PHONE);
  const bob2 = await openRoom(browser, server.url, room, 'Bob', DESKTOP);
  people.push(ada, bob, bob2);
  for (const p of [ada, bob, bob2]) p.page.setDefaultTimeout(120_000);
  await join(ada);
  await bob.page.waitForFunction(() => deepAll('.room-line[data-who]')[0]?.textContent?.includes('Ada is in this call'));
  await shot(bob.page, 'aware-lobby-phone');
  await join(bob);
  await join(bob2);
  for (const p of [ada, bob, bob2]) await p.page.waitForFunction(() => deepAll('video-tile').length === 3);
  await ada.page.waitForFunction(() => deepAll('.toast[role="status"]').some((e) => e.textContent?.includes('joined')));
  await shot(ada.page, 'aware-joined-desktop');
  await bob2.page.getByRole('button', { name: 'Raise hand' }).click();
  await bob.page.getByRole('button', { name: 'Raise hand' }).click();
  await bob.page.getByRole('button', { name: /^chat/i }).click();
  await bob.page.getByRole('textbox', { name: /message/i }).fill('Can everyone see my screen?');
  await bob.page.keyboard.press('Enter');
  await bob.page.getByRole('button', { name: /^chat/i }).click();
  await ada.page.waitForFunction(() => deepAll('message-preview .card').length === 1);
  await ada.page.waitForFunction(() => deepAll('video-tile[hand-raised]').length === 2);
  await bob2.page.getByRole('button', { name: 'Reactions' }).click();
  await bob2.page.getByRole('button', { name: 'React with 🎉' }).click();
  await ada.page.waitForFunction(() => deepAll('video-tile').some((t) => t.shadowRoot?.querySelector('.reaction')));
  await shot(ada.page, 'aware-call-desktop');
  await shot(bob2.page, 'aware-picker-desktop');
  await bob2.page.getByRole('button', { name: 'Reactions' }).click();
  await bob.page.setViewportSize(PHONE);
  await bob2.page.getByRole('button', { name: /^chat/i }).click();
  await bob2.page.getByRole('textbox', { name: /message/i }).fill('Hands up if you can hear me');
  await bob2.page.keyboard.press('Enter');
  await bob.page.waitForFunction(() => deepAll('message-preview .card').length === 1);
  await shot(bob.page, 'aware-call-phone');
  for (const [p, label] of [
    [ada, 'desktop'],
    [bob, 'phone'],
  ] as const) {
    await p.page.getByRole('button', { name: /^participants/i }).click();
    await p.page.waitForFunction(() => deepAll('participant-list li[data-hand]').length >= 1);
    await shot(p.page, `aware-people-${label}`);
  }
  await bob2.page.getByRole('button', { name: 'Leave' }).click();
  await ada.page.getByRole('button', { name: /^participants/i }).click();
  await bob.page.getByRole('button', { name: 'Leave' }).click();
  await ada.page.waitForFunction(() => deepAll('video-grid .waiting h2')[0]?.textContent === "You're the only one here");
  await shot(ada.page, 'aware-alone-desktop');
  await ada.page.setViewportSize(PHONE);
  await shot(ada.page, 'aware-alone-phone');
} finally {
  await closeAll(browser, people);
  await server.close();
}
