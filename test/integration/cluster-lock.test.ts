// Locking a room from inside the call across nodes (issue 13, docs/cluster.md,
// docs/protocol-reliability.md §2): a member's set-lock on one node changes
// the lock in Redis that every node's admission checks, every node's cached
// lock (what its renewal restores if Redis lost the key), and every opted-in
// member on every node hears `room-lock` with who did it, in the order the
// changes took effect. A Camus client is told nothing. Real redis-server, two
// nodes in this process.
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/server.js';
import { ClusterClients, untilRedis } from '../helpers/cluster-clients.js';
import { TestClient, type Frame } from '../helpers/ws-client.js';

const GC = 'ground control';
const cluster = new ClusterClients();
const refusedClients: TestClient[] = [];
afterEach(async () => {
  for (const client of refusedClients.splice(0)) client.ws.terminate();
  await cluster.stop();
});

const isLock = (f: Frame) => f.type === 'room-lock';
const lockKey = (room: string) => `parley:{${room}}:lock`;

async function refused(node: RunningServer, room: string, query: string): Promise<{ code: number; reason: string; error: unknown }> {
  const client = TestClient.open(node.url, room, {}, query);
  refusedClients.push(client);
  const { code, reason } = await client.closedWith();
  return { code, reason, error: client.frames.find((f) => f.type === 'error')?.data };
}

// Each test starts Redis and two nodes and hashes passwords with scrypt: slow on a loaded machine.
describe('set-lock from inside the call, across nodes', { timeout: 30_000 }, () => {
  it('locks for joiners on every node, tells every member who did it, and unlocks for all', async () => {
    const redis = await cluster.redis();
    const look = cluster.inspector(redis);
    const [n1, n2] = [await cluster.node(redis.url), await cluster.node(redis.url)];
    const room = 'lock-across';
    const [ada, bob] = await cluster.pair(n2.url, n1.url, room);
    // A Camus client on Ada's node: no session asked for, so no room-lock ever.
    const leo = await cluster.connect(n2.url, room, '');
    leo.send({ receiver: GC, type: 'profile', data: { username: 'Leo' } });
    await ada.next((f) => f.type === 'room-info' && JSON.stringify(f.data).includes('Leo'));

    const reply = await bob.request({ receiver: GC, type: 'set-lock', data: { locked: true, password: 'pw 1' } }, 'lock-1');
    expect(reply).toMatchObject({ type: 'room-lock', id: 'lock-1', data: { locked: true, changed: true, by: bob.id, name: 'Bob' } });
    expect((await ada.next(isLock)).data).toEqual({ locked: true, changed: true, by: bob.id, name: 'Bob' });
    // Redis holds the new salt and hash with Bob's id, and Ada's node caches that very lock.
    const stored = await look.get(lockKey(room));
    expect(stored).toMatch(new RegExp(`^[0-9a-f]+\\.[0-9a-f]+\\.${bob.id}$`));
    expect(n2.cluster!.seats.lockOf(room)).toBe(stored);
    expect(n1.cluster!.seats.lockOf(room)).toBe(stored);

    const none = await refused(n2, room, '?session=1');
    expect(none).toMatchObject({ code: 4001, reason: 'password-required', error: { code: 'password-required' } });
    const wrong = await refused(n2, room, '?session=1&password=pw');
    expect(wrong).toMatchObject({ reason: 'wrong-password', error: { code: 'wrong-password' } });
    const cat = await cluster.join(n2.url, room, 'Cat', '&password=pw%201');
    await cat.next((f) => f.type === 'room-info');
    expect(cat.frames.map((f) => f.type).slice(0, 3)).toEqual(['greeting', 'session', 'room-lock']);
    expect(cat.frames[2]?.data).toEqual({ locked: true, changed: false, by: bob.id, name: 'Bob' });

    // Redis loses the key (a restart): Ada's node's renewal puts back the new lock, not the open room it admitted her to.
    await look.del(lockKey(room));
    n2.cluster!.bus.renewAll();
    await untilRedis(
      () => look.get(lockKey(room)),
      (value) => value === stored,
    );

    await bob.request({ receiver: GC, type: 'set-lock', data: { locked: false } }, 'unlock-1');
    const unlocked = { locked: false, changed: true, by: bob.id, name: 'Bob' };
    expect((await ada.next(isLock)).data).toEqual(unlocked);
    expect((await cat.next(isLock)).data).toEqual(unlocked);
    // Open, and no node would restore the old password: the key says so and no cache holds it.
    expect(await look.get(lockKey(room))).toBe('');
    expect([n1.cluster!.seats.lockOf(room), n2.cluster!.seats.lockOf(room)]).toEqual(['', '']);
    n1.cluster!.bus.renewAll();
    n2.cluster!.bus.renewAll();
    const dan = await cluster.join(n2.url, room, 'Dan');
    await dan.next((f) => f.type === 'room-info');
    expect(dan.frames.some(isLock)).toBe(false);
    expect(await look.get(lockKey(room))).toBe('');

    // Leo was in the room throughout, on the node where Ada and Cat heard both changes.
    expect(leo.frames.some(isLock)).toBe(false);
  });

  it('tells members on the other node the changes in the order they took effect, and admits by the last', async () => {
    const redis = await cluster.redis();
    const [n1, n2] = [await cluster.node(redis.url), await cluster.node(redis.url)];
    const room = 'lock-order';
    const [ada, bob] = await cluster.pair(n2.url, n1.url, room);
    // Three changes sent at once, and one by Ada from the other node after them.
    bob.send({ receiver: GC, type: 'set-lock', data: { locked: true, password: 'one' }, id: 'a' });
    bob.send({ receiver: GC, type: 'set-lock', data: { locked: false }, id: 'b' });
    const last = bob.request({ receiver: GC, type: 'set-lock', data: { locked: true, password: 'two' } }, 'c');
    await last;
    const heard = [await ada.next(isLock), await ada.next(isLock), await ada.next(isLock)].map((f) => f.data);
    expect(heard).toEqual([
      { locked: true, changed: true, by: bob.id, name: 'Bob' },
      { locked: false, changed: true, by: bob.id, name: 'Bob' },
      { locked: true, changed: true, by: bob.id, name: 'Bob' },
    ]);
    expect((await refused(n2, room, '?session=1&password=one')).reason).toBe('wrong-password');
    const cat = await cluster.join(n2.url, room, 'Cat', '&password=two');
    await cat.next((f) => f.type === 'room-info');

    await ada.request({ receiver: GC, type: 'set-lock', data: { locked: true, password: 'three' } }, 'd');
    expect((await bob.next((f) => isLock(f) && f.id === undefined)).data).toEqual({ locked: true, changed: true, by: ada.id, name: 'Ada' });
    expect((await refused(n1, room, '?session=1&password=two')).reason).toBe('wrong-password');
    const dan = await cluster.join(n1.url, room, 'Dan', '&password=three');
    expect((await dan.next(isLock)).data).toEqual({ locked: true, changed: false, by: ada.id, name: 'Ada' });
  });

  it('gives members on both nodes the same order when members on two nodes change the lock at once, ending with the lock in force', async () => {
    const redis = await cluster.redis();
    const look = cluster.inspector(redis);
    const [n1, n2] = [await cluster.node(redis.url), await cluster.node(redis.url)];
    const room = 'lock-race';
    const [ada, bob] = await cluster.pair(n2.url, n1.url, room);
    const rounds = 6;
    for (let i = 0; i < rounds; i++) {
      for (const [who, name] of [
        [ada, 'a'],
        [bob, 'b'],
      ] as const) {
        const data = i % 2 === 0 ? { locked: true, password: `${name}${i}` } : { locked: false };
        who.send({ receiver: GC, type: 'set-lock', data, id: `${name}${i}` });
      }
    }
    const changes = async (client: TestClient) => {
      const heard: string[] = [];
      while (heard.length < rounds * 2) {
        const frame = await client.next((f) => isLock(f) && (f.data as { changed: boolean }).changed, 10_000);
        const data = frame.data as { locked: boolean; by: string };
        heard.push(`${data.by === ada.id ? 'Ada' : 'Bob'}:${data.locked}`);
      }
      return heard;
    };
    const [adaHeard, bobHeard] = await Promise.all([changes(ada), changes(bob)]);
    expect(adaHeard).toEqual(bobHeard);
    // The last change both heard is the one in force in Redis, which every node's admission checks.
    const last = adaHeard.at(-1)!;
    const stored = await look.get(lockKey(room));
    expect(last.endsWith(':false') ? stored : stored?.split('.')[2]).toBe(last.endsWith(':false') ? '' : last.startsWith('Ada') ? ada.id : bob.id);
  });
});
