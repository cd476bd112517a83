// A node joining and leaving a cluster while a call runs across two others
// (issue 13): the newcomer's member shows in every room-info and reaches the
// others; when that node shuts down, its member leaves every room-info at
// once (not when its lease runs out), and the call between the other two
// nodes loses, repeats and reorders none of its frames throughout.
// Real redis-server, nodes in this process. docs/cluster.md.
import { describe, expect, it } from 'vitest';
import { startRedis } from '../helpers/redis.js';
import { roomInfoNames, useClusterCases } from '../helpers/cluster-cases.js';
import { startTestServer } from '../helpers/test-server.js';
import { TestClient, type Frame } from '../helpers/ws-client.js';

const cases = useClusterCases();
const { node, join } = cases;

/**
 * Resolves with the first frame from `from` on (an index into client.frames)
 * that matches. Unlike TestClient.next it keeps no place of its own, so it
 * can run beside the call's own waits on the same client.
 */
function seen(client: TestClient, from: number, match: (f: Frame) => boolean, timeoutMs: number): Promise<Frame> {
  const found = client.frames.slice(from).find(match);
  if (found) return Promise.resolve(found);
  return new Promise((resolve, reject) => {
    // Registered after TestClient's own listener, so the frame is in client.frames by now.
    const onMessage = () => {
      const frame = client.frames.at(-1);
      if (!frame || !match(frame)) return;
      clearTimeout(timer);
      client.ws.off('message', onMessage);
      resolve(frame);
    };
    const timer = setTimeout(() => {
      client.ws.off('message', onMessage);
      reject(new Error(`no matching frame within ${timeoutMs} ms`));
    }, timeoutMs);
    client.ws.on('message', onMessage);
  });
}

function roomInfoWith(client: TestClient, wanted: string[], { from = 0, timeoutMs = 5000 } = {}): Promise<Frame> {
  const list = [...wanted].sort().join(',');
  return seen(client, from, (f) => f.type === 'room-info' && roomInfoNames(f) === list, timeoutMs);
}

const sdpOf = (f: Frame) => (f.data as { sdp?: unknown }).sdp;

function offer(from: TestClient, to: TestClient, sdp: string): Promise<Frame> {
  const arrived = to.next((f) => f.type === 'offer' && sdpOf(f) === sdp, 10_000);
  from.send({ receiver: to.id, type: 'offer', data: { type: 'offer', sdp } });
  return arrived;
}

/**
 * The call's signaling, kept going: `from` sends numbered offers to `to`, the
 * next as soon as the last arrived, until stopped. `more(n)` resolves once n
 * more have arrived, so that each step of a test is taken with the call
 * running; `stop` resolves with how many went.
 */
function keepSignaling(from: TestClient, to: TestClient): { more: (count: number) => Promise<void>; stop: () => Promise<number> } {
  let isStopped = false;
  let sent = 0;
  const waiters: { at: number; resolve: () => void }[] = [];
  const running = (async () => {
    while (!isStopped) {
      await offer(from, to, `call-${++sent}`);
      for (const waiter of waiters.filter((w) => w.at <= sent)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
    return sent;
  })();
  return {
    more: (count) => new Promise((resolve) => waiters.push({ at: sent + count, resolve })),
    stop: () => {
      isStopped = true;
      return running;
    },
  };
}

describe('a node joining and leaving while a call runs', () => {
  it('shows the new node’s member everywhere, drops it at once when that node shuts down, and the call between the others loses nothing', async () => {
    const redis = await startRedis();
    cases.cleanup(() => redis.stop());
    const [a, b] = [await node(redis.url), await node(redis.url)];
    const room = 'scale-room';
    const ada = await join(a.url, room, 'Ada');
    await roomInfoWith(ada, ['Ada']);
    const bob = await join(b.url, room, 'Bob');
    await roomInfoWith(ada, ['Ada', 'Bob']);
    const call = keepSignaling(ada, bob);
    await call.more(50);

    // A third node starts, and someone joins the room through it.
    const c = await startTestServer({ REDIS_URL: redis.url, HISTORY_STORE: 'memory' });
    let isCStopped = false;
    cases.cleanup(async () => isCStopped || c.close());
    const cat = await join(c.url, room, 'Cat');
    await Promise.all([roomInfoWith(ada, ['Ada', 'Bob', 'Cat']), roomInfoWith(bob, ['Ada', 'Bob', 'Cat']), roomInfoWith(cat, ['Ada', 'Bob', 'Cat'])]);
    await offer(cat, ada, 'from-c');
    await offer(bob, cat, 'to-c');
    await call.more(50);

    // It shuts down: Cat's socket closes, and Cat leaves the room everywhere well before a lease (10 s) would run out.
    const stoppedAt = Date.now();
    const [adaFrom, bobFrom] = [ada.frames.length, bob.frames.length];
    const catClosed = cat.closed();
    await c.close();
    isCStopped = true;
    await catClosed;
    await Promise.all([roomInfoWith(ada, ['Ada', 'Bob'], { from: adaFrom, timeoutMs: 3000 }), roomInfoWith(bob, ['Ada', 'Bob'], { from: bobFrom, timeoutMs: 3000 })]);
    const leftMs = Date.now() - stoppedAt;
    await call.more(50);

    const sent = await call.stop();
    const received = bob.frames.filter((f) => f.type === 'offer' && String(sdpOf(f)).startsWith('call-')).map(sdpOf);
    expect(received).toEqual(Array.from({ length: sent }, (_, i) => `call-${i + 1}`));
    expect(sent).toBeGreaterThan(0);
    console.log(`node shutdown: its member left room-info after ${leftMs} ms; the call across the other nodes relayed ${sent} offers in order meanwhile`);
  }, 60_000);
});
