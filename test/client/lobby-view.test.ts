// @vitest-environment happy-dom
// The lobby: a name is needed to join, the remembered one is offered, and a
// missing camera is explained without stopping anyone from joining.
import { afterEach, describe, expect, it } from 'vitest';
import { LocalMedia, type MediaApi } from '../../client/local-media.js';
import '../../client/lobby-view.js';
import type { LobbyView } from '../../client/lobby-view.js';

/** A browser with no devices at all. */
const noDevices: MediaApi = {
  getUserMedia: async () => {
    throw Object.assign(new Error('none'), { name: 'NotFoundError' });
  },
  getDisplayMedia: async () => {
    throw new Error('none');
  },
  enumerateDevices: async () => [],
  placeholder: (kind) => ({ kind, enabled: true, stop() {} }) as unknown as MediaStreamTrack,
  newStream: (tracks) => ({ getTracks: () => tracks, getAudioTracks: () => [], getVideoTracks: () => [], addTrack() {}, removeTrack() {} }) as unknown as MediaStream,
};

async function render(username = ''): Promise<LobbyView> {
  const media = new LocalMedia(noDevices);
  await media.start();
  const el = Object.assign(document.createElement('lobby-view'), { room: 'k7q2-mx9d', media, username, isStarting: false });
  document.body.append(el);
  await el.updateComplete;
  return el;
}

afterEach(() => document.body.replaceChildren());

describe('lobby-view', () => {
  it('joins with the trimmed name, and only with one', async () => {
    const el = await render();
    const joins: string[] = [];
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
});
