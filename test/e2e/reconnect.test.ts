// The link to the server breaks, and the browsers mend it by themselves.
// A dropped WebSocket with the server still up: the page resumes its
// session, same id, same peer connection. Chaos: two people are in a call
// and the server process is killed (SIGKILL, no goodbye; and again with
// SIGTERM, a graceful shutdown's bye and 1001), then started again on the
// same port; both browsers reconnect on their own, join the new server
// fresh (it does not know their resume tokens), tell each other their new
// ids over the live peer connection, and keep it: no connection is built on
// either side, the same remote track decodes frames all along, and each lists
// the other under the new id. With three people, each keeps both connections
// and the same <video> elements.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';
import { closeAll, join, launchBrowser, openRoom, remoteTileIds, selfId, waitForNewFrame, waitForRemoteVideos, type Participant } from './browser.js';
import { RECORD_PEER_CONNECTIONS, reportPeerConnections } from './peer-connections.js';

/** The server process running now; each chaos test replaces it. */
let server: ServerProcess | undefined;
let browser: Browser;
const people: Participant[] = [];

beforeAll(async () => {
  server = await startServerProcess();
  browser = await launchBrowser();
});
afterAll(async () => {
  await closeAll(browser, people);
  await server?.kill();
});

/** Keeps every WebSocket the page opens, so the test can drop one and read its URL. Source text, as below. */
const RECORD_SOCKETS = `(() => {
  const Native = window.WebSocket;
  const sockets = (window.sockets = []);
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      sockets.push(this);
    }
  };
})()`;

/** Frames decoded so far on the page's first peer connection (the only one, in a call of two). */
async function framesDecoded(page: Page): Promise<number> {
  return (await reportPeerConnections(page))[0]?.framesDecoded ?? 0;
}

/** The id of the video track the remote tile shows. */
function remoteTrackId(page: Page): Promise<string | undefined> {
  return page.evaluate(() => {
    const video = deepAll('video[data-peer]:not([data-self])')[0] as HTMLVideoElement | undefined;
    return video?.srcObject instanceof MediaStream ? video.srcObject.getVideoTracks()[0]?.id : undefined;
  });
}

/**
 * Starts recording the longest wait between two frames shown in the remote
 * video, whichever element shows it (a rebuilt call gets a new tile). Source
 * text, as esbuild would wrap named functions in a helper the page lacks.
 */
const WATCH_FRAME_GAPS = `(() => {
  const gaps = (globalThis.frameGaps = { last: performance.now(), max: 0 });
  let watched;
  const onFrame = (video) => (now) => {
    gaps.max = Math.max(gaps.max, now - gaps.last);
    gaps.last = now;
    if (watched === video) video.requestVideoFrameCallback(onFrame(video));
  };
  const look = () => {
    const video = deepAll('video[data-peer]:not([data-self])')[0];
    if (video && video !== watched) {
      watched = video;
      video.requestVideoFrameCallback(onFrame(video));
    }
    requestAnimationFrame(look);
  };
  look();
})()`;

/** Resolves with our id once the self view shows an id other than `old`: we are in again, as someone new. */
async function rejoinedId(page: Page, old: string, timeout: number): Promise<string> {
  const handle = await page.waitForFunction(
    (previous) => {
      const id = deepAll('video[data-self]')[0]?.getAttribute('data-peer');
      return id && id !== previous ? id : false;
    },
    old,
    { timeout },
  );
  return handle.jsonValue() as Promise<string>;
}

describe('a dropped WebSocket', () => {
  it('is resumed: the same id, the same peer connection, and the video plays on', async () => {
    const scripts = [RECORD_PEER_CONNECTIONS, RECORD_SOCKETS];
    const ada = await openRoom(browser, server!.url, 'resume', 'Ada', undefined, scripts);
    const bob = await openRoom(browser, server!.url, 'resume', 'Bob', undefined, scripts);
    people.push(ada, bob);
    await join(ada);
    await join(bob);
    for (const p of [ada, bob]) await waitForRemoteVideos(p.page, 1);
    const bobId = await selfId(bob.page);
    const adaId = await selfId(ada.page);
    const connectionsBefore = [(await reportPeerConnections(ada.page)).length, (await reportPeerConnections(bob.page)).length];

    // Close Bob's socket with a code that is neither a leave nor a refusal: the server holds his place.
    await bob.page.evaluate(() => (window as unknown as { sockets: WebSocket[] }).sockets.at(-1)!.close(4999, 'test drop'));
    await bob.page.waitForFunction(() => (window as unknown as { sockets: WebSocket[] }).sockets.length === 2, undefined, { timeout: 10_000 });
    const url = new URL(await bob.page.evaluate(() => (window as unknown as { sockets: WebSocket[] }).sockets[1]!.url));
    expect(url.searchParams.get('resume')).toMatch(/.{20,}/);
    expect(url.searchParams.get('seen')).toMatch(/^\d+$/);
    await bob.page.getByText('Reconnected.').waitFor();
    await bob.page.getByRole('status', { name: 'Connected to the server' }).waitFor();

    expect(await selfId(bob.page)).toBe(bobId);
    expect(await remoteTileIds(ada.page)).toEqual([bobId]);
    expect(await remoteTileIds(bob.page)).toEqual([adaId]);
    // No connection was rebuilt on either side, and frames keep coming on it.
    expect([(await reportPeerConnections(ada.page)).length, (await reportPeerConnections(bob.page)).length]).toEqual(connectionsBefore);
    await waitForNewFrame(bob.page, adaId);
    await waitForNewFrame(ada.page, bobId);
    for (const p of [ada, bob]) await p.context.close();
    people.splice(0);
  });
});

describe('the server goes away mid-call and comes back', { timeout: 120_000 }, () => {
  it.each([
    ['SIGKILL', 'killed'],
    ['SIGTERM', 'shut down gracefully (bye, then 1001)'],
  ] as const)('%s (%s): both reconnect by themselves, list each other under their new ids, and the same connection plays on throughout', async (signal, _how) => {
    for (const p of people.splice(0)) await p.context.close();
    const room = `chaos-${signal.toLowerCase()}`;
    const ada = await openRoom(browser, server!.url, room, 'Ada', undefined, [RECORD_PEER_CONNECTIONS]);
    const bob = await openRoom(browser, server!.url, room, 'Bob', undefined, [RECORD_PEER_CONNECTIONS]);
    people.push(ada, bob);
    await join(ada);
    await join(bob);
    for (const p of people) await waitForRemoteVideos(p.page, 1);
    const [adaOld, bobOld] = [await selfId(ada.page), await selfId(bob.page)];
    for (const p of people) await p.page.getByRole('status', { name: 'Connected to the server' }).waitFor();
    // One connection on each side, and the remote track each tile shows.
    for (const p of people) expect((await reportPeerConnections(p.page)).map((r) => r.state)).toEqual(['connected']);
    const tracks = await Promise.all(people.map((p) => remoteTrackId(p.page)));
    expect(tracks.every((t) => typeof t === 'string')).toBe(true);

    for (const p of people) await p.page.evaluate(WATCH_FRAME_GAPS);
    const { port } = server!;
    await server!.kill(signal);
    server = undefined;
    // Each says so in words while the server is away,
    for (const p of people)
      await p.page
        .getByText(/Reconnecting…/)
        .first()
        .waitFor({ timeout: 10_000 });
    // and the video plays on meanwhile: it never went through the server.
    for (const p of people) {
      const before = await framesDecoded(p.page);
      await expect.poll(() => framesDecoded(p.page), { timeout: 10_000 }).toBeGreaterThan(before + 10);
    }

    server = await startServerProcess({ PORT: String(port) });
    const readyAt = Date.now();
    // The new server knows nobody: both come back as new participants, by themselves.
    const [adaNew, bobNew] = await Promise.all([rejoinedId(ada.page, adaOld, 30_000), rejoinedId(bob.page, bobOld, 30_000)]);
    const reconnectedMs = Date.now() - readyAt;
    console.log(`Server restarted → both browsers back in the room: ${reconnectedMs} ms`);
    // One backoff wait at most (8 s + 50 % jitter) after the server is back.
    expect(reconnectedMs).toBeLessThan(12_500);
    for (const p of people) await p.page.getByRole('status', { name: 'Connected to the server' }).waitFor();

    // The room lists both again: each sees the other's tile, by name, under the new id, with the same track.
    await expect.poll(() => remoteTileIds(ada.page), { timeout: 15_000 }).toEqual([bobNew]);
    await expect.poll(() => remoteTileIds(bob.page), { timeout: 15_000 }).toEqual([adaNew]);
    console.log(`Server restarted → both list each other under the new ids: ${Date.now() - readyAt} ms`);
    await ada.page.getByRole('group', { name: 'Bob', exact: true }).waitFor();
    await bob.page.getByRole('group', { name: 'Ada', exact: true }).waitFor();
    expect(await Promise.all(people.map((p) => remoteTrackId(p.page)))).toEqual(tracks);

    // No connection was built on either side: the first one is still up, and its frames keep adding up.
    await waitForNewFrame(ada.page, bobNew);
    await waitForNewFrame(bob.page, adaNew);
    for (const p of people) {
      expect((await reportPeerConnections(p.page)).map((r) => r.state)).toEqual(['connected']);
      const before = await framesDecoded(p.page);
      await expect.poll(() => framesDecoded(p.page), { timeout: 10_000 }).toBeGreaterThan(before + 10);
    }
    const gaps = await Promise.all(people.map((p) => p.page.evaluate(() => Math.round((globalThis as unknown as { frameGaps: { max: number } }).frameGaps.max))));
    console.log(`Longest wait between two remote frames, from the kill on (Ada, Bob): ${gaps.join(' ms, ')} ms`);
    // Generous: a rebuilt connection (the old way) showed gaps of up to ~3 s.
    for (const gap of gaps) expect(gap).toBeLessThan(2_000);
  });
  it('SIGKILL with three people: each keeps both connections and both video elements, filed under the new ids', async () => {
    for (const p of people.splice(0)) await p.context.close();
    const names = ['Ada', 'Bob', 'Cy'];
    for (const name of names) people.push(await openRoom(browser, server!.url, 'chaos-three', name, undefined, [RECORD_PEER_CONNECTIONS]));
    for (const p of people) await join(p);
    for (const p of people) await waitForRemoteVideos(p.page, 2);
    const oldIds = await Promise.all(people.map((p) => selfId(p.page)));
    for (const p of people) await p.page.getByRole('status', { name: 'Connected to the server' }).waitFor();
    for (const p of people) expect((await reportPeerConnections(p.page)).map((r) => r.state)).toEqual(['connected', 'connected']);
    // Mark each remote <video> with the id it shows now, to find the same element afterwards.
    for (const p of people) {
      await p.page.evaluate(() => {
        for (const v of deepAll('video[data-peer]:not([data-self])')) (v as HTMLVideoElement & { shownFor?: string }).shownFor = v.getAttribute('data-peer') ?? '';
      });
    }

    const { port } = server!;
    await server!.kill('SIGKILL');
    server = undefined;
    for (const p of people)
      await p.page
        .getByText(/Reconnecting…/)
        .first()
        .waitFor({ timeout: 10_000 });
    server = await startServerProcess({ PORT: String(port) });
    const newIds = await Promise.all(people.map((p, i) => rejoinedId(p.page, oldIds[i]!, 30_000)));

    // Each lists the other two under their new ids, in the same <video> elements as before.
    const oldOf = new Map(newIds.map((id, i) => [id, oldIds[i]!]));
    for (const [i, p] of people.entries()) {
      const others = newIds.filter((_, j) => j !== i).sort();
      await expect.poll(async () => (await remoteTileIds(p.page)).sort(), { timeout: 15_000 }).toEqual(others);
      const shown = await p.page.evaluate(() =>
        deepAll('video[data-peer]:not([data-self])').map((v) => [v.getAttribute('data-peer') ?? '', (v as HTMLVideoElement & { shownFor?: string }).shownFor ?? '']),
      );
      expect(shown.sort()).toEqual(others.map((id) => [id, oldOf.get(id)!]));
    }
    // No connection built on any side; both still up and decoding.
    for (const p of people) {
      expect((await reportPeerConnections(p.page)).map((r) => r.state)).toEqual(['connected', 'connected']);
      const before = (await reportPeerConnections(p.page)).map((r) => r.framesDecoded);
      await expect.poll(async () => (await reportPeerConnections(p.page)).every((r, k) => r.framesDecoded > before[k]! + 10), { timeout: 10_000 }).toBe(true);
    }
    for (const [i, p] of people.entries()) {
      for (const id of newIds.filter((_, j) => j !== i)) await waitForNewFrame(p.page, id);
    }
  });
});
