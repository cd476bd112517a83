// The call controls, seen from the other side: muting, turning the camera off
// and on, and sharing the screen beside the camera.
import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTwoInCall, type TwoInCall } from './two-in-call.js';
import { focusedName, tabTo, waitForNewFrame, type Participant } from './browser.js';

let call: TwoInCall | undefined;
let ada: Participant;
let bob: Participant;
let adaId: string;

// Two joins with video take over 90 s at a load average of 70 on this 2-core machine.
beforeAll(async () => {
  call = await startTwoInCall('controls');
  ({ ada, bob, adaId } = call);
}, 240_000);
afterAll(() => call?.close());

/** Waits until a toggle button reports `isPressed` (the change may come after async work). */
async function pressed(button: Locator, isPressed: boolean): Promise<void> {
  await button.page().waitForFunction(([el, want]) => el?.getAttribute('aria-pressed') === String(want), [await button.elementHandle(), isPressed] as const);
}

/** What Bob's page shows of Ada: her tile's flags and her video's size. */
function adaAsBobSeesHer() {
  return bob.page.evaluate((id) => {
    const video = deepAll(`video[data-peer="${id}"]`)[0] as HTMLVideoElement;
    const tile = deepAll(`video-tile[peer-id="${id}"]`)[0];
    const label = tile?.shadowRoot?.querySelector('.label')?.textContent ?? '';
    return {
      isMicOffShown: label.includes('Microphone off'),
      isVideoShown: !video.hidden,
      isScreen: video.classList.contains('screen'),
      width: video.videoWidth,
      videoTracks: (video.srcObject as MediaStream).getVideoTracks().length,
    };
  }, adaId);
}

describe('controls', () => {
  it('mute reaches the other side, and so does unmute', async () => {
    const mic = ada.page.getByRole('button', { name: 'Microphone', exact: true });
    await pressed(mic, true);
    await mic.click();
    await pressed(mic, false);
    await bob.page.waitForFunction((id) => deepAll(`video-tile[peer-id="${id}"]`)[0]?.shadowRoot?.textContent?.includes('Microphone off'), adaId);
    expect((await adaAsBobSeesHer()).isMicOffShown).toBe(true);
    // Muting disables the track we send; it is not removed.
    expect(await ada.page.evaluate(() => ((deepAll('video[data-self]')[0] as HTMLVideoElement).srcObject as MediaStream).getAudioTracks()[0]?.enabled)).toBe(false);

    await mic.click();
    await bob.page.waitForFunction((id) => !deepAll(`video-tile[peer-id="${id}"]`)[0]?.shadowRoot?.textContent?.includes('Microphone off'), adaId);
  });

  it('camera off shows the other side an avatar; camera on brings the video back', async () => {
    const camera = ada.page.getByRole('button', { name: 'Camera', exact: true });
    await camera.click();
    await bob.page.waitForFunction((id) => (deepAll(`video[data-peer="${id}"]`)[0] as HTMLVideoElement).hidden, adaId);
    expect(await ada.page.evaluate(() => (deepAll('video[data-self]')[0] as HTMLVideoElement).hidden)).toBe(true);
    // The camera is released, not just hidden.
    expect(await ada.page.evaluate(() => ((deepAll('video[data-self]')[0] as HTMLVideoElement).srcObject as MediaStream).getVideoTracks()[0]?.label)).not.toMatch(
      /fake_device/,
    );

    await camera.click();
    await bob.page.waitForFunction((id) => !(deepAll(`video[data-peer="${id}"]`)[0] as HTMLVideoElement).hidden, adaId);
    await waitForNewFrame(bob.page, adaId);
    expect(await adaAsBobSeesHer()).toMatchObject({ isVideoShown: true, isScreen: false, videoTracks: 1 });
  });

  it('screen sharing shows the other side the screen in a tile of its own while the camera plays on, and stopping removes it', async () => {
    const cameraWidth = (await adaAsBobSeesHer()).width;
    const share = ada.page.getByRole('button', { name: 'Share screen' });
    await share.click();
    await pressed(share, true);
    // The fake screen is 1280x720, the camera 640x360: Bob sees the larger picture on a tile (and a track) of its own.
    await bob.page.waitForFunction(
      ([id, width]) => ((deepAll(`video.screen[data-peer="${id}"]`)[0] as HTMLVideoElement | undefined)?.videoWidth ?? 0) > width,
      [adaId, cameraWidth] as const,
      { timeout: 60_000 },
    );
    expect(await adaAsBobSeesHer()).toMatchObject({ isVideoShown: true, isScreen: false, videoTracks: 1, width: cameraWidth });
    await waitForNewFrame(bob.page, adaId);

    await share.click();
    await pressed(share, false);
    await bob.page.waitForFunction((id) => deepAll(`video.screen[data-peer="${id}"]`).length === 0, adaId, { timeout: 60_000 });
    expect(await adaAsBobSeesHer()).toMatchObject({ isVideoShown: true, isScreen: false, width: cameraWidth });
  });

  it('works from the keyboard alone: chat, closing it, and the microphone', async () => {
    const page = bob.page;
    await tabTo(page, 'Chat');
    await page.keyboard.press('Enter');
    // Opening the chat puts the focus in the message field.
    await page.waitForFunction(() => {
      let el = document.activeElement;
      while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
      return el?.id === 'message';
    });
    await page.keyboard.type('typed, not clicked');
    await page.keyboard.press('Enter');
    // Ada's chat is closed (its panel not even loaded: lazy-parts.ts), so the message arrives as a preview and an unread count.
    await ada.page.getByRole('button', { name: /^New message from Bob: typed, not clicked\./ }).waitFor();
    await ada.page.getByRole('button', { name: /^Chat, \d+ unread$/ }).waitFor();
    // Escape closes the panel and gives the focus back to the Chat button.
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => (deepAll('aside')[0] as HTMLElement).hidden);
    expect(await focusedName(page)).toBe('Chat');
    // Space toggles the microphone.
    await tabTo(page, 'Microphone', 'Shift+Tab');
    const mic = page.getByRole('button', { name: 'Microphone', exact: true });
    await page.keyboard.press('Space');
    await pressed(mic, false);
    await page.keyboard.press('Space');
    await pressed(mic, true);
  });
});
