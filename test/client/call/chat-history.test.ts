// ChatHistory: the room's order by seq, each message once however often it
// comes, the paging bounds, and a store that started over.
import { describe, expect, it } from 'vitest';
import { ChatHistory } from '../../../client/call/chat-history.js';
import type { StoredText } from '../../../client/call/chat-message.js';

const text = (seq: number | undefined, body = `m${seq}`, extra: Partial<StoredText> = {}): StoredText => ({
  ...(seq === undefined ? {} : { seq }),
  senderId: 'a',
  from: 'Ada',
  time: 1000 + (seq ?? 0),
  text: body,
  isOwn: false,
  isEarlier: false,
  ...extra,
});

describe('ChatHistory', () => {
  it('keeps messages in seq order whatever order they come in, each once', () => {
    const history = new ChatHistory();
    expect(history.add(text(10))).toBe(true);
    expect(history.addPage([text(7), text(8), text(9)], true, 'back').map((m) => m.seq)).toEqual([7, 8, 9]);
    expect(history.add(text(9))).toBe(false); // replayed after a resumption
    expect(history.addPage([text(10), text(11)], false, 'forward').map((m) => m.seq)).toEqual([11]); // a gap fill overlapping what came live
    expect(history.messages.map((m) => m.seq)).toEqual([7, 8, 9, 10, 11]);
    expect(new Set(history.messages.map((m) => m.key)).size).toBe(5);
    expect([history.oldestSeq, history.newestSeq, history.hasOlder]).toEqual([7, 11, true]);
  });

  it('says whether older messages remain from pages going back only', () => {
    const history = new ChatHistory();
    history.addPage([text(5)], true, 'back');
    history.addPage([text(6)], false, 'forward');
    expect(history.hasOlder).toBe(true);
    history.addPage([text(4)], false, 'back');
    expect(history.hasOlder).toBe(false);
  });

  it('keeps a message that came live when the same one comes in a history page (it stays below the divider)', () => {
    const history = new ChatHistory();
    history.add(text(3));
    history.addPage([text(2, 'm2', { isEarlier: true }), text(3, 'm3', { isEarlier: true })], false, 'back');
    expect(history.messages.map((m) => [m.seq, m.isEarlier])).toEqual([
      [2, true],
      [3, false],
    ]);
  });

  it('starts a new epoch when a seen seq comes with another message (the store started over): the new ones follow', () => {
    const history = new ChatHistory();
    history.addPage([text(1), text(2), text(3)], true, 'back');
    expect(history.add({ ...text(1, 'after a restart'), time: 9999 })).toBe(true);
    history.add({ ...text(2, 'next'), time: 10_000 });
    expect(history.messages.map((m) => m.text)).toEqual(['m1', 'm2', 'm3', 'after a restart', 'next']);
    expect([history.oldestSeq, history.newestSeq, history.hasOlder]).toEqual([1, 2, false]);
    expect(new Set(history.messages.map((m) => m.key)).size).toBe(5);
  });

  it('keeps messages without seq (a server without history) in arrival order, once per mid', () => {
    const history = new ChatHistory();
    expect(history.add(text(undefined, 'a', { mid: 'x' }))).toBe(true);
    expect(history.add(text(undefined, 'a', { mid: 'x' }))).toBe(false);
    history.add(text(undefined, 'b'));
    history.add(text(undefined, 'b'));
    expect(history.messages.map((m) => m.text)).toEqual(['a', 'b', 'b']);
    expect(history.hasMid('x')).toBe(true);
    expect(history.newestSeq).toBeUndefined();
  });
});
