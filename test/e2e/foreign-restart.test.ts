// A mixed room when the server is killed (SIGKILL) and started again on the
// same port mid-call: a Parley page and the foreign peer (foreign-peer.ts,
// perfect negotiation, tracks without a stream, no data channel, no word
// about its new id). The media path never needed the server, so the video
// must keep playing on both sides, watched frame by frame for 15 s from the
// kill, and the Parley page must build no RTCPeerConnection. The foreign
// peer either never comes back (Camus 0.2): Parley keeps its tile under the
// old id, marked as not reachable for chat; or it comes back under a new id
// with the same name: Parley files the same connection under that id.
// One server restart per test.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';
import { closeAll, join, launchBrowser, openRoom, remoteTileIds, selfId, waitForRemoteVideos, type Participant } from './browser.js';
import {
  FOREIGN_REMOTE_VIDEO,
  PARLEY_REMOTE_VIDEO,
  foreignState,
  openForeignPeer,
  waitForForeignVideos,
  waitForPlayedFor,
  watchFrames,
  type ForeignMode,
} from './foreign-peer.js';
import { RECORD_PEER_CONNECTIONS, reportPeerConnections } from './peer-connections.js';

/** How long the video must keep playing, from the kill on. */
const PLAY_MS = 15_000;

let server: ServerProcess | undefined;
let browser: Browser;
const people: Participant[] = [];

beforeAll(async () => {
  server = await startServerProcess();
  browser = await launchBrowser();
});
afterAll(async () => {
  await closeAll(browser, people.splice(0));
  await server?.kill();
});

describe('a Parley page and a foreign peer, and the server is killed mid-call', { timeout: 360_000 }, () => {
  it.each([
    ['stay', 'never reconnects'],
    ['rejoin', 'reconnects under a new id with the same name'],
  ] as const)('foreign peer that %s (%s): the video plays on both sides for 15 s and Parley builds no connection', async (mode: ForeignMode, _how) => {
    for (const p of people.splice(0)) await p.context.close();
    const room = `foreign-kill-${mode}`;
    const ada = await openRoom(browser, server!.url, room, 'Ada', undefined, [RECORD_PEER_CONNECTIONS]);
    people.push(ada);
    await join(ada);
    const fox = await openForeignPeer(browser, server!.url, room, 'Fox', mode);
    people.push(fox);
    await waitForRemoteVideos(ada.page, 1, { timeout: 120_000 });
    await waitForForeignVideos(fox.page, 1, 120_000);
    const foxOld = (await foreignState(fox.page)).id;
    await expect.poll(() => remoteTileIds(ada.page), { timeout: 30_000 }).toEqual([foxOld]);
    const adaOld = await selfId(ada.page);
    const connectionsBefore = (await reportPeerConnections(ada.page)).length;
    const foreignBefore = (await foreignState(fox.page)).connectionsMade;

    await watchFrames(ada.page, PARLEY_REMOTE_VIDEO);
    await watchFrames(fox.page, FOREIGN_REMOTE_VIDEO);
    const { port } = server!;
    await server!.kill('SIGKILL');
    server = undefined;
    await ada.page
      .getByText(/Reconnecting…/)
      .first()
      .waitFor({ timeout: 60_000 });
    server = await startServerProcess({ PORT: String(port) });

    // Watched frame by frame: both videos still show new frames 15 s after
    // the kill (the failure this guards against stopped within 3-6 s and
    // never came back). The longest gap is printed, not asserted: on a
    // quiet 2-core machine it is 83-200 ms on both sides; at load average
    // 20-47 it reached 1-5 s, as much on the foreign side, whose connection
    // nothing touches, as on Parley's, so CPU starvation alone makes it. A
    // rebuild, the other way to a gap, is caught below by the count of
    // connections.
    const [onParley, onForeign] = await Promise.all([waitForPlayedFor(ada.page, PLAY_MS, 120_000), waitForPlayedFor(fox.page, PLAY_MS, 120_000)]);
    console.log(
      `mode=${mode}: frames shown in ${PLAY_MS / 1000} s from the kill, longest gap: Parley ${onParley.frames} (${onParley.maxGap} ms), foreign ${onForeign.frames} (${onForeign.maxGap} ms)`,
    );
    for (const watch of [onParley, onForeign]) expect(watch.span).toBeGreaterThanOrEqual(PLAY_MS);

    // Parley is back in the room under a new id, and has built nothing: the one connection plays on.
    const adaNew = await ada.page.waitForFunction(
      (old) => {
        const id = deepAll('video[data-self]')[0]?.getAttribute('data-peer');
        return id && id !== old ? id : false;
      },
      adaOld,
      { timeout: 90_000 },
    );
    expect(await adaNew.jsonValue()).not.toBe(adaOld);
    const reports = await reportPeerConnections(ada.page);
    expect(reports).toHaveLength(connectionsBefore);
    expect(reports.filter((r) => r.state !== 'closed').map((r) => r.state)).toEqual(['connected']);
    const foreign = await foreignState(fox.page);
    expect(foreign.connectionsMade).toBe(foreignBefore);
    expect(foreign.unknownTypes).toEqual([]);

    if (mode === 'stay') {
      // Still shown under the id it had, in words as out of the room's reach.
      expect(foreign.ids).toEqual([foxOld]);
      expect(await remoteTileIds(ada.page)).toEqual([foxOld]);
      await ada.page.getByRole('group', { name: 'Fox', exact: true }).getByText('Not reachable for chat').waitFor();
    } else {
      // Filed under the new id it came back with, reachable again.
      await expect.poll(async () => (await foreignState(fox.page)).ids.length, { timeout: 30_000 }).toBe(2);
      const foxNew = (await foreignState(fox.page)).ids[1]!;
      await expect.poll(() => remoteTileIds(ada.page), { timeout: 30_000 }).toEqual([foxNew]);
      expect(await ada.page.getByText('Not reachable for chat').count()).toBe(0);
    }
  });
});
