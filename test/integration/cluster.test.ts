// Three Parley nodes in this process sharing one real redis-server
// (REDIS_URL), with clients spread across them: the protocol's room-info,
// relay, text, direct messages and errors work across nodes, no frame
// crosses rooms or carries a forged sender, and MAX_ROOM_SIZE and the room
// password hold when two nodes admit at once. docs/cluster.md.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/server.js';
import { startRedis, type RedisServer } from '../helpers/redis.js';
import { startTestServer } from '../helpers/test-server.js';
import { TestClient, type Frame } from '../helpers/ws-client.js';

let redis: RedisServer;
let nodes: RunningServer[] = [];
const open: TestClient[] = [];
let roomCounter = 0;

beforeAll(async () => {
  redis = await startRedis();
  try {
    nodes = await Promise.all([0, 1, 2].map(() => startTestServer({ REDIS_URL: redis.url, MAX_ROOM_SIZE: '3', HISTORY_STORE: 'off' })));
  } catch (error) {
    await Promise.all(nodes.map((node) => node.close()));
    await redis.stop();
    throw error;
  }
});
afterAll(async () => {
  for (const c of open) c.ws.terminate();
  await Promise.all(nodes.map((node) => node.close()));
  await redis.stop();
});

function newRoom(): string {
  return `cluster-${++roomCounter}`;
}

async function join(node: number, room: string, username?: string, query = ''): Promise<TestClient> {
  const client = await TestClient.connect(nodes[node]!.url, room, {}, query);
  open.push(client);
  if (username !== undefined) client.send({ receiver: 'ground control', type: 'profile', data: { username } });
  return client;
}

/** Waits until `client` gets a room-info naming exactly `names` (in any order). */
function roomInfoWith(client: TestClient, names: string[], timeoutMs = 5000): Promise<Frame> {
  const wanted = [...names].sort().join(',');
  return client.next((f) => f.type === 'room-info' && namesIn(f).join(',') === wanted, timeoutMs);
}

function namesIn(frame: Frame): string[] {
  const data = frame.data as { clients: { username: string }[] };
  return data.clients.map((c) => c.username).sort();
}

/** Ada on node 0, Bob on node 1, Cy on node 2, each having seen the full room-info. */
async function spreadRoom(room = newRoom()): Promise<[TestClient, TestClient, TestClient]> {
  const a = await join(0, room, 'Ada');
  await roomInfoWith(a, ['Ada']);
  const b = await join(1, room, 'Bob');
  await roomInfoWith(a, ['Ada', 'Bob']);
  const c = await join(2, room, 'Cy');
  await Promise.all([a, b, c].map((x) => roomInfoWith(x, ['Ada', 'Bob', 'Cy'])));
  return [a, b, c];
}

describe('three nodes, one room', () => {
  it('room-info lists the members on every node, with their ids, and drops one who leaves', async () => {
    const [a, b, c] = await spreadRoom();
    const info = await a.request({ receiver: 'ground control', type: 'get-room-info' });
    const ids = (info.data as { clients: { id: string }[] }).clients.map((x) => x.id).sort();
    expect(ids).toEqual([a.id, b.id, c.id].sort());
    await c.close();
    await roomInfoWith(a, ['Ada', 'Bob']);
    await roomInfoWith(b, ['Ada', 'Bob']);
  });

  it('relays an offer to a member on another node, stamped with the real sender, even when forged', async () => {
    const [a, b, c] = await spreadRoom();
    a.send({ receiver: b.id, type: 'offer', data: { type: 'offer', sdp: 'v=0 from-a' } });
    const offer = await b.next((f) => f.type === 'offer');
    expect(offer).toEqual({ receiver: b.id, type: 'offer', data: { type: 'offer', sdp: 'v=0 from-a' }, sender: a.id });
    c.send({ sender: a.id, receiver: b.id, type: 'answer', data: { type: 'answer', sdp: 'v=0 forged' } });
    const answer = await b.next((f) => f.type === 'answer');
    expect(answer.sender).toBe(c.id);
  });

  it('relays to the whole room across nodes, never back to the sender', async () => {
    const [a, b, c] = await spreadRoom();
    b.send({ receiver: 'room', type: 'icecandidate', data: { candidate: 'candidate:1 1 udp 1 10.0.0.1 9 typ host', sdpMid: '0', sdpMLineIndex: 0 } });
    const [fromA, fromC] = await Promise.all([a.next((f) => f.type === 'icecandidate'), c.next((f) => f.type === 'icecandidate')]);
    expect(fromA.sender).toBe(b.id);
    expect(fromC.sender).toBe(b.id);
    // b's next frame is the pong, not its own candidate.
    await b.request({ receiver: 'ground control', type: 'ping', data: 'x' });
    expect(b.frames.filter((f) => f.type === 'icecandidate')).toHaveLength(0);
  });

  it('carries room texts and direct messages across nodes, with the server-set name', async () => {
    const [a, b, c] = await spreadRoom();
    a.send({ receiver: 'room', type: 'text', data: { from: 'Mallory', text: 'hello all' } });
    const [atB, atC] = await Promise.all([b.next((f) => f.type === 'text'), c.next((f) => f.type === 'text')]);
    for (const text of [atB, atC]) expect(text).toMatchObject({ sender: a.id, receiver: 'room', data: { from: 'Ada', text: 'hello all' } });
    c.send({ receiver: a.id, type: 'text', data: { text: 'just you' } });
    const dm = await a.next((f) => f.type === 'text' && f.sender === c.id);
    expect(dm).toMatchObject({ sender: c.id, receiver: a.id, data: { from: 'Cy', text: 'just you' } });
    await b.request({ receiver: 'ground control', type: 'ping', data: 'x' });
    expect(b.frames.filter((f) => f.type === 'text').map((f) => (f.data as { text: string }).text)).toEqual(['hello all']);
  });

  it('answers an unknown receiver with an error on the sender node, as on one node', async () => {
    const [a] = await spreadRoom();
    const reply = await a.request({ receiver: '00000000-0000-4000-8000-000000000000', type: 'offer', data: { type: 'offer', sdp: 'v=0' } });
    expect(reply).toMatchObject({ type: 'error', data: { code: 'unknown-receiver' } });
  });

  it('keeps frames in their room: a member of another room, on the same nodes, gets nothing', async () => {
    const [a, b] = await spreadRoom();
    const other = newRoom();
    const x = await join(1, other, 'Xena');
    const y = await join(0, other, 'Yuri');
    await roomInfoWith(x, ['Xena', 'Yuri']);
    // Frames addressed into the other room by id, and to the whole room.
    a.send({ receiver: x.id, type: 'offer', data: { type: 'offer', sdp: 'v=0 cross' } });
    expect(await a.next((f) => f.type === 'error')).toMatchObject({ data: { code: 'unknown-receiver' } });
    a.send({ receiver: 'room', type: 'text', data: { text: 'room one only' } });
    await b.next((f) => f.type === 'text');
    y.send({ receiver: 'room', type: 'text', data: { text: 'marker' } });
    await x.next((f) => f.type === 'text' && (f.data as { text: string }).text === 'marker');
    const leaked = [...x.frames, ...y.frames].filter((f) => f.type === 'offer' || (f.type === 'text' && (f.data as { text: string }).text !== 'marker'));
    expect(leaked).toEqual([]);
  });

  it('never touches Redis for a room whose members are all on one node', async () => {
    const room = newRoom();
    const a = await join(0, room, 'Ada');
    const b = await join(0, room, 'Bob');
    await roomInfoWith(a, ['Ada', 'Bob']);
    const before = nodes[0]!.cluster!.bus.counts.published;
    for (let i = 0; i < 20; i++) a.send({ receiver: b.id, type: 'offer', data: { type: 'offer', sdp: `v=0 ${i}` } });
    a.send({ receiver: 'room', type: 'text', data: { text: 'local' } });
    await b.next((f) => f.type === 'text');
    expect(nodes[0]!.cluster!.bus.counts.published).toBe(before);
  });
});

describe('admission across nodes', () => {
  it('lets exactly one of two nodes admitting the last seat at once succeed', async () => {
    for (let round = 0; round < 5; round++) {
      const room = newRoom();
      await join(0, room, 'First');
      await join(0, room, 'Second');
      // MAX_ROOM_SIZE is 3: one seat left, asked for by node 1 and node 2 at once.
      const joiners = [1, 2].map((node) => TestClient.open(nodes[node]!.url, room));
      open.push(...joiners);
      const outcomes = await Promise.all(
        joiners.map((j) => j.next((f) => f.type === 'greeting' || (f.type === 'error' && (f.data as { code: string }).code === 'room-full'))),
      );
      expect(outcomes.map((f) => f.type).sort()).toEqual(['error', 'greeting']);
    }
  });

  it('holds the password set on one node for joiners on the others', async () => {
    const room = newRoom();
    const owner = await join(0, room, 'Owner', '?password=open%20sesame');
    await roomInfoWith(owner, ['Owner']);
    const none = TestClient.open(nodes[1]!.url, room);
    const wrong = TestClient.open(nodes[2]!.url, room, {}, '?password=nope');
    open.push(none, wrong);
    expect(await none.next((f) => f.type === 'error')).toMatchObject({ data: { code: 'password-required' } });
    expect(await wrong.next((f) => f.type === 'error')).toMatchObject({ data: { code: 'wrong-password' } });
    const guest = await join(2, room, 'Guest', '?password=open%20sesame');
    await roomInfoWith(guest, ['Guest', 'Owner']);
  });
});
