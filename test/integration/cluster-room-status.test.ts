// The lobby's room status in a cluster (issue 13, docs/cluster.md "The
// lobby's room status"): GET /api/rooms/<room>/status asked of a node that
// holds nobody of the room answers for the whole room, from Redis: occupied,
// locked (in the lobby or from inside the call, on another node), and the
// names only while the room is not locked, as on one node. With Redis down
// the node answers from what it holds itself, and never fails. Real
// redis-server, two nodes in this process.
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/server.js';
import { ClusterClients, untilRedis } from '../helpers/cluster-clients.js';

const GC = 'ground control';
const cluster = new ClusterClients();
afterEach(() => cluster.stop());

/** The lobby asks often: a limit this test never meets. */
const LOBBY = { ROOM_STATUS_RATE_LIMIT: '100000' };

async function status(node: RunningServer, room: string): Promise<unknown> {
  const response = await fetch(`${node.url}/api/rooms/${room}/status`);
  expect(response.status).toBe(200);
  return response.json();
}

/** Names held by other nodes come in the order Redis lists them, not the room's: compared as a set where `isAnyOrder`. */
function normal(value: unknown, isAnyOrder: boolean): string {
  if (!isAnyOrder || typeof value !== 'object' || value === null || !('names' in value) || !Array.isArray(value.names)) return JSON.stringify(value);
  return JSON.stringify({ ...value, names: [...(value.names as unknown[])].map(String).sort() });
}

/** Asks until the answer is `wanted` (Redis learns a name or a lock a round trip after the member's node does). */
async function statusBecomes(node: RunningServer, room: string, wanted: unknown, isAnyOrder = false): Promise<void> {
  const last = await untilRedis(
    () => status(node, room),
    (value) => normal(value, isAnyOrder) === normal(wanted, isAnyOrder),
  );
  expect(normal(last, isAnyOrder)).toBe(normal(wanted, isAnyOrder));
}

// Scrypt and two nodes per test: slow on a loaded machine.
describe('the room status across nodes', { timeout: 30_000 }, () => {
  it('names the members held by another node, and says an empty room is empty', async () => {
    const redis = await cluster.redis();
    const [a, b] = [await cluster.node(redis.url), await cluster.node(redis.url, LOBBY)];
    await cluster.pair(a.url, a.url, 'across');
    await statusBecomes(b, 'across', { occupied: true, locked: false, names: ['Ada', 'Bob'] }, true);
    expect(await status(b, 'nobody-here')).toEqual({ occupied: false, locked: false });
    // A member on B too: its own first, then those only Redis told it of, each once.
    await cluster.join(b.url, 'across', 'Cat');
    const both = await untilRedis(
      () => status(b, 'across'),
      (value) => JSON.stringify(value).includes('Cat') && JSON.stringify(value).includes('Bob'),
    );
    expect(both).toMatchObject({ occupied: true, locked: false, names: ['Cat', expect.any(String), expect.any(String)] });
    expect(normal(both, true)).toBe(normal({ occupied: true, locked: false, names: ['Ada', 'Bob', 'Cat'] }, true));
  });

  it('says a room locked on another node is locked, from inside the call or in the lobby, and names nobody', async () => {
    const redis = await cluster.redis();
    const [a, b] = [await cluster.node(redis.url), await cluster.node(redis.url, LOBBY)];
    const [, bob] = await cluster.pair(a.url, a.url, 'inside');
    await statusBecomes(b, 'inside', { occupied: true, locked: false, names: ['Ada', 'Bob'] }, true);
    await bob.request({ receiver: GC, type: 'set-lock', data: { locked: true, password: 'pw 1' } }, 'lock-1');
    expect(await status(b, 'inside')).toEqual({ occupied: true, locked: true });
    await bob.request({ receiver: GC, type: 'set-lock', data: { locked: false } }, 'unlock-1');
    expect(normal(await status(b, 'inside'), true)).toBe(normal({ occupied: true, locked: false, names: ['Ada', 'Bob'] }, true));

    const dan = await cluster.join(a.url, 'lobby-locked', 'Dan', '&password=secret');
    await dan.next((f) => f.type === 'room-info');
    await statusBecomes(b, 'lobby-locked', { occupied: true, locked: true });
  });

  it('answers from its own members while Redis is down, and from the whole room once it is back', async () => {
    const redis = await cluster.redis();
    const [a, b] = [await cluster.node(redis.url), await cluster.node(redis.url, LOBBY)];
    await cluster.pair(a.url, a.url, 'outage');
    await cluster.join(b.url, 'elsewhere', 'Eve');
    await statusBecomes(b, 'outage', { occupied: true, locked: false, names: ['Ada', 'Bob'] }, true);
    await redis.kill9();
    await untilRedis(
      async () => (await fetch(`${b.url}/healthz`)).text(),
      (body) => body.includes('degraded'),
    );
    // B holds nobody of the room: as a single node, it says so; it answers for its own room.
    expect(await status(b, 'outage')).toEqual({ occupied: false, locked: false });
    await statusBecomes(b, 'elsewhere', { occupied: true, locked: false, names: ['Eve'] });
    await redis.restart();
    // A's renewal writes its members again (at most one renewal period, 2 s).
    await statusBecomes(b, 'outage', { occupied: true, locked: false, names: ['Ada', 'Bob'] }, true);
  });
});
