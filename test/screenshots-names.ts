// Screenshots of hostile names as the call shows them (issue 10): the
// participant list and the chat, at phone (390x844) and desktop (1280x800)
// width, with names carrying bidi overrides, control characters, a
// right-to-left script and the longest name the server lets through. Run
// after `vite build`: `npx tsx test/screenshots-names.ts [outDir]` (default
// docs/screenshots); it writes names-{people,chat}-{desktop,phone}.png.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { closeAll, join, launchBrowser, openRoom, waitForRemoteVideos, type Participant } from './e2e/browser.js';
import { startTestServer } from './helpers/test-server.js';
import { TestClient } from './helpers/ws-client.js';

const outDir = path.resolve(process.argv[2] ?? 'docs/screenshots');
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };
/** Without isolation this would read "Mallory" turned around and swallow " (you)" or the time. */
const OVERRIDE = '\u202EMallory\u0007 \u2066gnp.exe\u0000';
const RTL = 'مريم العربية';
const LONGEST = `Bartholomew-${'x'.repeat(52)}`;

mkdirSync(outDir, { recursive: true });
const server = await startTestServer({}, path.resolve('dist/client'));
const browser = await launchBrowser();
const people: Participant[] = [];
const members: TestClient[] = [];

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(outDir, `${name}.png`) });
  console.log(`wrote ${name}.png`);
}

try {
  const room = 'hostile-names';
  const ada = await openRoom(browser, server.url, room, 'Ada', DESKTOP);
  const rtl = await openRoom(browser, server.url, room, RTL, PHONE);
  people.push(ada, rtl);
  await join(ada);
  await join(rtl);
  await waitForRemoteVideos(ada.page, 1);
  for (const [name, text] of [
    [OVERRIDE, 'hello from the override'],
    [LONGEST, 'a name as long as the server allows'],
  ] as const) {
    const member = await TestClient.connect(server.url, room);
    members.push(member);
    member.send({ receiver: 'ground control', type: 'profile', data: { username: name } });
    member.send({ receiver: 'room', type: 'text', data: { text } });
  }
  for (const p of [ada, rtl]) {
    await p.page.getByRole('button', { name: /^chat/i }).click();
    await p.page.getByLabel('Message', { exact: true }).fill(`I am ${p.name}`);
    await p.page.getByRole('button', { name: 'Send' }).click();
  }
  for (const p of [ada, rtl]) await p.page.waitForFunction(() => deepAll('li[data-own]').length === 4);
  // The "… joined" notices (4 s) covered the panels' headings: the shots wait them out.
  const noNotice = (page: Page) => page.waitForFunction(() => deepAll('.toast[role="status"]').length === 0);
  await Promise.all([noNotice(ada.page), noNotice(rtl.page)]);
  await shot(ada.page, 'names-chat-desktop');
  await shot(rtl.page, 'names-chat-phone');
  for (const [p, label] of [
    [ada, 'desktop'],
    [rtl, 'phone'],
  ] as const) {
    await p.page.getByRole('button', { name: /close chat/i }).click();
    await p.page.getByRole('button', { name: /^participants/i }).click();
    await p.page.waitForFunction(() => deepAll('li[data-peer]').length === 4);
    await shot(p.page, `names-people-${label}`);
  }
} finally {
  for (const m of members) await m.close();
  await closeAll(browser, people);
  await server.close();
}
