// Chat text and names are shown as text: HTML in them is never parsed, so it
// can neither change the page nor run script.
import { describe, expect, it } from 'vitest';
import { join, waitForRemoteVideos } from './browser.js';
import { useCallFixture } from './call-fixture.js';

const { enter } = useCallFixture();

const ATTACKS = ['<img src=x onerror="window.pwned=1">', '<script>window.pwned=2</script><b>bold</b>', '<svg onload="window.pwned=3"></svg>'];

describe('chat safety', () => {
  it('shows HTML in messages and names as text and runs none of it', async () => {
    const mallory = await enter('safety', '<img src=x onerror="window.pwned=4">');
    const bob = await enter('safety', 'Bob');
    const people = [mallory, bob];
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
        // Names sit in a <bdi> (isolated against bidi reordering); nothing may be inside it.
        injected: deepAll('.bubble *, .meta b *:not(bdi), .meta b bdi *, .label *:not(span, svg, path, bdi, .quality > i), .label bdi *').length,
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
