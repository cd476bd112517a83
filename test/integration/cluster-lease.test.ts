// One lease per node (docs/cluster.md, "What Redis holds"): parley:nodes
// holds each node's lease, parley:rooms-of:<node> the rooms it holds members
// of. Real redis-server, real nodes (one a separate process, killed with
// SIGKILL). A dead node is reaped from every room, also rooms no other node
// holds anyone of; Redis restarted empty gets every node's members back
// from the nodes; a node's room set follows its members' joins and leaves;
// a node that missed a membership message reads the room again.
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/server.js';
import { ClusterClients, ids, infoWithIds, seen, tokenOf, untilRedis } from '../helpers/cluster-clients.js';
import type { TestClient } from '../helpers/ws-client.js';

const cluster = new ClusterClients();
afterEach(() => cluster.stop());

const members = (room: string) => `parley:{${room}}:members`;
const roomsOf = (node: string) => `parley:rooms-of:${node}`;

async function nodeIds(look: Redis): Promise<string[]> {
  return (await look.zrange('parley:nodes', 0, -1)).sort();
}

function idOf(node: RunningServer): string {
  return node.cluster!.nodeId;
}

/** A member without a resumable session: closing its socket is leaving, not a pause. */
async function member(url: string, room: string, username: string): Promise<TestClient> {
  const client = await cluster.connect(url, room, '');
  client.send({ receiver: 'ground control', type: 'profile', data: { username } });
  return client;
}

describe('one lease per node', () => {
  it('reaps a node killed with SIGKILL from every room within 10 s, also rooms no other node holds anyone of', async () => {
    const redis = await cluster.redis();
    const look = cluster.inspector(redis);
    const a = await cluster.node(redis.url);
    const doomed = await cluster.process(redis.url, { RESUME_GRACE_MS: '60000' });
    const ada = await cluster.join(a.url, 'shared', 'Ada');
    const cy = await cluster.join(doomed.url, 'shared', 'Cy');
    await infoWithIds(ada, [ada.id, cy.id]);
    const alone = [await cluster.join(doomed.url, 'alone-1', 'Dee'), await cluster.join(doomed.url, 'alone-1', 'Eve'), await cluster.join(doomed.url, 'alone-2', 'Fay')];
    for (const client of alone) await client.next((f) => f.type === 'room-info' && ids(f).includes(client.id));
    const [doomedId] = (await nodeIds(look)).filter((id) => id !== idOf(a));
    expect(doomedId).toBeDefined();
    expect((await look.smembers(roomsOf(doomedId!))).sort()).toEqual(['alone-1', 'alone-2', 'shared']);
    expect(await look.hlen(members('alone-1'))).toBe(2);
    // Attached: the slot lives as long as its node's lease, no TTL of its own.
    expect(await look.pttl(`parley:{shared}:slot:${cy.id}`)).toBe(-1);

    const killedAt = Date.now();
    await doomed.kill('SIGKILL');
    await infoWithIds(ada, [ada.id], 10_000);
    const leftMs = Date.now() - killedAt;
    // Every room the dead node held is cleaned up by the reaper: keys gone, lease and room set gone.
    expect(await look.exists(members('alone-1'), members('alone-2'), 'parley:{alone-1}:leases', 'parley:{alone-2}:leases')).toBe(0);
    expect(await look.exists(roomsOf(doomedId!))).toBe(0);
    expect(await nodeIds(look)).toEqual([idOf(a)]);
    expect(await look.zrange('parley:{shared}:leases', 0, -1)).toEqual([idOf(a)]);
    expect(await look.hkeys(members('shared'))).toEqual([ada.id]);
    // Cy's slot outlives the node by the grace period counted from its last renewal (at most 2 s before the kill).
    const ttl = await look.pttl(`parley:{shared}:slot:${cy.id}`);
    expect(ttl).toBeGreaterThan(60_000 - (Date.now() - killedAt) - 2_000 - 500);
    expect(ttl).toBeLessThanOrEqual(60_000);
    console.log(`node kill -9: reaped from 3 rooms; its member left room-info after ${leftMs} ms`);
  }, 60_000);

  it('gets every node’s members back within 2 s of Redis restarting empty', async () => {
    const redis = await cluster.redis({ appendOnly: false });
    const look = cluster.inspector(redis);
    look.on('error', () => {}); // refused while Redis is down: it reconnects
    const [a, b] = [await cluster.node(redis.url), await cluster.node(redis.url)];
    const [ada, bob] = await cluster.pair(a.url, b.url, 'restart');
    const cat = await cluster.join(b.url, 'restart-b', 'Cat');
    await cat.next((f) => f.type === 'room-info');
    const down = Promise.all([a, b].map((n) => new Promise((resolve) => n.cluster!.once('down', resolve))));
    await redis.kill9();
    await down;
    await redis.restart();
    const restartedAt = Date.now();
    const wanted = [[idOf(a), idOf(b)].sort(), [ada.id, bob.id].sort(), [cat.id]].join(' ');
    await untilRedis(
      async () => [await nodeIds(look), (await look.hkeys(members('restart'))).sort(), await look.hkeys(members('restart-b'))].join(' '),
      (held) => held === wanted,
      2_000,
    );
    const backMs = Date.now() - restartedAt;
    expect(await look.smembers(roomsOf(idOf(a)))).toEqual(['restart']);
    expect((await look.smembers(roomsOf(idOf(b)))).sort()).toEqual(['restart', 'restart-b']);
    console.log(`redis restart (empty): every member written back after ${backMs} ms`);
  }, 60_000);

  it('writes its members again when it finds its lease gone', async () => {
    const redis = await cluster.redis();
    const look = cluster.inspector(redis);
    const a = await cluster.node(redis.url);
    const ada = await cluster.join(a.url, 'lost', 'Ada');
    await ada.next((f) => f.type === 'room-info');
    // As if another node had reaped it during a long stall.
    await look.zrem('parley:nodes', idOf(a));
    await look.del(members('lost'), roomsOf(idOf(a)));
    await untilRedis(
      async () => [await look.hkeys(members('lost')), await look.smembers(roomsOf(idOf(a))), await nodeIds(look)].join(' '),
      (held) => held === [ada.id, 'lost', idOf(a)].join(' '),
      5_000,
    );
  }, 30_000);

  it('keeps a node’s room set to the rooms it holds members of, through joins, leaves and its shutdown', async () => {
    const redis = await cluster.redis();
    const look = cluster.inspector(redis);
    const [a, b] = [await cluster.node(redis.url), await cluster.node(redis.url)];
    const a1 = await member(a.url, 'one', 'A1');
    const a2 = await member(a.url, 'one', 'A2');
    const a3 = await member(a.url, 'two', 'A3');
    const b1 = await member(b.url, 'two', 'B1');
    await infoWithIds(b1, [a3.id, b1.id]);
    await a2.next((f) => f.type === 'room-info' && ids(f).length === 2);
    expect((await look.smembers(roomsOf(idOf(a)))).sort()).toEqual(['one', 'two']);
    expect((await look.zrange('parley:{two}:leases', 0, -1)).sort()).toEqual([idOf(a), idOf(b)].sort());

    a1.ws.close();
    await infoWithIds(a2, [a2.id]);
    expect((await look.smembers(roomsOf(idOf(a)))).sort()).toEqual(['one', 'two']); // A2 is still there
    a2.ws.close();
    await untilRedis(
      () => look.smembers(roomsOf(idOf(a))),
      (rooms) => rooms.join() === 'two',
    );
    expect(await look.exists(members('one'), 'parley:{one}:leases')).toBe(0);

    a3.ws.close();
    await infoWithIds(b1, [b1.id]);
    await untilRedis(
      () => look.exists(roomsOf(idOf(a))),
      (count) => count === 0,
    );
    expect(await look.zrange('parley:{two}:leases', 0, -1)).toEqual([idOf(b)]);
    expect(await look.smembers(roomsOf(idOf(b)))).toEqual(['two']);

    // A node that shuts down takes its lease and its room set with it.
    const c = await cluster.node(redis.url);
    const c1 = await member(c.url, 'two', 'C1');
    await infoWithIds(b1, [b1.id, c1.id]);
    expect(await look.smembers(roomsOf(idOf(c)))).toEqual(['two']);
    await c.close();
    await infoWithIds(b1, [b1.id]);
    expect(await nodeIds(look)).toEqual([idOf(a), idOf(b)].sort());
    expect(await look.exists(roomsOf(idOf(c)))).toBe(0);
  }, 30_000);

  it('drops a room from a node’s set when its last member there resumed on another node', async () => {
    const redis = await cluster.redis();
    const look = cluster.inspector(redis);
    const [a, b] = [await cluster.node(redis.url), await cluster.node(redis.url)];
    const [ada, bob] = await cluster.pair(a.url, b.url, 'moving');
    expect(await look.smembers(roomsOf(idOf(a)))).toEqual(['moving']);
    const parked = new Promise((resolve) => a.gatekeeper.once('parked', resolve));
    ada.ws.terminate();
    await parked;
    const back = await cluster.connect(b.url, 'moving', `?resume=${tokenOf(ada)}&seen=${seen(ada)}`);
    expect((await back.next((f) => f.type === 'session')).data).toMatchObject({ resumed: true });
    await untilRedis(
      () => look.exists(roomsOf(idOf(a))),
      (count) => count === 0,
    );
    expect(await look.smembers(roomsOf(idOf(b)))).toEqual(['moving']);
    expect(await look.zrange('parley:{moving}:leases', 0, -1)).toEqual([idOf(b)]);
    expect((await look.hkeys(members('moving'))).sort()).toEqual([ada.id, bob.id].sort());
  }, 30_000);

  it('reads a room again after its subscriber reconnected, and on another node’s rewrite: a missed message is not kept forever', async () => {
    const redis = await cluster.redis();
    const look = cluster.inspector(redis);
    const [a, b] = [await cluster.node(redis.url), await cluster.node(redis.url)];
    const ada = await cluster.join(a.url, 'missed', 'Ada');
    const bob = await cluster.join(b.url, 'missed', 'Bob');
    const ben = await cluster.join(b.url, 'missed', 'Ben');
    await infoWithIds(ada, [ada.id, bob.id, ben.id]);

    // Ben's record goes from Redis without a message (as if his `left` was published while a's subscriber was away).
    await look.hdel(members('missed'), ben.id);
    const subscriber = (await look.client('LIST')) as string;
    const line = subscriber.split('\n').find((l) => l.includes(`name=parley-sub-${idOf(a)}`));
    const clientId = /\bid=(\d+)/.exec(line ?? '')?.[1];
    expect(clientId).toBeDefined();
    const resubscribed = new Promise((resolve) => a.cluster!.bus.once('subscribed', resolve));
    await look.client('KILL', 'ID', clientId!);
    await resubscribed;
    await infoWithIds(ada, [ada.id, bob.id]);

    // A record written without a message, then b writes its members again (REWRITE): its `sync` makes a read the room.
    const record = JSON.stringify({ i: 'quiet-one', u: 'Quinn', p: 'x', n: idOf(b) });
    await look.hset(members('missed'), 'quiet-one', record);
    b.cluster!.bus.renewAll();
    await infoWithIds(ada, [ada.id, bob.id, ben.id, 'quiet-one']);
  }, 30_000);
});
