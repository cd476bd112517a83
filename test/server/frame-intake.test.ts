// The frame fault boundary (issue 10): a bug hit by one client's frame ends
// that client's connection with `internal` and 1011, is reported once with
// what it hit, and every other connection carries on.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ChatManager } from '../../server/chat-manager.js';
import { FaultSite, Faults, type Fault } from '../../server/faults.js';
import { takeFrame } from '../../server/frame-intake.js';
import { Gatekeeper } from '../../server/gatekeeper.js';
import { TokenBucket } from '../../server/rate-limiter.js';
import { RoomPasswords } from '../../server/room-password.js';
import { SessionRegistry, type ResumableSlot } from '../../server/session-resume.js';
import { compiledChecker } from '../../shared/compiled-checker.js';
import { FakeTransport } from '../helpers/fake-transport.js';

class PlantedBug extends Error {}

function setup() {
  let next = 0;
  let isIceBroken = false;
  const manager = new ChatManager({
    makeChecker: compiledChecker,
    maxTextLength: 100,
    maxUsernameLength: 20,
    // The planted throw: the get-ice-servers handler fails while this is set.
    iceServersFor: () => {
      if (isIceBroken) throw new PlantedBug('planted in iceServersFor');
      return [];
    },
    newId: () => `c${++next}`,
  });
  const faults = new Faults();
  const reported: Fault[] = [];
  faults.on('fault', (fault) => reported.push(fault));
  const gate = new Gatekeeper(manager, new RoomPasswords({ N: 1024, r: 8, p: 1 }), new SessionRegistry(), {
    maxRoomSize: 8,
    graceMs: 20_000,
    maxBufferedBytes: 100_000,
    newBucket: () => new TokenBucket({ burst: 100, floodTolerance: 10 }),
    faults,
  });
  const join = async (roomId: string, wantsSession = false) => {
    const transport = new FakeTransport();
    const admission = await gate.admit({ roomId, wantsSession }, transport, () => true);
    if (!admission.ok) throw new Error('join refused');
    const slot: ResumableSlot = { client: admission.client, session: admission.session };
    return { transport, slot };
  };
  const send = (slot: ResumableSlot, frame: unknown) => takeFrame({ manager, faults }, slot, Buffer.from(JSON.stringify(frame)));
  return { manager, faults, reported, gate, join, send, breakIce: () => (isIceBroken = true) };
}

describe('takeFrame: the fault boundary around each frame', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] }));
  afterEach(() => vi.useRealTimers());

  it('answers a throw planted in a handler with internal and 1011, and serves the next frame on another connection', async () => {
    const { join, send, breakIce, reported, faults, manager } = setup();
    const a = await join('r', true);
    const b = await join('r');
    const other = await join('s');
    breakIce();

    expect(() => send(a.slot, { receiver: 'ground control', type: 'get-ice-servers', id: 'q1' })).not.toThrow();

    expect(a.transport.frames().at(-1)).toEqual({
      sender: 'ground control',
      receiver: 'c1',
      type: 'error',
      data: { code: 'internal', description: 'the server failed while handling this frame' },
    });
    // Closed for good, not parked for resumption: its state is in doubt.
    expect(a.transport.closedWith).toEqual({ code: 1011, reason: 'internal' });
    expect(a.slot.session.isEnded).toBe(true);
    expect(manager.room('r')?.has(a.slot.client)).toBe(false);

    // Reported once, with what it hit and the original error (and its stack).
    expect(reported).toHaveLength(1);
    expect(reported[0]).toMatchObject({ where: 'frame', room: 'r', client: 'c1', frameType: 'get-ice-servers' });
    const error = reported[0]!.error;
    expect(error).toBeInstanceOf(PlantedBug);
    expect(error instanceof Error && error.stack).toContain('iceServersFor');
    expect(faults.counts.get(FaultSite.Frame)).toBe(1);

    // Everyone else carries on: b heard that a left, and is answered.
    expect(b.transport.frames().at(-1)).toMatchObject({ type: 'room-info', data: { clients: [{ id: 'c2' }] } });
    send(b.slot, { receiver: 'ground control', type: 'ping', id: 'p1' });
    expect(b.transport.frames().at(-1)).toEqual({ sender: 'ground control', receiver: 'c2', type: 'pong', id: 'p1' });
    send(other.slot, { receiver: 'ground control', type: 'get-room-info' });
    expect(other.transport.frames().at(-1)).toMatchObject({ type: 'room-info', data: { room_id: 's' } });
  });

  it('contains a throw in a listener of the core (a metrics or history hook), as a fault of that frame', async () => {
    const { join, send, reported, manager } = setup();
    const a = await join('r');
    const b = await join('r');
    manager.on('text', () => {
      throw new PlantedBug('planted in a text listener');
    });
    send(a.slot, { receiver: 'room', type: 'text', data: { text: 'hello' } });
    expect(reported).toMatchObject([{ where: 'frame', client: 'c1', frameType: 'text' }]);
    expect(a.transport.closedWith).toEqual({ code: 1011, reason: 'internal' });
    send(b.slot, { receiver: 'ground control', type: 'ping' });
    expect(b.transport.types().at(-1)).toBe('pong');
  });

  it('contains a throw before the frame is parsed, and one in the error reply itself, still closing with 1011', async () => {
    const { join, send, reported, manager } = setup();
    const a = await join('r');
    const b = await join('r');
    // Every error reply passes this listener first, the internal one included.
    const off = manager.on('frame-error', () => {
      throw new PlantedBug('planted in a frame-error listener');
    });
    const faults = new Faults();
    takeFrame({ manager, faults }, a.slot, Buffer.from('not json'));
    expect(a.transport.closedWith).toEqual({ code: 1011, reason: 'internal' });
    // Two failures, each reported once: the bad-json reply, then the internal one.
    expect(faults.counts.get(FaultSite.Frame)).toBe(2);
    expect(reported).toEqual([]); // only the Faults it was given hears of it
    off();
    send(b.slot, { receiver: 'ground control', type: 'ping' });
    expect(b.transport.types().at(-1)).toBe('pong');
  });

  it('handles well-behaved frames without reporting anything', async () => {
    const { join, send, reported } = setup();
    const a = await join('r');
    await join('r');
    send(a.slot, { receiver: 'c2', type: 'icecandidate', data: { candidate: 'x' } });
    send(a.slot, { receiver: 'ground control', type: 'nope' });
    expect(a.transport.types().at(-1)).toBe('error');
    expect(a.transport.closedWith).toBeUndefined();
    expect(reported).toEqual([]);
  });
});
