// Calls with a client that is not Parley: the foreign peer (foreign-peer.ts)
// negotiates "perfectly", sends its camera and microphone as tracks without
// a stream (a=msid:-) and opens no data channel, as Camus 0.3 does. A Parley
// page must show its video whichever of the two joins first (which side's
// offer wins depends on the ids the server hands out), and in a room of two
// Parley pages and the foreign peer every one of the six directions decodes,
// and a Parley page presenting sends the foreign peer its screen in place of
// its camera, with no new m-line (client/peers/screen-slot.ts).
import { describe, expect, it } from 'vitest';
import { join, selfId, waitForRemoteVideos } from './browser.js';
import { useCallFixture } from './call-fixture.js';
import { foreignState, openForeignPeer, waitForForeignVideos } from './foreign-peer.js';

const fixture = useCallFixture();

/** The SDP a Parley page received from the foreign peer names no stream for its tracks. */
const RECORD_REMOTE_MSIDS = `(() => {
  const Native = window.RTCPeerConnection;
  window.remoteMsids = [];
  window.RTCPeerConnection = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('track', (event) => window.remoteMsids.push(event.streams.length));
    }
  };
})()`;

describe('a Parley page and a client that sends tracks without a stream', { timeout: 360_000 }, () => {
  it.each([['first'], ['second']] as const)(
    'shows the foreign video (decoded frames on the shown <video>) when the foreign peer joins %s, and the foreign peer decodes ours',
    async (order) => {
      const room = `foreign-${order}`;
      const ada = await fixture.enter(room, 'Ada', [RECORD_REMOTE_MSIDS]);
      let fox;
      if (order === 'first') {
        fox = await openForeignPeer(fixture.browser, fixture.server.url, room, 'Fox', 'stay');
        await fox.page.waitForFunction(() => (window as unknown as { foreign: { id: string } }).foreign.id !== '', undefined, { timeout: 60_000 });
        await join(ada);
      } else {
        await join(ada);
        fox = await openForeignPeer(fixture.browser, fixture.server.url, room, 'Fox', 'stay');
      }
      try {
        await waitForRemoteVideos(ada.page, 1, { timeout: 120_000 });
        await waitForForeignVideos(fox.page, 1, 120_000);
        // The tracks it showed came without a stream: the case simple-peer's own 'stream' event never covers.
        const streamCounts = await ada.page.evaluate(() => (window as unknown as { remoteMsids: number[] }).remoteMsids);
        expect(streamCounts.length).toBeGreaterThan(0);
        expect(streamCounts.every((n) => n === 0)).toBe(true);
        await ada.page.getByRole('group', { name: 'Fox', exact: true }).waitFor();
        const state = await foreignState(fox.page);
        expect(state.unknownTypes).toEqual([]);
        console.log(
          `Foreign peer joined ${order}; it is the ${state.id < (await ada.page.evaluate(() => deepAll('video[data-self]')[0]?.getAttribute('data-peer') ?? '')) ? 'lower (polite)' : 'higher (impolite)'} id`,
        );
      } finally {
        await fox.context.close();
      }
    },
  );

  it('three-party: two Parley pages and the foreign peer, all six directions decoding; a presenting page gives the foreign peer its screen in place of its camera, with no new m-line', async () => {
    const room = 'foreign-three';
    const ada = await fixture.enter(room, 'Ada');
    const bob = await fixture.enter(room, 'Bob');
    await join(ada);
    const fox = await openForeignPeer(fixture.browser, fixture.server.url, room, 'Fox', 'stay');
    try {
      await join(bob);
      // Each Parley page decodes the other and the foreign peer; the foreign peer decodes both.
      // Generous waits: three calls' encoders on a shared 2-core machine.
      for (const p of [ada, bob]) await waitForRemoteVideos(p.page, 2, { timeout: 150_000 });
      await waitForForeignVideos(fox.page, 2, 150_000);
      for (const p of [ada, bob]) await p.page.getByRole('group', { name: 'Fox', exact: true }).waitFor();
      expect((await foreignState(fox.page)).unknownTypes).toEqual([]);

      // Ada presents. Bob (Parley) gets her screen on a transceiver of its own, beside her camera; the
      // foreign peer, which sends no media-status, gets it in place of her camera and is offered no new m-line.
      const adaId = await selfId(ada.page);
      const foxVideo = (id: string) =>
        fox.page.evaluate((peer) => {
          const p = (window as unknown as { foreign: { peers: Map<string, { pc: RTCPeerConnection; video: HTMLVideoElement }> } }).foreign.peers.get(peer);
          return { width: p?.video.videoWidth ?? 0, videoLines: p?.pc.remoteDescription?.sdp.match(/^m=video/gm)?.length ?? 0 };
        }, id);
      const before = await foxVideo(adaId);
      await ada.page.getByRole('button', { name: 'Share screen' }).click();
      await fox.page.waitForFunction(
        (peer) => (window as unknown as { foreign: { peers: Map<string, { video: HTMLVideoElement }> } }).foreign.peers.get(peer)?.video.videoWidth === 1280,
        adaId,
        { timeout: 60_000 },
      );
      await bob.page.waitForFunction((id) => (deepAll(`video.screen[data-peer="${id}"]`)[0] as HTMLVideoElement | undefined)?.videoWidth === 1280, adaId, {
        timeout: 60_000,
      });
      expect((await foxVideo(adaId)).videoLines).toBe(before.videoLines);
      await ada.page.getByRole('button', { name: 'Stop presenting' }).click();
      await fox.page.waitForFunction(
        ([peer, width]) => (window as unknown as { foreign: { peers: Map<string, { video: HTMLVideoElement }> } }).foreign.peers.get(peer)?.video.videoWidth === width,
        [adaId, before.width] as const,
        { timeout: 60_000 },
      );
      expect((await foxVideo(adaId)).videoLines).toBe(before.videoLines);
      expect((await foreignState(fox.page)).unknownTypes).toEqual([]);
    } finally {
      await fox.context.close();
    }
  });
});
