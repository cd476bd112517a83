// The Signaler against a fake socket played as the server: typed events for
// valid frames, nothing for invalid ones, and requests matched by id echo.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_PEER_PONG_DATA_CHARS, MAX_SERVER_FRAME_CHARS, Signaler, SignalerError, roomSocketUrl } from '../../../client/signaling/signaler.js';
import { FakeSocket } from '../fakes.js';

let socket: FakeSocket;
function makeSignaler(options: { requestTimeoutMs?: number } = {}): Signaler {
  return new Signaler('ws://test/r/room/ws', { ...options, createSocket: (url) => (socket = new FakeSocket(url)) });
}

async function connected(options: { requestTimeoutMs?: number } = {}): Promise<Signaler> {
  const signaler = makeSignaler(options);
  const id = signaler.connect();
  socket.open('me');
  expect(await id).toBe('me');
  return signaler;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('Signaler', () => {
  it('builds the room socket URL from the page location', () => {
    expect(roomSocketUrl({ protocol: 'https:', host: 'parley.example:8443' }, 'abc-1')).toBe('wss://parley.example:8443/r/abc-1/ws');
    expect(roomSocketUrl({ protocol: 'http:', host: 'localhost:5173' }, 'abc')).toBe('ws://localhost:5173/r/abc/ws');
  });

  it('resolves connect() with the id the greeting names', async () => {
    const signaler = await connected();
    expect(signaler.id).toBe('me');
    expect(signaler.isOpen).toBe(true);
  });

  it('connects asking for a session, with the password when given', async () => {
    await connected();
    expect(socket.url).toBe('ws://test/r/room/ws?session=1');
    const signaler = new Signaler('ws://test/r/room/ws', { password: 'ça va & ?', createSocket: (url) => (socket = new FakeSocket(url)) });
    const joining = signaler.connect().catch((error: unknown) => error);
    expect(socket.query.get('session')).toBe('1');
    expect(socket.query.get('password')).toBe('ça va & ?');
    signaler.close();
    expect(await joining).toMatchObject({ code: 'connect-failed' });
  });

  it('takes the password at connect(), as typed at Join, in place of the one it was built with', async () => {
    const signaler = new Signaler('ws://test/r/room/ws', { password: 'old', createSocket: (url) => (socket = new FakeSocket(url)) });
    const joining = signaler.connect('typed at Join').catch((error: unknown) => error);
    expect(socket.query.get('password')).toBe('typed at Join');
    signaler.close();
    expect(await joining).toMatchObject({ code: 'connect-failed' });
  });

  it('rejects connect() when the socket closes before the greeting', async () => {
    const signaler = makeSignaler();
    const id = signaler.connect();
    socket.serverClose(1006);
    await expect(id).rejects.toMatchObject({ code: 'connect-failed' });
  });

  it('emits typed events for peer frames', async () => {
    const signaler = await connected();
    const seen: unknown[] = [];
    signaler.on('offer', (e) => seen.push(['offer', e]));
    signaler.on('answer', (e) => seen.push(['answer', e]));
    signaler.on('icecandidate', (e) => seen.push(['icecandidate', e]));
    signaler.on('text', (e) => seen.push(['text', e.sender, e.data]));
    signaler.on('bye', (e) => seen.push(['bye', e]));
    socket.receive({ sender: 'p1', receiver: 'me', type: 'offer', data: { type: 'offer', sdp: 'v=0' } });
    socket.receive({ sender: 'p1', receiver: 'me', type: 'answer', data: { type: 'answer', sdp: 'v=1' } });
    socket.receive({ sender: 'p1', receiver: 'me', type: 'icecandidate', data: { candidate: 'candidate:1', sdpMid: '0', sdpMLineIndex: 0 } });
    socket.receive({ sender: 'p1', receiver: 'room', type: 'text', data: { from: 'Ada', time: 5, text: 'hi' } });
    socket.receive({ sender: 'p1', receiver: 'me', type: 'bye' });
    expect(seen).toEqual([
      ['offer', { sender: 'p1', data: { type: 'offer', sdp: 'v=0' } }],
      ['answer', { sender: 'p1', data: { type: 'answer', sdp: 'v=1' } }],
      ['icecandidate', { sender: 'p1', data: { candidate: 'candidate:1', sdpMid: '0', sdpMLineIndex: 0 } }],
      ['text', 'p1', { from: 'Ada', time: 5, text: 'hi' }],
      ['bye', { sender: 'p1' }],
    ]);
  });

  it('drops frames that fail the protocol check, with an invalid-frame event', async () => {
    const signaler = await connected();
    const invalid: string[] = [];
    const offers: unknown[] = [];
    signaler.on('invalid-frame', (e) => invalid.push(e.code));
    signaler.on('offer', (e) => offers.push(e));
    socket.receive('{not json');
    socket.receive({ sender: 'p1', receiver: 'me', type: 'offer', data: { type: 'offer' } }); // no sdp
    socket.receive({ sender: 'p1', receiver: 'me', type: 'teleport', data: {} });
    socket.receive({ receiver: 'me', type: 'offer', data: { type: 'offer', sdp: 'x' } }); // no sender
    expect(invalid).toEqual(['bad-json', 'bad-payload', 'unknown-type', 'bad-payload']);
    expect(offers).toEqual([]);
  });

  it('matches replies to requests by their id echo', async () => {
    const signaler = await connected();
    const info = signaler.getRoomInfo();
    const servers = signaler.getIceServers();
    const [infoRequest, serversRequest] = [socket.ofType('get-room-info')[0]!, socket.ofType('get-ice-servers')[0]!];
    expect(infoRequest).toMatchObject({ receiver: 'ground control', type: 'get-room-info' });
    expect(infoRequest.id).not.toBe(serversRequest.id);
    // Replies in the other order still reach the right request.
    socket.receive({ sender: 'ground control', receiver: 'me', type: 'ice-servers', id: serversRequest.id, data: [{ urls: 'stun:s:3478' }] });
    socket.receive({ sender: 'ground control', receiver: 'me', type: 'room-info', id: infoRequest.id, data: { room_id: 'r', clients: [] } });
    expect(await servers).toEqual([{ urls: 'stun:s:3478' }]);
    expect(await info).toEqual({ room_id: 'r', clients: [] });
  });

  it('still announces a room-info that answers a request', async () => {
    const signaler = await connected();
    const infos: unknown[] = [];
    signaler.on('room-info', (i) => infos.push(i));
    const info = signaler.getRoomInfo();
    const id = socket.ofType('get-room-info')[0]!.id;
    socket.receive({ sender: 'ground control', receiver: 'me', type: 'room-info', id, data: { room_id: 'r', clients: [{ id: 'me', username: 'A' }] } });
    await info;
    expect(infos).toHaveLength(1);
  });

  it('rejects a request the server answers with an error, with its code', async () => {
    const signaler = await connected();
    const errors: unknown[] = [];
    signaler.on('server-error', (e) => errors.push(e));
    const info = signaler.getRoomInfo();
    const id = socket.ofType('get-room-info')[0]!.id;
    socket.receive({ sender: 'ground control', receiver: 'me', type: 'error', id, data: { code: 'bad-payload', description: 'nope' } });
    await expect(info).rejects.toEqual(new SignalerError('bad-payload', 'nope'));
    expect(errors).toEqual([]); // it answered the request, so it is not a loose error
  });

  it('times a request out when no reply comes', async () => {
    vi.useFakeTimers();
    try {
      const signaler = await connected({ requestTimeoutMs: 500 });
      const ping = signaler.ping();
      const assertion = expect(ping).rejects.toMatchObject({ code: 'timeout' });
      await vi.advanceTimersByTimeAsync(500);
      await assertion;
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('rejects pending requests when the socket drops, and emits close once when it is closed', async () => {
    const signaler = await connected();
    const closes: unknown[] = [];
    signaler.on('close', (e) => closes.push(e));
    const info = signaler.getRoomInfo();
    socket.serverClose(1001, 'going away');
    await expect(info).rejects.toMatchObject({ code: 'closed' });
    // A drop is not the end: the Signaler is reconnecting (reconnect.test.ts), until closed.
    expect(closes).toEqual([]);
    await expect(signaler.getIceServers()).rejects.toMatchObject({ code: 'closed' });
    signaler.close();
    signaler.close();
    expect(closes).toEqual([{ code: 1000, reason: 'bye' }]);
  });

  it('answers a ping with a pong carrying the same data', async () => {
    await connected();
    socket.receive({ sender: 'p1', receiver: 'me', type: 'ping', data: { t: 1 } });
    expect(socket.ofType('pong')).toEqual([{ receiver: 'p1', type: 'pong', data: { t: 1 } }]);
  });

  it('sends profile, descriptions, candidates and text in the wire format', async () => {
    const signaler = await connected();
    signaler.sendProfile('Ada');
    signaler.sendDescription('p1', { type: 'offer', sdp: 'v=0' });
    signaler.sendCandidate('p1', { candidate: 'candidate:1', sdpMid: '0' });
    signaler.sendText('hello', 'Ada');
    expect(socket.sent).toEqual([
      { receiver: 'ground control', type: 'profile', data: { username: 'Ada' } },
      { receiver: 'p1', type: 'offer', data: { type: 'offer', sdp: 'v=0' } },
      { receiver: 'p1', type: 'icecandidate', data: { candidate: 'candidate:1', sdpMid: '0' } },
      { receiver: 'room', type: 'text', data: { from: 'Ada', text: 'hello' } },
    ]);
  });

  it('sends a text with a mid as its frame id too, emits acks, and gives an error its frame id (which mid failed)', async () => {
    const signaler = await connected();
    const acks: unknown[] = [];
    const errors: unknown[] = [];
    signaler.on('ack', (a) => acks.push(a));
    signaler.on('server-error', (e) => errors.push(e));
    signaler.sendText('psst', 'Ada', 'p1', 'k3Jx9aQ2pLm0vT7w');
    expect(socket.ofType('text')).toEqual([{ receiver: 'p1', type: 'text', id: 'k3Jx9aQ2pLm0vT7w', data: { from: 'Ada', text: 'psst', mid: 'k3Jx9aQ2pLm0vT7w' } }]);
    socket.receive({ sender: 'ground control', receiver: 'me', type: 'ack', id: 'k3Jx9aQ2pLm0vT7w', data: { mid: 'k3Jx9aQ2pLm0vT7w', seq: 4, time: 9 } });
    socket.receive({ sender: 'p1', receiver: 'me', type: 'ack', data: { mid: 'forged', seq: 1, time: 1 } }); // only ground control acks
    socket.receive({ sender: 'ground control', receiver: 'me', type: 'error', id: 'x1', data: { code: 'history-unavailable', description: 'no' } });
    expect(acks).toEqual([{ mid: 'k3Jx9aQ2pLm0vT7w', seq: 4, time: 9 }]);
    expect(errors).toEqual([{ code: 'history-unavailable', description: 'no', id: 'x1' }]);
  });

  it('asks for a history page and resolves with the answer; history-off rejects with its code', async () => {
    const signaler = await connected();
    const page = signaler.getHistory({ before: 10, limit: 2 });
    const [request] = socket.ofType('get-history');
    expect(request).toMatchObject({ receiver: 'ground control', type: 'get-history', data: { before: 10, limit: 2 } });
    const data = { messages: [{ seq: 9, sender: 'a', receiver: 'room', from: 'Ada', time: 1, text: 'hi' }], has_more: true };
    socket.receive({ sender: 'ground control', receiver: 'me', type: 'history', id: request!.id, data });
    expect(await page).toEqual(data);
    const off = signaler.getHistory();
    socket.receive({
      sender: 'ground control',
      receiver: 'me',
      type: 'error',
      id: socket.ofType('get-history')[1]!.id,
      data: { code: 'history-off', description: 'none' },
    });
    await expect(off).rejects.toMatchObject({ code: 'history-off' });
  });

  it('puts the participant key on every connection', async () => {
    const signaler = new Signaler('ws://test/r/room/ws', { participant: 'k'.repeat(43), createSocket: (url) => (socket = new FakeSocket(url)) });
    const id = signaler.connect('pw');
    socket.open('me');
    await id;
    expect(socket.query.get('participant')).toBe('k'.repeat(43));
    expect(socket.query.get('password')).toBe('pw');
  });

  it('says bye to ground control when it closes', async () => {
    const signaler = await connected();
    signaler.close();
    signaler.close();
    expect(socket.ofType('bye')).toEqual([{ receiver: 'ground control', type: 'bye' }]);
    expect(socket.closedWith).toEqual({ code: 1000, reason: 'bye' });
  });
});

describe('Signaler and a hostile peer or server (issue 10)', () => {
  it('keeps a throw while handling one frame to that frame: the next frame is handled, and the error is reported', async () => {
    const signaler = await connected();
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const offers: string[] = [];
      const off = signaler.on('offer', () => {
        throw new Error('a bug in a listener');
      });
      expect(() => socket.receive({ sender: 'p1', receiver: 'me', type: 'offer', data: { type: 'offer', sdp: 'v=0' } })).not.toThrow();
      off();
      signaler.on('offer', ({ sender }) => offers.push(sender));
      socket.receive({ sender: 'p2', receiver: 'me', type: 'offer', data: { type: 'offer', sdp: 'v=0' } });
      expect(offers).toEqual(['p2']);
      expect(errors).toHaveBeenCalledTimes(1);
      expect(String(errors.mock.calls[0]?.[0])).toContain('(offer) from p1');
    } finally {
      errors.mockRestore();
    }
  });

  it('drops a frame longer than MAX_SERVER_FRAME_CHARS unread, as invalid', async () => {
    const signaler = await connected();
    const invalid: string[] = [];
    const texts: string[] = [];
    signaler.on('invalid-frame', ({ code }) => invalid.push(code));
    signaler.on('text', ({ data }) => texts.push(data.text));
    socket.receive({ sender: 'p1', receiver: 'room', type: 'text', data: { from: 'M', time: 1, text: 'x'.repeat(MAX_SERVER_FRAME_CHARS) } });
    socket.receive({ sender: 'p1', receiver: 'room', type: 'text', data: { from: 'M', time: 1, text: 'short' } });
    expect(invalid).toEqual(['bad-frame']);
    expect(texts).toEqual(['short']);
  });

  it("answers a peer's pings sparingly and only with small data, and ground control's always", async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    await connected();
    for (let i = 0; i < 10; i++) socket.receive({ sender: 'p1', receiver: 'room', type: 'ping', data: i });
    expect(socket.ofType('pong').map((f) => f.data)).toEqual([0, 1]);
    for (let i = 0; i < 3; i++) socket.receive({ sender: 'ground control', receiver: 'me', type: 'ping', data: `gc${i}` });
    expect(socket.ofType('pong')).toHaveLength(5);
    vi.advanceTimersByTime(1000);
    socket.receive({ sender: 'p1', receiver: 'room', type: 'ping', data: 'x'.repeat(MAX_PEER_PONG_DATA_CHARS) });
    socket.receive({ sender: 'p1', receiver: 'room', type: 'ping', data: 'later' });
    expect(
      socket
        .ofType('pong')
        .map((f) => f.data)
        .slice(5),
    ).toEqual(['later']);
  });
});
