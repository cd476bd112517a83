// The Manager with a Signaler over a fake socket, fake media and fake
// simple-peers: joining, following room-info, offers from strangers, chat,
// media changes reaching every peer, and leaving. The ICE wiring (a fresh
// configuration per new peer, refreshes before expiry, the user's own list)
// is in manager-ice.test.ts.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Manager } from '../../../client/call/manager.js';
import { Signaler } from '../../../client/signaling/signaler.js';
import { FakeMedia, FakePeer, FakeSocket, serveIceConfig } from '../fakes.js';

let socket: FakeSocket;
let media: FakeMedia;
let manager: Manager;

const GC = 'ground control';
const info = (...clients: [string, string][]) => ({ room_id: 'r', clients: clients.map(([id, username]) => ({ id, username })) });

/** Plays the server's side of a join for client `m` in a room already holding `others`; resolves once their peers exist. */
async function joinAs(id: string, others: [string, string][] = []): Promise<void> {
  const joined = manager.join('  Mia ');
  socket.open(id);
  serveIceConfig(socket, id, { iceServers: [], iceTransportPolicy: 'all' });
  await vi.waitFor(() => expect(socket.ofType('get-room-info')).toHaveLength(1));
  socket.receive({ sender: GC, receiver: id, type: 'room-info', id: socket.ofType('get-room-info')[0]!.id, data: info(...others, [id, 'Mia']) });
  await joined;
  await vi.waitFor(() => expect(FakePeer.created.length).toBeGreaterThanOrEqual(others.length));
}

beforeEach(() => {
  FakePeer.reset();
  media = new FakeMedia();
  const signaler = new Signaler('ws://test/r/r/ws', { createSocket: (url) => (socket = new FakeSocket(url)) });
  manager = new Manager({ signaler, media, peerOptions: { createPeer: (o) => new FakePeer(o), retryDelaysMs: [100] } });
});
afterEach(() => {
  manager.leave();
});

describe('Manager', () => {
  it('joins: fetches the ICE configuration, announces itself with its profile, then asks who is here', async () => {
    await joinAs('m');
    // The chat's first page is asked for once we are in.
    await vi.waitFor(() => expect(socket.sent.map((f) => f.type)).toEqual(['get-ice-config', 'profile', 'get-room-info', 'get-history']));
    expect(socket.ofType('profile')[0]!.data).toEqual({ username: 'Mia' });
    expect(manager.state).toBe('joined');
    expect(manager.participants().map((p) => [p.id, p.isSelf])).toEqual([['m', true]]);
  });

  it('announces itself without waiting for the ICE configuration, and holds what the room sends until it is in', async () => {
    // The others start connecting on the room-info our profile causes: one
    // round trip sooner than if the profile waited for get-ice-config.
    const joined = manager.join('Mia');
    socket.open('m');
    await vi.waitFor(() => expect(socket.sent.map((f) => f.type)).toEqual(['get-ice-config', 'profile']));
    socket.receive({ sender: GC, receiver: 'm', type: 'room-info', data: info(['a', 'Ada'], ['m', 'Mia']) });
    socket.receive({ sender: 'a', receiver: 'm', type: 'offer', data: { type: 'offer', sdp: 'from a' } });
    expect(manager.state).toBe('joining');
    expect(FakePeer.created).toHaveLength(0);
    serveIceConfig(socket, 'm', { iceServers: [{ urls: 'stun:x:1' }], iceTransportPolicy: 'relay' });
    await vi.waitFor(() => expect(FakePeer.created).toHaveLength(1));
    expect(FakePeer.last().options.config).toEqual({ iceServers: [{ urls: 'stun:x:1' }], iceTransportPolicy: 'relay' });
    expect(FakePeer.last().signals).toEqual([{ type: 'offer', sdp: 'from a' }]);
    socket.receive({ sender: GC, receiver: 'm', type: 'room-info', id: socket.ofType('get-room-info')[0]!.id, data: info(['a', 'Ada'], ['m', 'Mia']) });
    await joined;
    expect(manager.participants().map((p) => p.username)).toEqual(['Mia', 'Ada']);
  });

  it('builds a peer for everyone room-info lists and drops those who left', async () => {
    await joinAs('m', [
      ['a', 'Ada'],
      ['z', 'Zed'],
    ]);
    expect(FakePeer.created.map((p) => p.options.initiator)).toEqual([false, true]); // 'a' < 'm' < 'z'
    expect(manager.participants().map((p) => p.username)).toEqual(['Mia', 'Ada', 'Zed']);

    socket.receive({ sender: GC, receiver: 'm', type: 'room-info', data: info(['m', 'Mia'], ['z', 'Zed']) });
    expect(FakePeer.created[0]!.isDestroyed).toBe(true);
    expect(manager.participants().map((p) => p.id)).toEqual(['m', 'z']);
  });

  it('builds a peer for an offer from someone it has not heard of yet', async () => {
    await joinAs('m');
    socket.receive({ sender: 'a', receiver: 'm', type: 'offer', data: { type: 'offer', sdp: 'v=0' } });
    await vi.waitFor(() => expect(FakePeer.created).toHaveLength(1));
    expect(FakePeer.last().options.initiator).toBe(false);
    expect(FakePeer.last().signals).toEqual([{ type: 'offer', sdp: 'v=0' }]);
    expect(manager.participants().map((p) => p.id)).toEqual(['m', 'a']);
  });

  it('holds peer frames that arrive while joining and applies them once ready', async () => {
    const joined = manager.join('Mia');
    socket.open('m');
    socket.receive({ sender: 'a', receiver: 'm', type: 'offer', data: { type: 'offer', sdp: 'early' } });
    expect(FakePeer.created).toHaveLength(0);
    serveIceConfig(socket, 'm', { iceServers: [{ urls: 'stun:x:1' }], iceTransportPolicy: 'all' });
    await vi.waitFor(() => expect(FakePeer.created).toHaveLength(1));
    expect(FakePeer.last().options.config).toEqual({ iceServers: [{ urls: 'stun:x:1' }], iceTransportPolicy: 'all' });
    expect(FakePeer.last().signals).toEqual([{ type: 'offer', sdp: 'early' }]);
    socket.receive({ sender: GC, receiver: 'm', type: 'room-info', id: socket.ofType('get-room-info')[0]!.id, data: info(['a', 'Ada'], ['m', 'Mia']) });
    await joined;
    expect(FakePeer.created).toHaveLength(1);
  });

  it('routes answers and candidates to the peer they belong to', async () => {
    await joinAs('a', [['b', 'Bob']]);
    FakePeer.last().fire('signal', { type: 'offer', sdp: 'v=0' });
    socket.receive({ sender: 'b', receiver: 'a', type: 'answer', data: { type: 'answer', sdp: 'v=0\r\na=ice-ufrag:u\r\n' } });
    socket.receive({ sender: 'b', receiver: 'a', type: 'icecandidate', data: { candidate: 'candidate:1', usernameFragment: 'u' } });
    socket.receive({ sender: 'x', receiver: 'a', type: 'icecandidate', data: { candidate: 'candidate:2' } }); // no such peer
    expect(FakePeer.last().signals).toEqual([
      { type: 'answer', sdp: 'v=0\r\na=ice-ufrag:u\r\n' },
      { type: 'candidate', candidate: { candidate: 'candidate:1', usernameFragment: 'u' } },
    ]);
  });

  it('keeps the chat: own messages marked (with a mid, sent once acked), unread counted while hidden', async () => {
    await joinAs('m', [['a', 'Ada']]);
    expect(manager.sendText('  ')).toBe(false);
    expect(manager.sendText('hello')).toBe(true);
    const [text] = socket.ofType('text') as [{ id: string; data: { mid: string } }];
    expect(text).toEqual({ receiver: 'room', type: 'text', id: text.data.mid, data: { from: 'Mia', text: 'hello', mid: text.data.mid } });
    socket.receive({ sender: 'm', receiver: 'room', type: 'text', id: text.id, data: { from: 'Mia', time: 1, text: 'hello', seq: 1, mid: text.data.mid } });
    socket.receive({ sender: 'a', receiver: 'room', type: 'text', data: { from: 'Ada', time: 2, text: 'hi', seq: 2 } });
    expect(manager.chat.messages.map((m) => [m.from, m.text, m.isOwn, m.state])).toEqual([
      ['Mia', 'hello', true, 'sent'],
      ['Ada', 'hi', false, undefined],
    ]);
    expect(manager.chat.unread).toBe(1);
    manager.chat.setVisible(true);
    expect(manager.chat.unread).toBe(0);
  });

  it('swaps the track on every peer and tells connected peers about media changes', async () => {
    await joinAs('m', [
      ['a', 'Ada'],
      ['b', 'Bob'],
    ]);
    FakePeer.created[0]!.fire('connect');
    const track = { kind: 'video' } as unknown as MediaStreamTrack;
    media.swap('video', track);
    media.change({ audio: false });
    await vi.waitFor(() => expect(FakePeer.created.every((p) => p.replaced.length === 1)).toBe(true));
    // The connected peer got our status on connect and again on the change; the other is not connected yet.
    expect(FakePeer.created[0]!.sentData.map((d) => JSON.parse(d).audio)).toEqual([true, false]);
    expect(FakePeer.created[1]!.sentData).toEqual([]);
    expect(manager.participants()[0]!.status.audio).toBe(false);
  });

  it('leaves: says bye to each peer (whatever client it runs, it drops our tile at once) and to the server, closes every peer and releases the devices', async () => {
    await joinAs('m', [['a', 'Ada']]);
    const states: string[] = [];
    manager.on('state', (s) => states.push(s));
    manager.leave();
    expect(socket.ofType('bye')).toEqual([
      { receiver: 'a', type: 'bye' },
      { receiver: GC, type: 'bye' },
    ]);
    expect(FakePeer.last().isDestroyed).toBe(true);
    expect(media.isStopped).toBe(true);
    expect(states).toEqual(['left']);
  });

  it('says it is reconnecting when the link drops, and keeps the peers meanwhile', async () => {
    await joinAs('m', [['a', 'Ada']]);
    const states: string[] = [];
    manager.on('state', (state) => states.push(state));
    socket.serverClose(1006);
    expect(states).toEqual(['reconnecting']);
    expect(FakePeer.last().isDestroyed).toBe(false);
    // Chat written meanwhile waits in the outbox for the link (chat-log.test.ts).
    expect(manager.sendText('hello?')).toBe(true);
    expect(socket.ofType('text')).toEqual([]);
    expect(manager.chat.messages.map((m) => [m.text, m.state])).toEqual([['hello?', 'sending']]);
  });

  it('on a resumption keeps its peers and asks who is here now', async () => {
    vi.useFakeTimers();
    try {
      await joinAs('m', [['a', 'Ada']]);
      socket.serverClose(1006);
      await vi.advanceTimersByTimeAsync(750);
      socket.open('m', { resumed: true });
      expect(manager.state).toBe('joined');
      // No profile: the server kept it. The chat asks again for the first page, which never came.
      expect(socket.sent.map((f) => f.type)).toEqual(['get-history', 'get-ice-config', 'get-room-info']);
      expect(FakePeer.created).toHaveLength(1);
      expect(FakePeer.last().isDestroyed).toBe(false);
      socket.receive({ sender: GC, receiver: 'm', type: 'room-info', id: socket.ofType('get-room-info')[0]!.id, data: info(['a', 'Ada'], ['m', 'Mia']) });
      expect(manager.participants().map((p) => p.username)).toEqual(['Mia', 'Ada']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('on a fresh rejoin drops every old peer, announces itself again and rebuilds from the new room-info', async () => {
    vi.useFakeTimers();
    try {
      await joinAs('m', [
        ['a', 'Ada'],
        ['z', 'Zed'],
      ]);
      const old = [...FakePeer.created];
      socket.serverClose(1001, 'server shutting down');
      await vi.advanceTimersByTimeAsync(750);
      // The restarted server does not know us: new ids for everyone.
      socket.open('b', { resumed: false });
      serveIceConfig(socket, 'b', { iceServers: [], iceTransportPolicy: 'all' });
      expect(old.every((p) => p.isDestroyed)).toBe(true);
      expect(manager.selfId).toBe('b');
      expect(socket.ofType('profile')).toEqual([{ receiver: GC, type: 'profile', data: { username: 'Mia' } }]);
      expect(manager.participants().map((p) => p.id)).toEqual(['b']);
      await vi.waitFor(() => expect(socket.ofType('get-room-info')).toHaveLength(1));
      socket.receive({ sender: GC, receiver: 'b', type: 'room-info', id: socket.ofType('get-room-info')[0]!.id, data: info(['c', 'Ada'], ['b', 'Mia'], ['a2', 'Zed']) });
      await vi.waitFor(() => expect(FakePeer.created).toHaveLength(4));
      // The first join's rule with the new ids: the lower id offers ('a2' < 'b' < 'c').
      expect(FakePeer.created.slice(2).map((p) => p.options.initiator)).toEqual([true, false]);
      expect(manager.participants().map((p) => p.username)).toEqual(['Mia', 'Ada', 'Zed']);
      expect(manager.state).toBe('joined');
    } finally {
      vi.useRealTimers();
    }
  });

  it('ends the call when another tab takes the session over, and says so', async () => {
    await joinAs('m', [['a', 'Ada']]);
    socket.serverClose(4000, 'session-replaced');
    expect(manager.state).toBe('disconnected');
    expect(manager.disconnectReason).toBe('This call was opened in another tab or on another device.');
    expect(FakePeer.last().isDestroyed).toBe(true);
  });

  it('rejects join() with the refusal, and lets go of the media without stopping it', async () => {
    const joining = manager.join('Mia');
    socket.refuse(4002, 'wrong-password', 'wrong password');
    await expect(joining).rejects.toMatchObject({ code: 'wrong-password' });
    expect(manager.state).toBe('disconnected');
    expect(media.isStopped).toBe(false);
    const participants: unknown[] = [];
    manager.on('participants', (p) => participants.push(p));
    media.change({ audio: false }); // the lobby still uses it; this Manager no longer listens
    expect(participants).toEqual([]);
  });
});
