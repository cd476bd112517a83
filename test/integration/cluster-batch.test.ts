// The DELIVER_BATCH script (server/cluster/delivery-scripts.ts) in a real
// redis-server, fed by FrameDelivery as a node feeds it: a node's frames of
// one turn leave in one call and reach each node in the order they were
// sent, one PUBLISH per run of one channel (a run of one asks nothing before
// its PUBLISH); a frame whose member another
// node took over goes to that node, in its place in the order; and a frame
// for a member of a dead node is kept in its replay log, not published to
// nobody. Guards the cross-node relay's batching against losing order or
// the frames kept for a client whose node died.
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeBatch, decodeBusMessage } from '../../server/cluster/bus-message.js';
import { FrameDelivery } from '../../server/cluster/frame-delivery.js';
import { nodeChannel, roomChannel } from '../../server/cluster/presence-scripts.js';
import { OutgoingFrame } from '../../server/core/outgoing-frame.js';
import { startRedis, type RedisServer } from '../helpers/redis.js';

let redis: RedisServer | undefined;
const connections: Redis[] = [];
afterEach(async () => {
  for (const c of connections.splice(0)) c.disconnect();
  await redis?.stop();
  redis = undefined;
});

const member = (id: string, node: string) => ({ id, username: '', party: '', node });
const frame = (text: string) => OutgoingFrame.ofBytes(Buffer.from(text));

/** A node's subscribing connection: its node channel and its rooms' channels, every message in arrival order as "channel frames". */
async function subscriber(url: string, channels: string[]) {
  const s = new Redis(url);
  connections.push(s);
  const got: string[] = [];
  s.on('messageBuffer', (channel: Buffer, bytes: Buffer) => {
    const message = decodeBusMessage(bytes);
    const inner = message?.kind === 'batch' ? (decodeBatch(message.payload) ?? []) : [bytes];
    got.push(`${channel.toString()} ${inner.map((m) => decodeBusMessage(m)?.payload.toString()).join(',')}`);
  });
  await s.subscribe(...channels);
  return got;
}

async function setUp() {
  redis = await startRedis({ appendOnly: false });
  const command = new Redis(redis.url);
  const look = new Redis(redis.url);
  connections.push(command, look);
  await new Promise((resolve) => command.once('ready', resolve));
  const counts = { published: 0, dropped: 0 };
  const errors: unknown[] = [];
  const delivery = new FrameDelivery(command, { nodeId: 'node-a', maxHeldBytes: 10_000 }, counts, (e) => errors.push(e));
  return { url: redis.url, delivery, look, counts, errors };
}

async function until(condition: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((resolve) => setImmediate(resolve));
}

describe('DELIVER_BATCH', () => {
  it("publishes a turn's frames as one message per run of one channel, and each node gets them in order", async () => {
    const { url, delivery, look, errors } = await setUp();
    const b = await subscriber(url, [nodeChannel('node-b'), roomChannel('r1')]);
    const c = await subscriber(url, [nodeChannel('node-c'), roomChannel('r1')]);
    await look.config('RESETSTAT');
    const room = [member('bob', 'node-b'), member('cy', 'node-c')];
    delivery.toClient('r1', member('bob', 'node-b'), frame('1'));
    delivery.toClient('r2', member('bo2', 'node-b'), frame('2'));
    delivery.toRoom('r1', room, frame('3'), 'ada');
    delivery.toClient('r1', member('bob', 'node-b'), frame('4'));
    delivery.toClient('r1', member('cy', 'node-c'), frame('5'));
    await until(() => b.length === 3 && c.length === 2);
    expect(b).toEqual(['parley:node:node-b 1,2', 'parley:{r1}:channel 3', 'parley:node:node-b 4']);
    expect(c).toEqual(['parley:{r1}:channel 3', 'parley:node:node-c 5']);
    const stats = await look.info('commandstats');
    expect(/cmdstat_publish:calls=(\d+)/.exec(stats)?.[1]).toBe('4');
    expect(Number(/cmdstat_eval:calls=(\d+)/.exec(stats)?.[1] ?? 0) + Number(/cmdstat_evalsha:calls=(\d+)/.exec(stats)?.[1] ?? 0)).toBe(1);
    expect(errors).toEqual([]);
  });

  it('sends a frame for a member another node took over to that node, in its place among the others', async () => {
    const { url, delivery, look } = await setUp();
    const b = await subscriber(url, [nodeChannel('node-b')]);
    const c = await subscriber(url, [nodeChannel('node-c')]);
    await look.hset('parley:{r1}:slot:moved', 'node', 'node-c', 'first', '1');
    delivery.toClient('r1', member('bob', 'node-b'), frame('1'));
    delivery.toClient('r1', member('moved', 'node-b'), frame('2'));
    delivery.toClient('r1', member('bob', 'node-b'), frame('3'));
    await until(() => b.length === 2 && c.length === 1);
    expect(b).toEqual(['parley:node:node-b 1', 'parley:node:node-b 3']);
    expect(c).toEqual(['parley:node:node-c 2']);
  });

  it("keeps a frame for a member of a dead node in its replay log, and publishes the rest of the turn's frames", async () => {
    const { url, delivery, look } = await setUp();
    const b = await subscriber(url, [nodeChannel('node-b'), roomChannel('r1')]);
    // node-d has no subscriber: dead. Its member ada's slot is still held (within the grace period).
    await look.hset('parley:{r1}:slot:ada', 'node', 'node-d', 'first', '1');
    await look.pexpire('parley:{r1}:slot:ada', 60_000);
    const room = [member('bob', 'node-b'), member('ada', 'node-d')];
    delivery.toClient('r1', member('bob', 'node-b'), frame('1'));
    delivery.toClient('r1', member('ada', 'node-d'), frame('for ada'));
    delivery.toRoom('r1', room, frame('to the room'));
    delivery.toClient('r1', member('bob', 'node-b'), frame('3'));
    await until(() => b.length === 3);
    expect(b).toEqual(['parley:node:node-b 1', 'parley:{r1}:channel to the room', 'parley:node:node-b 3']);
    expect(await look.lrange('parley:{r1}:replay:ada', 0, -1)).toEqual(['for ada', 'to the room']);
    expect(await look.hget('parley:{r1}:slot:ada', 'orphan')).toBe('1');
  });
});

// A run of one frame (a node's only frame in a turn, at a modest rate) goes
// as a frame alone: the same routes, with nothing asked before the PUBLISH.
describe('DELIVER_BATCH, a run of one frame', () => {
  const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

  it("publishes a turn's only frame for a member with one PUBLISH and no PUBSUB NUMSUB, and a room's on its channel", async () => {
    const { url, delivery, look, errors } = await setUp();
    const b = await subscriber(url, [nodeChannel('node-b'), roomChannel('r1')]);
    await look.config('RESETSTAT');
    delivery.toClient('r1', member('bob', 'node-b'), frame('1'));
    await until(() => b.length === 1);
    const stats = await look.info('commandstats');
    expect(/cmdstat_publish:calls=(\d+)/.exec(stats)?.[1]).toBe('1');
    expect(stats).not.toContain('cmdstat_pubsub|numsub');
    delivery.toRoom('r1', [member('bob', 'node-b')], frame('2'), 'ada');
    await until(() => b.length === 2);
    expect(b).toEqual(['parley:node:node-b 1', 'parley:{r1}:channel 2']);
    expect(errors).toEqual([]);
  });

  it('sends a lone frame for a member another node took over to that node', async () => {
    const { url, delivery, look } = await setUp();
    const b = await subscriber(url, [nodeChannel('node-b')]);
    const c = await subscriber(url, [nodeChannel('node-c')]);
    await look.hset('parley:{r1}:slot:moved', 'node', 'node-c', 'first', '1');
    delivery.toClient('r1', member('moved', 'node-b'), frame('2'));
    await nextTurn();
    delivery.toClient('r1', member('bob', 'node-b'), frame('3'));
    await until(() => b.length === 1 && c.length === 1);
    expect(b).toEqual(['parley:node:node-b 3']);
    expect(c).toEqual(['parley:node:node-c 2']);
  });

  it('keeps a lone frame for a member of a dead node, and a lone room frame for that member, in its replay log', async () => {
    const { url, delivery, look } = await setUp();
    const b = await subscriber(url, [nodeChannel('node-b'), roomChannel('r1')]);
    await look.hset('parley:{r1}:slot:ada', 'node', 'node-d', 'first', '1');
    await look.pexpire('parley:{r1}:slot:ada', 60_000);
    delivery.toClient('r1', member('ada', 'node-d'), frame('for ada'));
    await nextTurn();
    delivery.toRoom('r1', [member('bob', 'node-b'), member('ada', 'node-d')], frame('to the room'));
    await until(() => b.length === 1);
    await until(async () => (await look.llen('parley:{r1}:replay:ada')) === 2);
    expect(b).toEqual(['parley:{r1}:channel to the room']);
    expect(await look.lrange('parley:{r1}:replay:ada', 0, -1)).toEqual(['for ada', 'to the room']);
    expect(await look.hget('parley:{r1}:slot:ada', 'orphan')).toBe('1');
  });
});
