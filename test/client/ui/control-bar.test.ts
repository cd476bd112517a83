// @vitest-environment happy-dom
// The control bar: stable accessible names, state in aria-pressed, the
// unread badge, and one event per press.
import { afterEach, describe, expect, it } from 'vitest';
import '../../../client/ui/control-bar.js';
import type { ControlAction, ControlBar } from '../../../client/ui/control-bar.js';

async function render(props: Partial<ControlBar> = {}): Promise<ControlBar> {
  const el = Object.assign(document.createElement('control-bar'), props);
  document.body.append(el);
  await el.updateComplete;
  return el;
}
const button = (el: ControlBar, name: string) => [...el.shadowRoot!.querySelectorAll('button')].find((b) => b.getAttribute('aria-label') === name)!;

afterEach(() => document.body.replaceChildren());

describe('control-bar', () => {
  it('names the buttons for microphone, camera, Share screen and Leave, with state in aria-pressed', async () => {
    const el = await render({ isMicOn: false, isCameraOn: true, isSharing: true });
    expect(button(el, 'Microphone').getAttribute('aria-pressed')).toBe('false');
    expect(button(el, 'Camera').getAttribute('aria-pressed')).toBe('true');
    expect(button(el, 'Share screen').getAttribute('aria-pressed')).toBe('true');
    expect(button(el, 'Leave')).toBeDefined();
  });

  it('shows the unread count on the chat button, in its name too', async () => {
    const el = await render({ unread: 3 });
    const chat = button(el, 'Chat, 3 unread');
    expect(chat.querySelector('.badge')!.textContent).toBe('3');
    el.unread = 0;
    await el.updateComplete;
    expect(button(el, 'Chat').querySelector('.badge')).toBeNull();
  });

  it('hides Share screen where the browser cannot share', async () => {
    const el = await render({ canShare: false });
    expect(button(el, 'Share screen')).toBeUndefined();
  });

  it('fires one control event per press', async () => {
    const el = await render({ count: 2 });
    const actions: ControlAction[] = [];
    el.addEventListener('control', (e) => actions.push((e as CustomEvent<{ action: ControlAction }>).detail.action));
    for (const name of ['Microphone', 'Camera', 'Share screen', 'Chat', 'Participants (2)', 'Settings', 'Leave']) button(el, name).click();
    expect(actions).toEqual(['mic', 'camera', 'screen', 'chat', 'people', 'settings', 'leave']);
  });

  it('says whether the settings dialog is open', async () => {
    const el = await render({ isSettingsOpen: true });
    expect(button(el, 'Settings').getAttribute('aria-expanded')).toBe('true');
    el.isSettingsOpen = false;
    await el.updateComplete;
    expect(button(el, 'Settings').getAttribute('aria-expanded')).toBe('false');
  });

  it('puts a device menu before the microphone and camera buttons, each in its own slot', async () => {
    const el = await render();
    const slots = [...el.shadowRoot!.querySelectorAll<HTMLSlotElement>('slot[name]')];
    expect(slots.map((s) => [s.name, s.nextElementSibling?.getAttribute('aria-label')])).toEqual([
      ['mic-menu', 'Microphone'],
      ['camera-menu', 'Camera'],
    ]);
  });

  it('names the shortcuts in the tooltips and in aria-keyshortcuts', async () => {
    const el = await render({ isMicOn: true, isCameraOn: false, shortcuts: { mic: '⌘+D', camera: '⌘+E', talk: 'Hold Space', help: '?' } });
    expect(button(el, 'Microphone').title).toBe('Mute microphone (⌘+D)');
    expect(button(el, 'Microphone').getAttribute('aria-keyshortcuts')).toBe('Meta+D');
    expect(button(el, 'Camera').title).toBe('Turn camera on (⌘+E)');
  });
});
