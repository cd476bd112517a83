// What the cluster's resume tests share (test/integration/cluster-resume*.test.ts):
// a real redis-server, nodes in this process or as their own (killable)
// process, clients of a room, and ways to read what a client has seen and
// what Redis holds. Everything started is stopped by `stop()` (call it in
// afterEach, so also after a failure): clients first, then nodes, then Redis.
import { Redis } from 'ioredis';
import type { RunningServer } from '../../server/server.js';
import { startRedis, type RedisServer } from './redis.js';
import { startServerProcess, type ServerProcess } from './server-process.js';
import { startTestServer } from './test-server.js';
import { TestClient, type Frame } from './ws-client.js';

export { seen, tokenOf } from './session-frames.js';

export class ClusterClients {
  readonly #cleanups: (() => Promise<unknown>)[] = [];

  async stop(): Promise<void> {
    for (const cleanup of this.#cleanups.splice(0).reverse()) await cleanup().catch(() => {});
  }

  async redis(options?: { appendOnly?: boolean }): Promise<RedisServer> {
    const redis = await startRedis(options);
    this.#cleanups.push(() => redis.stop());
    return redis;
  }

  /** A client of the test's own, to look at what Redis holds. */
  inspector(redis: RedisServer): Redis {
    const client = new Redis(redis.url, { maxRetriesPerRequest: 1 });
    this.#cleanups.push(async () => client.disconnect());
    return client;
  }

  async node(redisUrl: string, env: Record<string, string> = {}): Promise<RunningServer> {
    const server = await startTestServer({ REDIS_URL: redisUrl, HISTORY_STORE: 'off', ...env });
    this.#cleanups.push(() => server.close());
    return server;
  }

  /** A node as its own process, to be killed with SIGKILL. */
  async process(redisUrl: string, env: Record<string, string> = {}): Promise<ServerProcess> {
    const server = await startServerProcess({ REDIS_URL: redisUrl, HISTORY_STORE: 'off', ...env });
    this.#cleanups.push(() => server.kill());
    return server;
  }

  async connect(url: string, room: string, query: string): Promise<TestClient> {
    const client = await TestClient.connect(url, room, {}, query);
    this.#cleanups.push(async () => client.ws.terminate());
    return client;
  }

  async join(url: string, room: string, username: string, query = ''): Promise<TestClient> {
    const client = await this.connect(url, room, `?session=1${query}`);
    client.send({ receiver: 'ground control', type: 'profile', data: { username } });
    return client;
  }

  /** Ada on `adaUrl`, Bob on `bobUrl`, in one room, each having seen both. */
  async pair(adaUrl: string, bobUrl: string, room: string): Promise<[TestClient, TestClient]> {
    const ada = await this.join(adaUrl, room, 'Ada');
    await ada.next((f) => f.type === 'room-info');
    const bob = await this.join(bobUrl, room, 'Bob');
    await Promise.all([infoWithIds(ada, [ada.id, bob.id]), infoWithIds(bob, [ada.id, bob.id])]);
    return [ada, bob];
  }
}

export function ids(frame: Frame): string[] {
  return (frame.data as { clients: { id: string }[] }).clients.map((c) => c.id).sort();
}

export function infoWithIds(client: TestClient, wanted: string[], timeoutMs = 10_000): Promise<Frame> {
  const list = [...wanted].sort().join(',');
  return client.next((f) => f.type === 'room-info' && ids(f).join(',') === list, timeoutMs);
}

export function candidate(to: string, n: number): Record<string, unknown> {
  return { receiver: to, type: 'icecandidate', data: { candidate: `candidate:${n}`, sdpMid: '0' } };
}

export const candidateNumber = (f: Frame) => (f.data as { candidate: string }).candidate;

/** Waits, round trip by round trip (no timer), until `check` holds of what Redis answers. */
export async function untilRedis<T>(ask: () => Promise<T>, check: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await ask();
    if (check(value)) return value;
    if (Date.now() > deadline) throw new Error(`Redis never answered as expected; last ${JSON.stringify(value)}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}
