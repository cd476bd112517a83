// What the server sends to a client that has not opted in to Parley's
// additions (no ?session=1): a Camus client. Camus 0.3's message handler
// looks the type up in its table of handlers and throws on any type it has
// none for, `error` included (camus/static/js/rtcclient/MessageHandler.ts),
// so every type such a client can get is listed here: a new one must be
// added on purpose, and checked against that table. The room is driven
// through everything Camus and Parley clients do, a departure race
// included, against a real server; the frames the Camus client received are
// collected and compared.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/server.js';
import { startTestServer } from '../helpers/test-server.js';
import { TestClient } from '../helpers/ws-client.js';

/** The types Camus 0.3's MessageHandler has a handler for. */
const CAMUS_HANDLED = [
  'answer',
  'bye',
  'get-ice-servers',
  'get-room-info',
  'greeting',
  'ice-servers',
  'icecandidate',
  'offer',
  'ping',
  'pong',
  'profile',
  'room-info',
  'text',
];

/** Every frame type the server sends to a client that has not opted in and sends only well-formed frames. */
const SENT_TO_LEGACY = ['answer', 'bye', 'greeting', 'ice-servers', 'icecandidate', 'offer', 'ping', 'pong', 'room-info', 'text'];

const GC = 'ground control';
const OFFER = { type: 'offer', sdp: 'v=0\r\n' };
const ANSWER = { type: 'answer', sdp: 'v=0\r\n' };
const CANDIDATE = { candidate: 'candidate:1 1 udp 1 127.0.0.1 5000 typ host', sdpMid: '0', sdpMLineIndex: 0 };

let server: RunningServer;
const open: TestClient[] = [];

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  for (const c of open) c.ws.terminate();
  await server.close();
});

async function connect(query = ''): Promise<TestClient> {
  const client = await TestClient.connect(server.url, 'legacy', {}, query);
  open.push(client);
  return client;
}

/** Sends a ping and waits for its pong: every frame sent before it has been dealt with. */
async function flush(client: TestClient): Promise<void> {
  await client.request({ receiver: GC, type: 'ping', data: 'flush' });
}

describe('a client that has not opted in (Camus)', () => {
  it('gets only frame types Camus 0.3 has a handler for, whatever the others in the room do', async () => {
    const camus = await connect();
    const parley = await connect('?session=1');
    const other = await connect();

    // Everything a Camus client asks of ground control.
    await camus.request({ receiver: GC, type: 'get-room-info' });
    await camus.request({ receiver: GC, type: 'get-ice-servers' });
    camus.send({ receiver: GC, type: 'greeting', data: 'This is Major Tom to Ground Control' });
    camus.send({ receiver: GC, type: 'pong', data: 1 });
    camus.send({ receiver: GC, type: 'profile', data: { username: 'Camus' } });
    parley.send({ receiver: GC, type: 'profile', data: { username: 'Parley' } });
    other.send({ receiver: GC, type: 'profile', data: { username: 'Other' } });
    await parley.request({ receiver: GC, type: 'get-ice-config' });

    // Everything a Parley client sends it, and what a Camus client sends the others.
    for (const [type, data] of [
      ['offer', OFFER],
      ['answer', ANSWER],
      ['icecandidate', CANDIDATE],
      ['ping', 1],
      ['pong', 1],
      ['greeting', 'hi'],
    ] as const) {
      parley.send({ receiver: camus.id, type, data });
      other.send({ receiver: camus.id, type, data });
    }
    parley.send({ receiver: 'room', type: 'text', data: { from: 'Parley', time: 0, text: 'to the room' } });
    parley.send({ receiver: camus.id, type: 'text', data: { from: 'Parley', time: 0, text: 'to you' } });
    camus.send({ receiver: 'room', type: 'text', data: { from: 'Camus', time: 0, text: 'hello' } });
    camus.send({ receiver: parley.id, type: 'offer', data: OFFER });
    parley.send({ receiver: camus.id, type: 'bye', data: 0 });
    // A Parley member locks and unlocks the room (issue 14): room-lock goes to opted-in members only.
    await parley.request({ receiver: GC, type: 'set-lock', data: { locked: true, password: 'pw' } });
    await parley.request({ receiver: GC, type: 'set-lock', data: { locked: false } });

    // A departure, and Camus racing it: candidates, an offer and a bye still on their way to the one who left.
    const otherId = other.id;
    await other.close();
    await camus.next((f) => f.type === 'room-info' && !JSON.stringify(f.data).includes(otherId));
    camus.send({ receiver: otherId, type: 'icecandidate', data: CANDIDATE });
    camus.send({ receiver: otherId, type: 'offer', data: OFFER });
    camus.send({ receiver: otherId, type: 'bye', data: 0 });
    await flush(camus);

    const received = [...new Set(camus.frames.map((f) => String(f.type)))].sort();
    expect(received).toEqual(SENT_TO_LEGACY);
    for (const type of received) expect(CAMUS_HANDLED).toContain(type);
  });

  it('still gets `error` for a malformed frame (the one type outside Camus’s table; a Camus client never sends one)', async () => {
    const camus = await connect();
    camus.send('{not json');
    const error = await camus.next((f) => f.type === 'error');
    expect(error.data).toMatchObject({ code: 'bad-json' });
  });

  it('an opted-in client racing a departure is told, with `unknown-receiver`', async () => {
    const parley = await connect('?session=1');
    const other = await connect();
    const otherId = other.id;
    await other.close();
    parley.send({ receiver: otherId, type: 'icecandidate', data: CANDIDATE, id: 'c1' });
    const error = await parley.next((f) => f.type === 'error');
    expect(error).toMatchObject({ id: 'c1', data: { code: 'unknown-receiver' } });
  });
});
