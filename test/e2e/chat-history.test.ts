// The chat that lasts, in real Chromium against a server with a real SQLite
// file: a late joiner sees what was said before, above an "Earlier
// messages" divider, and scrolling up loads older pages; a message sent
// while the socket is cut is delivered once after the reconnect and shown as
// sent; a direct message reaches its receiver (marked, answerable in one
// click, counted as unread, there again after a reload) and never a third
// page; HTML in history stays text; links are safe <a> elements.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { TestClient } from '../helpers/ws-client.js';
import { join, waitForRemoteVideos, type Participant } from './browser.js';
import { useCallFixture } from './call-fixture.js';

const fixture = useCallFixture({ HISTORY_STORE: 'sqlite' });

/**
 * Opens the room as a new person. Clicks and waits may take up to 90 s: on
 * this shared machine (load 30-48 on 2 cores) a page in a call of three was
 * seen not to take a click within Playwright's default 30 s.
 */
async function enter(room: string, name: string, initScripts?: string[]): Promise<Participant> {
  const p = await fixture.enter(room, name, initScripts);
  p.page.setDefaultTimeout(90_000);
  return p;
}
/** The room's page with the smallest camera picture: the chat is under test, and up to four calling pages share this loaded machine. */
const room = (name: string) => `${name}?video=160x120`;

/**
 * Keeps every WebSocket the page opens (window.sockets) and lets the test cut
 * the link one way: `cut.out` drops what the page sends, `cut.in` what it
 * receives, as a dead network path would. Every frame the page receives is
 * kept too (window.received). Source text: esbuild would wrap named
 * functions in a helper the page lacks.
 */
const CUTTABLE_SOCKETS = `(() => {
  const Native = window.WebSocket;
  const sockets = (window.sockets = []);
  const received = (window.received = []);
  const cut = (window.cut = { out: false, in: false });
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      sockets.push(this);
    }
    send(data) {
      if (!cut.out) super.send(data);
    }
    addEventListener(type, listener, options) {
      if (type !== 'message') return super.addEventListener(type, listener, options);
      super.addEventListener(type, (event) => {
        if (cut.in) return;
        received.push(JSON.parse(event.data));
        listener(event);
      }, options);
    }
  };
})()`;

interface Cuttable {
  sockets: WebSocket[];
  received: { type: string; data?: { mid?: string } }[];
  cut: { out: boolean; in: boolean };
}

async function openChat(p: Participant): Promise<void> {
  await p.page.getByRole('button', { name: /^chat/i }).click();
  await p.page.getByLabel('Message', { exact: true }).waitFor();
}

async function send(p: Participant, text: string): Promise<void> {
  await p.page.getByLabel('Message', { exact: true }).fill(text);
  await p.page.getByRole('button', { name: 'Send' }).click();
}

/** The chat as the page shows it: each row's text, `---` for the divider; own rows with their state. */
function rows(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    deepAll('li[data-own], li[data-divider]').map((li) => {
      if (li.hasAttribute('data-divider')) return '---';
      const text = li.querySelector('.bubble')?.textContent ?? '';
      const state = li.getAttribute('data-state');
      return state ? `${text} [${state}]` : text;
    }),
  );
}

async function waitForRows(page: Page, expected: string[], timeout = 60_000): Promise<void> {
  try {
    await page.waitForFunction(
      (want) => {
        const got = deepAll('li[data-own], li[data-divider]').map((li) => {
          if (li.hasAttribute('data-divider')) return '---';
          const text = li.querySelector('.bubble')?.textContent ?? '';
          const state = li.getAttribute('data-state');
          return state ? `${text} [${state}]` : text;
        });
        return JSON.stringify(got) === JSON.stringify(want);
      },
      expected,
      { timeout },
    );
  } catch (error) {
    throw new Error(`chat rows: expected ${JSON.stringify(expected)}, got ${JSON.stringify(await rows(page))}`, { cause: error });
  }
}

// Up to four calling pages each: on this shared, loaded machine a test takes from 20 s to well over 90.
describe('chat history in the page', { timeout: 240_000 }, () => {
  it('shows a late joiner the earlier messages above a divider, and older pages as they scroll up', async () => {
    // 70 messages said before anyone opened the page: more than the first page (50).
    const early = await TestClient.connect(fixture.server.url, 'late', { origin: fixture.server.url });
    for (let i = 1; i <= 70; i++) early.send({ receiver: 'room', type: 'text', data: { from: 'Eve', text: `old ${i}`, mid: `old-${i}` } });
    await early.next((f) => f.type === 'ack' && (f.data as { mid: string }).mid === 'old-70', 20_000);
    await early.close();
    const ada = await enter(room('late'), 'Ada');
    await join(ada);
    await openChat(ada);
    await send(ada, 'hello from Ada');
    await waitForRows(ada.page, [...range(21, 70).map((i) => `old ${i}`), '---', 'hello from Ada [sent]']);

    const bob = await enter(room('late'), 'Bob');
    await join(bob);
    await openChat(bob);
    // The latest 50: Ada's message is one of them.
    await waitForRows(bob.page, [...range(22, 70).map((i) => `old ${i}`), 'hello from Ada', '---']);
    await send(ada, 'after Bob came');
    await waitForRows(bob.page, [...range(22, 70).map((i) => `old ${i}`), 'hello from Ada', '---', 'after Bob came']);

    // Scrolled to the top, the page asks for the 21 before: all 70, in order, each once.
    await bob.page.evaluate(() => deepAll('ol[part=messages]')[0]!.scrollTo({ top: 0 }));
    await waitForRows(bob.page, [...range(1, 70).map((i) => `old ${i}`), 'hello from Ada', '---', 'after Bob came']);
    expect(await bob.page.getByRole('button', { name: 'Load earlier messages' }).count()).toBe(0);
  });

  it('delivers a message sent while the socket is cut once, after the reconnect, and shows it as sent', async () => {
    const ada = await enter(room('cut'), 'Ada', [CUTTABLE_SOCKETS]);
    const bob = await enter(room('cut'), 'Bob');
    await join(ada);
    await join(bob);
    for (const p of [ada, bob]) await waitForRemoteVideos(p.page, 1);
    for (const p of [ada, bob]) await openChat(p);
    await send(ada, 'before');
    await waitForRows(bob.page, ['before']);

    // 1. What Ada sends is lost on the way: it waits as sending, goes again on the new socket, and is acked.
    await ada.page.evaluate(() => ((window as unknown as Cuttable).cut.out = true));
    await send(ada, 'lost on the way');
    await waitForRows(ada.page, ['before [sent]', 'lost on the way [sending]']);
    await ada.page.evaluate(() => {
      const w = window as unknown as Cuttable;
      w.sockets.at(-1)!.close(4999, 'test drop');
      w.cut.out = false;
    });
    await waitForRows(ada.page, ['before [sent]', 'lost on the way [sent]']);
    await waitForRows(bob.page, ['before', 'lost on the way']);

    // 2. The server gets it, but nothing comes back (no echo, no ack): after the
    // reconnect the page sends it again with the same mid, which is acked and not delivered again.
    await ada.page.evaluate(() => ((window as unknown as Cuttable).cut.in = true));
    await send(ada, 'answer lost');
    await waitForRows(bob.page, ['before', 'lost on the way', 'answer lost']);
    const mid = await ada.page.evaluate(() => deepAll('li[data-state="sending"]')[0]?.getAttribute('data-key')?.slice(1));
    expect(mid).toMatch(/^[A-Za-z0-9_-]{16}$/);
    await ada.page.evaluate(() => {
      const w = window as unknown as Cuttable;
      w.received.length = 0;
      w.sockets.at(-1)!.close(4999, 'test drop');
      w.cut.in = false;
    });
    // The resend's own ack: the server answered the same mid a second time.
    await ada.page.waitForFunction(
      (m) =>
        (window as unknown as Cuttable).received.filter((f) => f.type === 'ack' && f.data?.mid === m).length >= 1 && (window as unknown as Cuttable).sockets.length === 3,
      mid,
    );
    await waitForRows(ada.page, ['before [sent]', 'lost on the way [sent]', 'answer lost [sent]']);
    // Texts keep their order: once Bob has the next one, a second copy would have come before it.
    await send(ada, 'next');
    await waitForRows(bob.page, ['before', 'lost on the way', 'answer lost', 'next']);
    await waitForRows(ada.page, ['before [sent]', 'lost on the way [sent]', 'answer lost [sent]', 'next [sent]']);
  });

  it('shows a direct message to its receiver, marked and answerable in one click, and never to a third page; a reload shows it again', async () => {
    const ada = await enter(room('dm'), 'Ada');
    const bob = await enter(room('dm'), 'Bob');
    const cy = await enter(room('dm'), 'Cy');
    for (const p of [ada, bob, cy]) await join(p);
    // The call is up (frames decoded both ways) before the pages are clicked: while a
    // page builds two connections at once, a loaded machine can leave it deaf to input for long.
    for (const p of [ada, bob, cy]) await waitForRemoteVideos(p.page, 2);
    await openChat(cy);
    // Ada picks Bob in the participant list; the chat opens, writing to him.
    await ada.page.getByRole('button', { name: /^participants/i }).click();
    await ada.page.getByRole('button', { name: 'Message Bob privately' }).click();
    await ada.page.getByText('Privately to Bob').first().waitFor();
    await send(ada, 'psst, Bob');
    await waitForRows(ada.page, ['psst, Bob [sent]']);
    // Bob's chat is closed: the private message counts as unread.
    await bob.page.getByRole('button', { name: 'Chat, 1 unread' }).waitFor();
    await openChat(bob);
    await waitForRows(bob.page, ['psst, Bob']);
    expect(await marks(bob.page)).toEqual(['from Ada']);

    // One click on Reply answers privately.
    await bob.page.getByRole('button', { name: 'Reply privately to Ada' }).click();
    await send(bob, 'hi Ada, just you');
    await waitForRows(ada.page, ['psst, Bob [sent]', 'hi Ada, just you']);
    expect(await marks(ada.page)).toEqual(['to Bob', 'from Bob']);

    // Then a message to everyone: Cy gets it, and (texts keep their order) would have got the private ones before it.
    await bob.page.getByRole('button', { name: 'Message everyone instead' }).click();
    await send(bob, 'hello all');
    await waitForRows(cy.page, ['hello all']);

    // Bob reloads: the same browser, the same participant key, the same private messages.
    await ada.context.close(); // not needed any more: one calling page less on a loaded machine
    await bob.page.reload();
    await join(bob);
    await openChat(bob);
    await waitForRows(bob.page, ['psst, Bob', 'hi Ada, just you [sent]', 'hello all [sent]', '---']);
    expect(await marks(bob.page)).toEqual(['from Ada', 'to Ada']);
    expect(await rows(cy.page)).toEqual(['hello all']);
    // Cy reloads: the history shows Cy only the message to everyone.
    await cy.page.reload();
    await join(cy);
    await openChat(cy);
    await waitForRows(cy.page, ['hello all', '---']);
  });

  it('shows HTML and script from the history as text, and links as safe <a> elements (never javascript:)', async () => {
    const mallory = await enter(room('html'), '<img src=x onerror="window.pwned=4">');
    await join(mallory);
    await openChat(mallory);
    for (const text of ATTACKS) await send(mallory, text);
    await waitForRows(
      mallory.page,
      ATTACKS.map((t) => `${t} [sent]`),
    );

    const bob = await enter(room('html'), 'Bob');
    const errors: string[] = [];
    bob.page.on('pageerror', (e) => errors.push(e.message));
    await join(bob);
    await openChat(bob);
    await waitForRows(bob.page, [...ATTACKS, '---']);
    const seen = await bob.page.evaluate(() => ({
      names: deepAll('.meta b').map((b) => b.textContent),
      // Only the links the page made itself: no element from the text.
      elements: deepAll('.bubble *').map((el) => `${el.tagName.toLowerCase()} ${el.getAttribute('href')} ${el.getAttribute('rel')} ${el.getAttribute('target')}`),
      pwned: (globalThis as { pwned?: number }).pwned,
    }));
    expect(seen).toEqual({
      names: ['<img src=x onerror="window.pwned=4">'],
      elements: ['a https://example.org/a?b=1 noopener noreferrer _blank', 'a http://example.org/(x) noopener noreferrer _blank'],
      pwned: undefined,
    });
    expect(errors).toEqual([]);
  });
});

const ATTACKS = [
  '<img src=x onerror="window.pwned=1">',
  '<script>window.pwned=2</script><b>bold</b>',
  'see https://example.org/a?b=1. or (http://example.org/(x)) but not javascript:window.pwned=3 nor <a href="javascript:window.pwned=5">this</a>',
];

/** The private marks the page shows, as "to Bob" / "from Ada". */
function marks(page: Page): Promise<string[]> {
  return page.evaluate(() => deepAll('[data-private]').map((m) => `${m.getAttribute('data-private')} ${m.textContent.replace(/^\s*Privately (to|from)\s*/, '').trim()}`));
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}
