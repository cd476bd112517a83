// The Outbox: our messages until the server has them. Each has a mid; it
// waits while the link is down, times out without an ack, fails on a
// refusal, is retried with the same mid, and goes again after a reconnect.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Outbox, newMid, type OutboxLink, type PrivateTarget } from '../../../client/call/outbox.js';

let sent: [string, string, string][];
let isOpen: boolean;
let roster: Map<string, string>;
let outbox: Outbox;
let mids: number;

const link: OutboxLink = {
  get isOpen() {
    return isOpen;
  },
  receiverFor: (to?: PrivateTarget) => (to === undefined ? 'room' : roster.has(to.id) ? to.id : undefined),
  send: (text, receiver, mid) => sent.push([text, receiver, mid]),
};
const states = () => outbox.messages.map((m) => `${m.text}:${m.state}${m.failure ? ` (${m.failure})` : ''}`);

beforeEach(() => {
  vi.useFakeTimers();
  sent = [];
  isOpen = true;
  roster = new Map([['b', 'Bob']]);
  mids = 0;
  outbox = new Outbox(link, { ackTimeoutMs: 1000, newMid: () => `mid${++mids}`, now: () => 5 });
});
afterEach(() => vi.useRealTimers());

describe('Outbox', () => {
  it('sends at once with a mid, to the room or privately, and lets a message go when the server has it', () => {
    outbox.send('hi');
    outbox.send('psst', { id: 'b', name: 'Bob' });
    expect(sent).toEqual([
      ['hi', 'room', 'mid1'],
      ['psst', 'b', 'mid2'],
    ]);
    expect(states()).toEqual(['hi:sending', 'psst:sending']);
    expect(outbox.handleSent('mid1')).toBe(true);
    expect(outbox.handleSent('mid1')).toBe(false);
    expect(states()).toEqual(['psst:sending']);
  });

  it('fails a message the server refuses, or does not ack in time; Retry sends it with the same mid', () => {
    outbox.send('a');
    outbox.send('b');
    outbox.handleError('mid1', 'the history could not be stored');
    vi.advanceTimersByTime(999);
    expect(states()).toEqual(['a:failed (Not sent: the history could not be stored)', 'b:sending']);
    vi.advanceTimersByTime(1);
    expect(states()).toEqual(['a:failed (Not sent: the history could not be stored)', 'b:failed (Not sent: the server did not confirm it)']);
    outbox.retry('mid2');
    expect(sent.at(-1)).toEqual(['b', 'room', 'mid2']);
    expect(states()[1]).toBe('b:sending');
    // A late ack of a failed one still counts.
    outbox.handleSent('mid1');
    expect(states()).toEqual(['b:sending']);
  });

  it('holds what is written while the link is down, and sends everything unacked again after a reconnect, with the same mids', () => {
    outbox.send('went out');
    outbox.handleDrop();
    isOpen = false;
    outbox.send('written offline');
    vi.advanceTimersByTime(60_000); // nothing times out while away
    expect(states()).toEqual(['went out:sending', 'written offline:sending']);
    isOpen = true;
    outbox.handleReconnect({ isResendSafe: true });
    expect(sent).toEqual([
      ['went out', 'room', 'mid1'],
      ['went out', 'room', 'mid1'],
      ['written offline', 'room', 'mid2'],
    ]);
  });

  it('on a server that does not recognise mids, fails what went out (it may have arrived) but sends what never did', () => {
    outbox.send('went out');
    isOpen = false;
    outbox.send('written offline');
    isOpen = true;
    outbox.handleReconnect({ isResendSafe: false });
    expect(sent.map(([text]) => text)).toEqual(['went out', 'written offline']);
    expect(states()).toEqual(['went out:failed (The connection dropped; it may not have been sent)', 'written offline:sending']);
  });

  it('fails a private message whose receiver left, and everything still sending when the link ends', () => {
    roster.clear();
    outbox.send('psst', { id: 'b', name: 'Bob' });
    isOpen = false;
    outbox.send('later');
    outbox.handleClose();
    expect(states()).toEqual(['psst:failed (Not sent: Bob left the call)', 'later:failed (Not sent: the connection to the server ended)']);
    expect(sent).toEqual([]);
  });

  it('emits change on every change', () => {
    const changes = vi.fn();
    outbox.on('change', changes);
    outbox.send('a');
    outbox.handleSent('a-unknown');
    outbox.handleSent('mid1');
    expect(changes).toHaveBeenCalledTimes(2);
  });

  it('makes mids the server accepts, and different ones each time', () => {
    const a = newMid();
    expect(a).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(newMid()).not.toBe(a);
  });
});
