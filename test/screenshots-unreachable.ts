// Screenshots of a peer that plays on without being in the room, at phone
// and desktop width: a foreign peer (e2e/foreign-peer.ts) that never comes
// back after the server is killed (SIGKILL) and started again on its port.
// The Parley pages rejoin; its tile stays, marked "Not reachable for chat".
// test/screenshots.ts runs it; `tsx test/screenshots-unreachable.ts <dir>` alone.
import type { Browser, Page } from 'playwright-core';
import { startServerProcess, type ServerProcess } from './helpers/server-process.js';
import { join, openRoom, selfId, waitForRemoteVideos, type Participant } from './e2e/browser.js';
import { openForeignPeer, waitForForeignVideos } from './e2e/foreign-peer.js';
import { runIfMain, type Shot } from './screenshot-script.js';

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };

export async function unreachableShots(browser: Browser, shot: Shot, people: Participant[]): Promise<void> {
  let server: ServerProcess | undefined = await startServerProcess();
  try {
    const room = 'shot';
    const ada = await openRoom(browser, server.url, room, 'Ada', DESKTOP);
    const bob = await openRoom(browser, server.url, room, 'Bob', PHONE);
    people.push(ada, bob);
    await join(ada);
    await join(bob);
    const fox = await openForeignPeer(browser, server.url, room, 'Fox', 'stay');
    people.push(fox);
    await waitForRemoteVideos(ada.page, 2);
    await waitForRemoteVideos(bob.page, 2);
    await waitForForeignVideos(fox.page, 2);
    const before = await Promise.all([selfId(ada.page), selfId(bob.page)]);

    const { port } = server;
    await server.kill('SIGKILL');
    server = undefined;
    server = await startServerProcess({ PORT: String(port) });
    const pages: [Page, string, string][] = [
      [ada.page, before[0], 'desktop'],
      [bob.page, before[1], 'phone'],
    ];
    for (const [page, oldId, label] of pages) {
      // Back in the room under a new id, Fox's tile kept and marked.
      await page.waitForFunction((old) => (deepAll('video[data-self]')[0]?.getAttribute('data-peer') ?? old) !== old, oldId);
      await page.getByRole('group', { name: 'Fox', exact: true }).getByText('Not reachable for chat').waitFor();
      // Only Fox: the other Parley page is marked too until it has rejoined; and "Reconnected." (4 s) covered a tile's mark.
      await page.waitForFunction(
        () => deepAll('video-tile').filter((t) => /Not reachable for chat/.test(t.shadowRoot?.textContent ?? '')).length === 1 && deepAll('.toast').length === 0,
      );
      await shot(page, `call-unreachable-${label}`);
    }
  } finally {
    await server?.kill();
  }
}

await runIfMain(import.meta.url, unreachableShots);
