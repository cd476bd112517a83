// Issue 14, "Knowing what happens", in real pages: the lobby says who is in
// the call; a join, a leave and a raised hand are announced on the others'
// pages (with a soft sound once it is turned on); a second Bob is "Bob (2)";
// a chat message is previewed, counted in the tab's title, and the preview
// opens the chat; a raised hand reaches the top of the other page's list;
// a reaction floats over the sender's tile on the other page; alone again,
// the page says "You're the only one here". And a hostile peer's flood of
// reactions is capped (client/call/reaction-board.ts).
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { join, selfId, type Participant } from './browser.js';
import { useCallFixture } from './call-fixture.js';
import { HostileMember } from './hostile-member.js';

const fixture = useCallFixture();

/** Counts the oscillators the page starts: the join sound is made with WebAudio (client/media/chime.ts). */
const COUNT_TONES = `
  window.tones = 0;
  const start = OscillatorNode.prototype.start;
  OscillatorNode.prototype.start = function (...args) { window.tones++; return start.apply(this, args); };
`;

/** Records, on every frame, the most reactions shown at once and which emoji were shown. */
const TRACK_REACTIONS = `
  window.reactions = { most: 0, emoji: [] };
  const look = () => {
    const shown = deepAll('.reaction');
    window.reactions.most = Math.max(window.reactions.most, shown.length);
    for (const r of shown) window.reactions.emoji.push(r.getAttribute('data-emoji'));
    if (window.reactions.emoji.length > 1000) window.reactions.emoji = [...new Set(window.reactions.emoji)];
    requestAnimationFrame(look);
  };
  requestAnimationFrame(look);
`;

const tones = (page: Page) => page.evaluate(() => (window as unknown as { tones: number }).tones);

/**
 * Records every notice (role=status toast) the page shows, on every frame: a
 * notice stays 4 s, and on this loaded machine a wait from outside can miss it.
 */
const RECORD_NOTICES = `
  window.notices = [];
  const look = () => {
    for (const e of deepAll('.toast[role="status"]')) {
      const text = e.textContent.trim();
      if (window.notices.at(-1) !== text) window.notices.push(text);
    }
    requestAnimationFrame(look);
  };
  requestAnimationFrame(look);
`;

/** Waits until the page has shown a notice reading `text` exactly. */
async function notice(page: Page, text: string): Promise<void> {
  await page.waitForFunction((t) => (window as unknown as { notices: string[] }).notices.includes(t), text);
}

/** Waits for the lobby's line on who is here to read `text`. */
async function lobbyLine(page: Page, text: string): Promise<void> {
  await page.waitForFunction((t) => deepAll('.room-line[data-who]')[0]?.textContent?.trim().startsWith(t) ?? false, text);
}

/** The names in the participant list, top to bottom. */
function listNames(page: Page): Promise<string[]> {
  return page.evaluate(() => deepAll('participant-list li .name').map((e) => e.textContent?.trim() ?? ''));
}

/** The name shown on each tile. */
function tileNames(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    deepAll('video-tile')
      .map((t) => t.shadowRoot?.querySelector('.label bdi')?.textContent ?? '')
      .sort(),
  );
}

const hostiles: HostileMember[] = [];
afterEach(async () => {
  for (const h of hostiles.splice(0)) await h.close();
});

describe('knowing what happens in the call', () => {
  it('announces joins, leaves and hands, tells two Bobs apart, previews chat, counts it in the title, floats reactions', async () => {
    const startedAt = Date.now();
    const phase = (name: string) => console.log(`awareness: ${name} after ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
    const room = 'standup';
    // All three pages load first: a page loads slowly while a call runs on this loaded machine.
    // Their lobbies ask again who is here (every 5 s), so each still says who came meanwhile.
    const ada = await fixture.enter(room, 'Ada', [COUNT_TONES, RECORD_NOTICES]);
    const bob = await fixture.enter(room, 'Bob', [RECORD_NOTICES]);
    const bob2: Participant = await fixture.enter(room, 'Bob', [RECORD_NOTICES]);
    for (const p of [ada, bob, bob2]) p.page.setDefaultTimeout(150_000);
    await lobbyLine(ada.page, 'No one else is here yet.');
    await join(ada);
    phase('ada in');

    await lobbyLine(bob.page, 'Ada is in this call.');
    await join(bob);
    await notice(ada.page, 'Bob joined');
    expect(await tones(ada.page)).toBe(0);
    phase('bob in'); // the sound is off until turned on

    // Ada turns the sound on in the participant list; it is remembered.
    await ada.page.getByRole('button', { name: /^participants/i }).click();
    await ada.page.getByLabel('Play a sound when someone joins or leaves').check();
    expect(await ada.page.evaluate(() => localStorage.getItem('parley.join-sound'))).toBe('on');

    // A third person, also called Bob.
    await lobbyLine(bob2.page, 'Ada and Bob are in this call.');
    await join(bob2);
    await notice(ada.page, 'Bob (2) joined');
    await notice(bob.page, 'Bob (2) joined');
    expect(await tones(ada.page)).toBeGreaterThan(0);
    phase('second bob in');
    // Everyone's tile is there (the video itself is call.test.ts's business; what matters here is the names).
    for (const p of [ada, bob, bob2]) await p.page.waitForFunction(() => deepAll('video-tile').length === 3);
    expect(await tileNames(ada.page)).toEqual(['Ada', 'Bob', 'Bob (2)']);
    // On the second Bob's own page, the first Bob is the one numbered: we keep our own name plain.
    expect(await tileNames(bob2.page)).toEqual(['Ada', 'Bob', 'Bob (2)']);

    phase('tiles');
    // A chat message while Ada's chat is closed: previewed, and counted in the title.
    await bob.page.getByRole('button', { name: /^chat/i }).click();
    await bob.page.getByRole('textbox', { name: /message/i }).fill('Can everyone see my screen?\nSecond line');
    await bob.page.keyboard.press('Enter');
    // The preview shows for 10 s: read and clicked in the page, where this loaded machine's round trips cannot outlast it.
    const previewText = await ada.page.waitForFunction(
      () => {
        const card = deepAll('message-preview .card')[0];
        if (document.title !== '(1) standup · Parley' || !card) return false;
        const text = card.textContent?.replace(/\s+/g, ' ').trim();
        deepAll('message-preview button.open')[0]?.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
        return text;
      },
      undefined,
      { polling: 'raf' },
    );
    expect(await previewText.jsonValue()).toBe('Bob Can everyone see my screen?');
    await ada.page.waitForFunction(() => document.title === 'standup · Parley');
    await ada.page.waitForFunction(() => deepAll('chat-panel').some((c) => !c.hasAttribute('hidden')));
    expect(await ada.page.locator('message-preview .card').count()).toBe(0);

    phase('chat');
    // Hands: the second Bob raises first, then the first; on Ada's list they go to the top in that order.
    await ada.page.getByRole('button', { name: /^participants/i }).click();
    await bob2.page.getByRole('button', { name: 'Raise hand' }).click();
    await notice(ada.page, 'Bob (2) raised a hand');
    await bob.page.getByRole('button', { name: 'Raise hand' }).click();
    await ada.page.waitForFunction(() => deepAll('participant-list li[data-hand]').length === 2);
    expect(await listNames(ada.page)).toEqual(['Bob (2)', 'Bob', 'Ada (you)']);
    const bob2Id = await selfId(bob2.page);
    await ada.page.waitForFunction((id) => deepAll(`video-tile[peer-id="${id}"][hand-raised]`).length === 1, bob2Id);
    expect(await bob2.page.getByRole('button', { name: 'Raise hand' }).getAttribute('aria-pressed')).toBe('true');
    // Lowered by the same button.
    await bob2.page.getByRole('button', { name: 'Raise hand' }).click();
    await ada.page.waitForFunction(() => deepAll('participant-list li[data-hand]').length === 1);
    expect(await listNames(ada.page)).toEqual(['Bob', 'Ada (you)', 'Bob (2)']);

    // A reaction floats over the sender's tile on the other pages, and on its own.
    const bobId = await selfId(bob.page);
    await bob.page.getByRole('button', { name: 'Reactions' }).click();
    await bob.page.getByRole('button', { name: 'React with 🎉' }).click();
    const floats = (page: Page, id: string) =>
      page.waitForFunction((peer) => deepAll(`video-tile[peer-id="${peer}"]`).some((t) => t.shadowRoot?.querySelector('.reaction[data-emoji="🎉"]')), id, {
        polling: 'raf',
      });
    await floats(ada.page, bobId);
    await floats(bob2.page, bobId);
    await floats(bob.page, bobId);
    phase('reactions');

    // The others leave: Ada hears it, and is now the only one here.
    await bob2.page.getByRole('button', { name: 'Leave' }).click();
    await notice(ada.page, 'Bob (2) left');
    await bob.page.getByRole('button', { name: 'Leave' }).click();
    await notice(ada.page, 'Bob left');
    await ada.page.waitForFunction(() => deepAll('video-grid .waiting h2')[0]?.textContent === "You're the only one here");
  }, 900_000);
});

describe('a hostile peer', () => {
  it('cannot flood a page with reactions: a few are shown, the rest dropped, none that is not offered', async () => {
    const ada = await fixture.enter('flood', 'Ada', [TRACK_REACTIONS]);
    ada.page.setDefaultTimeout(150_000);
    await join(ada);
    const adaId = await selfId(ada.page);
    const mallory = await HostileMember.join(fixture.browser, fixture.server.url, 'flood');
    hostiles.push(mallory);
    mallory.send({ receiver: 'ground control', type: 'profile', data: { username: 'Mallory' } });
    await mallory.connect(adaId);
    console.log('awareness: hostile connected');
    const flood = [
      ...Array.from({ length: 2000 }, () => '{"type":"reaction","emoji":"🎉"}'),
      '{"type":"reaction","emoji":"💩"}',
      '{"type":"reaction","emoji":"<b>x</b>"}',
    ];
    // Ends with a media status: once its marks show, every reaction before it was handled.
    await mallory.sendData(adaId, [...flood, '{"type":"media-status","audio":false,"video":false,"screen":false}']);
    await ada.page.getByRole('button', { name: /^participants/i }).click();
    await ada.page.waitForFunction((id) => (deepAll(`li[data-peer="${id}"] .marks`)[0]?.textContent ?? '').includes('Camera off'), mallory.id);
    // Each reaction floats for ~3 s: the page's own record of every frame says what was ever shown at once.
    await ada.page.waitForFunction(() => (window as unknown as { reactions: { most: number } }).reactions.most > 0);
    const seen = await ada.page.evaluate(() => {
      const r = (window as unknown as { reactions: { most: number; emoji: string[] } }).reactions;
      return { most: r.most, emoji: [...new Set(r.emoji)] };
    });
    expect(seen.most).toBeLessThanOrEqual(3);
    expect(seen.emoji).toEqual(['🎉']);
    // The page still answers at once.
    expect(await ada.page.evaluate(() => document.title)).toBe('flood · Parley');
  }, 240_000);
});
