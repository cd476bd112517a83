// A peer connection that breaks is rebuilt without anyone doing anything:
// we close one side's RTCPeerConnection under the app and wait for fresh
// video on a new connection, both ways.
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { RunningServer } from '../../server/server.js';
import { startTestServer } from '../helpers/test-server.js';
import { closeAll, join, launchBrowser, openRoom, waitForRemoteVideos, type Participant } from './browser.js';

/** Keeps every RTCPeerConnection the page makes, so the test can break one. */
const TRACK_CONNECTIONS = `
  const Native = RTCPeerConnection;
  globalThis.connections = [];
  globalThis.RTCPeerConnection = class extends Native {
    constructor(...args) { super(...args); globalThis.connections.push(this); }
  };
`;

let server: RunningServer;
let browser: Browser;
const people: Participant[] = [];

beforeAll(async () => {
  server = await startTestServer({}, path.resolve('dist/client'));
  browser = await launchBrowser();
});
afterAll(async () => {
  await closeAll(browser, people);
  await server?.close();
});

describe('recovery', () => {
  it('rebuilds a broken peer connection by itself, and video flows again both ways', async () => {
    const ada = await openRoom(browser, server.url, 'recovery', 'Ada');
    const bob = await openRoom(browser, server.url, 'recovery', 'Bob');
    people.push(ada, bob);
    for (const p of people) {
      await p.page.addInitScript({ content: TRACK_CONNECTIONS });
      await p.page.reload();
    }
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
