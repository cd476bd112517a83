// The room lock against a real server (issue 14): a password the server
// cannot apply is refused, never ignored; a member locks and unlocks from
// inside the call and every opted-in member hears it with who did it; the
// lobby's status route says whether the room is in use and locked, and no
// more. Locks stored with the history: test/integration/room-lock-history.test.ts.
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/server.js';
import { seen, tokenOf } from '../helpers/session-frames.js';
import { startTestServer } from '../helpers/test-server.js';
import { TestClient, type Frame } from '../helpers/ws-client.js';

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

async function refused(room: string, query: string): Promise<{ frames: Frame[]; code: number; reason: string }> {
  const client = TestClient.open(server!.url, room, {}, query);
  open.push(client);
  const { code, reason } = await client.closedWith();
  return { frames: client.frames, code, reason };
}

async function status(room: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${server!.url}/api/rooms/${room}/status`, { headers });
}

const isLock = (f: Frame) => f.type === 'room-lock';

describe('a password the server cannot apply', () => {
  // Guards issue 14: Bob typed a password for a room Carol's friends were already in; it was dropped without a word.
  it('is refused with room-not-empty and 4007 when the room has people in it and no password, and the room stays open', async () => {
    server = await startTestServer();
    await join('busy', 'Alice');
    const bob = await refused('busy', '?session=1&password=secret');
    expect({ code: bob.code, reason: bob.reason }).toEqual({ code: 4007, reason: 'room-not-empty' });
    expect(bob.frames[0]).toMatchObject({ type: 'error', receiver: '', data: { code: 'room-not-empty' } });
    expect(await (await status('busy')).json()).toEqual({ occupied: true, locked: false, names: ['Alice'] });
    const carol = await join('busy', 'Carol');
    expect(carol.frames.some(isLock)).toBe(false);
  });
});

describe('locking from inside the call', () => {
  it('tells every member who locked it; a newcomer then needs the password, and hears who locked it', async () => {
    server = await startTestServer();
    const alice = await join('standup', 'Alice');
    const bob = await join('standup', 'Bob');
    const reply = await bob.request({ receiver: GC, type: 'set-lock', data: { locked: true, password: 'pw 1' } }, 'lock-1');
    expect(reply).toMatchObject({ type: 'room-lock', id: 'lock-1', data: { locked: true, changed: true, by: bob.id, name: 'Bob' } });
    expect((await alice.next(isLock)).data).toEqual({ locked: true, changed: true, by: bob.id, name: 'Bob' });

    expect(await (await status('standup')).json()).toEqual({ occupied: true, locked: true });
    const none = await refused('standup', '?session=1');
    expect({ code: none.code, reason: none.reason }).toEqual({ code: 4001, reason: 'password-required' });
    const wrong = await refused('standup', '?session=1&password=pw');
    expect(wrong.reason).toBe('wrong-password');
    const carol = await join('standup', 'Carol', '?session=1&password=pw%201');
    // Right after the session frame, before anything else it is sent.
    const types = carol.frames.map((f) => f.type);
    expect(types.slice(0, 3)).toEqual(['greeting', 'session', 'room-lock']);
    expect(carol.frames[2]?.data).toEqual({ locked: true, changed: false, by: bob.id, name: 'Bob' });
  });

  it('unlocks: everyone hears it, and anyone may join again without a password', async () => {
    server = await startTestServer({ HISTORY_STORE: 'off' });
    const alice = await join('daily', 'Alice');
    const bob = await join('daily', 'Bob');
    await bob.request({ receiver: GC, type: 'set-lock', data: { locked: true, password: 'pw' } });
    await alice.next(isLock);
    const reply = await alice.request({ receiver: GC, type: 'set-lock', data: { locked: false } });
    expect(reply.data).toEqual({ locked: false, changed: true, by: alice.id, name: 'Alice' });
    expect((await bob.next((f) => isLock(f) && f.data !== undefined && JSON.stringify(f.data).includes('"locked":false'))).data).toEqual({
      locked: false,
      changed: true,
      by: alice.id,
      name: 'Alice',
    });
    expect(await (await status('daily')).json()).toEqual({ occupied: true, locked: false, names: ['Alice', 'Bob'] });
    const dave = await join('daily', 'Dave');
    expect(dave.frames.some(isLock)).toBe(false);
  });

  it('tells a newcomer who set the password in the lobby, by the name they gave after', async () => {
    server = await startTestServer();
    const bob = await join('first', 'Bob', '?session=1&password=pw');
    expect(bob.frames.find(isLock)?.data).toEqual({ locked: true, changed: false, by: bob.id, name: '' });
    const carol = await join('first', 'Carol', '?session=1&password=pw');
    expect(carol.frames.find(isLock)?.data).toEqual({ locked: true, changed: false, by: bob.id, name: 'Bob' });
  });

  // Guards issue 13: a resumed client (a reloaded page, a change it missed) was never told the room's lock.
  it('tells a client that resumed its session the lock, after the frames it missed: locked and by whom, or open', async () => {
    server = await startTestServer({ HISTORY_STORE: 'off' });
    const alice = await join('resumed', 'Alice');
    const bob = await join('resumed', 'Bob');
    await bob.request({ receiver: GC, type: 'set-lock', data: { locked: true, password: 'pw' } });
    await alice.next(isLock);
    let current = alice;
    // Numbered frames count across resumptions: the next socket's frames come after the last one's.
    let seenBefore = 0;
    for (const isUnlockedMeanwhile of [false, true]) {
      const seenNow = seenBefore + seen(current);
      const token = tokenOf(current);
      const parked = new Promise((resolve) => server!.gatekeeper.once('parked', resolve));
      current.ws.terminate();
      await parked;
      if (isUnlockedMeanwhile) await bob.request({ receiver: GC, type: 'set-lock', data: { locked: false } });
      const back = await TestClient.connect(server.url, 'resumed', {}, `?resume=${token}&seen=${seenNow}`);
      open.push(back);
      expect((await back.next((f) => f.type === 'session')).data).toMatchObject({ resumed: true });
      await back.next((f) => isLock(f) && (f.data as { changed: boolean }).changed === false);
      const locks = back.frames.filter(isLock).map((f) => f.data);
      expect(locks).toEqual(
        isUnlockedMeanwhile
          ? [
              { locked: false, changed: true, by: bob.id, name: 'Bob' },
              { locked: false, changed: false },
            ]
          : [{ locked: true, changed: false, by: bob.id, name: 'Bob' }],
      );
      current = back;
      seenBefore = seenNow;
    }
  });

  it('answers a malformed set-lock with bad-payload and changes nothing', async () => {
    server = await startTestServer();
    const alice = await join('bad', 'Alice');
    for (const data of [{ locked: true }, { locked: true, password: '' }, { locked: true, password: 'x'.repeat(257) }, { password: 'x' }, 'lock']) {
      const reply = await alice.request({ receiver: GC, type: 'set-lock', data });
      expect(reply).toMatchObject({ type: 'error', data: { code: 'bad-payload' } });
    }
    const toPeer = await alice.request({ receiver: 'room', type: 'set-lock', data: { locked: false } });
    expect(toPeer).toMatchObject({ type: 'error', data: { code: 'unknown-receiver' } });
    expect(await (await status('bad')).json()).toEqual({ occupied: true, locked: false, names: ['Alice'] });
  });
});

describe('GET /api/rooms/<room>/status', () => {
  it('says an unused room is neither occupied nor locked, and names who is in an open one', async () => {
    server = await startTestServer();
    expect(await (await status('nobody')).json()).toEqual({ occupied: false, locked: false });
    await join('somebody', 'Alice');
    await join('somebody', 'Bob');
    const response = await status('somebody');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({ occupied: true, locked: false, names: ['Alice', 'Bob'] });
  });

  // Issue 14: anyone with the link may join an open room and see the names anyway; a locked room's are for those with its password.
  it('names nobody in a locked room', async () => {
    server = await startTestServer();
    await join('secret', 'Alice Secret', '?session=1&password=pw');
    const text = await (await status('secret')).text();
    expect(JSON.parse(text)).toEqual({ occupied: true, locked: true });
    expect(text).not.toContain('Alice');
  });

  it('refuses a bad room name with 400 and more than the limit from one address with 429', async () => {
    server = await startTestServer({ ROOM_STATUS_RATE_LIMIT: '3' });
    const bad = await status('-bad');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 'bad-payload' });
    await status('a');
    await status('a');
    const limited = await status('a');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await limited.json()).toMatchObject({ code: 'rate-limited' });
  });

  it('sends CORS headers only to the origins ALLOWED_ORIGINS lists', async () => {
    server = await startTestServer();
    expect((await status('a', { Origin: 'https://elsewhere.example' })).headers.get('access-control-allow-origin')).toBeNull();
    await server.close();
    server = await startTestServer({ ALLOWED_ORIGINS: 'https://friend.example' });
    expect((await status('a', { Origin: 'https://friend.example' })).headers.get('access-control-allow-origin')).toBe('https://friend.example');
    expect((await status('a', { Origin: 'https://elsewhere.example' })).headers.get('access-control-allow-origin')).toBeNull();
  });
});
