// Resumption against a real server: a client that asked for a session token
// drops and comes back with the same id; its peers never see it leave, and
// what they sent meanwhile reaches it. Camus clients see none of this.
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/server.js';
import { startTestServer } from '../helpers/test-server.js';
import { TestClient, type Frame } from '../helpers/ws-client.js';

let server: RunningServer | undefined;
const open: TestClient[] = [];

afterEach(async () => {
  for (const c of open.splice(0)) c.ws.terminate();
  await server?.close();
  server = undefined;
});

async function join(room: string, username: string, query = ''): Promise<TestClient> {
  const client = await TestClient.connect(server!.url, room, {}, query);
  open.push(client);
  client.send({ receiver: 'ground control', type: 'profile', data: { username } });
  await client.next((f) => f.type === 'room-info');
  return client;
}

function tokenOf(client: TestClient): string {
  const session = client.frames.find((f) => f.type === 'session');
  return (session?.data as { token: string }).token;
}

/** What a Parley client counts: every frame after its first session frame, except ground control's greeting and session frames. */
function seen(client: TestClient): number {
  const start = client.frames.findIndex((f) => f.type === 'session');
  return client.frames.slice(start + 1).filter((f) => !(f.sender === 'ground control' && (f.type === 'greeting' || f.type === 'session'))).length;
}

const isInfoWithout = (id: string) => (f: Frame) => f.type === 'room-info' && !(f.data as { clients: { id: string }[] }).clients.some((c) => c.id === id);

describe('session resumption', () => {
  it('sends a session frame right after the greeting only to a client that asks', async () => {
    server = await startTestServer({});
    const camus = await join('s', 'Camus');
    const parley = await join('s', 'Parley', '?session=1');
    expect(camus.frames.map((f) => f.type)).not.toContain('session');
    expect(parley.frames.slice(0, 2).map((f) => f.type)).toEqual(['greeting', 'session']);
    expect(parley.frames[1]).toMatchObject({ sender: 'ground control', receiver: parley.id, data: { resumed: false, grace_ms: 20_000 } });
  });

  it('lets a dropped client take back its slot: same id, held frames delivered, peers never told it left', async () => {
    server = await startTestServer({});
    const ada = await join('call', 'Ada', '?session=1');
    const bob = await join('call', 'Bob');
    await ada.next((f) => f.type === 'room-info' && (f.data as { clients: unknown[] }).clients.length === 2);
    const token = tokenOf(ada);
    const parked = new Promise((resolve) => server!.gatekeeper.once('parked', resolve));
    ada.ws.terminate(); // the network vanished: no close frame
    await parked; // frames sent before the server notices the drop go to the dead socket (see docs)
    // Bob keeps signalling to Ada while she is away; nothing bounces.
    const candidate = { receiver: ada.id, type: 'icecandidate', data: { candidate: 'candidate:1', sdpMid: '0' } };
    bob.send(candidate);
    await bob.request({ receiver: 'ground control', type: 'ping' });
    expect(bob.frames.filter((f) => f.type === 'error')).toEqual([]);
    const back = await TestClient.connect(server.url, 'call', {}, `?resume=${token}&seen=${seen(ada)}`);
    open.push(back);
    expect(back.id).toBe(ada.id);
    const session = await back.next((f) => f.type === 'session');
    expect(session.data).toMatchObject({ resumed: true });
    expect((session.data as { token: string }).token).not.toBe(token);
    const held = await back.next((f) => f.type === 'icecandidate');
    expect(held).toMatchObject({ sender: bob.id, data: { candidate: 'candidate:1' } });
    // Bob got no room-info but the one his own profile caused: to him Ada never left.
    const info = await bob.request({ receiver: 'ground control', type: 'get-room-info' });
    expect(info.data).toEqual({
      room_id: 'call',
      clients: [
        { id: ada.id, username: 'Ada' },
        { id: bob.id, username: 'Bob' },
      ],
    });
    expect(bob.frames.filter((f) => f.type === 'room-info' && f.id === undefined)).toHaveLength(1);
    expect(bob.frames.some((f) => f.type === 'session')).toBe(false);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/^parley_sessions_resumed_total 1$/m);
    expect(metrics).toMatch(/^parley_sessions_parked 0$/m);
  });

  // Guards against silently broken calls: frames written to a socket whose
  // network had died are lost with it, and ICE candidates are never resent.
  it("sends again what was written to the dead socket but never read, counting from the client's seen", async () => {
    server = await startTestServer({});
    const ada = await join('lossy', 'Ada', '?session=1');
    const bob = await join('lossy', 'Bob');
    await ada.next((f) => f.type === 'room-info' && (f.data as { clients: unknown[] }).clients.length === 2);
    const token = tokenOf(ada);
    // From here on Ada's app reads nothing: what the server writes stays in
    // the network (paused socket) or is never handed to the app.
    ada.ws.pause();
    ada.ws.removeAllListeners('message');
    for (let i = 1; i <= 3; i++) bob.send({ receiver: ada.id, type: 'icecandidate', data: { candidate: `candidate:${i}` } });
    await bob.request({ receiver: 'ground control', type: 'ping' }); // the server has written them
    const sawBeforeDrop = seen(ada);
    const parked = new Promise((resolve) => server!.gatekeeper.once('parked', resolve));
    ada.ws.terminate(); // the unread bytes die with the connection
    await parked;
    expect(ada.frames.filter((f) => f.type === 'icecandidate')).toEqual([]);
    const back = await TestClient.connect(server.url, 'lossy', {}, `?resume=${token}&seen=${sawBeforeDrop}`);
    open.push(back);
    await back.next((f) => f.type === 'icecandidate' && (f.data as { candidate: string }).candidate === 'candidate:3');
    expect(back.frames.filter((f) => f.type === 'icecandidate').map((f) => (f.data as { candidate: string }).candidate)).toEqual([
      'candidate:1',
      'candidate:2',
      'candidate:3',
    ]);
  });

  it('closes a still-open old socket as replaced (4000) when the slot is resumed elsewhere', async () => {
    server = await startTestServer({});
    const ada = await join('swap', 'Ada', '?session=1');
    const back = await TestClient.connect(server.url, 'swap', {}, `?resume=${tokenOf(ada)}&seen=${seen(ada)}`);
    open.push(back);
    expect(await ada.closedWith()).toEqual({ code: 4000, reason: 'session-replaced' });
    expect(back.id).toBe(ada.id);
    expect((await back.request({ receiver: 'ground control', type: 'get-room-info' })).data).toEqual({
      room_id: 'swap',
      clients: [{ id: ada.id, username: 'Ada' }],
    });
  });

  it('drops the slot after the grace period and tells the room', async () => {
    server = await startTestServer({ RESUME_GRACE_MS: '200' });
    const ada = await join('grace', 'Ada', '?session=1');
    const bob = await join('grace', 'Bob');
    const token = tokenOf(ada);
    ada.ws.terminate();
    await bob.next(isInfoWithout(ada.id));
    const late = await TestClient.connect(server.url, 'grace', {}, `?resume=${token}&seen=${seen(ada)}`);
    open.push(late);
    expect(late.id).not.toBe(ada.id);
    expect((await late.next((f) => f.type === 'session')).data).toMatchObject({ resumed: false });
  });

  it('ends the session at once when the client closes on purpose', async () => {
    server = await startTestServer({});
    const ada = await join('leave', 'Ada', '?session=1');
    const bob = await join('leave', 'Bob');
    ada.ws.close(1000);
    await bob.next(isInfoWithout(ada.id));
  });

  it('does not honour a token in another room', async () => {
    server = await startTestServer({});
    const ada = await join('room-a', 'Ada', '?session=1');
    const other = await TestClient.connect(server.url, 'room-b', {}, `?resume=${tokenOf(ada)}&seen=${seen(ada)}`);
    open.push(other);
    expect(other.id).not.toBe(ada.id);
    expect(ada.ws.readyState).toBe(ada.ws.OPEN);
  });
});
