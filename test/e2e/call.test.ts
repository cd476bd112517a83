// Calls between real Chromium pages with fake cameras and microphones,
// through the real server: video decoded both ways, audio tracks, chat, a
// full mesh of three, and tiles going away when someone leaves.
import { describe, expect, it } from 'vitest';
import { join, remoteTileIds, selfId, waitForRemoteVideos, type Participant } from './browser.js';
import { useCallFixture } from './call-fixture.js';

const { enter } = useCallFixture();

async function say(p: Participant, text: string): Promise<void> {
  await p.page.getByLabel('Message', { exact: true }).fill(text);
  await p.page.getByRole('button', { name: 'Send' }).click();
}

/** Texts of the chat messages shown, with whether each is marked as our own. */
function chatLines(p: Participant): Promise<{ text: string; isOwn: boolean }[]> {
  return p.page.evaluate(() =>
    deepAll('li[data-own]').map((li) => ({ text: li.querySelector('.bubble')?.textContent ?? '', isOwn: li.getAttribute('data-own') === 'true' })),
  );
}

describe('two participants', () => {
  it('see and hear each other and chat both ways', async () => {
    const ada = await enter('two', 'Ada');
    const bob = await enter('two', 'Bob');
    await join(ada);
    const clickedAt = await join(bob);
    const firstFrameAt = await waitForRemoteVideos(bob.page, 1);
    await waitForRemoteVideos(ada.page, 1);
    console.log(`Join → first remote frame, 2 participants: ${Math.round(firstFrameAt - clickedAt)} ms`);

    // Each remote video is the other person's, with a live audio track beside it.
    const [adaId, bobId] = [await selfId(ada.page), await selfId(bob.page)];
    expect(await remoteTileIds(ada.page)).toEqual([bobId]);
    expect(await remoteTileIds(bob.page)).toEqual([adaId]);
    for (const p of [ada, bob]) {
      const tracks = await p.page.evaluate(() => {
        const video = deepAll('video[data-peer]:not([data-self])')[0] as HTMLVideoElement;
        const stream = video.srcObject as MediaStream;
        return {
          audio: stream.getAudioTracks().map((t) => t.readyState),
          video: stream.getVideoTracks().map((t) => t.readyState),
          // Playing with sound: the click on Join satisfied the autoplay policy.
          isMuted: video.muted,
        };
      });
      expect(tracks).toEqual({ audio: ['live'], video: ['live'], isMuted: false });
    }
    // Names reach the other side.
    await bob.page.getByRole('group', { name: 'Ada', exact: true }).waitFor();
    await ada.page.getByRole('group', { name: 'Bob', exact: true }).waitFor();

    await ada.page.getByRole('button', { name: /^chat/i }).click();
    await bob.page.getByRole('button', { name: /^chat/i }).click();
    await say(ada, 'Hello Bob');
    await bob.page.getByText('Hello Bob').waitFor();
    await say(bob, 'Hi Ada!');
    await ada.page.getByText('Hi Ada!').waitFor();
    await bob.page.getByText('Hi Ada!').waitFor();
    expect(await chatLines(ada)).toEqual([
      { text: 'Hello Bob', isOwn: true },
      { text: 'Hi Ada!', isOwn: false },
    ]);
    expect(await chatLines(bob)).toEqual([
      { text: 'Hello Bob', isOwn: false },
      { text: 'Hi Ada!', isOwn: true },
    ]);
  });

  it('counts unread messages while the chat is hidden', async () => {
    const ada = await enter('unread', 'Ada');
    const bob = await enter('unread', 'Bob');
    await join(ada);
    await join(bob);
    await waitForRemoteVideos(ada.page, 1);
    await bob.page.getByRole('button', { name: /^chat/i }).click();
    await say(bob, 'one');
    await say(bob, 'two');
    await ada.page.getByRole('button', { name: 'Chat, 2 unread' }).waitFor();
    await ada.page.getByRole('button', { name: /^chat/i }).click();
    await ada.page.getByRole('button', { name: 'Chat', exact: true }).waitFor();
    await ada.page.getByText('two').waitFor();
  });
});

describe('three participants', () => {
  it('form a full mesh in which every remote video plays', async () => {
    const trio = [await enter('three', 'Ada'), await enter('three', 'Bob'), await enter('three', 'Cy')];
    await join(trio[0]!);
    await join(trio[1]!);
    const clickedAt = await join(trio[2]!);
    const firstAt = await waitForRemoteVideos(trio[2]!.page, 1, { isExact: false });
    const allAt = await waitForRemoteVideos(trio[2]!.page, 2);
    console.log(`Join → first remote frame, 3 participants: ${Math.round(firstAt - clickedAt)} ms (both remote videos: ${Math.round(allAt - clickedAt)} ms)`);
    for (const p of trio) await waitForRemoteVideos(p.page, 2);
    const ids = await Promise.all(trio.map((p) => selfId(p.page)));
    for (const [i, p] of trio.entries()) {
      expect((await remoteTileIds(p.page)).sort()).toEqual(ids.filter((_, j) => j !== i).sort());
    }
  });
});

describe('leaving', () => {
  it('removes the tile of someone who leaves, and of someone who closes the tab', async () => {
    const [ada, bob, cy] = [await enter('leave', 'Ada'), await enter('leave', 'Bob'), await enter('leave', 'Cy')];
    for (const p of [ada, bob, cy]) await join(p);
    for (const p of [ada, bob, cy]) await waitForRemoteVideos(p.page, 2);
    const [adaId, bobId, cyId] = await Promise.all([ada, bob, cy].map((p) => selfId(p.page)));

    await cy.page.getByRole('button', { name: 'Leave' }).click();
    await cy.page.getByText('You left the call').waitFor();
    await ada.page.waitForFunction((id) => !deepAll(`video[data-peer="${id}"]`).length, cyId);
    await bob.page.waitForFunction((id) => !deepAll(`video[data-peer="${id}"]`).length, cyId);
    expect(await remoteTileIds(ada.page)).toEqual([bobId]);

    await bob.page.close();
    await ada.page.waitForFunction(() => deepAll('video[data-peer]:not([data-self])').length === 0);
    expect(await remoteTileIds(ada.page)).toEqual([]);
    expect(adaId).not.toBe('');
    await ada.page.getByText("You're the only one here").waitFor();
  });
});
