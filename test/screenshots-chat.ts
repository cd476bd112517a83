// Screenshots of the chat that lasts, at desktop (1280x800) and phone
// (390x844) width: history above the "Earlier messages" divider, a link, a
// private message with its Reply, our own messages sent and one failed with
// Retry. Run after `vite build`: `npx tsx test/screenshots-chat.ts [dir]`
// (CLIENT_DIR=<a vite outDir> serves another build)
// (default /tmp/parley-chat-shots).
import path from 'node:path';
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { closeAll, join, launchBrowser, openRoom, type Participant } from './e2e/browser.js';
import { startTestServer } from './helpers/test-server.js';
import { TestClient } from './helpers/ws-client.js';

const outDir = path.resolve(process.argv[2] ?? '/tmp/parley-chat-shots');
mkdirSync(outDir, { recursive: true });
// A short text limit, so a long message is refused: a failed message to show.
const server = await startTestServer({ HISTORY_STORE: 'sqlite', MAX_TEXT_LENGTH: '120' }, path.resolve(process.env.CLIENT_DIR ?? 'dist/client'));
const browser = await launchBrowser();
const people: Participant[] = [];
const ROOM = 'design-review?video=320x180';

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(outDir, `${name}.png`) });
  console.log(`wrote ${name}.png`);
}

let mids = 0;

/** Says `texts` as `name` before anyone opens the page. */
async function said(name: string, texts: string[]): Promise<void> {
  const first = mids;
  mids += texts.length;
  const client = await TestClient.connect(server.url, 'design-review', { origin: server.url });
  client.send({ receiver: 'ground control', type: 'profile', data: { username: name } });
  texts.forEach((text, i) => client.send({ receiver: 'room', type: 'text', data: { from: name, text, mid: `seed-${first + i}` } }));
  await client.next((f) => f.type === 'ack' && (f.data as { mid: string }).mid === `seed-${mids - 1}`, 10_000);
  await client.close();
}

async function send(p: Participant, text: string): Promise<void> {
  await p.page.getByLabel('Message', { exact: true }).fill(text);
  await p.page.getByRole('button', { name: 'Send' }).click();
}

try {
  await said('Grace Hopper', ['Morning! Agenda for today is in the doc: https://example.org/design/agenda', 'First up: the new onboarding flow']);
  await said('Linus', ['I left comments on the mock-ups (see https://example.org/mocks/v3).', '<b>Not bold</b>, just text']);
  await said('Grace Hopper', ['Great, thanks. Let us start in 5 minutes.']);

  const ada = await openRoom(browser, server.url, ROOM, 'Ada Lovelace', { width: 1280, height: 800 });
  const bob = await openRoom(browser, server.url, ROOM, 'Bob', { width: 390, height: 844 });
  people.push(ada, bob);
  for (const p of [ada, bob]) await join(p);
  for (const p of [ada, bob]) await p.page.getByRole('button', { name: /^chat/i }).click();
  await send(ada, 'Joining now. Slides: https://example.org/slides/onboarding.');
  await bob.page.getByText('Joining now.', { exact: false }).waitFor();

  // Bob writes to Ada privately from the participant list; Ada's Reply answers him.
  await bob.page.getByRole('button', { name: 'Close chat' }).click();
  await bob.page.getByRole('button', { name: /^participants/i }).click();
  await bob.page.getByRole('button', { name: 'Message Ada Lovelace privately' }).click();
  await send(bob, 'Can you share your screen after Grace?');
  await ada.page.getByRole('button', { name: 'Reply privately to Bob' }).click();
  await send(ada, 'Sure, right after her demo.');
  await bob.page.getByText('Sure, right after her demo.').waitFor();
  // A message the server refuses (too long here): failed, with Retry.
  for (const p of [ada, bob]) {
    await p.page.getByRole('button', { name: /message everyone instead/i }).click();
    await send(p, 'This one is far too long for this server: it keeps texts to 120 characters, so it refuses it, and the chat shows Retry beside it.');
  }
  for (const p of [ada, bob]) await p.page.getByRole('button', { name: 'Retry' }).waitFor();
  await shot(ada.page, 'chat-history-desktop');
  await shot(bob.page, 'chat-history-phone');
  // Scrolled back to the start of the room's history.
  for (const p of [ada, bob]) await p.page.evaluate(() => deepAll('ol[part=messages]')[0]!.scrollTo({ top: 0 }));
  await shot(ada.page, 'chat-history-top-desktop');
  await shot(bob.page, 'chat-history-top-phone');
  // A private message typed from the composer's chip.
  await bob.page.getByRole('button', { name: 'Reply privately to Ada Lovelace' }).click();
  await bob.page.getByLabel('Message', { exact: true }).fill('Thanks!');
  await shot(bob.page, 'chat-private-composer-phone');
} finally {
  await closeAll(browser, people);
  await server.close();
}
