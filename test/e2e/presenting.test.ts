// Presenting and focusing, in three pages of one call: a pinned tile is the
// large one and goes full screen; speaker view (and picture-in-picture)
// follows whoever speaks; a shared screen becomes the large tile on the
// other pages, its frames decoded there, while the presenter gets a banner.
// Chromium's fake microphone beeps all the time: muting the others makes
// one page the speaker.
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/server.js';
import { startTestServer } from '../helpers/test-server.js';
import { closeAll, join, launchBrowser, openRoom, selfId, waitForRemoteVideos, type Participant } from './browser.js';

let server: RunningServer;
let browser: Browser;
let ada: Participant;
let bob: Participant;
let cy: Participant;
let adaId: string;
let bobId: string;

beforeAll(async () => {
  server = await startTestServer({}, path.resolve('dist/client'));
  browser = await launchBrowser();
  // Small cameras: six encodes in three pages, on a machine that runs other calls too.
  const room = 'presenting?video=160x120';
  ada = await openRoom(browser, server.url, room, 'Ada');
  bob = await openRoom(browser, server.url, room, 'Bob');
  cy = await openRoom(browser, server.url, room, 'Cy');
  for (const p of [ada, bob, cy]) await join(p);
  for (const p of [ada, bob, cy]) await waitForRemoteVideos(p.page, 2, { timeout: 150_000 });
  adaId = await selfId(ada.page);
  bobId = await selfId(bob.page);
  // Three pages joining one call take over 90 s when the machine runs other calls (load 60).
}, 300_000);
afterAll(async () => {
  await closeAll(
    browser,
    [ada, bob, cy].filter((p) => p !== undefined),
  );
  await server?.close();
});

/**
 * Waits until the tile of `peerId` is the large one: its box at least three
 * times the area of every other tile; '' waits for no tile to be (the grid).
 */
async function waitForLarge(page: Page, peerId: string): Promise<void> {
  await page.waitForFunction(
    (id) => {
      const boxes = deepAll('video-tile').map((t) => {
        const r = t.getBoundingClientRect();
        return { id: t.getAttribute('peer-id') ?? '', area: r.width * r.height };
      });
      const largest = boxes.reduce((a, b) => (b.area > a.area ? b : a));
      const isLarge = boxes.every((b) => b === largest || largest.area >= 3 * b.area);
      return id === '' ? !isLarge : isLarge && largest.id === id;
    },
    peerId,
    { timeout: 30_000 },
  );
}

/** Toggles `who`'s microphone and waits until `observer` sees the change on their tile. */
async function setMic(who: Participant, id: string, isOn: boolean, observer: Page): Promise<void> {
  const mic = who.page.getByRole('button', { name: 'Microphone', exact: true });
  if ((await mic.getAttribute('aria-pressed')) !== String(isOn)) await mic.click();
  await observer.waitForFunction(
    ([peer, on]) => deepAll(`video-tile[peer-id="${peer}"]`)[0]?.shadowRoot?.textContent?.includes('Microphone off') === !on,
    [id, isOn] as const,
    { timeout: 30_000 },
  );
}

/** The peer whose video the page shows in picture-in-picture, or ''. */
function pipPeer(page: Page): Promise<string> {
  return page.evaluate(() => {
    const video = deepAll('video').find((v) => (v.getRootNode() as ShadowRoot).pictureInPictureElement === v);
    return video?.getAttribute('data-peer') ?? '';
  });
}

describe('presenting and focusing', { timeout: 180_000 }, () => {
  it('a pinned tile is the large one until unpinned, and goes full screen and back', async () => {
    const page = cy.page;
    await waitForLarge(page, '');
    // A click on the tile pins it; another unpins it.
    await page.locator(`video-tile[peer-id="${bobId}"]`).click();
    await waitForLarge(page, bobId);
    await page.locator(`video-tile[peer-id="${bobId}"]`).click();
    await waitForLarge(page, '');
    // Its Pin button does the same, and says so.
    const pin = page.getByRole('button', { name: 'Pin Ada' });
    await pin.click();
    await waitForLarge(page, adaId);
    expect(await pin.getAttribute('aria-pressed')).toBe('true');
    await pin.click();
    await waitForLarge(page, '');

    await page.getByRole('button', { name: 'Show Bob full screen' }).click();
    await page.waitForFunction(() => document.fullscreenElement !== null);
    const shown = await page.evaluate(() => {
      const el = deepAll('video-grid')[0]?.shadowRoot?.fullscreenElement;
      const r = el?.getBoundingClientRect();
      return { id: el?.getAttribute('peer-id'), width: r?.width, height: r?.height };
    });
    expect(shown).toEqual({ id: bobId, ...page.viewportSize() });
    await page.getByRole('button', { name: 'Exit full screen' }).click();
    await page.waitForFunction(() => document.fullscreenElement === null);
    await waitForLarge(page, '');
  });

  it('speaker view shows whoever speaks large, and picture-in-picture follows them', async () => {
    const page = cy.page;
    await page.getByRole('button', { name: 'Speaker view' }).click();
    await setMic(bob, bobId, false, page);
    await setMic(ada, adaId, true, page);
    await waitForLarge(page, adaId);
    // Ada stops, Bob talks: the stage moves to him.
    await setMic(ada, adaId, false, page);
    await setMic(bob, bobId, true, page);
    await waitForLarge(page, bobId);

    await page.getByRole('button', { name: 'Picture-in-picture' }).click();
    await page.waitForFunction(() => document.pictureInPictureElement !== null);
    expect(await pipPeer(page)).toBe(bobId);
    await setMic(bob, bobId, false, page);
    await setMic(ada, adaId, true, page);
    await waitForLarge(page, adaId);
    await page.waitForFunction((id) => deepAll(`video[data-peer="${id}"]`).some((v) => (v.getRootNode() as ShadowRoot).pictureInPictureElement === v), adaId, {
      timeout: 30_000,
    });
    await page.getByRole('button', { name: 'Picture-in-picture' }).click();
    await page.waitForFunction(() => document.pictureInPictureElement === null);

    await page.getByRole('button', { name: 'Speaker view' }).click();
    await waitForLarge(page, '');
  });

  it("a shared screen is the large tile on the others' pages and the presenter's camera stays in its tile, both decoding; the presenter sees a banner and her camera", async () => {
    // The one with the middle id offers to one of the others and answers the
    // other (the lower id offers), so both ways of opening the screen slot run.
    const [, middle] = [
      { p: ada, id: adaId },
      { p: bob, id: bobId },
      { p: cy, id: await selfId(cy.page) },
    ].sort((a, b) => (a.id < b.id ? -1 : 1));
    if (!middle) throw new Error('three pages');
    const presenter = middle.p;
    const viewers = [ada, bob, cy].filter((p) => p !== presenter);
    // Twice: the second share reuses the screen slot the first one opened, with no new negotiation on any page.
    for (let share = 1; share <= 2; share++) {
      if (share === 2) for (const { page } of [ada, bob, cy]) await page.evaluate(COUNT_DESCRIPTIONS);
      await waitForLarge(viewers[0]!.page, '');
      await presenter.page.getByRole('button', { name: 'Share screen' }).click();
      await presenter.page.getByRole('status').filter({ hasText: 'You are presenting' }).waitFor({ timeout: 30_000 });
      // Not a mirror of her own screen: nothing is large on her page, and her self view shows her camera, playing.
      await waitForLarge(presenter.page, '');
      expect(await presenter.page.evaluate(() => (deepAll('video[data-self]')[0] as HTMLVideoElement).hidden)).toBe(false);
      await waitForFramesOn(presenter.page, 'video[data-self]');
      for (const { page } of viewers) {
        await waitForLarge(page, middle.id);
        // Her screen (the fake one is 1280x720) and her camera (160x120) on two tiles, two tracks, both decoding at once.
        await page.waitForFunction((id) => (deepAll(`video.screen[data-peer="${id}"]`)[0] as HTMLVideoElement | undefined)?.videoWidth === 1280, middle.id, {
          timeout: 60_000,
        });
        await waitForFramesOn(page, `video.screen[data-peer="${middle.id}"]`, `video:not(.screen)[data-peer="${middle.id}"]`);
        const shown = await page.evaluate((id) => {
          const track = (selector: string) => ((deepAll(selector)[0] as HTMLVideoElement).srcObject as MediaStream).getVideoTracks().map((t) => t.id);
          const camera = deepAll(`video:not(.screen)[data-peer="${id}"]`)[0] as HTMLVideoElement;
          return { screen: track(`video.screen[data-peer="${id}"]`), camera: track(`video:not(.screen)[data-peer="${id}"]`), cameraWidth: camera.videoWidth };
        }, middle.id);
        expect(shown.screen).toHaveLength(1);
        expect(shown.camera).toHaveLength(1);
        expect(shown.screen[0]).not.toBe(shown.camera[0]);
        expect(shown.cameraWidth).toBe(160);
      }

      await presenter.page.getByRole('button', { name: 'Stop presenting' }).click();
      await presenter.page.getByRole('status').filter({ hasText: 'You are presenting' }).waitFor({ state: 'detached' });
      for (const { page } of viewers) {
        await waitForLarge(page, '');
        // The screen's tile goes; her camera plays on.
        await page.waitForFunction((id) => deepAll(`video.screen[data-peer="${id}"]`).length === 0, middle.id);
        await waitForFramesOn(page, `video[data-peer="${middle.id}"]`);
        expect(await page.evaluate((id) => (deepAll(`video[data-peer="${id}"]`) as HTMLVideoElement[]).map((v) => v.videoWidth), middle.id)).toEqual([160]);
      }
      if (share === 2) for (const { page } of [ada, bob, cy]) expect(await page.evaluate(() => (window as unknown as { descriptions: number }).descriptions)).toBe(0);
    }
  });
});

/** Waits until each video `selectors` names shows at least 10 more frames than when asked: all of them decoding at the same time. */
async function waitForFramesOn(page: Page, ...selectors: string[]): Promise<void> {
  const frames = (sels: string[]) => sels.map((sel) => (deepAll(sel)[0] as HTMLVideoElement | undefined)?.getVideoPlaybackQuality().totalVideoFrames ?? -1);
  const from = await page.evaluate(frames, selectors);
  await page.waitForFunction(
    ([sels, start]) => {
      const now = sels.map((sel) => (deepAll(sel)[0] as HTMLVideoElement | undefined)?.getVideoPlaybackQuality().totalVideoFrames ?? -1);
      return now.every((n, i) => n > (start[i] ?? 0) + 10 && (start[i] ?? -1) >= 0);
    },
    [selectors, from] as const,
    { timeout: 60_000 },
  );
}

/**
 * Counts, from now on, the descriptions (offers and answers) every
 * RTCPeerConnection of the page sets: a renegotiation sets two on each side.
 * Source text, evaluated in the page: the prototype's overloads do not type.
 */
const COUNT_DESCRIPTIONS = `(() => {
  window.descriptions = 0;
  const proto = RTCPeerConnection.prototype;
  for (const name of ['setLocalDescription', 'setRemoteDescription']) {
    const original = proto[name];
    proto[name] = function (...args) {
      window.descriptions++;
      return original.apply(this, args);
    };
  }
})()`;
