// ChatLog over a real Signaler on a fake socket played as the server: the
// history page on joining, older pages, own messages from sending to sent
// (or failed, and retried), the resend and the gap fill after a reconnect,
// direct messages, a server without history, and the unread count.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ChatLog } from '../../../client/call/chat-log.js';
import { Signaler } from '../../../client/signaling/signaler.js';
import type { HistoryMessage } from '../../../shared/protocol.js';
import { FakeSocket } from '../fakes.js';

const GC = 'ground control';
let sockets: FakeSocket[];
let signaler: Signaler;
let chat: ChatLog;
let mids: number;
const socket = () => sockets.at(-1)!;

const stored = (seq: number, extra: Partial<HistoryMessage> = {}): HistoryMessage => ({
  seq,
  sender: 'a',
  receiver: 'room',
  from: 'Ada',
  time: 1000 + seq,
  text: `m${seq}`,
  ...extra,
});
const info = (...clients: [string, string][]) => ({ room_id: 'r', clients: clients.map(([id, username]) => ({ id, username })) });
/** The chat as rows: text, with the state of our own and the private mark. */
const rows = () =>
  chat.messages.map((m) =>
    [m.text, m.state ? `[${m.state}]` : '', m.private ? `${m.private.direction} ${m.private.name}` : '', m.isEarlier ? 'earlier' : ''].filter(Boolean).join(' '),
  );

/** Answers the latest get-history (checking what it asked) with `messages`. */
async function answerHistory(asked: Record<string, number>, messages: HistoryMessage[], hasMore = false): Promise<void> {
  await vi.waitFor(() => expect(socket().ofType('get-history').at(-1)?.data).toEqual(asked));
  const request = socket().ofType('get-history').at(-1)!;
  socket().receive({ sender: GC, receiver: 'me', type: 'history', id: request.id, data: { messages, has_more: hasMore } });
}

async function connected(others: [string, string][] = [['a', 'Ada']]): Promise<void> {
  const id = signaler.connect();
  socket().open('me');
  await id;
  socket().receive({ sender: GC, receiver: 'me', type: 'room-info', data: info(['me', 'Mia'], ...others) });
}

async function reconnect(resumed: boolean, id = 'me'): Promise<void> {
  socket().serverClose(1006);
  await vi.advanceTimersByTimeAsync(60_000);
  socket().open(id, { resumed });
}

beforeEach(() => {
  sockets = [];
  mids = 0;
  signaler = new Signaler('ws://test/r/r/ws', { createSocket: (url) => (sockets.push(new FakeSocket(url)), sockets.at(-1)!), backoff: { random: () => 0 } });
  chat = new ChatLog(signaler, { username: () => 'Mia', newMid: () => `mid${++mids}`, ackTimeoutMs: 5000 });
});
afterEach(() => {
  signaler.close();
  vi.useRealTimers();
});

describe('ChatLog', () => {
  it('shows the latest page on joining, above the divider, with our own and private ones marked; scrolling up loads the page before', async () => {
    await connected();
    chat.handleJoined();
    await answerHistory(
      { limit: 50 },
      [
        stored(5),
        stored(6, { mine: true, sender: 'old-me', from: 'Mia' }),
        stored(7, { receiver: 'old-me', text: 'psst' }),
        stored(8, { mine: true, receiver: 'x', to: 'Bob', text: 'hi Bob' }),
      ],
      true,
    );
    await vi.waitFor(() => expect(rows()).toEqual(['m5 earlier', 'm6 [sent] earlier', 'psst from Ada earlier', 'hi Bob [sent] to Bob earlier']));
    expect(chat.hasOlder).toBe(true);
    expect(chat.unread).toBe(0); // said before we came: not news

    const older = chat.loadOlder();
    expect(chat.isLoadingOlder).toBe(true);
    void chat.loadOlder(); // one at a time
    await answerHistory({ before: 5, limit: 50 }, [stored(3), stored(4)], false);
    await older;
    expect(socket().ofType('get-history')).toHaveLength(2);
    expect(rows().slice(0, 3)).toEqual(['m3 earlier', 'm4 earlier', 'm5 earlier']);
    expect([chat.hasOlder, chat.isLoadingOlder]).toEqual([false, false]);
    await chat.loadOlder();
    expect(socket().ofType('get-history')).toHaveLength(2);
  });

  it('shows our message as sending at once, with a mid on the frame, and as sent once acked: one copy, in the room order', async () => {
    await connected();
    expect(chat.send('   ')).toBe(false);
    expect(chat.send('hello')).toBe(true);
    expect(socket().ofType('text')).toEqual([{ receiver: 'room', type: 'text', id: 'mid1', data: { from: 'Mia', text: 'hello', mid: 'mid1' } }]);
    expect(rows()).toEqual(['hello [sending]']);
    socket().receive({ sender: 'a', receiver: 'room', type: 'text', data: { from: 'Ada', time: 10, text: 'hi', seq: 11 } });
    expect(rows()).toEqual(['hi', 'hello [sending]']);
    socket().receive({ sender: 'me', receiver: 'room', type: 'text', id: 'mid1', data: { from: 'Mia', time: 12, text: 'hello', seq: 12, mid: 'mid1' } });
    socket().receive({ sender: GC, receiver: 'me', type: 'ack', id: 'mid1', data: { mid: 'mid1', seq: 12, time: 12 } });
    expect(rows()).toEqual(['hi', 'hello [sent]']);
  });

  it('fails a message the server refuses, and Retry sends it again with the same mid', async () => {
    await connected();
    chat.send('hello');
    socket().receive({ sender: GC, receiver: 'me', type: 'error', id: 'mid1', data: { code: 'history-unavailable', description: 'the message could not be stored' } });
    expect(chat.messages.map((m) => [m.state, m.failure])).toEqual([['failed', 'Not sent: the message could not be stored']]);
    chat.retry('mid1');
    expect(
      socket()
        .ofType('text')
        .map((f) => f.id),
    ).toEqual(['mid1', 'mid1']);
    expect(rows()).toEqual(['hello [sending]']);
  });

  it('after a reconnect sends what was not acked again with the same mid, and fills the gap after the last seq seen, page by page', async () => {
    vi.useFakeTimers();
    await connected();
    chat.handleJoined();
    await answerHistory({ limit: 50 }, [stored(1), stored(2)]);
    await vi.waitFor(() => expect(rows()).toEqual(['m1 earlier', 'm2 earlier']));
    chat.send('lost?');
    socket().serverClose(1006);
    chat.send('written while away');
    expect(rows().slice(2)).toEqual(['lost? [sending]', 'written while away [sending]']);
    await vi.advanceTimersByTimeAsync(60_000);
    socket().open('me2', { resumed: false });
    expect(
      socket()
        .ofType('text')
        .map((f) => [f.id, (f.data as { text: string }).text]),
    ).toEqual([
      ['mid1', 'lost?'],
      ['mid2', 'written while away'],
    ]);
    await answerHistory({ after: 2, limit: 200 }, [stored(3), stored(4, { mine: true, mid: 'mid1', text: 'lost?', sender: 'me' })], true);
    await answerHistory({ after: 4, limit: 200 }, [stored(5)], false);
    // The one that was stored before the drop is sent; the other waits for its ack.
    await vi.waitFor(() => expect(rows()).toEqual(['m1 earlier', 'm2 earlier', 'm3', 'lost? [sent]', 'm5', 'written while away [sending]']));
    expect(chat.unread).toBe(2);
  });

  it('does not time a message out while the link is down', async () => {
    vi.useFakeTimers();
    await connected();
    chat.send('hello');
    socket().serverClose(1006);
    await vi.advanceTimersByTimeAsync(4000);
    expect(rows()).toEqual(['hello [sending]']);
    await reconnect(true);
    await vi.advanceTimersByTimeAsync(4999);
    expect(rows()).toEqual(['hello [sending]']);
    await vi.advanceTimersByTimeAsync(1);
    expect(chat.messages[0]!.failure).toBe('Not sent: the server did not confirm it');
  });

  it('marks direct messages both ways, counts them as unread, and finds the receiver again by name after they rejoined', async () => {
    await connected([
      ['a', 'Ada'],
      ['b', 'Bob'],
    ]);
    socket().receive({ sender: 'b', receiver: 'me', type: 'text', data: { from: 'Bob', time: 1, text: 'psst', seq: 1 } });
    expect(chat.unread).toBe(1);
    chat.send('hi Bob', { id: 'b', name: 'Bob' });
    expect(socket().ofType('text').at(-1)!.receiver).toBe('b');
    socket().receive({ sender: 'me', receiver: 'b', type: 'text', id: 'mid1', data: { from: 'Mia', time: 2, text: 'hi Bob', seq: 2, mid: 'mid1' } });
    expect(rows()).toEqual(['psst from Bob', 'hi Bob [sent] to Bob']);
    // Bob came back under a new id: a reply to his old one reaches the new.
    socket().receive({ sender: GC, receiver: 'me', type: 'room-info', data: info(['me', 'Mia'], ['a', 'Ada'], ['b2', 'Bob']) });
    chat.send('again', { id: 'b', name: 'Bob' });
    expect(socket().ofType('text').at(-1)!.receiver).toBe('b2');
    chat.setVisible(true);
    expect(chat.unread).toBe(0);
    socket().receive({ sender: 'a', receiver: 'room', type: 'text', data: { from: 'Ada', time: 3, text: 'seen', seq: 3 } });
    expect(chat.unread).toBe(0);
  });

  it('on a server without history: no pages, our echo (by its frame id) confirms, and a resend after a drop is left to the user', async () => {
    vi.useFakeTimers();
    await connected();
    chat.handleJoined();
    await vi.waitFor(() => expect(socket().ofType('get-history')).toHaveLength(1));
    const request = socket().ofType('get-history')[0]!;
    socket().receive({ sender: GC, receiver: 'me', type: 'error', id: request.id, data: { code: 'history-off', description: 'this server keeps no chat history' } });
    chat.send('one');
    socket().receive({ sender: 'me', receiver: 'room', type: 'text', id: 'mid1', data: { from: 'Mia', time: 1, text: 'one' } });
    expect(rows()).toEqual(['one [sent]']);
    chat.send('two');
    await reconnect(true);
    expect(socket().ofType('get-history')).toHaveLength(0);
    expect(socket().ofType('text')).toHaveLength(0);
    expect(chat.messages.map((m) => [m.text, m.state, m.failure])).toEqual([
      ['one', 'sent', undefined],
      ['two', 'failed', 'The connection dropped; it may not have been sent'],
    ]);
  });
});
