// Chat history over a real server with its SQLite store in a temporary
// file, and real ws clients: acks, resends, get-history, direct messages,
// and what a Camus client (no mid, no participant key) sees. See
// docs/protocol-history.md.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/server.js';
import { startTestServer } from '../helpers/test-server.js';
import { TestClient, type Frame } from '../helpers/ws-client.js';

let server: RunningServer;
const open: TestClient[] = [];
let roomCounter = 0;
const newRoom = () => `history-${++roomCounter}`;
const newKey = () => randomBytes(24).toString('base64url');

beforeAll(async () => {
  server = await startTestServer({ HISTORY_STORE: 'sqlite', MAX_TEXT_LENGTH: '200' });
}, 30_000);
afterAll(async () => {
  for (const c of open) c.ws.terminate();
  await server.close();
});

async function join(room: string, username: string, key?: string): Promise<TestClient> {
  const client = await TestClient.connect(server.url, room, {}, key === undefined ? '' : `?participant=${key}`);
  open.push(client);
  client.send({ receiver: 'ground control', type: 'profile', data: { username } });
  await client.next((f) => f.type === 'room-info');
  return client;
}

const texts = (client: TestClient) => client.frames.filter((f) => f.type === 'text');
const data = (frame: Frame) => frame.data as Record<string, unknown>;

/** Sends a text with a mid and waits for its ack (the echoed text carries the same frame id, and comes first). */
async function acked(client: TestClient, receiver: string, text: string, mid: string, id: string | number = mid): Promise<Frame> {
  const ack = client.next((f) => f.type === 'ack' && f.id === id);
  client.send({ receiver, type: 'text', data: { text, mid }, id });
  return ack;
}

async function history(client: TestClient, query: Record<string, number> = {}): Promise<{ messages: Record<string, unknown>[]; has_more: boolean }> {
  const reply = await client.request({ receiver: 'ground control', type: 'get-history', data: query });
  expect(reply.type).toBe('history');
  return reply.data as { messages: Record<string, unknown>[]; has_more: boolean };
}

describe('text with a mid', () => {
  it('is acked once stored, with the room seq, and delivered carrying seq and mid', async () => {
    const room = newRoom();
    const ada = await join(room, 'Ada');
    const bob = await join(room, 'Bob');
    const ack = await acked(ada, 'room', 'hello', 'a-1', 'f1');
    expect(ack).toMatchObject({ sender: 'ground control', receiver: ada.id, type: 'ack', id: 'f1', data: { mid: 'a-1', seq: 1 } });
    const delivered = await bob.next((f) => f.type === 'text');
    expect(delivered).toMatchObject({ sender: ada.id, receiver: 'room', data: { from: 'Ada', text: 'hello', seq: 1, mid: 'a-1', time: data(ack).time } });
    const second = await acked(ada, 'room', 'again', 'a-2');
    expect(data(second).seq).toBe(2);
  });

  it('resent with the same mid after a reconnect: one stored copy, one delivery, the same ack', async () => {
    const room = newRoom();
    const key = newKey();
    const ada = await join(room, 'Ada', key);
    const bob = await join(room, 'Bob');
    const first = await acked(ada, 'room', 'once', 'resend-1');
    await bob.next((f) => f.type === 'text');
    ada.ws.terminate();
    const back = await join(room, 'Ada', key);
    const again = await acked(back, 'room', 'once', 'resend-1');
    expect(again.data).toEqual(first.data);
    // A later text is the marker: everything before it has arrived.
    await acked(back, 'room', 'marker', 'resend-2');
    await bob.next((f) => f.type === 'text' && data(f).text === 'marker');
    expect(texts(bob).map((f) => data(f).text)).toEqual(['once', 'marker']);
    expect(texts(back).map((f) => data(f).text)).toEqual(['marker']);
    const page = await history(back);
    expect(page.messages.map((m) => [m.seq, m.text, m.mine])).toEqual([
      [1, 'once', true],
      [2, 'marker', true],
    ]);
  });

  it('refuses a malformed mid with bad-payload, storing nothing', async () => {
    const room = newRoom();
    const ada = await join(room, 'Ada');
    for (const mid of ['', 'has space', 'x'.repeat(65), 7]) {
      const reply = await ada.request({ receiver: 'room', type: 'text', data: { text: 'bad', mid } });
      expect(reply).toMatchObject({ type: 'error', data: { code: 'bad-payload' } });
    }
    expect((await history(ada)).messages).toEqual([]);
  });
});

describe('get-history', () => {
  it('gives a late joiner the latest page, then older pages with before and the gap with after', async () => {
    const room = newRoom();
    const ada = await join(room, 'Ada');
    for (let i = 1; i <= 60; i++) ada.send({ receiver: 'room', type: 'text', data: { text: `m${i}`, mid: `m${i}` } });
    await ada.next((f) => f.type === 'ack' && data(f).mid === 'm60');
    const late = await join(room, 'Late');
    const latest = await history(late);
    expect(latest.messages.map((m) => m.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 11));
    expect(latest.has_more).toBe(true);
    expect(latest.messages[0]).toEqual({ seq: 11, sender: ada.id, receiver: 'room', from: 'Ada', time: expect.any(Number), text: 'm11', mid: 'm11' });
    const older = await history(late, { before: 11, limit: 20 });
    expect(older.messages.map((m) => m.seq)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
    expect(older.has_more).toBe(false);
    const gap = await history(late, { after: 57 });
    expect(gap.messages.map((m) => m.text)).toEqual(['m58', 'm59', 'm60']);
    expect(gap.has_more).toBe(false);
  });

  it('refuses a limit outside 1..200 with bad-payload', async () => {
    const ada = await join(newRoom(), 'Ada');
    for (const limit of [0, 201, 1.5]) {
      const reply = await ada.request({ receiver: 'ground control', type: 'get-history', data: { limit } });
      expect(reply).toMatchObject({ type: 'error', data: { code: 'bad-payload' } });
    }
  });
});

describe('direct messages', () => {
  it('reach only the receiver, and only their two participants see them in history, across reconnects', async () => {
    const room = newRoom();
    const [adaKey, bobKey] = [newKey(), newKey()];
    const ada = await join(room, 'Ada', adaKey);
    const bob = await join(room, 'Bob', bobKey);
    const carol = await join(room, 'Carol', newKey());
    const ack = await acked(ada, bob.id, 'just for Bob', 'dm-1');
    expect(ack.type).toBe('ack');
    expect(await bob.next((f) => f.type === 'text')).toMatchObject({ sender: ada.id, receiver: bob.id, data: { text: 'just for Bob', seq: 1 } });
    await acked(ada, 'room', 'for all', 'all-1');
    await carol.next((f) => f.type === 'text' && data(f).text === 'for all');
    expect(texts(carol).map((f) => data(f).text)).toEqual(['for all']);
    expect((await history(carol)).messages.map((m) => m.text)).toEqual(['for all']);

    // Both parties reload: new connections, new ids, the same keys.
    ada.ws.terminate();
    bob.ws.terminate();
    const bobAgain = await join(room, 'Bob', bobKey);
    const adaAgain = await join(room, 'Ada', adaKey);
    const stranger = await join(room, 'Ada', newKey()); // same name, another browser
    expect((await history(bobAgain)).messages).toEqual([
      expect.objectContaining({ seq: 1, text: 'just for Bob', receiver: bob.id, from: 'Ada', to: 'Bob' }),
      expect.objectContaining({ seq: 2, text: 'for all' }),
    ]);
    expect((await history(bobAgain)).messages[0]!.mine).toBeUndefined();
    expect((await history(adaAgain)).messages[0]).toMatchObject({ text: 'just for Bob', mine: true });
    expect((await history(stranger)).messages.map((m) => m.text)).toEqual(['for all']);
    const rest = await fetch(`${server.url}/api/rooms/${room}/messages`);
    expect(((await rest.json()) as { messages: { text: string }[] }).messages.map((m) => m.text)).toEqual(['for all']);
    expect(JSON.stringify(await history(stranger))).not.toContain('just for Bob');
  });

  it('without a participant key are readable by their parties only while connected', async () => {
    const room = newRoom();
    const ada = await join(room, 'Ada');
    const bob = await join(room, 'Bob');
    await acked(ada, bob.id, 'psst', 'p-1');
    expect((await history(ada)).messages.map((m) => m.text)).toEqual(['psst']);
    expect((await history(bob)).messages.map((m) => m.text)).toEqual(['psst']);
    const other = await join(room, 'Bob');
    expect((await history(other)).messages).toEqual([]);
  });
});

describe('a store failure', () => {
  it('is answered with history-unavailable, and the text is not delivered', async () => {
    const failing = await startTestServer({ HISTORY_STORE: 'sqlite' });
    try {
      const ada = await TestClient.connect(failing.url, 'r');
      const bob = await TestClient.connect(failing.url, 'r');
      open.push(ada, bob);
      await failing.history!.close();
      const reply = await ada.request({ receiver: 'room', type: 'text', data: { text: 'lost?', mid: 'x-1' } }); // no echo: nothing was delivered
      expect(reply).toMatchObject({ type: 'error', data: { code: 'history-unavailable' } });
      const noMid = await ada.request({ receiver: 'room', type: 'text', data: { text: 'lost too?' } });
      expect(noMid).toMatchObject({ type: 'error', data: { code: 'history-unavailable' } });
      const page = await ada.request({ receiver: 'ground control', type: 'get-history' });
      expect(page).toMatchObject({ type: 'error', data: { code: 'history-unavailable' } });
      expect(texts(bob)).toEqual([]);
      expect(texts(ada)).toEqual([]);
    } finally {
      await failing.close();
    }
  }, 30_000);
});

describe('a Camus client (no mid, no participant key)', () => {
  // Guards against any new frame type reaching a client that never asked.
  const CAMUS_TYPES = ['greeting', 'room-info', 'text', 'offer', 'answer', 'icecandidate', 'ping', 'pong', 'bye', 'error', 'ice-servers'];

  it('sees exactly the frames it saw before: no ack, no history, text echoed and stored', async () => {
    const room = newRoom();
    const camus = await join(room, 'Camus');
    const peer = await join(room, 'Peer');
    camus.send({ receiver: 'room', type: 'text', data: { from: 'Camus', time: 1, text: 'hi all' }, id: 7 });
    camus.send({ receiver: peer.id, type: 'text', data: { from: 'Camus', text: 'hi you' } });
    camus.send({ receiver: peer.id, type: 'offer', data: { type: 'offer', sdp: 'v=0' } });
    camus.send({ receiver: 'ground control', type: 'get-ice-servers', id: 'ice' });
    camus.send({ receiver: 'ground control', type: 'ping', data: 'p', id: 'last' });
    await camus.next((f) => f.type === 'pong');
    peer.send({ receiver: camus.id, type: 'answer', data: { type: 'answer', sdp: 'v=0' } });
    peer.send({ receiver: 'room', type: 'text', data: { text: 'back', mid: 'peer-1' } });
    await camus.next((f) => f.type === 'text' && data(f).text === 'back');
    const types = camus.frames.map((f) => f.type);
    expect(new Set(types).size).toBeLessThanOrEqual(CAMUS_TYPES.length);
    for (const type of types) expect(CAMUS_TYPES).toContain(type);
    // The same frames as before. Texts keep their order among themselves, but
    // a text is delivered once stored, so replies and signaling sent after it
    // may overtake it: they never wait behind a commit.
    expect(types.slice(0, 3)).toEqual(['greeting', 'room-info', 'room-info']);
    expect([...types].sort(), JSON.stringify(types)).toEqual(['answer', 'greeting', 'ice-servers', 'pong', 'room-info', 'room-info', 'text', 'text', 'text']);
    expect(texts(camus).map((f) => data(f).text)).toEqual(['hi all', 'hi you', 'back']);
    // The text frames have Camus's envelope and fields; the stored seq (and a DM's receiver name) ride along in data.
    const [toRoom, toPeer] = texts(camus);
    expect(toRoom).toEqual({ sender: camus.id, receiver: 'room', type: 'text', id: 7, data: { from: 'Camus', time: expect.any(Number), text: 'hi all', seq: 1 } });
    expect(toPeer).toEqual({ sender: camus.id, receiver: peer.id, type: 'text', data: { from: 'Camus', time: expect.any(Number), text: 'hi you', seq: 2, to: 'Peer' } });
    expect((await history(peer)).messages.map((m) => m.text)).toEqual(['hi all', 'hi you', 'back']); // the DM was to peer
  });
});

describe('with HISTORY_STORE=off', () => {
  it('relays texts at once as Camus did, and answers get-history with history-off', async () => {
    const off = await startTestServer({ HISTORY_STORE: 'off' });
    try {
      const ada = await TestClient.connect(off.url, 'r');
      open.push(ada);
      ada.send({ receiver: 'room', type: 'text', data: { text: 'plain', mid: 'ignored' } });
      expect((await ada.next((f) => f.type === 'text')).data).toEqual({ from: '', time: expect.any(Number), text: 'plain' });
      const reply = await ada.request({ receiver: 'ground control', type: 'get-history' });
      expect(reply).toMatchObject({ type: 'error', data: { code: 'history-off' } });
      expect(ada.frames.some((f) => f.type === 'ack')).toBe(false);
    } finally {
      await off.close();
    }
  }, 30_000);
});
