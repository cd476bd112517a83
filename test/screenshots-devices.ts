// Screenshots of devices and settings during the call (issue 14) at phone
// and desktop width, with three fake cameras: the microphone's device menu
// open, and the settings dialog's Audio, Video and Advanced tabs.
// test/screenshots.ts runs it; `tsx test/screenshots-devices.ts <dir>` alone.
import path from 'node:path';
import { mkdirSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { closeAll, join, launchBrowser, openRoom, waitForRemoteVideos, type Participant } from './e2e/browser.js';
import { startTestServer } from './helpers/test-server.js';
import { withPatience } from './screenshot-script.js';

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };

type Shot = (page: Page, name: string) => Promise<void>;

/** Takes the shots on a server of its own and a browser with three cameras. */
export async function deviceShots(shot: Shot): Promise<void> {
  const server = await startTestServer(
    { STUN_URLS: 'stun:turn.example.org:3478', TURN_URLS: 'turn:turn.example.org:3478?transport=udp', TURN_SECRET: 'screenshot-secret' },
    path.resolve('dist/client'),
  );
  const browser = withPatience(await launchBrowser({ deviceCount: 3 }));
  const people: Participant[] = [];
  try {
    const ada = await openRoom(browser, server.url, 'devices', 'Ada Lovelace', DESKTOP);
    const bob = await openRoom(browser, server.url, 'devices', 'Bob', PHONE);
    people.push(ada, bob);
    await join(ada);
    await join(bob);
    await waitForRemoteVideos(ada.page, 1);
    await waitForRemoteVideos(bob.page, 1);
    for (const [p, label] of [
      [ada, 'desktop'],
      [bob, 'phone'],
    ] as const) {
      await p.page.getByRole('button', { name: 'Choose microphone and speaker' }).click();
      await p.page.getByRole('menuitemradio').first().waitFor();
      await shot(p.page, `call-device-menu-${label}`);
      await p.page.keyboard.press('Escape');
      await p.page.getByRole('button', { name: 'Settings', exact: true }).click();
      await p.page.getByRole('dialog', { name: 'Settings' }).waitFor();
      // Caught on a beep of the fake microphone, so the meter shows a level.
      await p.page.waitForFunction(() => deepAll('mic-meter').some((m) => Number(m.getAttribute('aria-valuenow')) >= 3));
      await shot(p.page, `settings-audio-${label}`);
      await p.page.getByRole('tab', { name: 'Video' }).click();
      await p.page.waitForFunction(() => deepAll('.preview video').some((v) => (v as HTMLVideoElement).videoWidth > 0));
      await shot(p.page, `settings-video-${label}`);
      await p.page.getByRole('tab', { name: 'Advanced' }).click();
      await p.page.getByRole('heading', { name: 'Connection settings' }).waitFor();
      await shot(p.page, `settings-${label}`);
      await p.page.keyboard.press('Escape');
    }
  } finally {
    await closeAll(browser, people);
    await server.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const outDir = path.resolve(process.argv[2] ?? 'docs/screenshots');
  mkdirSync(outDir, { recursive: true });
  await deviceShots(async (page, name) => {
    await page.screenshot({ path: path.join(outDir, `${name}.png`) });
    console.log(`wrote ${name}.png`);
  });
}
