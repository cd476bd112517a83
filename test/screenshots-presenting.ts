// Screenshots of presenting and focusing (issue 14) at phone and desktop
// width: a shared screen as the large tile on the others' pages with the
// presenter's camera beside it, the presenter's "You are presenting" banner
// and self view, a pinned tile, speaker view.
// test/screenshots.ts runs it; `tsx test/screenshots-presenting.ts <dir>` alone.
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { join, openRoom, selfId, waitForRemoteVideos, type Participant } from './e2e/browser.js';
import { startTestServer } from './helpers/test-server.js';
import { runIfMain } from './screenshot-script.js';

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };

type Shot = (page: Page, name: string) => Promise<void>;

/** Waits until the page shows `peerId`'s tile large (video-grid's `large` class) with a frame in it. */
async function large(page: Page, peerId: string): Promise<void> {
  await page.waitForFunction((id) => {
    const tile = deepAll(`video-tile.large[peer-id="${id}"]`)[0];
    const video = tile?.shadowRoot?.querySelector('video');
    return video !== null && video !== undefined && video.videoWidth > 0;
  }, peerId);
}

/** Waits until the presenter's camera plays in the strip beside their screen. */
async function presenterCamera(page: Page, peerId: string): Promise<void> {
  await page.waitForFunction((id) => {
    const video = deepAll(`video-tile.presenter[peer-id="${id}"]`)[0]?.shadowRoot?.querySelector('video');
    return video !== null && video !== undefined && video.videoWidth > 0;
  }, peerId);
}

export async function presentingShots(browser: Browser, shot: Shot, people: Participant[]): Promise<void> {
  const server = await startTestServer({}, path.resolve('dist/client'));
  try {
    // Smaller cameras than the default: three pages beside the other developers' calls.
    const room = 'design-review?video=320x180';
    const ada = await openRoom(browser, server.url, room, 'Ada Lovelace', DESKTOP);
    const bob = await openRoom(browser, server.url, room, 'Bob', PHONE);
    const cy = await openRoom(browser, server.url, room, 'Cy', DESKTOP);
    people.push(ada, bob, cy);
    // Screenshots run beside everything else on a loaded machine: no hurry.
    for (const p of [ada, bob, cy]) p.page.setDefaultTimeout(120_000);
    for (const p of [ada, bob, cy]) await join(p);
    for (const p of [ada, bob, cy]) await waitForRemoteVideos(p.page, 2, { timeout: 180_000 });
    const [adaId, bobId] = [await selfId(ada.page), await selfId(bob.page)];

    await ada.page.getByRole('button', { name: 'Share screen' }).click();
    for (const page of [cy.page, bob.page]) {
      await large(page, adaId);
      await presenterCamera(page, adaId);
    }
    await shot(cy.page, 'present-viewer-desktop');
    await shot(bob.page, 'present-viewer-phone');
    await ada.page.getByRole('status').filter({ hasText: 'You are presenting' }).waitFor();
    await shot(ada.page, 'present-presenter-desktop');
    await ada.page.setViewportSize(PHONE);
    await shot(ada.page, 'present-presenter-phone');
    await ada.page.getByRole('button', { name: 'Stop presenting' }).click();
    await ada.page.setViewportSize(DESKTOP);

    // Cy pins Bob, hovering his tile so its buttons show; Bob pins Ada.
    await cy.page.getByRole('button', { name: 'Pin Bob' }).click();
    await large(cy.page, bobId);
    await shot(cy.page, 'pinned-desktop');
    await bob.page.getByRole('button', { name: 'Pin Ada Lovelace' }).click();
    await large(bob.page, adaId);
    await shot(bob.page, 'pinned-phone');
    await cy.page.getByRole('button', { name: 'Pin Bob' }).click();
    await bob.page.getByRole('button', { name: 'Pin Ada Lovelace' }).click();

    // Speaker view: whoever speaks is large (all three beep; someone is).
    for (const [p, label] of [
      [cy, 'desktop'],
      [bob, 'phone'],
    ] as const) {
      await p.page.getByRole('button', { name: 'Speaker view' }).click();
      await p.page.waitForFunction(() => deepAll('video-tile.large').length === 1);
      await p.page.mouse.move(0, 0);
      await shot(p.page, `speaker-view-${label}`);
    }
  } finally {
    await server.close();
  }
}

await runIfMain(import.meta.url, presentingShots);
