// Takes the screenshots in docs/screenshots: every screen at phone (390x844)
// and desktop (1280x800) width, in real Chromium with a fake camera, against
// a real server. Run with `npm run screenshots` after `vite build`.
import path from 'node:path';
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { closeAll, join, launchBrowser, openRoom, waitForRemoteVideos, type Participant } from './e2e/browser.js';
import { startTestServer } from './helpers/test-server.js';
import { reconnectingShots, reliabilityShots } from './screenshots-reliability.js';
import { lockShots } from './screenshots-lock.js';
import { presentingShots } from './screenshots-presenting.js';
import { keyboardShots } from './screenshots-keyboard.js';
import { deviceShots } from './screenshots-devices.js';
import { awarenessShots } from './screenshots-awareness.js';
import { withPatience } from './screenshot-script.js';
import { unreachableShots } from './screenshots-unreachable.js';

const outDir = path.resolve(process.argv[2] ?? 'docs/screenshots');
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };

mkdirSync(outDir, { recursive: true });
// A deployment-like ICE configuration, so the connection settings show one
// (nothing answers at these names; calls connect over loopback regardless).
const server = await startTestServer(
  {
    STUN_URLS: 'stun:turn.example.org:3478',
    TURN_URLS: 'turn:turn.example.org:3478?transport=udp,turns:turn.example.org:443?transport=tcp',
    TURN_SECRET: 'screenshot-secret',
  },
  path.resolve('dist/client'),
);
const browser = withPatience(await launchBrowser());
const people: Participant[] = [];
let noDevices: Browser | undefined;

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(outDir, `${name}.png`) });
  console.log(`wrote ${name}.png`);
}

/**
 * Closes the pages a set opened, all but the call kept for the last shots:
 * a set's call goes on peer to peer after its server stops, and those left
 * running slowed every later set on this loaded machine until its waits timed out.
 */
async function closeAllBut(...kept: Participant[]): Promise<void> {
  const others = people.filter((p) => !kept.includes(p));
  people.splice(0, people.length, ...kept);
  await closeAll(undefined, others);
}

try {
  for (const [label, viewport] of [
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ] as const) {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    await page.getByRole('button', { name: /start a new call/i }).waitFor();
    await shot(page, `home-${label}`);
    await context.close();
  }

  const room = 'design-review';
  const ada = await openRoom(browser, server.url, room, 'Ada Lovelace', DESKTOP);
  const bob = await openRoom(browser, server.url, room, 'Bob', PHONE);
  people.push(ada, bob);
  for (const [p, label] of [
    [ada, 'desktop'],
    [bob, 'phone'],
  ] as const) {
    await p.page.getByLabel(/name/i).fill(p.name);
    await p.page.waitForFunction(() => deepAll('video').some((v) => (v as HTMLVideoElement).videoWidth > 0));
    // Caught on a beep of the fake microphone, so the meter shows a level.
    await p.page.waitForFunction(() => Number(deepAll('mic-meter')[0]?.getAttribute('aria-valuenow')) >= 3);
    await shot(p.page, `lobby-${label}`);
  }
  await join(ada);
  await join(bob);
  await waitForRemoteVideos(ada.page, 1);
  await waitForRemoteVideos(bob.page, 1);
  // Each sees the other's link mark and speaking ring.
  for (const p of [ada, bob])
    await p.page.waitForFunction(
      () => deepAll('video-tile[speaking]:not([self])').length > 0 && deepAll('video-tile').some((t) => t.shadowRoot?.querySelector('[data-quality]')),
    );
  await shot(ada.page, 'call-desktop');
  await shot(bob.page, 'call-phone');

  // Talking while muted.
  for (const p of [ada, bob]) {
    await p.page.getByRole('button', { name: 'Microphone', exact: true }).click();
    await p.page.getByRole('status').filter({ hasText: "You're muted" }).waitFor();
  }
  await shot(ada.page, 'muted-desktop');
  await shot(bob.page, 'muted-phone');
  for (const p of [ada, bob]) await p.page.getByRole('button', { name: 'Unmute' }).click();

  // Chat: a few messages both ways, then the panel open on each side.
  const say = async (p: Participant, text: string) => {
    await p.page.getByLabel('Message', { exact: true }).fill(text);
    await p.page.getByRole('button', { name: 'Send' }).click();
  };
  await ada.page.getByRole('button', { name: /^chat/i }).click();
  await bob.page.getByRole('button', { name: /^chat/i }).click();
  await say(ada, 'Hi Bob! Can you see the new mockups?');
  await say(bob, 'Yes, they look great!');
  await say(bob, 'Sharing my notes in a minute.');
  await say(ada, 'Perfect, take your time.');
  await ada.page.waitForFunction(() => deepAll('li[data-own]').length === 4);
  await bob.page.waitForFunction(() => deepAll('li[data-own]').length === 4);
  await shot(ada.page, 'chat-desktop');
  await shot(bob.page, 'chat-phone');

  for (const [p, label] of [
    [ada, 'desktop'],
    [bob, 'phone'],
  ] as const) {
    await p.page.getByRole('button', { name: /close chat/i }).click();
    await p.page.getByRole('button', { name: /^participants/i }).click();
    await p.page.getByLabel(/show connection stats/i).check();
    await p.page.waitForFunction(() => deepAll('[data-stat="in"]').some((d) => /kbps|Mbps/.test(d.textContent ?? '')));
    await shot(p.page, `people-stats-${label}`);
  }

  for (const p of [ada, bob]) await p.page.getByRole('button', { name: /close participants/i }).click();

  // Three people, to show the grid.
  const cy = await openRoom(browser, server.url, room, 'Cy', DESKTOP);
  people.push(cy);
  await join(cy);
  await waitForRemoteVideos(ada.page, 2);
  await waitForRemoteVideos(bob.page, 2);
  await shot(ada.page, 'call-3-desktop');
  await shot(bob.page, 'call-3-phone');
  await closeAllBut(ada, bob);

  // A browser with no camera or microphone at all.
  noDevices = withPatience(await launchBrowser({ hasFakeMedia: false }));
  const nomad = await openRoom(noDevices, server.url, room, 'Nomad', DESKTOP);
  await nomad.page.getByLabel(/name/i).fill('Nomad');
  await nomad.page.getByText(/You can still join/).waitFor();
  await shot(nomad.page, 'lobby-no-camera-desktop');
  await closeAll(noDevices);
  noDevices = undefined;

  // A locked room, a wrong password and a full room in the lobby (a server of their own).
  await reliabilityShots(browser, shot, people);
  await closeAllBut(ada, bob);
  // Devices and settings: the device menu, the settings dialog's tabs (a server and a browser with two cameras of their own).
  await deviceShots(shot);
  // The room lock: lobby offers, refusals and the call's lock control (a server of their own).
  await lockShots(browser, shot, people);
  await closeAllBut(ada, bob);
  // Presenting, pinning, speaker view (a server of their own).
  await presentingShots(browser, shot, people);
  await closeAllBut(ada, bob);
  await keyboardShots(browser, shot, people);
  await closeAllBut(ada, bob);
  // Knowing what happens: notices, the chat preview, hands, reactions, "Bob (2)" (a server of its own).
  await awarenessShots(browser, shot, people);
  await closeAllBut(ada, bob);
  // A foreign peer that never comes back after a server restart (a server process of its own, killed and started again).
  await unreachableShots(browser, shot, people);
  await closeAllBut(ada, bob);
  // Last, since it takes the server away: the call while it is gone.
  await reconnectingShots(shot, ada, bob, () => server.close());
} finally {
  await closeAll(noDevices);
  await closeAll(browser, people);
  await server.close();
}
