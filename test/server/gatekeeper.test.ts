import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { compiledChecker } from '../../shared/compiled-checker.js';
import { ChatManager } from '../../server/chat-manager.js';
import { Faults } from '../../server/faults.js';
import { Gatekeeper, refuse, type JoinRequest } from '../../server/gatekeeper.js';
import { TokenBucket } from '../../server/rate-limiter.js';
import { RoomPasswords } from '../../server/room-password.js';
import { SessionRegistry } from '../../server/session-resume.js';
import { FakeTransport } from '../helpers/fake-transport.js';

const CHEAP = { N: 1024, r: 8, p: 1 };

function setup(maxRoomSize = 3, graceMs = 20_000) {
  let next = 0;
  const manager = new ChatManager({
    makeChecker: compiledChecker,
    maxTextLength: 100,
    maxUsernameLength: 20,
    iceServersFor: () => [],
    newId: () => `c${++next}`,
  });
  const passwords = new RoomPasswords(CHEAP);
  const gate = new Gatekeeper(manager, passwords, new SessionRegistry(), {
    maxRoomSize,
    graceMs,
    maxBufferedBytes: 10_000,
    newBucket: () => new TokenBucket({ burst: 10, floodTolerance: 10 }),
    faults: new Faults(),
  });
  const join = async (request: Partial<JoinRequest> = {}) => {
    const transport = new FakeTransport();
    const admission = await gate.admit({ roomId: 'r', wantsSession: false, ...request }, transport, () => true);
    if (!admission.ok && admission.refusal) refuse(transport, admission.refusal);
    return { transport, admission };
  };
  return { manager, passwords, gate, join };
}

describe('Gatekeeper', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] }));
  afterEach(() => vi.useRealTimers());

  it('lets a Camus client in with just a greeting: no session frame unless asked', async () => {
    const { join } = setup();
    const { transport, admission } = await join();
    expect(admission.ok).toBe(true);
    expect(transport.types()).toEqual(['greeting']);
  });

  it('sends a session frame with a token after the greeting when asked', async () => {
    const { join } = setup();
    const { transport } = await join({ wantsSession: true });
    expect(transport.types()).toEqual(['greeting', 'session']);
    const session = transport.frames()[1]!;
    expect(session).toMatchObject({ sender: 'ground control', receiver: 'c1', data: { resumed: false, grace_ms: 20_000 } });
    expect(session.data.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('refuses a joiner of a full room with room-full and close 4003, counting held slots', async () => {
    const { join, manager } = setup(2);
    const a = await join({ wantsSession: true });
    await join();
    // a drops but its slot is held: the room is still full.
    if (a.admission.ok) a.admission.session.handleTransportClosed(a.transport, 1006);
    const third = await join();
    expect(third.admission.ok).toBe(false);
    expect(third.transport.frames()).toEqual([
      { sender: 'ground control', receiver: '', type: 'error', data: { code: 'room-full', description: 'the room is full (2 people)' } },
    ]);
    expect(third.transport.closedWith).toEqual({ code: 4003, reason: 'room-full' });
    expect(manager.room('r')?.size).toBe(2);
  });

  it('requires the password the first joiner set: none is password-required (4001), a wrong one wrong-password (4002)', async () => {
    const { join } = setup();
    expect((await join({ password: 'sesame' })).admission.ok).toBe(true);
    const none = await join();
    expect(none.transport.frames()[0]?.data.code).toBe('password-required');
    expect(none.transport.closedWith).toEqual({ code: 4001, reason: 'password-required' });
    const wrong = await join({ password: 'open' });
    expect(wrong.transport.frames()[0]?.data.code).toBe('wrong-password');
    expect(wrong.transport.closedWith).toEqual({ code: 4002, reason: 'wrong-password' });
    expect((await join({ password: 'sesame' })).admission.ok).toBe(true);
  });

  it('forgets the password when the last member leaves', async () => {
    const { join, passwords } = setup();
    const first = await join({ password: 'sesame' });
    if (first.admission.ok) first.admission.client.close(1000, 'bye');
    expect(passwords.has('r')).toBe(false);
    expect((await join()).admission.ok).toBe(true);
  });

  it('forgets a password whose setter went away before getting in', async () => {
    const { gate, passwords } = setup();
    const admission = await gate.admit({ roomId: 'r', wantsSession: false, password: 'sesame' }, new FakeTransport(), () => false);
    expect(admission).toEqual({ ok: false, refusal: undefined });
    expect(passwords.has('r')).toBe(false);
  });

  it('gives a resuming client its old id, then the frames its peers sent meanwhile, and the room never saw it leave', async () => {
    const { join, manager } = setup();
    const a = await join({ wantsSession: true });
    const b = await join();
    if (!a.admission.ok || !b.admission.ok) throw new Error('join failed');
    const token = a.transport.frames()[1]!.data.token;
    a.admission.session.handleTransportClosed(a.transport, 1006);
    // b goes on talking to a while a is away.
    manager.handleMessage(b.admission.client, JSON.stringify({ receiver: 'c1', type: 'icecandidate', data: { candidate: 'x' } }));
    expect(b.transport.types()).toEqual(['greeting']); // no error: c1 is still there
    const resumed = await join({ resumeToken: token, seen: 0 });
    expect(resumed.admission).toMatchObject({ ok: true, resumed: true });
    const frames = resumed.transport.frames();
    expect(frames[0]).toMatchObject({ type: 'greeting', receiver: 'c1' });
    expect(frames[1]).toMatchObject({ type: 'session', receiver: 'c1', data: { resumed: true } });
    expect(frames[1]!.data.token).not.toBe(token);
    expect(frames[2]).toEqual({ receiver: 'c1', type: 'icecandidate', data: { candidate: 'x' }, sender: 'c2' });
    expect(b.transport.types()).not.toContain('room-info');
  });

  it('drops the old slot at once and joins fresh when a resumption cannot be exact', async () => {
    const { join, manager } = setup();
    const a = await join({ wantsSession: true });
    const b = await join();
    const token = a.transport.frames()[1]!.data.token;
    const again = await join({ resumeToken: token, seen: 5 }); // claims frames never sent
    expect(again.admission).toMatchObject({ ok: true, resumed: false });
    expect(again.transport.frames()[0]!.receiver).toBe('c3');
    expect(a.transport.closedWith).toEqual({ code: 4000, reason: 'session-replaced' });
    expect(manager.room('r')?.get('c1')).toBeUndefined();
    expect(b.transport.frames().at(-1)).toMatchObject({ type: 'room-info' });
  });

  it('joins fresh, saying resumed: false, when the token is unknown or spent', async () => {
    const { join } = setup();
    const fresh = await join({ resumeToken: 'nonsense' });
    expect(fresh.transport.types()).toEqual(['greeting', 'session']);
    expect(fresh.transport.frames()[1]!.data.resumed).toBe(false);
  });

  it('drops the slot after the grace period and tells the room', async () => {
    const { join, manager } = setup(3, 5000);
    const a = await join({ wantsSession: true });
    const b = await join();
    if (!a.admission.ok) throw new Error('join failed');
    a.admission.session.handleTransportClosed(a.transport, 1006);
    expect(manager.room('r')?.size).toBe(2);
    vi.advanceTimersByTime(5000);
    expect(manager.room('r')?.size).toBe(1);
    expect(b.transport.frames().at(-1)).toMatchObject({ type: 'room-info', data: { clients: [{ id: 'c2' }] } });
  });

  it('says bye to everyone, then closes each with 1001, with no room-info in between', async () => {
    const { join, gate, manager } = setup();
    const a = await join();
    const b = await join();
    gate.closeAll('server shutting down');
    for (const { transport } of [a, b]) {
      expect(transport.frames().at(-1)).toMatchObject({ sender: 'ground control', type: 'bye', data: 'server shutting down' });
      expect(transport.closedWith).toEqual({ code: 1001, reason: 'server shutting down' });
    }
    expect(manager.clientCount).toBe(0);
    expect(gate.sessionCount).toBe(0);
  });
});
