// The Signaler keeps its link up: after a drop it reconnects with backoff,
// resumes its session (same id, `seen` frames) within the grace period and
// joins fresh after it; refusals, 4000 session-replaced and its own close end
// the link for good. A fake socket plays the server; fake timers play time.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Signaler, type SignalerEvents } from '../../../client/signaling/signaler.js';
import { FakeSocket } from '../fakes.js';

const GC = 'ground control';
let sockets: FakeSocket[];
const latest = () => sockets[sockets.length - 1]!;

function makeSignaler(options: { random?: () => number; password?: string } = {}): Signaler {
  return new Signaler('ws://test/r/room/ws', {
    password: options.password,
    backoff: { random: options.random ?? (() => 0.5) }, // 0.5: no jitter
    createSocket: (url) => {
      const socket = new FakeSocket(url);
      sockets.push(socket);
      return socket;
    },
  });
}

/** A connected Signaler whose session grants `graceMs`, and a log of its link events. */
async function connected(graceMs = 20_000, options: { random?: () => number; password?: string } = {}) {
  const signaler = makeSignaler(options);
  const log: string[] = [];
  const record = <K extends keyof SignalerEvents>(event: K, show: (e: SignalerEvents[K]) => string) => signaler.on(event, (e) => log.push(`${event} ${show(e)}`));
  const id = signaler.connect();
  latest().open('me', { grace_ms: graceMs });
  expect(await id).toBe('me');
  record('connection', (e) => `${e.state}${e.retryInMs === undefined ? '' : ` in ${e.retryInMs}`}`);
  record('resumed', (e) => e.id);
  record('rejoined', (e) => `${e.previousId}→${e.id}`);
  record('refused', (e) => `${e.code}: ${e.description}`);
  record('close', (e) => String(e.code));
  return { signaler, log };
}

beforeEach(() => {
  sockets = [];
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('Signaler reconnection', () => {
  it('retries after 0.5, 1, 2, 4, then every 8 s while the server cannot be reached', async () => {
    const { log } = await connected(60_000);
    latest().serverClose(1006);
    const waits: number[] = [];
    for (let i = 0; i < 6; i++) {
      const before = sockets.length;
      const started = Date.now();
      await vi.advanceTimersToNextTimerAsync();
      expect(sockets.length).toBe(before + 1);
      waits.push(Date.now() - started);
      latest().serverClose(1006); // connection refused
    }
    expect(waits).toEqual([500, 1000, 2000, 4000, 8000, 8000]);
    expect(log.slice(0, 2)).toEqual(['connection reconnecting in 500', 'connection reconnecting in 1000']);
  });

  it('spreads the waits with the injected random number (±50 %)', async () => {
    await connected(20_000, { random: () => 0 });
    latest().serverClose(1006);
    await vi.advanceTimersByTimeAsync(249);
    expect(sockets).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(sockets).toHaveLength(2);
  });

  it('resumes within the grace period: same id, `seen` counted, what it said meanwhile sent after', async () => {
    const { signaler, log } = await connected();
    const first = latest();
    // Counted: relayed frames (a peer's greeting too), room-info, a ping, an invalid frame. Not: ground control's greeting/session.
    first.receive({ sender: 'p1', receiver: 'me', type: 'offer', data: { type: 'offer', sdp: 'v=0' } });
    first.receive({ sender: 'p1', receiver: 'me', type: 'greeting', data: 'hello' });
    first.receive({ sender: GC, receiver: 'me', type: 'room-info', data: { room_id: 'room', clients: [] } });
    first.receive({ sender: GC, receiver: 'me', type: 'ping' });
    first.receive('{broken');
    expect(signaler.seen).toBe(5);

    first.serverClose(1006);
    signaler.sendCandidate('p1', { candidate: 'candidate:1' });
    signaler.sendText('lost', 'Mia'); // not queued: the chat's Outbox holds texts while away
    await vi.advanceTimersByTimeAsync(500);
    expect(latest().query.get('resume')).toBe('token-me');
    expect(latest().query.get('seen')).toBe('5');
    expect(latest().query.has('session')).toBe(false);

    latest().open('me', { token: 'token-2', resumed: true });
    expect(log).toEqual(['connection reconnecting in 500', 'connection connected', 'resumed me']);
    expect(signaler.id).toBe('me');
    expect(latest().sent).toEqual([{ receiver: 'p1', type: 'icecandidate', data: { candidate: 'candidate:1' } }]);

    // The count goes on across the resumption, and the next resumption uses the new token.
    latest().receive({ sender: 'p1', receiver: 'me', type: 'answer', data: { type: 'answer', sdp: 'v=1' } });
    latest().serverClose(1006);
    await vi.advanceTimersByTimeAsync(500);
    expect(Object.fromEntries(latest().query)).toEqual({ resume: 'token-2', seen: '6' });
  });

  it('joins fresh once the grace period is over: a new id, the count restarted, queued frames dropped', async () => {
    const { signaler, log } = await connected(1_000, { password: 'pw' });
    latest().receive({ sender: 'p1', receiver: 'me', type: 'offer', data: { type: 'offer', sdp: 'v=0' } });
    latest().serverClose(1006);
    signaler.sendDescription('p1', { type: 'answer', sdp: 'v=0' });
    await vi.advanceTimersByTimeAsync(500); // attempt 1, still within grace: resume
    expect(latest().query.get('resume')).toBe('token-me');
    latest().serverClose(1006);
    await vi.advanceTimersByTimeAsync(1000); // attempt 2, 1.5 s after the drop: fresh
    expect(Object.fromEntries(latest().query)).toEqual({ session: '1', password: 'pw' });
    latest().open('new', { resumed: false, token: 'token-new' });
    expect(log).toEqual([
      'connection reconnecting in 500',
      // The next try would come after the slot is gone: the server has been gone too long.
      'connection offline in 1000',
      'connection connected',
      'rejoined me→new',
    ]);
    expect(signaler.id).toBe('new');
    expect(signaler.seen).toBe(0);
    expect(latest().sent).toEqual([]);
  });

  it('reconnects after a shutdown (bye from ground control, then 1001), without a peer bye event', async () => {
    const { signaler, log } = await connected();
    const byes: unknown[] = [];
    signaler.on('bye', (e) => byes.push(e));
    latest().receive({ sender: GC, receiver: 'me', type: 'bye', data: 'server shutting down' });
    latest().serverClose(1001, 'server shutting down');
    await vi.advanceTimersByTimeAsync(500);
    expect(sockets).toHaveLength(2);
    // A restarted server does not know the token: it admits us as someone new.
    latest().open('me2', { resumed: false });
    expect(byes).toEqual([]);
    expect(log).toEqual(['connection reconnecting in 500', 'connection connected', 'rejoined me→me2']);
  });

  it('does not reconnect after 4000 session-replaced', async () => {
    const { signaler, log } = await connected();
    latest().serverClose(4000, 'session-replaced');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sockets).toHaveLength(1);
    expect(log).toEqual(['close 4000']);
    expect(signaler.isOpen).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("refuses with the code and the server's words, and does not retry by itself", async () => {
    for (const [code, errorCode] of [
      [4001, 'password-required'],
      [4002, 'wrong-password'],
      [4003, 'room-full'],
      [4004, 'too-many-connections'],
    ] as const) {
      sockets = [];
      const signaler = makeSignaler();
      const refused: unknown[] = [];
      signaler.on('refused', (e) => refused.push(e));
      const joining = signaler.connect();
      latest().refuse(code, errorCode, `words for ${errorCode}`);
      await expect(joining).rejects.toMatchObject({ code: errorCode, message: `words for ${errorCode}` });
      expect(refused).toEqual([{ code: errorCode, description: `words for ${errorCode}` }]);
      await vi.advanceTimersByTimeAsync(60_000);
      expect(sockets).toHaveLength(1);
    }
  });

  it('knows a refusal by its close code alone, if the error frame was not read', async () => {
    const signaler = makeSignaler();
    const joining = signaler.connect();
    latest().serverClose(4003, 'room-full');
    await expect(joining).rejects.toMatchObject({ code: 'room-full', message: 'the room is full' });
  });

  it('stops when a reconnection is refused (the room filled up meanwhile)', async () => {
    const { log } = await connected(0);
    latest().serverClose(1006);
    await vi.advanceTimersByTimeAsync(500);
    latest().refuse(4003, 'room-full', 'the room is full (8 people)');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sockets).toHaveLength(2);
    expect(log).toEqual(['connection offline in 500', 'refused room-full: the room is full (8 people)', 'close 4003']);
  });

  it('does not retry a first connection that fails: the user is told and decides', async () => {
    const signaler = makeSignaler();
    const joining = signaler.connect();
    latest().serverClose(1006);
    await expect(joining).rejects.toMatchObject({ code: 'connect-failed' });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sockets).toHaveLength(1);
  });

  it('abandons an attempt that hangs, and tries again', async () => {
    await connected();
    latest().serverClose(1006);
    await vi.advanceTimersByTimeAsync(500);
    const hanging = latest();
    await vi.advanceTimersByTimeAsync(10_000); // openTimeoutMs: nothing came back
    expect(hanging.closedWith).toBeDefined();
    await vi.advanceTimersByTimeAsync(1000);
    expect(sockets).toHaveLength(3);
  });

  it('stops reconnecting when closed, leaving no timer behind', async () => {
    const { signaler, log } = await connected();
    latest().serverClose(1006);
    signaler.close();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sockets).toHaveLength(1);
    expect(log).toEqual(['connection reconnecting in 500', 'close 1000']);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('ignores a replaced socket that closes late', async () => {
    const { log } = await connected();
    const old = latest();
    old.serverClose(1006);
    await vi.advanceTimersByTimeAsync(500);
    latest().open('me', { resumed: true });
    old.serverClose(4000, 'session-replaced'); // the old socket's own close, arriving after
    expect(log).toEqual(['connection reconnecting in 500', 'connection connected', 'resumed me']);
  });
});
