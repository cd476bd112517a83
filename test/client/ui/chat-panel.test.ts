// @vitest-environment happy-dom
// The chat panel: grouping, own messages, text-only rendering, sending.
import { afterEach, describe, expect, it } from 'vitest';
import '../../../client/ui/chat-panel.js';
import { startsGroup, type ChatPanel } from '../../../client/ui/chat-panel.js';
import type { ChatMessage } from '../../../client/call/chat-log.js';

const at = (minutes: number) => Date.UTC(2026, 0, 1, 12, minutes);
function message(seq: number, senderId: string, text: string, time = at(seq)): ChatMessage {
  return { seq, senderId, from: senderId === 'me' ? 'Mia' : 'Ada', time, text, isOwn: senderId === 'me' };
}

async function render(messages: ChatMessage[]): Promise<ChatPanel> {
  const el = document.createElement('chat-panel');
  el.messages = messages;
  document.body.append(el);
  await el.updateComplete;
  return el;
}

afterEach(() => document.body.replaceChildren());

describe('chat-panel', () => {
  it('starts a new group on a new sender or after a pause', () => {
    const a = message(0, 'a', 'x', at(0));
    expect(startsGroup(a, undefined)).toBe(true);
    expect(startsGroup(message(1, 'a', 'y', at(1)), a)).toBe(false);
    expect(startsGroup(message(1, 'me', 'y', at(1)), a)).toBe(true);
    expect(startsGroup(message(1, 'a', 'y', at(3)), a)).toBe(true);
  });

  it('shows name and time once per group, marks our own messages, and renders HTML as text', async () => {
    const el = await render([message(0, 'a', '<img src=x onerror=alert(1)>'), message(1, 'a', 'second'), message(2, 'me', 'mine')]);
    const items = [...el.shadowRoot!.querySelectorAll('li[data-own]')];
    expect(items.map((li) => li.getAttribute('data-own'))).toEqual(['false', 'false', 'true']);
    expect(items.map((li) => li.querySelector('.meta b')?.textContent ?? null)).toEqual(['Ada', null, 'You']);
    expect(items[0]!.querySelector('.bubble')!.textContent).toBe('<img src=x onerror=alert(1)>');
    expect(el.shadowRoot!.querySelector('.bubble img')).toBeNull();
    expect(items[0]!.querySelector('time')!.getAttribute('datetime')).toBe(new Date(at(0)).toISOString());
  });

  it('has a field labelled Message and a Send button that sends the trimmed text and clears the field', async () => {
    const el = await render([]);
    const sent: string[] = [];
    el.addEventListener('send-message', (e) => sent.push((e as CustomEvent<{ text: string }>).detail.text));
    const input = el.shadowRoot!.querySelector<HTMLInputElement>('input#message')!;
    expect(el.shadowRoot!.querySelector('label[for="message"]')!.textContent).toBe('Message');
    const send = el.shadowRoot!.querySelector<HTMLButtonElement>('button[type="submit"]')!;
    expect(send.getAttribute('aria-label')).toBe('Send');
    expect(send.disabled).toBe(true);
    input.value = '  hello  ';
    input.dispatchEvent(new Event('input'));
    await el.updateComplete;
    expect(send.disabled).toBe(false);
    el.shadowRoot!.querySelector('form')!.dispatchEvent(new Event('submit', { cancelable: true }));
    await el.updateComplete;
    expect(sent).toEqual(['hello']);
    expect(input.value).toBe('');
  });

  it("shows a hostile sender's name cleaned and isolated in <bdi> from the time beside it", async () => {
    const el = await render([{ ...message(0, 'a', 'hi'), from: '\u202E\u0000gnp.exe\u202C' }]);
    expect(el.shadowRoot!.querySelector('.meta b bdi')!.textContent).toBe('gnp.exe');
  });

  it('closes on Escape', async () => {
    const el = await render([]);
    let closed = 0;
    el.addEventListener('close', () => closed++);
    el.shadowRoot!.querySelector('input')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
    expect(closed).toBe(1);
  });
});
