// @vitest-environment happy-dom
// The call's shortcuts: which keys act, which are left to the page (typing in
// a field, Space on a button), and push-to-talk's release in every way it can end.
import { afterEach, describe, expect, it } from 'vitest';
import { CallShortcuts, isApplePlatform, shortcutNames, type ShortcutActions } from '../../../client/ui/call-shortcuts.js';

interface Recorder extends ShortcutActions {
  calls: string[];
  isOn: boolean;
  active: boolean;
}

function recorder(): Recorder {
  const r: Recorder = {
    calls: [],
    isOn: false,
    active: true,
    isActive: () => r.active,
    toggleMic: () => r.calls.push('mic'),
    toggleCamera: () => r.calls.push('camera'),
    isMicOn: () => r.isOn,
    setMicOn: (isOn) => {
      r.isOn = isOn;
      r.calls.push(isOn ? 'talk' : 'silent');
    },
    openHelp: () => r.calls.push('help'),
  };
  return r;
}

let shortcuts: CallShortcuts | undefined;
afterEach(() => {
  shortcuts?.dispose();
  document.body.replaceChildren();
});

function press(target: EventTarget, key: string, init: KeyboardEventInit = {}, type = 'keydown'): KeyboardEvent {
  const event = new KeyboardEvent(type, { key, bubbles: true, composed: true, cancelable: true, ...init });
  target.dispatchEvent(event);
  return event;
}

function setUp(): Recorder {
  const r = recorder();
  shortcuts = new CallShortcuts(window, r);
  return r;
}

describe('CallShortcuts', () => {
  it('Ctrl+D toggles the microphone and Ctrl+E the camera, taking the keys from the browser', () => {
    const r = setUp();
    const d = press(document.body, 'd', { ctrlKey: true });
    const e = press(document.body, 'E', { metaKey: true });
    expect(r.calls).toEqual(['mic', 'camera']);
    expect(d.defaultPrevented).toBe(true);
    expect(e.defaultPrevented).toBe(true);
  });

  it('also in a text field, but not with Shift or Alt, nor for a held key repeating', () => {
    const r = setUp();
    const input = document.body.appendChild(document.createElement('input'));
    press(input, 'd', { ctrlKey: true });
    press(input, 'd', { ctrlKey: true, shiftKey: true });
    press(input, 'e', { ctrlKey: true, altKey: true });
    press(input, 'd', { ctrlKey: true, repeat: true });
    expect(r.calls).toEqual(['mic']);
  });

  it('does nothing while inactive (the lobby, or the call hidden)', () => {
    const r = setUp();
    r.active = false;
    const d = press(document.body, 'd', { ctrlKey: true });
    press(document.body, ' ');
    press(document.body, '?');
    expect(r.calls).toEqual([]);
    expect(d.defaultPrevented).toBe(false);
  });

  it('holding Space talks while muted, and letting go mutes again', () => {
    const r = setUp();
    const down = press(document.body, ' ');
    press(document.body, ' ', { repeat: true });
    expect(r.isOn).toBe(true);
    expect(shortcuts!.isTalking).toBe(true);
    expect(down.defaultPrevented).toBe(true);
    press(document.body, ' ', {}, 'keyup');
    expect(r.calls).toEqual(['talk', 'silent']);
  });

  it('Space does nothing when the microphone is already on', () => {
    const r = setUp();
    r.isOn = true;
    press(document.body, ' ');
    press(document.body, ' ', {}, 'keyup');
    expect(r.calls).toEqual([]);
  });

  it('Space is left alone in a text field and on a button, which it types into or presses', () => {
    const r = setUp();
    const textarea = document.body.appendChild(document.createElement('textarea'));
    const button = document.body.appendChild(document.createElement('button'));
    const inField = press(textarea, ' ');
    const onButton = press(button, ' ');
    expect(r.calls).toEqual([]);
    expect(inField.defaultPrevented).toBe(false);
    expect(onButton.defaultPrevented).toBe(false);
  });

  it('sees the field through a shadow root', () => {
    const r = setUp();
    const host = document.body.appendChild(document.createElement('div'));
    const input = host.attachShadow({ mode: 'open' }).appendChild(document.createElement('input'));
    press(input, ' ');
    press(input, '?');
    expect(r.calls).toEqual([]);
  });

  it('the window losing focus ends push-to-talk (Space is never seen released)', () => {
    const r = setUp();
    press(document.body, ' ');
    window.dispatchEvent(new Event('blur'));
    expect(r.calls).toEqual(['talk', 'silent']);
    press(document.body, ' ', {}, 'keyup');
    expect(r.calls).toEqual(['talk', 'silent']);
  });

  it('Ctrl+D while talking keeps the microphone on after Space is let go', () => {
    const r = setUp();
    press(document.body, ' ');
    press(document.body, 'd', { ctrlKey: true });
    press(document.body, ' ', {}, 'keyup');
    expect(r.calls).toEqual(['talk']);
    expect(r.isOn).toBe(true);
  });

  it('"?" opens the help, except while typing', () => {
    const r = setUp();
    press(document.body, '?', { shiftKey: true });
    press(document.body.appendChild(document.createElement('input')), '?', { shiftKey: true });
    expect(r.calls).toEqual(['help']);
  });

  it('dispose stops listening and releases a held Space', () => {
    const r = setUp();
    press(document.body, ' ');
    shortcuts!.dispose();
    press(document.body, 'd', { ctrlKey: true });
    expect(r.calls).toEqual(['talk', 'silent']);
  });

  it('names the keys per platform', () => {
    expect(shortcutNames(true)).toMatchObject({ mic: '⌘+D', camera: '⌘+E' });
    expect(shortcutNames(false)).toMatchObject({ mic: 'Ctrl+D', camera: 'Ctrl+E', talk: 'Hold Space' });
    expect(isApplePlatform({ platform: 'MacIntel', userAgent: '' })).toBe(true);
    expect(isApplePlatform({ platform: 'Linux x86_64', userAgent: '' })).toBe(false);
  });
});
