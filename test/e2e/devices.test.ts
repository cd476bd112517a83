// Devices and settings during the call (issue 14), in real Chromium with three
// fake cameras (and Chromium's three fake microphones and speakers), as one
// call told in steps (each `it` goes on from the one before): a camera or
// microphone picked from the menu beside its button reaches the peer as the
// new track, through replaceTrack, with no offer or answer on either side;
// the speaker picked plays the others (setSinkId); the picks are remembered
// into the next lobby. And the gear's settings dialog keeps the focus
// inside, previews the camera and gives it back to the gear on Escape.
//
// Why the earlier version timed out: its last wait looked for the lobby's
// preview with deepAll('lobby-view video'), and a selector run inside a
// shadow root cannot match the host it belongs to, so it never matched
// (the switches themselves had passed). It reads the host's shadowRoot now.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeAll, focusedName, join, openRoom, tabTo, waitForRemoteVideos, type Participant } from './browser.js';
import { useCallFixture } from './call-fixture.js';
import { RECORD_PEER_CONNECTIONS } from './peer-connections.js';

const fixture = useCallFixture({}, { deviceCount: 3 });

// The switch goes to fake_device_2: Chromium's fake_device_1 delivers frames
// to a <video> but not to WebRTC's encoder (measured with two bare
// RTCPeerConnections in one page: framesEncoded stops at the replaceTrack to
// it, and keeps rising with fake_device_2).

/**
 * Counts every time a connection leaves the "stable" signaling state: each
 * offer or answer applied, ours or theirs, does. Kept as source text, like
 * RECORD_PEER_CONNECTIONS (which it wraps).
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

/** The track our (only) connection sends of `kind`: its id, device and label, and whether it is live. */
function sentTrack(page: Page, kind: 'audio' | 'video') {
  return page.evaluate((k) => {
    const track = window.peerConnections[0]!.pc.getSenders().find((s) => s.track?.kind === k)?.track;
    return { id: track?.id ?? '', deviceId: track?.getSettings().deviceId ?? '', label: track?.label ?? '', readyState: track?.readyState ?? '' };
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

/**
 * What `page` sends of `kind` on its connection, from its stats: the track
 * the encoder takes its input from (media-source) and how much it has sent
 * (frames encoded, or audio packets).
 */
function sending(page: Page, kind: 'audio' | 'video') {
  return page.evaluate(async (k) => {
    const stats = await window.peerConnections[0]!.pc.getStats();
    const out = { trackId: '', count: 0 };
    stats.forEach((s) => {
      if (s.type !== 'outbound-rtp' || s.kind !== k) return;
      out.count = k === 'video' ? (s.framesEncoded ?? 0) : (s.packetsSent ?? 0);
      out.trackId = stats.get(s.mediaSourceId)?.trackIdentifier ?? '';
    });
    return out;
  }, kind);
}

/** Counters of what `page` receives on its connection: decoded video frames, received audio samples and their energy. */
function received(page: Page) {
  return page.evaluate(async () => {
    const stats = await window.peerConnections[0]!.pc.getStats();
    const counts = { frames: 0, samples: 0, energy: 0 };
    stats.forEach((s) => {
      if (s.type === 'inbound-rtp' && s.kind === 'video') counts.frames = s.framesDecoded ?? 0;
      if (s.type === 'inbound-rtp' && s.kind === 'audio') {
        counts.samples = s.totalSamplesReceived ?? 0;
        counts.energy = s.totalAudioEnergy ?? 0;
      }
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

describe('switching devices during a call', () => {
  let ada: Participant;
  let bob: Participant;
  let before: { ada: Awaited<ReturnType<typeof negotiation>>; bob: Awaited<ReturnType<typeof negotiation>> };

  beforeAll(async () => {
    const scripts = [RECORD_PEER_CONNECTIONS, COUNT_NEGOTIATIONS];
    ada = await openRoom(fixture.browser, fixture.server.url, 'devices', 'Ada', undefined, scripts);
    bob = await openRoom(fixture.browser, fixture.server.url, 'devices', 'Bob', undefined, scripts);
    // At load 85 a click once waited 30 s (Playwright's default) for the page to take it.
    for (const p of [ada, bob]) p.page.setDefaultTimeout(90_000);
    await join(ada);
    await join(bob);
    await waitForRemoteVideos(ada.page, 1);
    await waitForRemoteVideos(bob.page, 1);
    before = { ada: await negotiation(ada.page), bob: await negotiation(bob.page) };
  }, 300_000);
  afterAll(() => closeAll(undefined, [ada, bob].filter(Boolean)));

  it('sends the camera picked from the menu: its frames are encoded and decoded on the other page, with no offer or answer', async () => {
    expect(before.ada).toMatchObject({ connections: 1, isStable: true });
    expect(before.bob).toMatchObject({ connections: 1, isStable: true });
    const secondCamera = await deviceIdOf(ada.page, 'fake_device_2');
    const old = await sentTrack(ada.page, 'video');
    expect(old.label).toBe('fake_device_0');
    await keepSentTrack(ada.page, 'video');
    await pick(ada.page, 'Choose camera', 'fake_device_2');
    await expect.poll(() => sentTrack(ada.page, 'video'), { timeout: 60_000 }).toMatchObject({ deviceId: secondCamera, label: 'fake_device_2', readyState: 'live' });
    const now = await sentTrack(ada.page, 'video');
    expect(now.id).not.toBe('');
    expect(now.id).not.toBe(old.id);
    // The old camera is stopped, so every frame from now on comes from the new one.
    expect(await ada.page.evaluate(() => window.oldTracks.video?.readyState)).toBe('ended');
    // The encoder takes the new track (the same sender: replaceTrack), and keeps encoding...
    await expect.poll(async () => (await sending(ada.page, 'video')).trackId, { timeout: 60_000 }).toBe(now.id);
    const encodedAtSwitch = (await sending(ada.page, 'video')).count;
    await expect.poll(async () => (await sending(ada.page, 'video')).count, { timeout: 60_000 }).toBeGreaterThan(encodedAtSwitch + 5);
    // ...and Bob decodes those frames, on the same connection.
    const decodedAtSwitch = (await received(bob.page)).frames;
    await expect.poll(async () => (await received(bob.page)).frames, { timeout: 60_000 }).toBeGreaterThan(decodedAtSwitch + 5);
    expect(await negotiation(ada.page)).toEqual(before.ada);
    expect(await negotiation(bob.page)).toEqual(before.bob);
    // The menu marks the camera in use.
    await ada.page.getByRole('button', { name: 'Choose camera' }).click();
    expect(await ada.page.getByRole('menuitemradio', { name: 'fake_device_2' }).getAttribute('aria-checked')).toBe('true');
    expect(await ada.page.getByRole('menuitemradio', { name: 'fake_device_0' }).getAttribute('aria-checked')).toBe('false');
    await ada.page.keyboard.press('Escape');
  }, 300_000);

  it('sends the microphone picked from the menu the same way: the peer hears it, with no offer or answer', async () => {
    const old = await sentTrack(ada.page, 'audio');
    await keepSentTrack(ada.page, 'audio');
    await pick(ada.page, 'Choose microphone and speaker', 'Fake Audio Input 2');
    await expect.poll(async () => (await sentTrack(ada.page, 'audio')).label, { timeout: 60_000 }).toBe('Fake Audio Input 2');
    const now = await sentTrack(ada.page, 'audio');
    expect(now.id).not.toBe('');
    expect(now.id).not.toBe(old.id);
    expect(await ada.page.evaluate(() => window.oldTracks.audio?.readyState)).toBe('ended');
    await expect.poll(async () => (await sending(ada.page, 'audio')).trackId, { timeout: 60_000 }).toBe(now.id);
    // Bob receives sound (the fake microphone beeps: energy, not just samples of silence).
    const atSwitch = await received(bob.page);
    await expect.poll(async () => (await received(bob.page)).samples, { timeout: 60_000 }).toBeGreaterThan(atSwitch.samples + 4_800);
    await expect.poll(async () => (await received(bob.page)).energy, { timeout: 60_000 }).toBeGreaterThan(atSwitch.energy);
    expect(await negotiation(ada.page)).toEqual(before.ada);
    expect(await negotiation(bob.page)).toEqual(before.bob);
  }, 300_000);

  it('plays the others on the speaker picked from the menu (setSinkId on every remote media element)', async () => {
    const speaker = await deviceIdOf(ada.page, 'Fake Audio Output 1');
    expect(speaker).not.toBe('');
    expect(await ada.page.evaluate(() => deepAll('video[data-peer]:not([data-self])').map((v) => (v as HTMLVideoElement).sinkId))).toEqual(['']);
    await pick(ada.page, 'Choose microphone and speaker', 'Fake Audio Output 1');
    await ada.page.waitForFunction((id) => {
      const remote = deepAll('video[data-peer]:not([data-self]), audio') as HTMLMediaElement[];
      return remote.length > 0 && remote.every((v) => v.sinkId === id);
    }, speaker);
    expect(await negotiation(ada.page)).toEqual(before.ada);
  }, 300_000);

  it('remembers the picks for the tab: after a reload, the lobby starts with them', async () => {
    const secondCamera = await deviceIdOf(ada.page, 'fake_device_2');
    const secondMic = await deviceIdOf(ada.page, 'Fake Audio Input 2');
    await ada.page.reload();
    await ada.page.getByRole('combobox', { name: /^Camera/ }).waitFor();
    await expect.poll(() => ada.page.getByRole('combobox', { name: /^Camera/ }).inputValue()).toBe(secondCamera);
    await expect.poll(() => ada.page.getByRole('combobox', { name: /^Microphone/ }).inputValue()).toBe(secondMic);
    await ada.page.waitForFunction(
      (id) =>
        deepAll('lobby-view').some((lobby) =>
          [...(lobby.shadowRoot?.querySelectorAll('video') ?? [])].some((v) => (v.srcObject as MediaStream | null)?.getVideoTracks()[0]?.getSettings().deviceId === id),
        ),
      secondCamera,
    );
  }, 300_000);
});

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

describe('the settings dialog', () => {
  it('opens from the gear on the Audio tab, keeps the focus inside, previews the camera, and Escape gives the focus back to the gear', async () => {
    const ada = await fixture.enter('settings', 'Ada');
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
