// The room lock in real Chromium against the real server (issue 14): the
// first person locks in the lobby and a guest without the password is
// refused in plain words, then gets in with it; a member locks from inside
// the call, everyone sees the lock and who set it, a newcomer needs the
// password; unlocking opens the room again. Each admission is checked by
// video frames decoded, not by an element being there.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { join, waitForRemoteVideos, type Participant } from './browser.js';
import { useCallFixture } from './call-fixture.js';

const call = useCallFixture();

async function enter(room: string, name: string): Promise<Participant> {
  const p = await call.enter(room, name);
  await p.page.getByLabel(/name/i).fill(name);
  return p;
}

/** The lock button in the call's top bar (its panel's buttons are "Lock room" and "Unlock room"). */
const lockButton = (page: Page) => page.locator('room-lock-control button.toggle');
const notice = (page: Page) => page.getByRole('status').filter({ hasText: /locked the room|unlocked the room|Link copied/ });

describe('the room lock', () => {
  it('lets only the first person lock in the lobby; a guest without the password is refused, with it gets in', async () => {
    const bob = await enter('first-lock', 'Bob');
    await bob.page.getByText('No one else is here yet.').waitFor();
    await bob.page.getByRole('button', { name: 'Lock this room with a password' }).click();
    await bob.page.getByLabel('Password for this room').fill('s3cret');
    await bob.page.getByRole('button', { name: 'Join call' }).click();
    await bob.page.getByRole('status', { name: 'Connected to the server' }).waitFor();
    await expect.poll(() => lockButton(bob.page).getAttribute('title')).toBe('Locked by you: guests need the password');

    const dave = await enter('first-lock', 'Dave');
    await dave.page.getByText('This room is locked. Enter its password to join.').waitFor();
    expect(await dave.page.getByRole('button', { name: 'Lock this room with a password' }).count()).toBe(0);
    await dave.page.getByLabel('Room password').fill('guess');
    await dave.page.getByRole('button', { name: 'Join call' }).click();
    await expect.poll(() => dave.page.getByRole('alert').textContent()).toMatch(/^Wrong password\./);
    await dave.page.getByLabel('Room password').fill('s3cret');
    await dave.page.getByRole('button', { name: 'Join call' }).click();
    await waitForRemoteVideos(dave.page, 1);
    await waitForRemoteVideos(bob.page, 1);
    await expect.poll(() => lockButton(dave.page).getAttribute('title')).toBe('Locked by Bob: guests need the password');
  });

  it('refuses a password for a room already in use, in plain words, and joins without it', async () => {
    const carol = await enter('in-use', 'Carol');
    // Carol's lobby saw an empty room and offers the lock...
    await carol.page.getByRole('button', { name: 'Lock this room with a password' }).click();
    await carol.page.getByLabel('Password for this room').fill('late');
    // ...but Alice gets in first.
    const alice = await enter('in-use', 'Alice');
    await join(alice);
    await alice.page.getByRole('status', { name: 'Connected to the server' }).waitFor();
    await carol.page.getByRole('button', { name: 'Join call' }).click();
    await expect
      .poll(() => carol.page.getByRole('alert').textContent())
      .toBe('Someone is already in this room, so your password was not set and you did not join. Join without one; you can lock the room from inside the call.');
    expect(await carol.page.getByLabel('Password for this room').count()).toBe(0);
    await carol.page.getByRole('button', { name: 'Join call' }).click();
    await waitForRemoteVideos(carol.page, 1);
    expect(await lockButton(carol.page).getAttribute('title')).toBe('Lock this room with a password');
  });

  it('locks from inside the call: everyone sees who did it, a newcomer needs the password; unlocking opens it again', async () => {
    const [ann, ben] = [await enter('inside', 'Ann'), await enter('inside', 'Ben')];
    await join(ann);
    await join(ben);
    await waitForRemoteVideos(ben.page, 1);

    await lockButton(ben.page).click();
    await ben.page.getByLabel('Password', { exact: true }).fill('team pw');
    await ben.page.getByRole('button', { name: 'Lock room' }).click();
    await expect.poll(() => lockButton(ben.page).getAttribute('title')).toBe('Locked by you: guests need the password');
    await expect.poll(() => lockButton(ann.page).getAttribute('title')).toBe('Locked by Ben: guests need the password');
    await expect.poll(() => notice(ann.page).textContent()).toBe('Ben locked the room. Guests now need the password.');
    // Copy link says guests will need the password (copied, or shown where the clipboard is refused).
    await ann.page.getByRole('button', { name: 'Copy link' }).click();
    await expect.poll(() => notice(ann.page).textContent()).toMatch(/The room is locked: they will need its password too\.$/);

    // A newcomer is asked for the password up front, refused a wrong one, let in with the right one.
    const cat = await enter('inside', 'Cat');
    await cat.page.getByText('This room is locked. Enter its password to join.').waitFor();
    await cat.page.getByLabel('Room password').fill('guess');
    await cat.page.getByRole('button', { name: 'Join call' }).click();
    await expect.poll(() => cat.page.getByRole('alert').textContent()).toMatch(/^Wrong password\./);
    await cat.page.getByLabel('Room password').fill('team pw');
    await cat.page.getByRole('button', { name: 'Join call' }).click();
    await waitForRemoteVideos(cat.page, 2);
    // The third page shows the lock icon and who locked the room.
    await expect.poll(() => lockButton(cat.page).getAttribute('title')).toBe('Locked by Ben: guests need the password');
    expect(await lockButton(cat.page).getAttribute('class')).toMatch(/\blocked\b/);

    await lockButton(ann.page).click();
    await ann.page.getByRole('button', { name: 'Unlock room' }).click();
    await expect.poll(() => notice(cat.page).textContent()).toBe('Ann unlocked the room. Anyone with the link can join.');
    await expect.poll(() => lockButton(ben.page).getAttribute('title')).toBe('Lock this room with a password');

    // Open again: Cat leaves, and rejoins from a fresh lobby without a password.
    await cat.page.getByRole('button', { name: 'Leave' }).click();
    await cat.page.getByRole('button', { name: 'Rejoin' }).click();
    await cat.page.getByText('Others are already in this call. Once in, you can lock the room from the top bar.').waitFor();
    await join(cat);
    await waitForRemoteVideos(cat.page, 2);
  }, 150_000);
});
