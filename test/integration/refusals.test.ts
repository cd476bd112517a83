// Each way the server turns a client away, against a real server: the client
// learns why from an `error` frame and an application close code (or, for a
// foreign origin, an HTTP refusal), and the rest of the room carries on.
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/server.js';
import { startTestServer } from '../helpers/test-server.js';
import { TestClient, type Frame } from '../helpers/ws-client.js';

let server: RunningServer | undefined;
const open: TestClient[] = [];

afterEach(async () => {
  for (const c of open.splice(0)) c.ws.terminate();
  await server?.close();
  server = undefined;
});

async function start(env: Record<string, string>): Promise<RunningServer> {
  server = await startTestServer(env);
  return server;
}

async function join(room: string, username?: string, query = ''): Promise<TestClient> {
  const client = await TestClient.connect(server!.url, room, {}, query);
  open.push(client);
  if (username !== undefined) {
    client.send({ receiver: 'ground control', type: 'profile', data: { username } });
    await client.next((f) => f.type === 'room-info');
  }
  return client;
}

/** Opens a socket expected to be refused; resolves with what it got and how it closed. */
async function refused(room: string, query = ''): Promise<{ frames: Frame[]; code: number; reason: string }> {
  const client = TestClient.open(server!.url, room, {}, query);
  open.push(client);
  const { code, reason } = await client.closedWith();
  return { frames: client.frames, code, reason };
}

const isInfoWithout = (id: string) => (f: Frame) => f.type === 'room-info' && !(f.data as { clients: { id: string }[] }).clients.some((c) => c.id === id);

describe('rate limit', () => {
  it('answers frames past the burst with rate-limited, then closes a sustained flood with 4005', async () => {
    await start({ RATE_LIMIT_BURST: '20', FLOOD_TOLERANCE: '10', RATE_LIMIT_PER_SECOND: '1' });
    const flooder = await join('flood');
    const bystander = await join('flood', 'Bea');
    for (let i = 0; i < 60; i++) flooder.send({ receiver: 'ground control', type: 'ping', data: i });
    const { code, reason } = await flooder.closedWith();
    expect({ code, reason }).toEqual({ code: 4005, reason: 'rate-limited' });
    const pongs = flooder.frames.filter((f) => f.type === 'pong');
    const limited = flooder.frames.filter((f) => f.type === 'error' && (f.data as { code: string }).code === 'rate-limited');
    // The refill adds a fraction of a token every 250 ms, so allow one more.
    expect(pongs.length).toBeGreaterThanOrEqual(20);
    expect(pongs.length).toBeLessThanOrEqual(21);
    expect(limited.length).toBeGreaterThanOrEqual(11);
    expect(pongs.length + limited.length).toBeLessThanOrEqual(60);
    // The room is told the flooder left, and the bystander still works.
    await bystander.next(isInfoWithout(flooder.id));
    expect((await bystander.request({ receiver: 'ground control', type: 'ping', data: 1 })).type).toBe('pong');
  });

  // Guards against a limit that breaks calls: browsers send all their ICE candidates at once, once.
  it('with the defaults, relays every candidate of a joiner of a full room sent at once', async () => {
    const s = await start({});
    const peers = await Promise.all(Array.from({ length: s.manager.room('full-burst') ? 0 : 7 }, () => join('full-burst')));
    const joiner = await join('full-burst');
    joiner.send({ receiver: 'ground control', type: 'profile', data: { username: 'Joiner' } });
    joiner.send({ receiver: 'ground control', type: 'get-room-info' });
    joiner.send({ receiver: 'ground control', type: 'get-ice-servers' });
    for (const peer of peers) {
      joiner.send({ receiver: peer.id, type: 'offer', data: { type: 'offer', sdp: 'v=0' } });
      for (let i = 0; i < 24; i++) joiner.send({ receiver: peer.id, type: 'icecandidate', data: { candidate: `candidate:${i}`, sdpMid: '0', sdpMLineIndex: 0 } });
    }
    const done = await joiner.request({ receiver: 'ground control', type: 'ping' });
    expect(done.type).toBe('pong');
    expect(joiner.frames.filter((f) => f.type === 'error')).toEqual([]);
    for (const peer of peers) {
      await peer.next((f) => f.type === 'icecandidate' && (f.data as { candidate: string }).candidate === 'candidate:23');
      expect(peer.frames.filter((f) => f.type === 'icecandidate' && f.sender === joiner.id)).toHaveLength(24);
    }
  });
});

describe('slow consumer', () => {
  it('cuts off a client that stops reading once its buffer passes MAX_BUFFERED_BYTES, and tells the room', async () => {
    const s = await start({ MAX_BUFFERED_BYTES: '65536', RATE_LIMIT_BURST: '1000000', RATE_LIMIT_PER_SECOND: '1000000' });
    const victim = await join('slow', 'Vic');
    const sender = await join('slow', 'Sam');
    victim.ws.pause(); // stops reading: the kernel buffers fill, then the server's
    const offer = { receiver: victim.id, type: 'offer', data: { type: 'offer', sdp: 'x'.repeat(8000) } };
    let sentBytes = 0;
    // Send in batches, each ended by a round trip, until the victim is gone.
    for (let batch = 0; batch < 1000 && s.manager.room('slow')?.get(victim.id); batch++) {
      for (let i = 0; i < 50; i++) sender.send(offer);
      sentBytes += 50 * 8000;
      await sender.request({ receiver: 'ground control', type: 'ping' });
    }
    expect(s.manager.room('slow')?.get(victim.id)).toBeUndefined();
    // The room-info may have come before the last pong, which next() moves past.
    if (!sender.frames.some(isInfoWithout(victim.id))) await sender.next(isInfoWithout(victim.id));
    // Cut off long before everything sent could have piled up for it.
    expect(sentBytes).toBeLessThan(200 * 1024 * 1024);
    // The sender is not punished; offers sent after the victim was gone bounce.
    const errorCodes = new Set(sender.frames.filter((f) => f.type === 'error').map((f) => (f.data as { code: string }).code));
    expect([...errorCodes].filter((code) => code !== 'unknown-receiver')).toEqual([]);
    expect(sender.ws.readyState).toBe(sender.ws.OPEN);
  });
});

describe('oversized frame', () => {
  it('closes the connection with 1009 and tells the room', async () => {
    await start({ MAX_FRAME_BYTES: '4096' });
    const big = await join('big', 'Big');
    const other = await join('big', 'Oth');
    big.send({ receiver: 'room', type: 'text', data: { text: 'x'.repeat(5000) } });
    expect(await big.closed()).toBe(1009);
    await other.next(isInfoWithout(big.id));
  });
});

describe('connections per address', () => {
  it('refuses one more than MAX_CONNECTIONS_PER_IP with too-many-connections and 4004, and frees a place on close', async () => {
    await start({ MAX_CONNECTIONS_PER_IP: '3' });
    const clients = [await join('ip-a'), await join('ip-b'), await join('ip-c')];
    const refusal = await refused('ip-d');
    expect(refusal.code).toBe(4004);
    expect(refusal.reason).toBe('too-many-connections');
    expect(refusal.frames).toEqual([
      { sender: 'ground control', receiver: '', type: 'error', data: { code: 'too-many-connections', description: 'this address has 3 connections open already' } },
    ]);
    await clients[0]!.close();
    expect((await join('ip-d')).id).not.toBe('');
  });
});

describe('connections per address behind a reverse proxy', () => {
  const via = (address: string) => ({ headers: { 'X-Forwarded-For': `203.0.113.9, ${address}` } });

  it('counts the address a trusted proxy forwarded, not the proxy', async () => {
    await start({ MAX_CONNECTIONS_PER_IP: '1', TRUSTED_PROXIES: '127.0.0.1,::1' });
    // Two people behind the same proxy each get their own count.
    open.push(await TestClient.connect(server!.url, 'p', via('198.51.100.1')));
    open.push(await TestClient.connect(server!.url, 'p', via('198.51.100.2')));
    // The same person twice is over the limit; the forged left-hand entry does not help.
    const again = TestClient.open(server!.url, 'p', via('198.51.100.1'));
    open.push(again);
    expect((await again.closedWith()).code).toBe(4004);
  });

  it('trusts a proxy listed by its CIDR range', async () => {
    await start({ MAX_CONNECTIONS_PER_IP: '1', TRUSTED_PROXIES: '127.0.0.0/8,::1/128' });
    open.push(await TestClient.connect(server!.url, 'p', via('198.51.100.1')));
    open.push(await TestClient.connect(server!.url, 'p', via('198.51.100.2')));
    const again = TestClient.open(server!.url, 'p', via('198.51.100.2'));
    open.push(again);
    expect((await again.closedWith()).code).toBe(4004);
  });

  it('ignores X-Forwarded-For from a peer that is not a trusted proxy', async () => {
    await start({ MAX_CONNECTIONS_PER_IP: '1' });
    open.push(await TestClient.connect(server!.url, 'p', via('198.51.100.1')));
    const spoofed = TestClient.open(server!.url, 'p', via('198.51.100.2'));
    open.push(spoofed);
    expect((await spoofed.closedWith()).code).toBe(4004);
  });
});

describe('origin', () => {
  it('refuses an upgrade from a foreign origin with 403, and takes one from its own', async () => {
    const s = await start({});
    const evil = TestClient.open(s.url, 'o', { headers: { Origin: 'http://evil.example' } });
    open.push(evil);
    const status = await new Promise<number>((resolve) => evil.ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)));
    expect(status).toBe(403);
    const own = await TestClient.connect(s.url, 'o', { headers: { Origin: s.url } });
    open.push(own);
    expect(own.frames[0]?.type).toBe('greeting');
  });

  it('takes any listed origin when ALLOWED_ORIGINS is set, and no other', async () => {
    const s = await start({ ALLOWED_ORIGINS: 'https://app.example' });
    open.push(await TestClient.connect(s.url, 'o', { headers: { Origin: 'https://app.example' } }));
    await expect(TestClient.connect(s.url, 'o', { headers: { Origin: s.url } })).rejects.toThrow(/403/);
  });
});

describe('room password', () => {
  it('makes later joiners give the password the first one set', async () => {
    await start({});
    const owner = await join('locked', 'Owner', '?password=open%20sesame');
    const none = await refused('locked');
    expect({ code: none.code, reason: none.reason, error: none.frames[0]?.data }).toEqual({
      code: 4001,
      reason: 'password-required',
      error: { code: 'password-required', description: 'this room has a password; give it as ?password=' },
    });
    const wrong = await refused('locked', '?password=open');
    expect({ code: wrong.code, reason: wrong.reason }).toEqual({ code: 4002, reason: 'wrong-password' });
    expect(wrong.frames.map((f) => (f.data as { code: string }).code)).toEqual(['wrong-password']);
    const guest = await join('locked', 'Guest', '?password=open%20sesame');
    const info = await owner.next((f) => f.type === 'room-info' && (f.data as { clients: unknown[] }).clients.length === 2);
    expect(info.data).toEqual({
      room_id: 'locked',
      clients: [
        { id: owner.id, username: 'Owner' },
        { id: guest.id, username: 'Guest' },
      ],
    });
  });

  // With a history store it outlives the room: test/integration/history-rest.test.ts.
  it('is forgotten when the room empties, without a history store', async () => {
    await start({ HISTORY_STORE: 'off' });
    const owner = await join('brief', 'Owner', '?password=pw');
    owner.send({ receiver: 'ground control', type: 'bye' });
    await owner.closed();
    const next = await join('brief');
    expect(next.frames[0]?.type).toBe('greeting');
  });
});

describe('room size', () => {
  it('refuses a joiner of a full room with room-full and 4003, and lets one in once a place frees', async () => {
    await start({ MAX_ROOM_SIZE: '2' });
    const a = await join('small', 'A');
    await join('small', 'B');
    const third = await refused('small');
    expect({ code: third.code, reason: third.reason }).toEqual({ code: 4003, reason: 'room-full' });
    expect(third.frames).toEqual([{ sender: 'ground control', receiver: '', type: 'error', data: { code: 'room-full', description: 'the room is full (2 people)' } }]);
    a.send({ receiver: 'ground control', type: 'bye' });
    await a.closed();
    expect((await join('small')).frames[0]?.type).toBe('greeting');
    const metrics = await (await fetch(`${server!.url}/metrics`)).text();
    expect(metrics).toMatch(/^parley_refusals_total\{code="room-full"\} 1$/m);
    expect(metrics).toMatch(/^parley_sessions_ended_total\{reason="left"\} 1$/m);
  });
});
