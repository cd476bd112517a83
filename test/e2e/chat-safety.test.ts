// Chat text and names are shown as text: HTML in them is never parsed, so it
// can neither change the page nor run script.
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/server.js';
import { startTestServer } from '../helpers/test-server.js';
import { closeAll, join, launchBrowser, openRoom, waitForRemoteVideos, type Participant } from './browser.js';

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

const ATTACKS = ['<img src=x onerror="window.pwned=1">', '<script>window.pwned=2</script><b>bold</b>', '<svg onload="window.pwned=3"></svg>'];

describe('chat safety', () => {
  it('shows HTML in messages and names as text and runs none of it', async () => {
    const mallory = await openRoom(browser, server.url, 'safety', '<img src=x onerror="window.pwned=4">');
    const bob = await openRoom(browser, server.url, 'safety', 'Bob');
    people.push(mallory, bob);
    const errors: string[] = [];
    for (const p of people) p.page.on('pageerror', (e) => errors.push(e.message));
    await join(mallory);
    await join(bob);
    await waitForRemoteVideos(bob.page, 1);
    await bob.page.getByRole('button', { name: /^chat/i }).click();
    await mallory.page.getByRole('button', { name: /^chat/i }).click();

    for (const text of ATTACKS) {
      await mallory.page.getByLabel('Message', { exact: true }).fill(text);
      await mallory.page.getByRole('button', { name: 'Send' }).click();
    }
    // Both pages: the sender's own copies come back from the server too.
    for (const p of people) await p.page.waitForFunction((n) => deepAll('li[data-own] .bubble').length === n, ATTACKS.length);

    for (const p of people) {
      const seen = await p.page.evaluate(() => ({
        bubbles: deepAll('li[data-own] .bubble').map((b) => b.textContent),
        injected: deepAll('.bubble *, .meta b *, .label *:not(span, svg, path)').length,
        pwned: (globalThis as { pwned?: number }).pwned,
      }));
      expect(seen).toEqual({ bubbles: ATTACKS, injected: 0, pwned: undefined });
    }
    // The name arrives as text too, on the tile and beside the messages.
    await bob.page.getByRole('group', { name: '<img src=x onerror="window.pwned=4">', exact: true }).waitFor();
    expect(await bob.page.evaluate(() => deepAll('.meta b').map((b) => b.textContent))).toEqual(['<img src=x onerror="window.pwned=4">']);
    expect(errors).toEqual([]);
  });
});
