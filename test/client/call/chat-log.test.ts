// ChatLog: order, sequence numbers and the unread count.
import { describe, expect, it } from 'vitest';
import { ChatLog } from '../../../client/call/chat-log.js';

const msg = (text: string, isOwn = false) => ({ senderId: isOwn ? 'me' : 'a', from: isOwn ? 'Me' : 'Ada', time: 1, text, isOwn });

describe('ChatLog', () => {
  it('counts messages from others while hidden, not our own, and resets when shown', () => {
    const log = new ChatLog();
    const counts: number[] = [];
    log.on('unread', (n) => counts.push(n));
    log.add(msg('a'));
    log.add(msg('mine', true));
    log.add(msg('b'));
    expect(log.unread).toBe(2);
    log.setVisible(true);
    log.add(msg('c'));
    expect(log.unread).toBe(0);
    log.setVisible(false);
    log.add(msg('d'));
    expect(counts).toEqual([1, 2, 0, 1]);
    expect(log.messages.map((m) => [m.seq, m.text])).toEqual([
      [0, 'a'],
      [1, 'mine'],
      [2, 'b'],
      [3, 'c'],
      [4, 'd'],
    ]);
  });
});
