// A peer connection that breaks is rebuilt without anyone doing anything:
// we close one side's RTCPeerConnection under the app and wait for fresh
// video on a new connection, both ways.
import { describe, it } from 'vitest';
import { join, waitForRemoteVideos } from './browser.js';
import { useCallFixture } from './call-fixture.js';

/** Keeps every RTCPeerConnection the page makes, so the test can break one. */
const TRACK_CONNECTIONS = `
  const Native = RTCPeerConnection;
  globalThis.connections = [];
  globalThis.RTCPeerConnection = class extends Native {
    constructor(...args) { super(...args); globalThis.connections.push(this); }
  };
`;

const { enter } = useCallFixture();

describe('recovery', () => {
  it('rebuilds a broken peer connection by itself, and video flows again both ways', async () => {
    const ada = await enter('recovery', 'Ada', [TRACK_CONNECTIONS]);
    const bob = await enter('recovery', 'Bob', [TRACK_CONNECTIONS]);
    const people = [ada, bob];
    await join(ada);
    await join(bob);
    for (const p of people) await waitForRemoteVideos(p.page, 1);
    // Remember each side's current remote stream.
    for (const p of people) {
      await p.page.evaluate(() => Object.assign(globalThis, { before: (deepAll('video[data-peer]:not([data-self])')[0] as HTMLVideoElement).srcObject }));
    }

    await bob.page.evaluate(() => (globalThis as unknown as { connections: RTCPeerConnection[] }).connections.forEach((pc) => pc.close()));

    for (const p of people) {
      await p.page.waitForFunction(
        () => {
          const video = deepAll('video[data-peer]:not([data-self])')[0] as HTMLVideoElement | undefined;
          const { before } = globalThis as unknown as { before: MediaStream };
          return Boolean(video && video.srcObject !== before && video.videoWidth > 0 && video.getVideoPlaybackQuality().totalVideoFrames > 0);
        },
        undefined,
        { timeout: 60_000 },
      );
    }
    await waitForRemoteVideos(bob.page, 1);
    await waitForRemoteVideos(ada.page, 1);
  });
});
