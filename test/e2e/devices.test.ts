// Devices and settings during the call (issue 14), in real Chromium with three
// fake cameras (and Chromium's three fake microphones and speakers): a camera
// or microphone picked from the menu beside its button reaches the peer as
// the new track, through replaceTrack, with no renegotiation; the speaker
// follows setSinkId; the pick is remembered into the next lobby; and the
// gear's settings dialog keeps the focus inside, previews the camera and
// gives it back to the gear on Escape.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { focusedName, join, tabTo, waitForRemoteVideos } from './browser.js';
import { useCallFixture } from './call-fixture.js';
import { RECORD_PEER_CONNECTIONS } from './peer-connections.js';

const { enter } = useCallFixture({}, { deviceCount: 3 });

// The switch goes to fake_device_2: Chromium's fake_device_1 delivers frames
// to a <video> but not to WebRTC's encoder (measured with two bare
// RTCPeerConnections in one page: framesEncoded stops at the replaceTrack to
// it, and keeps rising with fake_device_2).
// Each case is a whole story (a call, then several switches and checks): on
// this loaded machine (load 45-77 while others' suites run) one took over 4 minutes.

/**
 * Counts every time a connection leaves the "stable" signaling state: each
 * offer or answer does. Kept as source text, like RECORD_PEER_CONNECTIONS.
 */
const COUNT_NEGOTIATIONS = `
  (() => {
    const Native = window.RTCPeerConnection;
    window.negotiations = 0;
    window.RTCPeerConnection = class extends Native {
      constructor(...args) {
        super(...args);
        this.addEventListener('signalingstatechange', () => {
          if (this.signalingState !== 'stable') window.negotiations++;
        });
      }
    };
  })();
`;

declare global {
  interface Window {
    negotiations: number;
    oldTracks: Partial<Record<'audio' | 'video', MediaStreamTrack>>;
  }
}

/** The track our (only) connection sends of `kind`: its device and label, and whether it is live. */
function sentTrack(page: Page, kind: 'audio' | 'video') {
  return page.evaluate((k) => {
    const track = window.peerConnections[0]!.pc.getSenders().find((s) => s.track?.kind === k)?.track;
    return { deviceId: track?.getSettings().deviceId ?? '', label: track?.label ?? '', readyState: track?.readyState ?? '' };
  }, kind);
}

/** Keeps the track sent now, to check later that it was stopped. */
function keepSentTrack(page: Page, kind: 'audio' | 'video') {
  return page.evaluate((k) => {
    window.oldTracks ??= {};
    window.oldTracks[k] = window.peerConnections[0]!.pc.getSenders().find((s) => s.track?.kind === k)?.track ?? undefined;
  }, kind);
}

/** The device id Chromium gives the device labelled `label`. */
function deviceIdOf(page: Page, label: string) {
  return page.evaluate(async (l) => (await navigator.mediaDevices.enumerateDevices()).find((d) => d.label === l)?.deviceId ?? '', label);
}

/** Counters of what `page` receives on its connection: decoded video frames and received audio samples. */
function received(page: Page) {
  return page.evaluate(async () => {
    const stats = await window.peerConnections[0]!.pc.getStats();
    const counts = { frames: 0, samples: 0 };
    stats.forEach((s) => {
      if (s.type === 'inbound-rtp' && s.kind === 'video') counts.frames = s.framesDecoded ?? 0;
      if (s.type === 'inbound-rtp' && s.kind === 'audio') counts.samples = s.totalSamplesReceived ?? 0;
    });
    return counts;
  });
}

/** How `page` stands with negotiation: connections made, offers/answers seen, and whether all are stable. */
function negotiation(page: Page) {
  return page.evaluate(() => ({
    connections: window.peerConnections.length,
    negotiations: window.negotiations,
    isStable: window.peerConnections.every(({ pc }) => pc.signalingState === 'stable'),
  }));
}

/** Picks `label` in the device menu named `menu`. */
async function pick(page: Page, menu: string, label: string): Promise<void> {
  await page.getByRole('button', { name: menu }).click();
  await page.getByRole('menuitemradio', { name: label }).click();
}

/** Whether the focus (looked for through shadow roots) is inside the settings dialog. */
function isFocusInDialog(page: Page) {
  return page.evaluate(() => {
    let el = document.activeElement;
    const chain: Element[] = [];
    while (el) {
      chain.push(el);
      el = el.shadowRoot?.activeElement ?? null;
    }
    return chain.some((e) => e.tagName === 'SETTINGS-DIALOG') && chain.at(-1)?.tagName !== 'SETTINGS-DIALOG';
  });
}

describe('switching devices during a call', () => {
  it('sends the newly picked camera and microphone to the peer without renegotiating, plays on the picked speaker, and remembers the picks', async () => {
    const [ada, bob] = [
      await enter('devices', 'Ada', [RECORD_PEER_CONNECTIONS, COUNT_NEGOTIATIONS]),
      await enter('devices', 'Bob', [RECORD_PEER_CONNECTIONS, COUNT_NEGOTIATIONS]),
    ];
    // At load 85 a click once waited 30 s (Playwright's default) for the page to take it.
    for (const p of [ada, bob]) p.page.setDefaultTimeout(90_000);
    await join(ada);
    await join(bob);
    await waitForRemoteVideos(ada.page, 1);
    await waitForRemoteVideos(bob.page, 1);
    const before = { ada: await negotiation(ada.page), bob: await negotiation(bob.page) };
    expect(before.ada).toMatchObject({ connections: 1, isStable: true });

    // The camera: fake_device_0 is in use; fake_device_2 is picked from the menu.
    const secondCamera = await deviceIdOf(ada.page, 'fake_device_2');
    expect((await sentTrack(ada.page, 'video')).label).toBe('fake_device_0');
    await keepSentTrack(ada.page, 'video');
    await pick(ada.page, 'Choose camera', 'fake_device_2');
    await expect.poll(() => sentTrack(ada.page, 'video'), { timeout: 30_000 }).toEqual({ deviceId: secondCamera, label: 'fake_device_2', readyState: 'live' });
    // The old camera is stopped, so every frame Bob decodes from now on comes from the new one.
    expect(await ada.page.evaluate(() => window.oldTracks.video?.readyState)).toBe('ended');
    const framesAtSwitch = (await received(bob.page)).frames;
    await expect.poll(async () => (await received(bob.page)).frames, { timeout: 30_000 }).toBeGreaterThan(framesAtSwitch + 5);
    await ada.page.getByRole('button', { name: 'Choose camera' }).click();
    expect(await ada.page.getByRole('menuitemradio', { name: 'fake_device_2' }).getAttribute('aria-checked')).toBe('true');
    expect(await ada.page.getByRole('menuitemradio', { name: 'fake_device_0' }).getAttribute('aria-checked')).toBe('false');
    await ada.page.keyboard.press('Escape');

    // The microphone, the same way.
    await keepSentTrack(ada.page, 'audio');
    await pick(ada.page, 'Choose microphone and speaker', 'Fake Audio Input 2');
    await expect.poll(async () => (await sentTrack(ada.page, 'audio')).label, { timeout: 30_000 }).toBe('Fake Audio Input 2');
    expect(await ada.page.evaluate(() => window.oldTracks.audio?.readyState)).toBe('ended');
    const samplesAtSwitch = (await received(bob.page)).samples;
    await expect.poll(async () => (await received(bob.page)).samples, { timeout: 30_000 }).toBeGreaterThan(samplesAtSwitch + 4_800);

    // The speaker: Bob's video (with his sound) plays on the picked output.
    const speaker = await deviceIdOf(ada.page, 'Fake Audio Output 1');
    await pick(ada.page, 'Choose microphone and speaker', 'Fake Audio Output 1');
    await ada.page.waitForFunction((id) => deepAll('video[data-peer]:not([data-self])').every((v) => (v as HTMLVideoElement).sinkId === id), speaker);

    // No offer or answer on either side: the same connection, still stable.
    expect(await negotiation(ada.page)).toEqual(before.ada);
    expect(await negotiation(bob.page)).toEqual(before.bob);

    // The picks hold for the session: after a reload, the lobby starts with them.
    await ada.page.reload();
    await ada.page.getByRole('combobox', { name: /^Camera/ }).waitFor();
    await expect.poll(() => ada.page.getByRole('combobox', { name: /^Camera/ }).inputValue()).toBe(secondCamera);
    await expect.poll(() => ada.page.getByRole('combobox', { name: /^Microphone/ }).inputValue()).toBe(await deviceIdOf(ada.page, 'Fake Audio Input 2'));
    await ada.page.waitForFunction(
      (id) => deepAll('lobby-view video').some((v) => ((v as HTMLVideoElement).srcObject as MediaStream | null)?.getVideoTracks()[0]?.getSettings().deviceId === id),
      secondCamera,
    );
  }, 600_000);
});

describe('the settings dialog', () => {
  it('opens from the gear on the Audio tab, keeps the focus inside, previews the camera, and Escape gives the focus back to the gear', async () => {
    const ada = await enter('settings', 'Ada');
    ada.page.setDefaultTimeout(90_000);
    await join(ada);
    await ada.page.getByRole('button', { name: 'Settings', exact: true }).waitFor();
    await tabTo(ada.page, 'Settings');
    await ada.page.keyboard.press('Enter');
    await expect.poll(() => focusedName(ada.page)).toBe('tab-audio');
    expect(await ada.page.getByRole('button', { name: 'Settings', exact: true }).getAttribute('aria-expanded')).toBe('true');

    // Audio: the microphone's level moves with the fake microphone's beeps.
    await ada.page.waitForFunction(() => deepAll('mic-meter').some((m) => Number(m.getAttribute('aria-valuenow')) >= 1));
    await expect.poll(() => ada.page.getByRole('combobox', { name: /^Speaker/ }).inputValue()).toBe('default');

    // The focus goes round inside the dialog, both ways, never behind it.
    for (let i = 0; i < 8; i++) {
      await ada.page.keyboard.press('Tab');
      expect(await isFocusInDialog(ada.page), `after Tab ${i + 1}: ${await focusedName(ada.page)}`).toBe(true);
    }
    await tabTo(ada.page, 'Close settings');
    await ada.page.keyboard.press('Shift+Tab');
    await expect.poll(() => focusedName(ada.page)).toBe('done');
    await ada.page.keyboard.press('Tab');
    await expect.poll(() => focusedName(ada.page)).toBe('Close settings');

    // Video: the arrow keys move between tabs; the preview shows the camera, and follows a switch.
    await tabTo(ada.page, 'tab-audio');
    await ada.page.keyboard.press('ArrowRight');
    await expect.poll(() => focusedName(ada.page)).toBe('tab-video');
    const previewOf = () =>
      ada.page.evaluate(() => {
        const video = deepAll('.preview video')[0] as HTMLVideoElement | undefined;
        return { label: (video?.srcObject as MediaStream | null)?.getVideoTracks()[0]?.label ?? '', frames: video?.getVideoPlaybackQuality().totalVideoFrames ?? 0 };
      });
    await expect.poll(async () => (await previewOf()).frames, { timeout: 30_000 }).toBeGreaterThan(0);
    await ada.page.getByRole('combobox', { name: /^Camera/ }).selectOption({ label: 'fake_device_2' });
    await expect.poll(async () => (await previewOf()).label, { timeout: 30_000 }).toBe('fake_device_2');
    const framesAfterSwitch = (await previewOf()).frames;
    await expect.poll(async () => (await previewOf()).frames, { timeout: 30_000 }).toBeGreaterThan(framesAfterSwitch + 5);

    // Advanced: the connection settings moved here.
    await ada.page.getByRole('tab', { name: 'Advanced' }).click();
    await ada.page.getByRole('heading', { name: 'Connection settings' }).waitFor();
    expect(await ada.page.getByRole('button', { name: 'Close connection settings' }).count()).toBe(0);

    await ada.page.keyboard.press('Escape');
    await expect.poll(() => focusedName(ada.page)).toBe('Settings');
    expect(await ada.page.getByRole('dialog', { name: 'Settings' }).count()).toBe(0);
    expect(await ada.page.getByRole('button', { name: 'Settings', exact: true }).getAttribute('aria-expanded')).toBe('false');
    // The preview let go of the camera: only the self view shows it now.
    expect(await ada.page.evaluate(() => deepAll('.preview video').length)).toBe(0);
  }, 150_000);
});
