// @vitest-environment happy-dom
// The lobby: a name is needed to join, the remembered one is offered, a
// missing camera is explained without stopping anyone from joining, and a
// room password can be set, or is asked for when the room wants one.
import { afterEach, describe, expect, it } from 'vitest';
import { LocalMedia } from '../../../client/media/local-media.js';
import '../../../client/ui/lobby-view.js';
import type { LobbyView } from '../../../client/ui/lobby-view.js';
import { noDevices } from '../fakes.js';

const EMPTY = { occupied: false, locked: false };

async function render(username = '', roomStatus: LobbyView['roomStatus'] = EMPTY): Promise<LobbyView> {
  const media = new LocalMedia(noDevices);
  await media.start();
  const el = Object.assign(document.createElement('lobby-view'), { room: 'k7q2-mx9d', media, username, isStarting: false, roomStatus });
  document.body.append(el);
  await el.updateComplete;
  return el;
}

afterEach(() => document.body.replaceChildren());

describe('lobby-view', () => {
  it('joins with the trimmed name, and only with one', async () => {
    const el = await render();
    const joins: unknown[] = [];
    el.addEventListener('join', (e) => joins.push((e as CustomEvent<{ username: string }>).detail.username));
    const root = el.shadowRoot!;
    const input = root.querySelector<HTMLInputElement>('#name')!;
    const button = root.querySelector<HTMLButtonElement>('button[type="submit"]')!;
    expect(root.querySelector('label[for="name"]')!.textContent).toMatch(/name/i);
    expect(button.textContent).toMatch(/Join/);
    expect(button.disabled).toBe(true);
    input.value = '   ';
    input.dispatchEvent(new Event('input'));
    root.querySelector('form')!.dispatchEvent(new Event('submit', { cancelable: true }));
    expect(joins).toEqual([]);
    input.value = '  Ada  ';
    input.dispatchEvent(new Event('input'));
    await el.updateComplete;
    expect(button.disabled).toBe(false);
    root.querySelector('form')!.dispatchEvent(new Event('submit', { cancelable: true }));
    expect(joins).toEqual(['Ada']);
  });

  it('offers the remembered name', async () => {
    const el = await render('Grace');
    expect(el.shadowRoot!.querySelector<HTMLInputElement>('#name')!.value).toBe('Grace');
  });

  it('explains a missing camera and microphone, and still lets you join', async () => {
    const el = await render('Nomad');
    const root = el.shadowRoot!;
    expect(root.querySelector('[role="alert"]')!.textContent).toContain('No camera or microphone found. You can still join');
    expect(root.querySelector<HTMLButtonElement>('button[type="submit"]')!.disabled).toBe(false);
    expect(root.querySelector('.avatar')!.textContent).toBe('N');
    expect([...root.querySelectorAll('select')].map((s) => s.disabled)).toEqual([true, true]);
  });

  it('offers the lock only to the first person, and says who is here without names', async () => {
    const lockButton = (el: LobbyView) => [...el.shadowRoot!.querySelectorAll('button')].find((b) => /lock this room/i.test(b.textContent ?? ''));
    const line = (el: LobbyView) => el.shadowRoot!.querySelector('.room-line')?.textContent?.trim();
    const first = await render('Ada', EMPTY);
    expect(lockButton(first)).toBeDefined();
    expect(line(first)).toBe('No one else is here yet.');
    first.roomStatus = { occupied: true, locked: false };
    await first.updateComplete;
    expect(lockButton(first)).toBeUndefined();
    expect(first.shadowRoot!.querySelector('#password')).toBeNull();
    expect(line(first)).toMatch(/^Others are already in this call\. Once in, you can lock the room/);
    // Still asking: nothing offered yet. Could not ask: offered, with the old hedge.
    first.roomStatus = undefined;
    await first.updateComplete;
    expect(lockButton(first)).toBeUndefined();
    first.roomStatus = 'unknown';
    await first.updateComplete;
    lockButton(first)!.click();
    await first.updateComplete;
    expect(first.shadowRoot!.querySelector('#password-hint')!.textContent).toMatch(/^If you are the first one here/);
  });

  it('asks a locked room’s password up front', async () => {
    const el = await render('Carol', { occupied: true, locked: true });
    el.needsPassword = true;
    await el.updateComplete;
    const root = el.shadowRoot!;
    expect(root.querySelector('.room-line')!.textContent.trim()).toBe('This room is locked. Enter its password to join.');
    expect(root.querySelector('label[for="password"]')!.textContent).toBe('Room password');
    expect(root.querySelector<HTMLInputElement>('#password')!.required).toBe(true);
  });

  it('sends a password only when the user opens the field to lock the room', async () => {
    const el = await render('Ada');
    const joins: unknown[] = [];
    el.addEventListener('join', (e) => joins.push((e as CustomEvent).detail));
    const root = el.shadowRoot!;
    const submit = () => root.querySelector('form')!.dispatchEvent(new Event('submit', { cancelable: true }));
    expect(root.querySelector('#password')).toBeNull();
    submit();
    const lock = [...root.querySelectorAll('button')].find((b) => /lock this room/i.test(b.textContent ?? ''))!;
    lock.click();
    await el.updateComplete;
    const password = root.querySelector<HTMLInputElement>('#password')!;
    expect(root.querySelector('label[for="password"]')!.textContent).toBe('Password for this room');
    expect(password.type).toBe('password');
    password.value = 'sesame';
    password.dispatchEvent(new Event('input'));
    submit();
    expect(joins).toEqual([
      { username: 'Ada', password: '' },
      { username: 'Ada', password: 'sesame' },
    ]);
  });

  it('asks for the password the room wants, with the reason, and will not join without one', async () => {
    const el = await render('Bob');
    const joins: unknown[] = [];
    el.addEventListener('join', (e) => joins.push((e as CustomEvent).detail));
    Object.assign(el, { needsPassword: true, refusal: 'Wrong password. Try again.' });
    await el.updateComplete;
    const root = el.shadowRoot!;
    const password = root.querySelector<HTMLInputElement>('#password')!;
    expect(root.querySelector('label[for="password"]')!.textContent).toBe('Room password');
    expect(root.querySelector('.refusal[role="alert"]')!.textContent).toBe('Wrong password. Try again.');
    expect(root.activeElement).toBe(password);
    root.querySelector('form')!.dispatchEvent(new Event('submit', { cancelable: true }));
    expect(joins).toEqual([]);
    password.value = 'open sesame';
    password.dispatchEvent(new Event('input'));
    root.querySelector('form')!.dispatchEvent(new Event('submit', { cancelable: true }));
    expect(joins).toEqual([{ username: 'Bob', password: 'open sesame' }]);
  });

  it('waits while joining: the button says so and does nothing', async () => {
    const el = await render('Cy');
    const joins: unknown[] = [];
    el.addEventListener('join', (e) => joins.push((e as CustomEvent).detail));
    el.isJoining = true;
    await el.updateComplete;
    const button = el.shadowRoot!.querySelector<HTMLButtonElement>('button[type="submit"]')!;
    expect(button.textContent).toBe('Joining…');
    expect(button.disabled).toBe(true);
    el.shadowRoot!.querySelector('form')!.dispatchEvent(new Event('submit', { cancelable: true }));
    expect(joins).toEqual([]);
  });
});
