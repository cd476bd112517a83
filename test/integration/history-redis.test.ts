// Two Parley nodes keeping their chat history in one real redis-server
// (REDIS_URL set, so HISTORY_STORE defaults to redis): what one node stored,
// the other pages, acks the same for a resent mid, and keeps private. While
// Redis is down a text is refused with history-unavailable (never lost
// unseen), and once it is back texts are stored again. Cross-node delivery
// itself is the cluster bus's (docs/cluster.md), not tested here.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisStore } from '../../server/history/redis-store.js';
import type { RunningServer } from '../../server/server.js';
import { startRedis, type RedisServer } from '../helpers/redis.js';
import { startTestServer } from '../helpers/test-server.js';
import { TestClient, type Frame } from '../helpers/ws-client.js';

let redis: RedisServer;
let nodes: RunningServer[] = [];
const open: TestClient[] = [];
let roomCounter = 0;
const newRoom = () => `shared-${++roomCounter}`;
const newKey = () => randomBytes(24).toString('base64url');

beforeAll(async () => {
  redis = await startRedis();
  // HISTORY_STORE='' : unset, so REDIS_URL picks the redis store.
  nodes = await Promise.all([0, 1].map(() => startTestServer({ REDIS_URL: redis.url, HISTORY_STORE: '' })));
}, 30_000);
afterAll(async () => {
  for (const c of open) c.ws.terminate();
  await Promise.all(nodes.map((node) => node.close()));
  await redis?.stop();
});

async function join(node: RunningServer, room: string, username: string, key?: string): Promise<TestClient> {
  const client = await TestClient.connect(node.url, room, {}, key === undefined ? '' : `?participant=${key}`);
  open.push(client);
  client.send({ receiver: 'ground control', type: 'profile', data: { username } });
  await client.next((f) => f.type === 'room-info');
  return client;
}

const data = (frame: Frame) => frame.data as Record<string, unknown>;

function acked(client: TestClient, receiver: string, text: string, mid: string): Promise<Frame> {
  const ack = client.next((f) => (f.type === 'ack' || f.type === 'error') && f.id === mid);
  client.send({ receiver, type: 'text', data: { text, mid }, id: mid });
  return ack;
}

async function history(client: TestClient): Promise<Record<string, unknown>[]> {
  const reply = await client.request({ receiver: 'ground control', type: 'get-history', data: {} });
  expect(reply.type).toBe('history');
  return (reply.data as { messages: Record<string, unknown>[] }).messages;
}

describe('history shared by two nodes through Redis', () => {
  it('runs the redis store on both nodes', () => {
    expect(nodes.map((node) => node.history?.constructor.name)).toEqual(['RedisStore', 'RedisStore']);
  });

  it('pages on one node what was stored on the other, and acks a resent mid the same on either', async () => {
    const room = newRoom();
    const key = newKey();
    const ada = await join(nodes[0]!, room, 'Ada', key);
    const first = await acked(ada, 'room', 'from node one', 'n1-1');
    expect(first).toMatchObject({ type: 'ack', data: { mid: 'n1-1', seq: 1 } });
    ada.ws.terminate();
    const back = await join(nodes[1]!, room, 'Ada', key);
    const again = await acked(back, 'room', 'from node one', 'n1-1');
    expect(again.data).toEqual(first.data);
    const next = await acked(back, 'room', 'from node two', 'n2-1');
    expect(data(next).seq).toBe(2);
    const late = await join(nodes[0]!, room, 'Carol');
    expect((await history(late)).map((m) => [m.seq, m.text])).toEqual([
      [1, 'from node one'],
      [2, 'from node two'],
    ]);
  });

  it('shows a direct message stored on one node to its parties on the other, and to no one else', async () => {
    const room = newRoom();
    const [adaKey, bobKey] = [newKey(), newKey()];
    const ada = await join(nodes[0]!, room, 'Ada', adaKey);
    const bob = await join(nodes[0]!, room, 'Bob', bobKey);
    await acked(ada, bob.id, 'just for Bob', 'dm-1');
    await acked(ada, 'room', 'for all', 'pub-1');
    bob.ws.terminate();
    const bobThere = await join(nodes[1]!, room, 'Bob', bobKey);
    const eve = await join(nodes[1]!, room, 'Eve', newKey());
    expect((await history(bobThere)).map((m) => m.text)).toEqual(['just for Bob', 'for all']);
    expect((await history(eve)).map((m) => m.text)).toEqual(['for all']);
    const rest = await fetch(`${nodes[1]!.url}/api/rooms/${room}/messages`);
    expect(((await rest.json()) as { messages: { text: string }[] }).messages.map((m) => m.text)).toEqual(['for all']);
  });

  it('refuses a text with history-unavailable while Redis is down, and stores again once it is back', async () => {
    const room = newRoom();
    const ada = await join(nodes[0]!, room, 'Ada');
    await acked(ada, 'room', 'before', 'down-1');
    await redis.kill9();
    const refused = await acked(ada, 'room', 'during', 'down-2');
    expect(refused).toMatchObject({ type: 'error', data: { code: 'history-unavailable' } });
    await redis.restart();
    // The store reconnects by itself; the client's resend (same mid) is then stored once.
    const store = nodes[0]!.history;
    if (!(store instanceof RedisStore)) throw new Error('node one has no RedisStore');
    await store.ready();
    const outcome = await acked(ada, 'room', 'during', 'down-2');
    expect(outcome).toMatchObject({ type: 'ack', data: { mid: 'down-2', seq: 2 } });
    expect((await history(ada)).map((m) => m.text)).toEqual(['before', 'during']);
  }, 30_000);
});
