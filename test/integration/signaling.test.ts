// The wire protocol against a real server on a free port, with real ws
// clients: what Camus 0.2 clients rely on.
// Longer than ~300 lines for a reason: one server, started once, serves the
// 31 cases of the wire protocol a Camus client relies on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/server.js';
import { startTestServer } from '../helpers/test-server.js';
import { TestClient } from '../helpers/ws-client.js';

let server: RunningServer;
const open: TestClient[] = [];
let roomCounter = 0;

beforeAll(async () => {
  server = await startTestServer({ STUN_URLS: 'stun:stun.example.org:3478', MAX_TEXT_LENGTH: '100', MAX_FRAME_BYTES: '4096' });
});
afterAll(async () => {
  for (const c of open) c.ws.terminate();
  await server.close();
});

/** A fresh room name per test, so tests never see each other's traffic. */
function newRoom(): string {
  return `room-${++roomCounter}`;
}

async function join(room: string, username?: string): Promise<TestClient> {
  const client = await TestClient.connect(server.url, room);
  open.push(client);
  if (username !== undefined) {
    client.send({ receiver: 'ground control', type: 'profile', data: { username } });
    await client.next((f) => f.type === 'room-info');
  }
  return client;
}

describe('connecting', () => {
  it('greets a new client from ground control, addressed to its fresh id', async () => {
    const a = await join(newRoom());
    const greeting = a.frames[0]!;
    expect(greeting.sender).toBe('ground control');
    expect(greeting.type).toBe('greeting');
    expect(greeting.receiver).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('pushes nothing to the room on connect: the newcomer is announced by its profile', async () => {
    const room = newRoom();
    const a = await join(room, 'Ada');
    const b = await join(room);
    // a's next frame is the room-info caused by b's profile, not by b's connect.
    b.send({ receiver: 'ground control', type: 'profile', data: { username: 'Bob' } });
    const info = await a.next((f) => f.type === 'room-info');
    expect(info.data).toEqual({
      room_id: room,
      clients: [
        { id: a.id, username: 'Ada' },
        { id: b.id, username: 'Bob' },
      ],
    });
    await b.next((f) => f.type === 'room-info');
    expect(a.frames.filter((f) => f.type === 'room-info')).toHaveLength(2); // own profile, then Bob's
    expect(b.frames.map((f) => f.type)).toEqual(['greeting', 'room-info']);
  });

  it('gives every connection a different id', async () => {
    const room = newRoom();
    const [a, b] = await Promise.all([join(room), join(room)]);
    expect(a.id).not.toBe(b.id);
  });
});

describe('ground control', () => {
  it('answers ping with a pong carrying the same data, addressed to the client', async () => {
    const a = await join(newRoom());
    a.send({ receiver: 'ground control', type: 'ping', data: 1732000000123 });
    const pong = await a.next((f) => f.type === 'pong');
    expect(pong).toEqual({ sender: 'ground control', receiver: a.id, type: 'pong', data: 1732000000123 });
  });

  it('echoes the request id on pong, room-info, ice-servers and error', async () => {
    const a = await join(newRoom(), 'Ada');
    expect((await a.request({ receiver: 'ground control', type: 'ping', data: 'x' }, 7)).type).toBe('pong');
    expect((await a.request({ receiver: 'ground control', type: 'get-room-info' }, 'r1')).type).toBe('room-info');
    expect((await a.request({ receiver: 'ground control', type: 'get-ice-servers' }, 'i1')).type).toBe('ice-servers');
    expect((await a.request({ receiver: 'ground control', type: 'nonsense' }, 'e1')).type).toBe('error');
  });

  it('accepts a greeting and a pong silently', async () => {
    const a = await join(newRoom());
    a.send({ receiver: 'ground control', type: 'greeting', data: 'This is Major Tom to Ground Control' });
    a.send({ receiver: 'ground control', type: 'pong', data: 5 });
    const pong = await a.request({ receiver: 'ground control', type: 'ping' });
    expect(pong.type).toBe('pong');
    expect(a.frames.map((f) => f.type)).toEqual(['greeting', 'pong']);
  });

  it('lists the room, the asker included, on get-room-info without data', async () => {
    const room = newRoom();
    const a = await join(room, 'Ada');
    const b = await join(room);
    const info = await b.request({ receiver: 'ground control', type: 'get-room-info' });
    expect(info).toMatchObject({ sender: 'ground control', receiver: b.id, type: 'room-info' });
    expect(info.data).toEqual({
      room_id: room,
      clients: [
        { id: a.id, username: 'Ada' },
        { id: b.id, username: '' },
      ],
    });
  });

  it('serves the configured STUN servers on get-ice-servers', async () => {
    const a = await join(newRoom());
    const reply = await a.request({ receiver: 'ground control', type: 'get-ice-servers' });
    expect(reply.data).toEqual([{ urls: ['stun:stun.example.org:3478'] }]);
  });

  it('trims and bounds the username set by profile, and tells the whole room', async () => {
    const room = newRoom();
    const a = await join(room, 'Ada');
    const b = await join(room);
    b.send({ receiver: 'ground control', type: 'profile', data: { username: `  ${'B'.repeat(100)}  ` } });
    const info = await a.next((f) => f.type === 'room-info');
    expect(info.data).toEqual({
      room_id: room,
      clients: [
        { id: a.id, username: 'Ada' },
        { id: b.id, username: 'B'.repeat(64) },
      ],
    });
  });

  it('removes a client on bye and sends the room a fresh room-info', async () => {
    const room = newRoom();
    const a = await join(room, 'Ada');
    const b = await join(room, 'Bob');
    await a.next((f) => f.type === 'room-info'); // Bob's arrival
    const closed = b.closed();
    b.send({ receiver: 'ground control', type: 'bye', data: Date.now() });
    const info = await a.next((f) => f.type === 'room-info');
    expect(info.data).toEqual({ room_id: room, clients: [{ id: a.id, username: 'Ada' }] });
    expect(await closed).toBe(1000);
  });

  it('treats a dropped connection as leaving', async () => {
    const room = newRoom();
    const a = await join(room, 'Ada');
    const b = await join(room, 'Bob');
    await a.next((f) => f.type === 'room-info');
    b.ws.terminate();
    const info = await a.next((f) => f.type === 'room-info');
    expect(info.data).toEqual({ room_id: room, clients: [{ id: a.id, username: 'Ada' }] });
  });
});

describe('relaying between clients', () => {
  const offer = { type: 'offer', sdp: 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n' };
  const answer = { type: 'answer', sdp: 'v=0\r\no=- 3 4 IN IP4 127.0.0.1\r\n' };
  const candidate = { candidate: 'candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host', sdpMid: '0', sdpMLineIndex: 0, usernameFragment: 'abcd' };

  it('relays offer, answer and icecandidate unchanged apart from sender', async () => {
    const room = newRoom();
    const a = await join(room, 'Ada');
    const b = await join(room, 'Bob');
    a.send({ receiver: b.id, type: 'offer', data: offer });
    expect(await b.next((f) => f.type === 'offer')).toEqual({ receiver: b.id, type: 'offer', data: offer, sender: a.id });
    b.send({ receiver: a.id, type: 'answer', data: answer, sender: b.id });
    expect(await a.next((f) => f.type === 'answer')).toEqual({ receiver: a.id, type: 'answer', data: answer, sender: b.id });
    a.send({ receiver: b.id, type: 'icecandidate', data: candidate, id: 3 });
    expect(await b.next((f) => f.type === 'icecandidate')).toEqual({ receiver: b.id, type: 'icecandidate', data: candidate, sender: a.id, id: 3 });
  });

  it('stamps the real sender over a forged one', async () => {
    const room = newRoom();
    const a = await join(room, 'Ada');
    const b = await join(room, 'Bob');
    const c = await join(room, 'Cy');
    a.send({ sender: c.id, receiver: b.id, type: 'offer', data: offer });
    expect((await b.next((f) => f.type === 'offer')).sender).toBe(a.id);
    a.send({ sender: 'ground control', receiver: b.id, type: 'ping', data: 1 });
    expect((await b.next((f) => f.type === 'ping')).sender).toBe(a.id);
  });

  it('relays a ping to a peer rather than answering it', async () => {
    const room = newRoom();
    const a = await join(room, 'Ada');
    const b = await join(room, 'Bob');
    a.send({ receiver: b.id, type: 'ping', data: 42 });
    expect(await b.next((f) => f.type === 'ping')).toEqual({ receiver: b.id, type: 'ping', data: 42, sender: a.id });
    b.send({ receiver: a.id, type: 'pong', data: 42 });
    expect(await a.next((f) => f.type === 'pong')).toEqual({ receiver: a.id, type: 'pong', data: 42, sender: b.id });
  });

  it('relays a bye to a peer, and drops a bye to someone who already left', async () => {
    const room = newRoom();
    const a = await join(room, 'Ada');
    const b = await join(room, 'Bob');
    a.send({ receiver: b.id, type: 'bye', data: 1 });
    expect((await b.next((f) => f.type === 'bye')).sender).toBe(a.id);
    await b.close();
    await a.next((f) => f.type === 'room-info' && JSON.stringify(f.data).includes(b.id) === false);
    a.send({ receiver: b.id, type: 'bye', data: 2 });
    const pong = await a.request({ receiver: 'ground control', type: 'ping' });
    expect(pong.type).toBe('pong');
    expect(a.frames.some((f) => f.type === 'error')).toBe(false);
  });

  it('never delivers to a client in another room', async () => {
    const a = await join(newRoom(), 'Ada');
    const b = await join(newRoom(), 'Bob');
    const reply = await a.request({ receiver: b.id, type: 'offer', data: offer });
    expect(reply).toMatchObject({ type: 'error', data: { code: 'unknown-receiver' } });
    await b.request({ receiver: 'ground control', type: 'ping' });
    expect(b.frames.some((f) => f.type === 'offer')).toBe(false);
  });
});

describe('text', () => {
  it('sends room text to every member, the sender included, with server time and name', async () => {
    const room = newRoom();
    const a = await join(room, 'Ada');
    const b = await join(room, 'Bob');
    const before = Date.now();
    a.send({ receiver: 'room', type: 'text', data: { from: 'Mallory', time: 0, text: 'hello' } });
    const [atA, atB] = await Promise.all([a.next((f) => f.type === 'text'), b.next((f) => f.type === 'text')]);
    expect(atA).toEqual(atB);
    expect(atB).toMatchObject({ sender: a.id, receiver: 'room', type: 'text', data: { from: 'Ada', text: 'hello' } });
    const time = (atB.data as { time: number }).time;
    expect(time).toBeGreaterThanOrEqual(before);
    expect(time).toBeLessThanOrEqual(Date.now());
  });

  it('sends direct text to its receiver and back to the sender only', async () => {
    const room = newRoom();
    const a = await join(room, 'Ada');
    const b = await join(room, 'Bob');
    const c = await join(room, 'Cy');
    a.send({ receiver: b.id, type: 'text', data: { from: 'Ada', time: 0, text: 'psst' } });
    expect((await b.next((f) => f.type === 'text')).data).toMatchObject({ text: 'psst' });
    expect((await a.next((f) => f.type === 'text')).receiver).toBe(b.id);
    await c.request({ receiver: 'ground control', type: 'ping' });
    expect(c.frames.some((f) => f.type === 'text')).toBe(false);
  });

  it('refuses text over the length limit with text-too-long', async () => {
    const room = newRoom();
    const a = await join(room, 'Ada');
    const b = await join(room, 'Bob');
    const reply = await a.request({ receiver: 'room', type: 'text', data: { from: 'Ada', text: 'x'.repeat(101) } });
    expect(reply).toMatchObject({ sender: 'ground control', receiver: a.id, type: 'error', data: { code: 'text-too-long' } });
    await b.request({ receiver: 'ground control', type: 'ping' });
    expect(b.frames.some((f) => f.type === 'text')).toBe(false);
  });
});

describe('bad input', () => {
  async function errorFor(raw: string): Promise<{ code: string; description: string }> {
    const a = await join(newRoom(), 'Ada');
    a.send(raw);
    const error = await a.next((f) => f.type === 'error');
    expect(error).toMatchObject({ sender: 'ground control', receiver: a.id });
    // The connection stays open and usable.
    expect((await a.request({ receiver: 'ground control', type: 'ping' })).type).toBe('pong');
    return error.data as { code: string; description: string };
  }

  it('answers unparseable JSON with bad-json', async () => {
    expect((await errorFor('{"type": "ping", ')).code).toBe('bad-json');
  });

  it('answers a frame without type or receiver with bad-frame', async () => {
    expect((await errorFor('[1,2,3]')).code).toBe('bad-frame');
    expect((await errorFor('{"type":"ping"}')).code).toBe('bad-frame');
    expect((await errorFor('{"type":5,"receiver":"ground control"}')).code).toBe('bad-frame');
  });

  it('answers an unknown type with unknown-type', async () => {
    expect(await errorFor('{"receiver":"ground control","type":"launch"}')).toMatchObject({ code: 'unknown-type' });
  });

  it('answers a client sending a server-only type with unknown-type', async () => {
    expect((await errorFor('{"receiver":"room","type":"room-info","data":{"room_id":"x","clients":[]}}')).code).toBe('unknown-type');
  });

  it('answers a malformed payload with bad-payload, naming the field', async () => {
    const error = await errorFor('{"receiver":"room","type":"offer","data":{"type":"offer","sdp":5}}');
    expect(error.code).toBe('bad-payload');
    expect(error.description).toContain('sdp');
    expect((await errorFor('{"receiver":"ground control","type":"profile","data":{}}')).code).toBe('bad-payload');
  });

  it('answers an unknown receiver with unknown-receiver', async () => {
    expect((await errorFor('{"receiver":"nobody","type":"offer","data":{"type":"offer","sdp":""}}')).code).toBe('unknown-receiver');
    expect((await errorFor('{"receiver":"ground control","type":"offer","data":{"type":"offer","sdp":""}}')).code).toBe('unknown-receiver');
  });

  it('answers a binary frame with bad-frame', async () => {
    const a = await join(newRoom());
    a.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    expect((await a.next((f) => f.type === 'error')).data).toMatchObject({ code: 'bad-frame' });
  });

  it('closes the connection with 1009 on a frame over the size limit', async () => {
    const a = await join(newRoom());
    const closed = a.closed();
    a.send({ receiver: 'room', type: 'text', data: { text: 'x'.repeat(5000) } });
    expect(await closed).toBe(1009);
  });

  it('refuses a room name outside the pattern at the upgrade', async () => {
    await expect(TestClient.connect(server.url, 'bad%20room')).rejects.toThrow('400');
    await expect(TestClient.connect(server.url, '-leading-dash')).rejects.toThrow('400');
    await expect(TestClient.connect(server.url, 'x'.repeat(65))).rejects.toThrow('400');
  });
});

describe('HTTP', () => {
  it('reports health with rooms and clients', async () => {
    const room = newRoom();
    await join(room, 'Ada');
    const body = await (await fetch(`${server.url}/healthz`)).json();
    expect(body).toMatchObject({ status: 'ok', rooms: expect.any(Number), clients: expect.any(Number) });
    expect(body.clients).toBeGreaterThanOrEqual(1);
    expect(body.uptime).toBeGreaterThanOrEqual(0);
  });

  it('exposes Prometheus metrics for rooms, clients, relayed frames and errors', async () => {
    const room = newRoom();
    const a = await join(room, 'Ada');
    const b = await join(room, 'Bob');
    a.send({ receiver: b.id, type: 'offer', data: { type: 'offer', sdp: '' } });
    await b.next((f) => f.type === 'offer');
    await a.request({ receiver: 'ground control', type: 'nope' });
    const text = await (await fetch(`${server.url}/metrics`)).text();
    expect(text).toMatch(/^parley_rooms \d+$/m);
    expect(text).toMatch(/^parley_clients \d+$/m);
    expect(text).toMatch(/^parley_frames_relayed_total\{type="offer"\} [1-9]\d*$/m);
    expect(text).toMatch(/^parley_errors_total\{code="unknown-type"\} [1-9]\d*$/m);
  });

  it('serves the room page at /r/<room> and refuses bad room names', async () => {
    const page = await fetch(`${server.url}/r/team-standup`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    // A bad name gets the app, which says what is wrong (client/ui/link-problem.ts), as a 404.
    const bad = await fetch(`${server.url}/r/bad..name`, { headers: { accept: 'text/html' } });
    expect(bad.status).toBe(404);
    expect(bad.headers.get('content-type')).toContain('text/html');
  });
});
