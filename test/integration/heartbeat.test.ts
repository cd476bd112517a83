// The heartbeat for real: a short ping period, a client that stops answering
// pings (ws autoPong: false), and the room being told it is gone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/server.js';
import { startTestServer } from '../helpers/test-server.js';
import { TestClient, type Frame } from '../helpers/ws-client.js';

// Short enough to keep the test quick, long enough that a busy test machine
// does not delay a pong past it.
const PERIOD_MS = 250;
let server: RunningServer;
const open: TestClient[] = [];

beforeAll(async () => {
  server = await startTestServer({ HEARTBEAT_INTERVAL_MS: String(PERIOD_MS), RESUME_GRACE_MS: '60000' });
});
afterAll(async () => {
  for (const c of open) c.ws.terminate();
  await server.close();
});

async function join(room: string, username: string, options = {}, query = ''): Promise<TestClient> {
  const client = await TestClient.connect(server.url, room, options, query);
  open.push(client);
  client.send({ receiver: 'ground control', type: 'profile', data: { username } });
  await client.next((f) => f.type === 'room-info');
  return client;
}

const isInfoWithout = (id: string) => (f: Frame) => f.type === 'room-info' && !(f.data as { clients: { id: string }[] }).clients.some((c) => c.id === id);

/** Resolves after `client` has been pinged `count` more times. */
function pinged(client: TestClient, count: number): Promise<void> {
  return new Promise((resolve) => {
    let left = count;
    const onPing = () => {
      if (--left === 0) {
        client.ws.off('ping', onPing);
        resolve();
      }
    };
    client.ws.on('ping', onPing);
  });
}

describe('heartbeat', { timeout: 20_000 }, () => {
  it('keeps a client that answers pings', async () => {
    const alive = await join('hb-alive', 'Alive');
    await pinged(alive, 4);
    expect(alive.ws.readyState).toBe(alive.ws.OPEN);
    expect(server.manager.room('hb-alive')?.get(alive.id)).toBeDefined();
  });

  it('removes a client that stops answering pings, and tells its room', async () => {
    const watcher = await join('hb-dead', 'Watcher');
    const mute = await join('hb-dead', 'Mute', { autoPong: false });
    const started = Date.now();
    const [code] = await Promise.all([mute.closed(), watcher.next(isInfoWithout(mute.id))]);
    expect(code).toBe(1006); // cut off, no closing handshake
    // Timing is loose (a busy machine delays timers), but well under the 30 s promise.
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(server.manager.room('hb-dead')?.get(mute.id)).toBeUndefined();
  });

  it('holds the slot of a silent resumable client no longer than the grace from its last pong', async () => {
    // Grace 60 s here, so only the cut-off path is tested: its slot stays, held for resumption.
    const mute = await join('hb-resumable', 'Mute', { autoPong: false }, '?session=1');
    expect(await mute.closed()).toBe(1006);
    const slot = server.manager.room('hb-resumable')?.get(mute.id);
    expect(slot).toBeDefined();
    expect(server.gatekeeper.sessionCount).toBeGreaterThan(0);
  });
});
