// A lock set from inside the call, with a real SQLite history store:
// "a locked room stays locked" (docs/protocol-history.md §5) holds for it as
// for a lobby lock, and unlocking opens the room's history again.
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/server.js';
import { startTestServer } from '../helpers/test-server.js';
import { TestClient } from '../helpers/ws-client.js';

const GC = 'ground control';
let server: RunningServer | undefined;
const open: TestClient[] = [];

afterEach(async () => {
  for (const c of open.splice(0)) c.ws.terminate();
  await server?.close();
  server = undefined;
});

async function join(room: string, username: string, query = '?session=1'): Promise<TestClient> {
  const client = await TestClient.connect(server!.url, room, {}, query);
  open.push(client);
  client.send({ receiver: GC, type: 'profile', data: { username } });
  await client.next((f) => f.type === 'room-info');
  return client;
}

/** Says bye, and waits until the server has let the session go (the room is then empty). */
async function leave(client: TestClient): Promise<void> {
  const ended = new Promise<void>((resolve) => server!.gatekeeper.once('ended', () => resolve()));
  client.send({ receiver: GC, type: 'bye' });
  await ended;
}

async function json(path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${server!.url}${path}`, { headers });
  return { status: response.status, body: await response.json() };
}

describe('a room locked from inside the call, with SQLite history', () => {
  it('stays locked after everyone left, and its history with it; unlocking opens both', async () => {
    server = await startTestServer({ HISTORY_STORE: 'sqlite' });
    const alice = await join('kept', 'Alice');
    await alice.request({ receiver: 'room', type: 'text', data: { text: 'before the lock', mid: 'm1' } });
    await alice.request({ receiver: GC, type: 'set-lock', data: { locked: true, password: 'inside' } });
    await leave(alice);

    expect(await json('/api/rooms/kept/status')).toEqual({ status: 200, body: { occupied: false, locked: true } });
    expect((await json('/api/rooms/kept/messages')).status).toBe(401);
    const refused = TestClient.open(server.url, 'kept', {}, '?session=1');
    open.push(refused);
    expect((await refused.closedWith()).reason).toBe('password-required');
    // Nobody may set a new password on it meanwhile.
    const other = TestClient.open(server.url, 'kept', {}, '?session=1&password=mine');
    open.push(other);
    expect((await other.closedWith()).reason).toBe('wrong-password');

    const back = await join('kept', 'Alice', '?session=1&password=inside');
    expect(back.frames.find((f) => f.type === 'room-lock')?.data).toEqual({ locked: true, changed: false });
    await back.request({ receiver: GC, type: 'set-lock', data: { locked: false } });
    await leave(back);

    expect(await json('/api/rooms/kept/status')).toEqual({ status: 200, body: { occupied: false, locked: false } });
    const history = await json('/api/rooms/kept/messages');
    expect(history.status).toBe(200);
    expect(JSON.stringify(history.body)).toContain('before the lock');
    // Open again: the next first person may lock it in the lobby.
    const next = await join('kept', 'Bob', '?session=1&password=new');
    expect(next.frames.find((f) => f.type === 'room-lock')?.data).toMatchObject({ locked: true, by: next.id });
  });
});
