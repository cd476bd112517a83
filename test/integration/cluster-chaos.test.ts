// Failures in a cluster (docs/cluster.md): Redis killed mid-call and started
// again empty, and a node killed with SIGKILL. Local members are served
// throughout; cross-node delivery, every channel's subscription and the
// membership come back once Redis does; a dead node's members leave every
// room-info once its lease ends. Times are printed, for docs/cluster.md.
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { startRedis, type RedisServer } from '../helpers/redis.js';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';
import { roomInfoNames, useClusterCases } from '../helpers/cluster-cases.js';
import { TestClient, type Frame } from '../helpers/ws-client.js';

const cases = useClusterCases();
const { node, join } = cases;

async function redisServer(options?: { appendOnly?: boolean }): Promise<RedisServer> {
  const redis = await startRedis(options);
  cases.cleanup(() => redis.stop());
  return redis;
}

function roomInfoWith(client: TestClient, wanted: string[], timeoutMs = 5000): Promise<Frame> {
  const list = [...wanted].sort().join(',');
  return client.next((f) => f.type === 'room-info' && roomInfoNames(f) === list, timeoutMs);
}

function offer(from: TestClient, to: TestClient, sdp: string): Promise<Frame> {
  const arrived = to.next((f) => f.type === 'offer' && (f.data as { sdp: string }).sdp === sdp, 10_000);
  from.send({ receiver: to.id, type: 'offer', data: { type: 'offer', sdp } });
  return arrived;
}

describe('Redis killed mid-call and restarted empty', () => {
  it('keeps local members served, says degraded, and after the restart resubscribes every channel and rewrites membership', async () => {
    // No appendonly: Redis comes back with nothing, so all membership must be rewritten by the nodes.
    const redis = await redisServer({ appendOnly: false });
    const [a, b] = [await node(redis.url), await node(redis.url)];
    const room = 'chaos-redis';
    const a1 = await join(a.url, room, 'A1');
    const a2 = await join(a.url, room, 'A2');
    const b1 = await join(b.url, room, 'B1');
    await roomInfoWith(a1, ['A1', 'A2', 'B1']);
    await offer(a1, b1, 'before');

    const down = Promise.all([a, b].map((n) => new Promise((resolve) => n.cluster!.once('down', resolve))));
    await redis.kill9();
    await down;

    // Local members: relay, room-info, chat; a newcomer is admitted by the node alone.
    await offer(a1, a2, 'during');
    const info = await a2.request({ receiver: 'ground control', type: 'get-room-info' });
    expect(roomInfoNames(info)).toBe('A1,A2,B1'); // the other node's members as last known: their calls go on
    a2.send({ receiver: 'room', type: 'text', data: { text: 'still here', mid: 'm-during' } });
    expect(await a1.next((f) => f.type === 'text')).toMatchObject({ data: { text: 'still here' } });
    const a3 = await join(a.url, room, 'A3');
    await roomInfoWith(a3, ['A1', 'A2', 'A3', 'B1']);
    const health = (await (await fetch(`${a.url}/healthz`)).json()) as { status: string; reason: string };
    expect(health.status).toBe('degraded');
    expect(health.reason).toMatch(/Redis/);
    expect(await (await fetch(`${a.url}/metrics`)).text()).toMatch(/^parley_cluster_redis_up 0$/m);

    const restarted = Date.now();
    const resubscribed = Promise.all([a, b].map((n) => new Promise((resolve) => n.cluster!.bus.once('subscribed', resolve))));
    await redis.restart();
    await resubscribed;
    const subscribedMs = Date.now() - restarted;
    // Asked of Redis itself, not of ioredis: the room's channel has both nodes again.
    const probe = new Redis(redis.url, { lazyConnect: true });
    cases.cleanup(async () => probe.disconnect());
    await probe.connect();
    const [, subscribers] = (await probe.pubsub('NUMSUB', `parley:{${room}}:channel`)) as [string, number];
    expect(subscribers).toBe(2);
    await offer(a3, b1, 'after');
    const deliveredMs = Date.now() - restarted;
    // Membership rewritten from the nodes: Redis lists all four, and a newcomer on b sees them.
    const b2 = await join(b.url, room, 'B2');
    await roomInfoWith(b2, ['A1', 'A2', 'A3', 'B1', 'B2']);
    expect(await probe.hlen(`parley:{${room}}:members`)).toBe(5);
    expect((await (await fetch(`${a.url}/healthz`)).json()) as { status: string }).toMatchObject({ status: 'ok' });
    console.log(`redis restart: channels resubscribed after ${subscribedMs} ms, first cross-node frame after ${deliveredMs} ms`);
  }, 60_000);
});

describe('a node killed with SIGKILL', () => {
  it('leaves every room-info on the other nodes once its lease ends', async () => {
    const redis = await redisServer();
    const a = await node(redis.url);
    const doomed: ServerProcess = await startServerProcess({ REDIS_URL: redis.url });
    cases.cleanup(() => doomed.kill());
    const room = 'chaos-node';
    const a1 = await join(a.url, room, 'A1');
    const c1 = await join(doomed.url, room, 'C1');
    await roomInfoWith(a1, ['A1', 'C1'], 10_000);
    await offer(c1, a1, 'alive');
    const killedAt = Date.now();
    await doomed.kill('SIGKILL');
    await roomInfoWith(a1, ['A1'], 10_000);
    console.log(`node kill -9: its member left room-info after ${Date.now() - killedAt} ms`);
  }, 60_000);
});
