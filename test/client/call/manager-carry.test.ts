// The Manager across a fresh rejoin (the server restarted: new ids for
// everyone) with live connections: they are carried, each side tells the
// other its new id over the data channel, and the connection is filed under
// the new id when room-info lists it, whichever comes first, without a new
// peer. A claim under someone else's username is refused; a peer that never
// says (a Camus client) is filed under the one new id listed with its name,
// or kept under its old id while the name is ambiguous or not listed; a live
// connection the room stops listing plays on, marked as not reachable, until
// it fails or the peer says bye. Fake socket, fake simple-peers, fake timers.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CLAIM_WAIT_MS } from '../../../client/peers/carried-peers.js';
import { Manager } from '../../../client/call/manager.js';
import { Signaler } from '../../../client/signaling/signaler.js';
import { FakeMedia, FakePeer, FakeSocket, fakeTrack, serveIceConfig, stubMediaStream } from '../fakes.js';

let socket: FakeSocket;
let manager: Manager;

const GC = 'ground control';
const info = (...clients: [string, string][]) => ({ room_id: 'r', clients: clients.map(([id, username]) => ({ id, username })) });
const encode = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));
const ids = () => manager.participants().map((p) => `${p.id}:${p.username}`);

/** Joins as 'm' (Mia) with Ada ('a') in the room, and connects the peer to her. */
async function joinWithAda(): Promise<FakePeer> {
  const joined = manager.join('Mia');
  socket.open('m');
  serveIceConfig(socket, 'm', { iceServers: [], iceTransportPolicy: 'all' });
  await vi.waitFor(() => expect(socket.ofType('get-room-info')).toHaveLength(1));
  socket.receive({ sender: GC, receiver: 'm', type: 'room-info', id: socket.ofType('get-room-info')[0]!.id, data: info(['a', 'Ada'], ['m', 'Mia']) });
  await joined;
  await vi.waitFor(() => expect(FakePeer.created).toHaveLength(1));
  const peer = FakePeer.last();
  // 'a' < 'm': Ada offers.
  socket.receive({ sender: 'a', receiver: 'm', type: 'offer', data: { type: 'offer', sdp: 'v=0\r\na=ice-ufrag:u\r\n' } });
  peer.fire('signal', { type: 'answer', sdp: 'v=0\r\na=ice-ufrag:m\r\n' });
  peer.firePc('track', fakeTrack('video', 'ada-video'));
  peer.fire('connect');
  return peer;
}

/** The server goes away and comes back knowing nobody: we are 'n' now. */
async function rejoinAs(id: string): Promise<void> {
  socket.serverClose(1006);
  await vi.advanceTimersByTimeAsync(750);
  socket.open(id, { resumed: false });
  serveIceConfig(socket, id, { iceServers: [], iceTransportPolicy: 'all' });
  await vi.waitFor(() => expect(socket.ofType('get-room-info')).toHaveLength(1));
}

/** The new server's answer to our get-room-info. */
function answerRoomInfo(...clients: [string, string][]): void {
  socket.receive({ sender: GC, receiver: 'n', type: 'room-info', id: socket.ofType('get-room-info')[0]!.id, data: info(...clients) });
}

function adaSaysRejoined(peer: FakePeer, id: string): void {
  peer.fire('data', encode({ type: 'rejoined', id }));
}

beforeEach(() => {
  vi.useFakeTimers();
  stubMediaStream();
  FakePeer.reset();
  const signaler = new Signaler('ws://test/r/r/ws', { createSocket: (url) => (socket = new FakeSocket(url)) });
  manager = new Manager({ signaler, media: new FakeMedia(), peerOptions: { createPeer: (o) => new FakePeer(o), retryDelaysMs: [100] } });
});
afterEach(() => {
  manager.leave();
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('Manager, a fresh rejoin with a live connection', () => {
  it('tells the peer our new id over the data channel and keeps showing it, connected, until the room lists its new id', async () => {
    const ada = await joinWithAda();
    const notices: string[] = [];
    manager.on('notice', ({ message }) => notices.push(message));
    await rejoinAs('n');
    expect(notices).toEqual(['Reconnected.']); // nothing to rebuild
    expect(ada.isDestroyed).toBe(false);
    expect(JSON.parse(ada.sentData.at(-1)!)).toEqual({ type: 'rejoined', id: 'n' });
    expect(manager.participants().map((p) => [p.id, p.username, p.state, p.stream])).toEqual([
      ['n', 'Mia', 'connected', expect.anything()],
      ['a', 'Ada', 'connected', expect.objectContaining({ tracks: [expect.objectContaining({ id: 'ada-video' })] })],
    ]);
  });

  it('takes the connection back under the new id when the id came first (even while we were away), then room-info', async () => {
    const ada = await joinWithAda();
    socket.serverClose(1006);
    adaSaysRejoined(ada, 'a2'); // Ada is back before us: her word travels peer to peer
    await vi.advanceTimersByTimeAsync(750);
    socket.open('n', { resumed: false });
    serveIceConfig(socket, 'n', { iceServers: [], iceTransportPolicy: 'all' });
    await vi.waitFor(() => expect(socket.ofType('get-room-info')).toHaveLength(1));
    answerRoomInfo(['a2', 'Ada'], ['n', 'Mia']);

    expect(ids()).toEqual(['n:Mia', 'a2:Ada']);
    expect(
      manager
        .participants()[1]!
        .stream?.getTracks()
        .map((t) => t.id),
    ).toEqual(['ada-video']);
    expect(manager.participants()[1]!.tileKey).toBe('a'); // the grid keeps its tile
    expect(FakePeer.created).toEqual([ada]); // no new connection, no new offer
    expect(ada.isDestroyed).toBe(false);
    // Its signaling now goes to the new id.
    ada.fire('signal', { type: 'candidate', candidate: { candidate: 'candidate:1', sdpMid: '0' } });
    expect(socket.ofType('icecandidate').map((f) => f.receiver)).toEqual(['a2']);
    // And frames from the new id reach it.
    socket.receive({ sender: 'a2', receiver: 'n', type: 'icecandidate', data: { candidate: 'candidate:9', usernameFragment: 'u' } });
    expect(ada.signals.at(-1)).toEqual({ type: 'candidate', candidate: { candidate: 'candidate:9', usernameFragment: 'u' } });
  });

  it('files the connection under the one new id room-info lists with its name, without waiting for the peer to say so', async () => {
    const ada = await joinWithAda();
    await rejoinAs('n');
    answerRoomInfo(['a2', 'Ada'], ['n', 'Mia']);
    expect(ids()).toEqual(['n:Mia', 'a2:Ada']);
    // Her own word, when it comes, agrees; nothing is built either way.
    adaSaysRejoined(ada, 'a2');
    await vi.advanceTimersByTimeAsync(10 * CLAIM_WAIT_MS);
    expect(FakePeer.created).toEqual([ada]);
    expect(ada.isDestroyed).toBe(false);
    expect(ids()).toEqual(['n:Mia', 'a2:Ada']);
    expect(manager.participants()[1]!.isReachable).toBe(true);
  });

  it('keeps the connection under its old id when two new ids have its name, and gives the newcomers their own after the wait', async () => {
    const ada = await joinWithAda();
    await rejoinAs('n');
    answerRoomInfo(['a2', 'Ada'], ['a3', 'Ada'], ['n', 'Mia']);
    await vi.advanceTimersByTimeAsync(CLAIM_WAIT_MS - 1);
    expect(FakePeer.created).toEqual([ada]); // either might be her: wait for her word
    await vi.advanceTimersByTimeAsync(1);
    await vi.waitFor(() => expect(FakePeer.created).toHaveLength(3));
    expect(ada.isDestroyed).toBe(false);
    expect(manager.participants().map((p) => `${p.id}:${p.isReachable}`)).toEqual(['n:true', 'a2:true', 'a3:true', 'a:false']);
  });

  it('waits for the profile of a newcomer listed without a name, then matches the name', async () => {
    const ada = await joinWithAda();
    await rejoinAs('n');
    adaSaysRejoined(ada, 'a2');
    answerRoomInfo(['a2', ''], ['n', 'Mia']);
    expect(ids()).toEqual(['n:Mia', 'a:Ada']);
    socket.receive({ sender: GC, receiver: 'n', type: 'room-info', data: info(['a2', 'Ada'], ['n', 'Mia']) });
    expect(ids()).toEqual(['n:Mia', 'a2:Ada']);
    expect(FakePeer.created).toEqual([ada]);
  });

  it("refuses a claim to someone else's place: the username must match the one it had", async () => {
    const ada = await joinWithAda();
    await rejoinAs('n');
    adaSaysRejoined(ada, 'e2'); // but the room says e2 is Eve
    answerRoomInfo(['e2', 'Eve'], ['n', 'Mia']);
    expect(ada.isDestroyed).toBe(true);
    await vi.waitFor(() => expect(FakePeer.created).toHaveLength(2));
    expect(ids()).toEqual(['n:Mia', 'e2:Eve']);
    expect(FakePeer.last().options.initiator).toBe(false); // 'n' > 'e2': Eve offers, as on any first join
  });

  it('keeps a connection over which the peer never says anything (a Camus client) and files it under its new id by name', async () => {
    const ada = await joinWithAda();
    await rejoinAs('n');
    answerRoomInfo(['n', 'Mia']); // she is not back yet
    await vi.advanceTimersByTimeAsync(10 * CLAIM_WAIT_MS);
    expect(manager.participants().map((p) => `${p.id}:${p.username}:${p.isReachable}`)).toEqual(['n:Mia:true', 'a:Ada:false']);
    socket.receive({ sender: GC, receiver: 'n', type: 'room-info', data: info(['n', 'Mia'], ['a2', 'Ada']) });
    expect(manager.participants().map((p) => `${p.id}:${p.username}:${p.isReachable}`)).toEqual(['n:Mia:true', 'a2:Ada:true']);
    expect(FakePeer.created).toEqual([ada]);
    expect(ada.isDestroyed).toBe(false);
  });

  it('does not hold back a newcomer under another name', async () => {
    await joinWithAda();
    await rejoinAs('n');
    answerRoomInfo(['b2', 'Bob'], ['n', 'Mia']);
    await vi.waitFor(() => expect(FakePeer.created).toHaveLength(2));
    expect(ids()).toEqual(['n:Mia', 'b2:Bob', 'a:Ada']);
  });

  it('follows an offer from the new id instead (the other side rebuilt), and does not keep a second connection', async () => {
    const ada = await joinWithAda();
    await rejoinAs('n');
    answerRoomInfo(['a2', 'Ada'], ['n', 'Mia']);
    socket.receive({ sender: 'a2', receiver: 'n', type: 'offer', data: { type: 'offer', sdp: 'v=0' } });
    await vi.waitFor(() => expect(FakePeer.created).toHaveLength(2));
    expect(ada.isDestroyed).toBe(true);
    expect(FakePeer.last().signals).toEqual([{ type: 'offer', sdp: 'v=0' }]);
    expect(ids()).toEqual(['n:Mia', 'a2:Ada']);
  });

  it('drops a carried connection that fails, and builds at once for the id it held back', async () => {
    const ada = await joinWithAda();
    await rejoinAs('n');
    answerRoomInfo(['a2', 'Ada'], ['a3', 'Ada'], ['n', 'Mia']); // ambiguous: held back
    expect(FakePeer.created).toHaveLength(1);
    ada.fire('close');
    expect(ada.isDestroyed).toBe(true);
    await vi.waitFor(() => expect(FakePeer.created).toHaveLength(3));
    await vi.advanceTimersByTimeAsync(1000); // no retry of the dropped one
    expect(FakePeer.created).toHaveLength(3);
    expect(ids()).toEqual(['n:Mia', 'a2:Ada', 'a3:Ada']);
  });

  it('updates the list when a carried connection fails while the server is away again', async () => {
    const ada = await joinWithAda();
    await rejoinAs('n');
    socket.serverClose(1006);
    const lists: string[][] = [];
    manager.on('participants', (list) => lists.push(list.map((p) => p.id)));
    ada.fire('close');
    expect(ada.isDestroyed).toBe(true);
    expect(lists.at(-1)).toEqual(['n']);
    expect(manager.state).toBe('reconnecting');
  });

  it('keeps a carried connection the room never lists again for as long as it plays, and lets it go when it closes', async () => {
    const ada = await joinWithAda();
    await rejoinAs('n');
    answerRoomInfo(['n', 'Mia']);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(ada.isDestroyed).toBe(false);
    expect(ids()).toEqual(['n:Mia', 'a:Ada']);
    ada.firePc('connectionstatechange', 'failed');
    expect(ada.isDestroyed).toBe(true);
    expect(ids()).toEqual(['n:Mia']);
    await vi.advanceTimersByTimeAsync(1000); // and no rebuild: nobody to signal to
    expect(FakePeer.created).toEqual([ada]);
  });

  it('keeps a live connection when room-info stops listing the peer (no server restart), until the peer says bye', async () => {
    const ada = await joinWithAda();
    socket.receive({ sender: GC, receiver: 'm', type: 'room-info', data: info(['m', 'Mia']) });
    expect(ada.isDestroyed).toBe(false);
    expect(manager.participants().map((p) => `${p.id}:${p.username}:${p.isReachable}`)).toEqual(['m:Mia:true', 'a:Ada:false']);
    socket.receive({ sender: 'a', receiver: 'm', type: 'bye' });
    expect(ada.isDestroyed).toBe(true);
    expect(ids()).toEqual(['m:Mia']);
  });

  it('lets a connection still being set up go when room-info stops listing the peer', async () => {
    const joined = manager.join('Mia');
    socket.open('m');
    serveIceConfig(socket, 'm', { iceServers: [], iceTransportPolicy: 'all' });
    await vi.waitFor(() => expect(socket.ofType('get-room-info')).toHaveLength(1));
    socket.receive({ sender: GC, receiver: 'm', type: 'room-info', id: socket.ofType('get-room-info')[0]!.id, data: info(['a', 'Ada'], ['m', 'Mia']) });
    await joined;
    await vi.waitFor(() => expect(FakePeer.created).toHaveLength(1));
    socket.receive({ sender: GC, receiver: 'm', type: 'room-info', data: info(['m', 'Mia']) });
    expect(FakePeer.last().isDestroyed).toBe(true);
    expect(ids()).toEqual(['m:Mia']);
  });

  it('tells a connection still carried our newest id when the server restarts again', async () => {
    const ada = await joinWithAda();
    await rejoinAs('n');
    await rejoinAs('p');
    expect(ada.sentData.slice(-2).map((d) => JSON.parse(d))).toEqual([
      { type: 'rejoined', id: 'n' },
      { type: 'rejoined', id: 'p' },
    ]);
    adaSaysRejoined(ada, 'a3');
    socket.receive({ sender: GC, receiver: 'p', type: 'room-info', id: socket.ofType('get-room-info')[0]!.id, data: info(['a3', 'Ada'], ['p', 'Mia']) });
    expect(ids()).toEqual(['p:Mia', 'a3:Ada']);
    expect(FakePeer.created).toEqual([ada]);
  });

  it('rebuilds a connection that was not up when the server went', async () => {
    const ada = await joinWithAda();
    ada.fire('iceStateChange', 'disconnected');
    const notices: string[] = [];
    manager.on('notice', ({ message }) => notices.push(message));
    await rejoinAs('n');
    expect(notices).toEqual(['Reconnected. Connecting to the others again…']);
    expect(ada.isDestroyed).toBe(true);
    answerRoomInfo(['a2', 'Ada'], ['n', 'Mia']);
    await vi.waitFor(() => expect(FakePeer.created).toHaveLength(2));
  });
});
