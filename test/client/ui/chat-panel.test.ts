// @vitest-environment happy-dom
// The chat panel: grouping, own messages, text-only rendering, sending.
import { afterEach, describe, expect, it } from 'vitest';
import '../../../client/ui/chat-panel.js';
import { startsGroup, type ChatPanel } from '../../../client/ui/chat-panel.js';
import { chatNote } from '../../../client/ui/chat-note.js';
import type { ChatMessage } from '../../../client/call/chat-log.js';

const at = (minutes: number) => Date.UTC(2026, 0, 1, 12, minutes);
function message(seq: number, senderId: string, text: string, time = at(seq), extra: Partial<ChatMessage> = {}): ChatMessage {
  const isOwn = senderId === 'me';
  return { key: `s${seq}`, seq, senderId, from: isOwn ? 'Mia' : 'Ada', time, text, isOwn, isEarlier: false, ...(isOwn ? { state: 'sent' as const } : {}), ...extra };
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
    const input = el.shadowRoot!.querySelector<HTMLTextAreaElement>('textarea#message')!;
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

  it('puts the divider under the earlier messages, and offers older ones while some remain', async () => {
    const el = await render([message(0, 'a', 'old', at(0), { isEarlier: true }), message(1, 'a', 'older too', at(1), { isEarlier: true }), message(2, 'a', 'new')]);
    const rows = () =>
      [...el.shadowRoot!.querySelectorAll('li')].map((li) =>
        li.hasAttribute('data-divider') ? '---' : (li.querySelector('.bubble')?.textContent ?? li.textContent.trim()),
      );
    expect(rows()).toEqual(['old', 'older too', '---', 'new']);
    const older: unknown[] = [];
    el.addEventListener('load-older', () => older.push(1));
    el.hasOlder = true;
    await el.updateComplete;
    expect(rows()[0]).toBe('Load earlier messages');
    el.shadowRoot!.querySelector<HTMLButtonElement>('li.older button')!.click();
    expect(older).toHaveLength(1);
    el.isLoadingOlder = true;
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector<HTMLButtonElement>('li.older button')!.disabled).toBe(true);
  });

  it("shows our messages' state: sending, sent, and failed with a Retry that names the message", async () => {
    const el = await render([
      message(0, 'me', 'a'),
      message(1, 'me', 'b', at(1), { state: 'sending', key: 'ob', mid: 'b' }),
      message(2, 'me', 'c', at(2), { state: 'failed', failure: 'Not sent: no', key: 'oc', mid: 'c' }),
    ]);
    const under = [...el.shadowRoot!.querySelectorAll('li .under')].map((u) => [u.getAttribute('data-status'), u.textContent.replace(/\s+/g, ' ').trim()]);
    expect(under).toEqual([
      ['sent', 'Sent'],
      ['sending', 'Sending…'],
      ['failed', 'Not sent: no Retry'],
    ]);
    const retried: unknown[] = [];
    el.addEventListener('retry-message', (e) => retried.push(e.detail));
    el.shadowRoot!.querySelector<HTMLButtonElement>('.under.failed button')!.click();
    expect(retried).toEqual([{ mid: 'c' }]);
  });

  it('marks private messages both ways; Reply answers privately in one click, and the field says to whom', async () => {
    const el = await render([
      message(0, 'a', 'psst', at(0), { private: { direction: 'from', name: 'Ada', peerId: 'a' } }),
      message(1, 'me', 'hi', at(1), { private: { direction: 'to', name: 'Ada', peerId: 'a' } }),
    ]);
    expect([...el.shadowRoot!.querySelectorAll('[data-private]')].map((m) => m.textContent.trim())).toEqual(['Privately from Ada', 'Privately to Ada']);
    const targets: unknown[] = [];
    el.addEventListener('target-change', (e) => targets.push(e.detail.target));
    el.shadowRoot!.querySelector<HTMLButtonElement>('button[aria-label="Reply privately to Ada"]')!.click();
    expect(targets).toEqual([{ id: 'a', name: 'Ada' }]);
    el.target = { id: 'a', name: 'Ada' };
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[data-target]')!.textContent.trim()).toBe('Privately to Ada');
    expect(el.shadowRoot!.querySelector('textarea')!.placeholder).toBe('Message Ada privately');
    const sent: unknown[] = [];
    el.addEventListener('send-message', (e) => sent.push(e.detail));
    const input = el.shadowRoot!.querySelector('textarea')!;
    input.value = 'back';
    input.dispatchEvent(new Event('input'));
    el.shadowRoot!.querySelector('form')!.dispatchEvent(new Event('submit', { cancelable: true }));
    expect(sent).toEqual([{ text: 'back', to: { id: 'a', name: 'Ada' } }]);
    // Escape in the field goes back to everyone before it closes the panel.
    el.shadowRoot!.querySelector('form')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
    expect(targets.at(-1)).toBeUndefined();
    expect(targets).toHaveLength(2);
  });

  it('makes http(s) links <a> elements that open apart from the page, and leaves javascript: as text', async () => {
    const el = await render([message(0, 'a', 'see https://example.org/x. not javascript:alert(1)')]);
    const anchors = [...el.shadowRoot!.querySelectorAll('.bubble a')];
    expect(anchors.map((a) => [a.getAttribute('href'), a.getAttribute('rel'), a.getAttribute('target'), a.textContent])).toEqual([
      ['https://example.org/x', 'noopener noreferrer', '_blank', 'https://example.org/x'],
    ]);
    expect(el.shadowRoot!.querySelector('.bubble')!.textContent).toBe('see https://example.org/x. not javascript:alert(1)');
  });

  it('closes on Escape', async () => {
    const el = await render([]);
    let closed = 0;
    el.addEventListener('close', () => closed++);
    el.shadowRoot!.querySelector('textarea')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
    expect(closed).toBe(1);
  });

  it('Enter sends, Shift+Enter keeps writing on a new line', async () => {
    const el = await render([]);
    const sent: string[] = [];
    el.addEventListener('send-message', (e) => sent.push(e.detail.text));
    const field = el.shadowRoot!.querySelector('textarea')!;
    field.value = 'first line';
    field.dispatchEvent(new Event('input'));
    const shiftEnter = new KeyboardEvent('keydown', { key: 'Enter', shiftKey: true, bubbles: true, composed: true, cancelable: true });
    field.dispatchEvent(shiftEnter);
    expect(shiftEnter.defaultPrevented).toBe(false);
    expect(sent).toEqual([]);
    field.value = 'first line\nsecond line';
    field.dispatchEvent(new Event('input'));
    const enter = new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true, cancelable: true });
    field.dispatchEvent(enter);
    expect(enter.defaultPrevented).toBe(true);
    expect(sent).toEqual(['first line\nsecond line']);
  });

  it('says why the field is off while the server is gone, and why messages wait while it is away', async () => {
    const el = await render([]);
    el.canSend = false;
    el.sendNote = chatNote('disconnected');
    await el.updateComplete;
    const field = el.shadowRoot!.querySelector('textarea')!;
    expect(field.disabled).toBe(true);
    expect(el.shadowRoot!.getElementById(field.getAttribute('aria-describedby')!)!.textContent).toMatch(/Not connected to the server/);
    el.canSend = true;
    el.sendNote = chatNote('reconnecting');
    await el.updateComplete;
    expect(field.disabled).toBe(false);
    expect(el.shadowRoot!.querySelector('.send-note')!.textContent).toMatch(/server is away/);
    expect(chatNote('joined')).toBe('');
  });
});
