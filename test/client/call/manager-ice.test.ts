// The Manager's ICE wiring, with a Signaler over a fake socket and fake
// simple-peers: every new peer gets a freshly fetched configuration (frames
// for it held meanwhile), a refresh before TURN credentials expire restarts
// ICE on the live connections (fake timers), and the user's own servers reach
// new and live connections alike.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Manager } from '../../../client/call/manager.js';
import { Signaler } from '../../../client/signaling/signaler.js';
import type { IceConfig } from '../../../shared/protocol.js';
import { FakeMedia, FakePeer, FakeSocket, serveIceConfig } from '../fakes.js';

const GC = 'ground control';
const T0 = Date.UTC(2023, 10, 14, 22, 13, 20); // 1700000000 s
const TTL_S = 600;
const info = (...ids: string[]) => ({ room_id: 'r', clients: ids.map((id) => ({ id, username: id.toUpperCase() })) });

let socket: FakeSocket;
let manager: Manager;
let fetches: number;

/** What the server hands out now: a TURN credential for `m` expiring TTL_S from now, as the real one mints. */
function served(): IceConfig {
  fetches++;
  const expiry = Math.floor(Date.now() / 1000) + TTL_S;
  return { iceServers: [{ urls: 'turn:turn.test:3478', username: `${expiry}:m`, credential: `c${fetches}` }], iceTransportPolicy: 'all' };
}

const credentialOf = (peer: FakePeer) => peer.options.config?.iceServers?.[0]?.credential;
const requests = (peer: FakePeer) => peer.sentData.map((d) => JSON.parse(d)).filter((m) => m.type === 'peer-request');

/** Joins as `m` into a room holding `others`; resolves once their peers exist. */
async function join(others: string[] = [], config: () => IceConfig = served): Promise<void> {
  const joined = manager.join('Mia');
  socket.open('m');
  serveIceConfig(socket, 'm', config);
  await vi.waitFor(() => expect(socket.ofType('get-room-info')).toHaveLength(1));
  socket.receive({ sender: GC, receiver: 'm', type: 'room-info', id: socket.ofType('get-room-info')[0]!.id, data: info(...others, 'm') });
  await joined;
  await vi.waitFor(() => expect(FakePeer.created).toHaveLength(others.length));
}

function newManager(storage?: Map<string, string>): Manager {
  const signaler = new Signaler('ws://test/r/r/ws', { createSocket: (url) => (socket = new FakeSocket(url)) });
  const iceStorage = storage && {
    getItem: (k: string) => storage.get(k) ?? null,
    setItem: (k: string, v: string) => void storage.set(k, v),
    removeItem: (k: string) => void storage.delete(k),
  };
  return new Manager({ signaler, media: new FakeMedia(), iceStorage, peerOptions: { createPeer: (o) => new FakePeer(o), retryDelaysMs: [100] } });
}

beforeEach(() => {
  FakePeer.reset();
  fetches = 0;
  manager = newManager();
});
afterEach(() => {
  manager.leave();
  vi.useRealTimers();
});

describe('Manager: a fresh ICE configuration for every new peer', () => {
  it('fetches one on joining and one more for each newcomer, and builds the peer with it', async () => {
    await join(['a']);
    expect(fetches).toBe(2); // joining, then the peers present (one fetch shared between them)
    expect(FakePeer.last().options.config).toMatchObject({ iceTransportPolicy: 'all' });
    expect(credentialOf(FakePeer.last())).toBe('c2');
    socket.receive({ sender: GC, receiver: 'm', type: 'room-info', data: info('a', 'm', 'z') });
    await vi.waitFor(() => expect(FakePeer.created).toHaveLength(2));
    expect(credentialOf(FakePeer.last())).toBe('c3');
  });

  it("holds a newcomer's offer and candidates until its configuration is in, then hands them over in order", async () => {
    await join([]);
    socket.onSend = () => undefined; // the server is slow to answer from here on
    socket.receive({ sender: 'a', receiver: 'm', type: 'offer', data: { type: 'offer', sdp: 'v=0\r\na=ice-ufrag:u\r\n' } });
    socket.receive({ sender: 'a', receiver: 'm', type: 'icecandidate', data: { candidate: 'candidate:1', usernameFragment: 'u' } });
    expect(FakePeer.created).toHaveLength(0);
    expect(manager.participants().map((p) => [p.id, p.state])).toEqual([
      ['m', 'connected'],
      ['a', 'connecting'],
    ]);
    serveIceConfig(socket, 'm', served);
    await vi.waitFor(() => expect(FakePeer.created).toHaveLength(1));
    expect(FakePeer.last().signals).toEqual([{ type: 'offer', sdp: 'v=0\r\na=ice-ufrag:u\r\n' }]);
    // The candidate waits for our answer (RemoteEnd): added earlier, it would delay it.
    FakePeer.last().fire('signal', { type: 'answer', sdp: 'v=0\r\na=ice-ufrag:m\r\n' });
    expect(FakePeer.last().signals).toEqual([
      { type: 'offer', sdp: 'v=0\r\na=ice-ufrag:u\r\n' },
      { type: 'candidate', candidate: { candidate: 'candidate:1', usernameFragment: 'u' } },
    ]);
  });

  it('builds no peer for someone who left while their configuration was fetched', async () => {
    await join([]);
    socket.onSend = () => undefined;
    socket.receive({ sender: GC, receiver: 'm', type: 'room-info', data: info('a', 'm') });
    socket.receive({ sender: GC, receiver: 'm', type: 'room-info', data: info('m') });
    serveIceConfig(socket, 'm', served);
    await vi.waitFor(() => expect(fetches).toBe(2));
    expect(FakePeer.created).toHaveLength(0);
    expect(manager.participants().map((p) => p.id)).toEqual(['m']);
  });

  it('asks with get-ice-servers, policy all, when the server predates get-ice-config', async () => {
    const joined = manager.join('Mia');
    socket.open('m');
    socket.onSend = (frame) => {
      if (frame.type === 'get-ice-config')
        queueMicrotask(() => socket.receive({ sender: GC, receiver: 'm', type: 'error', id: frame.id, data: { code: 'unknown-type', description: 'unknown type' } }));
      if (frame.type === 'get-ice-servers')
        queueMicrotask(() => socket.receive({ sender: GC, receiver: 'm', type: 'ice-servers', id: frame.id, data: [{ urls: 'stun:old.test' }] }));
      if (frame.type === 'get-room-info') queueMicrotask(() => socket.receive({ sender: GC, receiver: 'm', type: 'room-info', id: frame.id, data: info('a', 'm') }));
    };
    await joined;
    await vi.waitFor(() => expect(FakePeer.created).toHaveLength(1));
    expect(FakePeer.last().options.config).toEqual({ iceServers: [{ urls: 'stun:old.test' }], iceTransportPolicy: 'all' });
  });
});

describe('Manager: refreshing before TURN credentials expire', () => {
  it('fetches a minute before expiry and restarts ICE on every live connection, asking where it does not offer', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    vi.setSystemTime(T0);
    await join(['a', 'z']); // 'a' < 'm' < 'z': 'a' offers to us, we offer to 'z'
    const [fromA, toZ] = FakePeer.created as [FakePeer, FakePeer];
    fromA.fire('connect');
    toZ.fire('connect');
    const sentBefore = socket.ofType('get-ice-config').length;
    // The credentials in hand expire TTL_S after they were fetched; the refresh is due a minute before.
    const expiry = Number(manager.ice.current!.iceServers[0]!.username!.split(':')[0]) * 1000;
    await vi.advanceTimersByTimeAsync(expiry - 60_000 - Date.now() - 1);
    expect(socket.ofType('get-ice-config')).toHaveLength(sentBefore);
    await vi.advanceTimersByTimeAsync(1);
    expect(socket.ofType('get-ice-config')).toHaveLength(sentBefore + 1);
    await vi.waitFor(() => expect(toZ.iceLog).toContain('negotiate'));
    const fresh = JSON.stringify(manager.ice.current!.iceServers);
    expect(manager.ice.current!.iceServers[0]!.username).toBe(`${(expiry - 60_000) / 1000 + TTL_S}:m`);
    expect(toZ.iceLog).toEqual([`set ${fresh}`, 'restart', 'negotiate']);
    expect(fromA.iceLog).toEqual([`set ${fresh}`]);
    expect(requests(fromA)).toEqual([{ type: 'peer-request', action: 'ice-restart' }]);
    expect(FakePeer.created).toHaveLength(2); // the same connections, restarted, not rebuilt
  });

  it('leaves no refresh timer behind once the call ends', async () => {
    // Guards against a refresh loop that keeps fetching over a closed socket.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    vi.setSystemTime(T0);
    await join([]);
    // The chat's first history page is asked for on joining: answered, its request's timeout goes.
    const [history] = socket.ofType('get-history');
    socket.receive({ sender: 'ground control', receiver: 'm', type: 'history', id: history!.id, data: { messages: [], has_more: false } });
    expect(vi.getTimerCount()).toBe(1);
    manager.leave();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('stops refreshing when the link to the server ends for good', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    vi.setSystemTime(T0);
    await join([]);
    socket.serverClose(4000, 'session-replaced');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('fetches again after a reconnection, and refreshes on time from there', async () => {
    // Guards against the refresh timer staying dead after its tries failed while the socket was down.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    vi.setSystemTime(T0);
    await join([]);
    const first = socket;
    first.serverClose(1006);
    await vi.advanceTimersByTimeAsync(750); // the first wait: 0.5 s ±50 %
    expect(socket).not.toBe(first);
    socket.open('m', { resumed: true });
    serveIceConfig(socket, 'm', served);
    await vi.waitFor(() => expect(socket.ofType('get-ice-config')).toHaveLength(1));
    await vi.waitFor(() => expect(manager.ice.current!.iceServers[0]!.credential).toBe('c2'));
    const expiry = Number(manager.ice.current!.iceServers[0]!.username!.split(':')[0]) * 1000;
    await vi.advanceTimersByTimeAsync(expiry - 60_000 - Date.now());
    expect(socket.ofType('get-ice-config')).toHaveLength(2);
  });
});

describe("Manager: the user's own ICE servers", () => {
  const OWN = [{ urls: 'turn:mine.test:3478', username: 'me', credential: 'pw' }];

  it('restarts ICE on live connections with them, and builds new connections with them', async () => {
    await join(['z']);
    const toZ = FakePeer.last();
    toZ.fire('connect');
    manager.ice.setOverride(OWN);
    expect(toZ.iceLog).toEqual([`set ${JSON.stringify(OWN)}`, 'restart', 'negotiate']);
    socket.receive({ sender: GC, receiver: 'm', type: 'room-info', data: info('m', 'y', 'z') });
    await vi.waitFor(() => expect(FakePeer.created).toHaveLength(2));
    expect(FakePeer.last().options.config).toEqual({ iceServers: OWN, iceTransportPolicy: 'all' });
    // Fresh served credentials fetched for the newcomer did not displace them on the live one.
    expect(toZ.iceLog).toHaveLength(3);
  });

  it("goes back to the server's list on live connections too", async () => {
    await join(['z']);
    const toZ = FakePeer.last();
    toZ.fire('connect');
    manager.ice.setOverride(OWN);
    manager.ice.clearOverride();
    expect(toZ.iceLog.slice(3)).toEqual([`set ${JSON.stringify(manager.ice.served!.iceServers)}`, 'restart', 'negotiate']);
  });

  it('keeps them for the session: a Manager made after a reload starts with them', async () => {
    const storage = new Map<string, string>();
    manager.leave();
    manager = newManager(storage);
    manager.ice.setOverride(OWN);
    manager.leave();
    manager = newManager(storage);
    await join(['a']);
    expect(FakePeer.last().options.config).toEqual({ iceServers: OWN, iceTransportPolicy: 'all' });
  });

  it('keeps the served transport policy: relay stays relay', async () => {
    await join(['z'], () => ({ ...served(), iceTransportPolicy: 'relay' }));
    manager.ice.setOverride(OWN);
    socket.receive({ sender: GC, receiver: 'm', type: 'room-info', data: info('m', 'y', 'z') });
    await vi.waitFor(() => expect(FakePeer.created).toHaveLength(2));
    expect(FakePeer.last().options.config).toEqual({ iceServers: OWN, iceTransportPolicy: 'relay' });
  });
});
