// What the lobby says when the server turns a join away, in real Chromium
// against the real server (rooms of two here): a locked room asks for its
// password, a wrong one is refused in plain words, the right one gets in and
// the call plays; a full room says so.
import { describe, expect, it } from 'vitest';
import { join, waitForRemoteVideos, type Participant } from './browser.js';
import { useCallFixture } from './call-fixture.js';

const call = useCallFixture({ MAX_ROOM_SIZE: '2' });

async function enter(room: string, name: string): Promise<Participant> {
  const p = await call.enter(room, name);
  await p.page.getByLabel(/name/i).fill(name);
  return p;
}

const refusal = (p: Participant) => p.page.getByRole('alert').filter({ hasText: /password|full|connections|reach/i });

describe('the lobby', () => {
  it('asks for the password of a locked room, refuses a wrong one, and joins with the right one', async () => {
    const ada = await enter('locked', 'Ada');
    await ada.page.getByRole('button', { name: 'Lock this room with a password' }).click();
    await ada.page.getByLabel('Password for this room').fill('open sesame');
    await ada.page.getByRole('button', { name: 'Join call' }).click();
    await ada.page.getByRole('status', { name: 'Connected to the server' }).waitFor();

    // The lobby knows the room is locked before Join (its status), and asks for the password up front.
    const bob = await enter('locked', 'Bob');
    await bob.page.getByText('This room is locked. Enter its password to join.').waitFor();
    const field = bob.page.getByLabel('Room password');
    await bob.page.getByRole('button', { name: 'Join call' }).click();
    // The field the room wants has the focus; nothing was sent without it.
    await expect.poll(() => field.evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement)).toBe(true);
    expect(await bob.page.getByRole('button', { name: 'Lock this room with a password' }).count()).toBe(0);

    await field.fill('sesame');
    await bob.page.getByRole('button', { name: 'Join call' }).click();
    await expect.poll(() => refusal(bob).textContent()).toMatch(/^Wrong password\./);
    expect(await bob.page.getByRole('button', { name: 'Leave' }).count()).toBe(0); // still in the lobby

    await field.fill('open sesame');
    await bob.page.getByRole('button', { name: 'Join call' }).click();
    await waitForRemoteVideos(bob.page, 1);
    await waitForRemoteVideos(ada.page, 1);
    await bob.page.getByRole('group', { name: 'Ada', exact: true }).waitFor();
  });

  it('says so when the room is full', async () => {
    const [ada, bob] = [await enter('full', 'Ada'), await enter('full', 'Bob')];
    await join(ada);
    await join(bob);
    await waitForRemoteVideos(ada.page, 1);
    const cy = await enter('full', 'Cy');
    await cy.page.getByRole('button', { name: 'Join call' }).click();
    await expect.poll(() => refusal(cy).textContent()).toBe('This room is full. Try again when someone leaves.');
    // Nobody was disturbed: the two in the call still see only each other.
    expect(await ada.page.evaluate(() => deepAll('video[data-peer]:not([data-self])').length)).toBe(1);
    // Once someone leaves, the same lobby gets in.
    await bob.page.getByRole('button', { name: 'Leave' }).click();
    await cy.page.getByRole('button', { name: 'Join call' }).click();
    await waitForRemoteVideos(cy.page, 1);
  });
});
