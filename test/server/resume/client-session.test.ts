import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ClientSession, type EndReason } from '../../../server/resume/client-session.js';
import { OutgoingFrame } from '../../../server/core/outgoing-frame.js';
import { TokenBucket } from '../../../server/admission/token-bucket.js';
import { FakeTransport } from '../../helpers/fake-transport.js';
import type { SessionMirror } from '../../../server/admission/slot-ledger.js';

function session(transport: FakeTransport, overrides: { graceMs?: number; isResumable?: boolean; maxBufferedBytes?: number } = {}) {
  const ended: EndReason[] = [];
  const s = new ClientSession(transport, {
    maxBufferedBytes: overrides.maxBufferedBytes ?? 100,
    graceMs: overrides.graceMs ?? 20_000,
    isResumable: overrides.isResumable ?? true,
    bucket: new TokenBucket({ burst: 10, floodTolerance: 10 }),
    owner: { handleParked: () => undefined, handleEnded: (_session, reason) => ended.push(reason), handleExpiryFault: () => undefined },
  });
  return { s, ended };
}

describe('ClientSession', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('passes frames to its socket while the reader keeps up', () => {
    const t = new FakeTransport();
    const { s } = session(t);
    s.send('a');
    s.send('b');
    expect(t.sent).toEqual(['a', 'b']);
  });

  // Guards against unbounded memory: a client that stops reading must not make the server queue forever.
  it('cuts off a client whose send buffer passed the bound, and queues nothing more', () => {
    const t = new FakeTransport();
    const { s, ended } = session(t, { maxBufferedBytes: 100 });
    t.bufferedAmount = 101;
    s.send('x');
    expect(t.isTerminated).toBe(true);
    expect(t.sent).toEqual([]);
    expect(ended).toEqual(['slow-consumer']);
    s.send('y');
    expect(t.sent).toEqual([]);
  });

  it('ends at once when a client that did not ask for resumption drops', () => {
    const t = new FakeTransport();
    const { s, ended } = session(t, { isResumable: false });
    s.handleTransportClosed(t, 1006);
    expect(ended).toEqual(['left']);
  });

  it('ends at once on a deliberate close (1000, 1001), even when resumable', () => {
    for (const code of [1000, 1001]) {
      const t = new FakeTransport();
      const { s, ended } = session(t);
      s.handleTransportClosed(t, code);
      expect(ended).toEqual(['left']);
    }
  });

  it('holds the slot of a resumable client that dropped, keeping frames for it, until the grace runs out', () => {
    const t = new FakeTransport();
    const { s, ended } = session(t, { graceMs: 20_000 });
    s.startNumbering();
    s.handleTransportClosed(t, 1006);
    expect(s.isParked).toBe(true);
    s.send('kept');
    vi.advanceTimersByTime(19_999);
    expect(ended).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(ended).toEqual(['expired']);
    expect(s.isParked).toBe(false);
  });

  // Issue 10: the grace timer's work (the room's leave and its room-info)
  // threw out of a timer, which stops the process.
  it('hands a throw from the grace expiry to its owner instead of letting it escape the timer', () => {
    const t = new FakeTransport();
    const faults: unknown[] = [];
    const s = new ClientSession(t, {
      maxBufferedBytes: 100,
      graceMs: 1000,
      isResumable: true,
      bucket: new TokenBucket({ burst: 10, floodTolerance: 10 }),
      owner: {
        handleParked: () => undefined,
        handleEnded: () => {
          throw new Error('planted in handleEnded');
        },
        handleExpiryFault: (session, error) => faults.push([session, error]),
      },
    });
    s.handleTransportClosed(t, 1006);
    expect(() => vi.advanceTimersByTime(1000)).not.toThrow();
    expect(faults).toEqual([[s, new Error('planted in handleEnded')]]);
    expect(s.isEnded).toBe(true);
  });

  it('counts the grace from when the client was last heard from', () => {
    const t = new FakeTransport();
    const { s, ended } = session(t, { graceMs: 20_000 });
    s.handleTransportClosed(t, 1006, 15_000);
    vi.advanceTimersByTime(5_000);
    expect(ended).toEqual(['expired']);
    const t2 = new FakeTransport();
    const late = session(t2, { graceMs: 20_000 });
    late.s.handleTransportClosed(t2, 1006, 25_000);
    expect(late.ended).toEqual(['expired']);
  });

  it('on resume, sends the greeting first, then every frame after the ones the client saw, in order', () => {
    const t = new FakeTransport();
    const { s, ended } = session(t);
    s.startNumbering();
    s.send('one');
    s.send('two'); // written to a socket that had already died: the client saw only "one"
    s.handleTransportClosed(t, 1006);
    s.send('three');
    expect(s.canResume(1)).toBe(true);
    const t2 = new FakeTransport();
    s.resume(t2, 1, () => s.send('greeting'));
    expect(t2.sent).toEqual(['greeting', 'two', 'three']);
    vi.advanceTimersByTime(60_000);
    expect(ended).toEqual([]); // the grace timer was cancelled
    expect(vi.getTimerCount()).toBe(0);
    // The greeting was not numbered: the next frame is number 4.
    s.send('four');
    const t3 = new FakeTransport();
    s.resume(t3, 3, () => {});
    expect(t3.sent).toEqual(['four']);
  });

  // Guards the replay log against relayed frames that travel as bytes: they must be numbered and replayed like text.
  it('numbers and replays frames given as shared bytes, sending the socket their bytes', () => {
    const t = new FakeTransport();
    const sentBytes: (string | Uint8Array)[] = [];
    const send = t.send.bind(t);
    t.send = (data) => {
      sentBytes.push(data as string | Uint8Array);
      send(data);
    };
    const { s } = session(t, { maxBufferedBytes: 1_000 });
    s.startNumbering();
    const relayed = OutgoingFrame.ofBytes(Buffer.from('{"type":"offer","sdp":"\u00e9"}'));
    s.send(relayed);
    s.send('text');
    expect(sentBytes[0]).toBe(relayed.bytes);
    s.handleTransportClosed(t, 1006);
    const t2 = new FakeTransport();
    s.resume(t2, 0, () => {});
    expect(t2.sent).toEqual(['{"type":"offer","sdp":"\u00e9"}', 'text']);
  });

  it('forgets the frames a pong proved were read, so a resumption cannot ask for them again', () => {
    const t = new FakeTransport();
    const { s } = session(t);
    s.startNumbering();
    s.send('one');
    s.send('two');
    s.handlePing();
    s.send('three');
    s.handlePong(); // the client had read "one" and "two"
    expect(s.canResume(0)).toBe(false);
    expect(s.canResume(2)).toBe(true);
    expect(s.bufferedAmount).toBe(0); // the fake socket's; the log holds "three" only
  });

  it('refuses a resumption claiming more frames than were sent, or from a client that never asked for one', () => {
    const t = new FakeTransport();
    const { s } = session(t);
    s.startNumbering();
    s.send('one');
    expect(s.canResume(2)).toBe(false);
    expect(s.canResume(-1)).toBe(false);
    expect(s.canResume(1.5)).toBe(false);
    const plain = session(new FakeTransport(), { isResumable: false }).s;
    expect(plain.canResume(0)).toBe(false);
  });

  it('keeps at most the buffer bound of unconfirmed frames while attached, dropping the oldest', () => {
    const t = new FakeTransport();
    const { s, ended } = session(t, { maxBufferedBytes: 10 });
    s.startNumbering();
    for (const frame of ['aaaa', 'bbbb', 'cccc']) s.send(frame);
    expect(t.sent).toEqual(['aaaa', 'bbbb', 'cccc']);
    expect(ended).toEqual([]);
    expect(s.canResume(0)).toBe(false); // "aaaa" is gone
    expect(s.canResume(1)).toBe(true);
  });

  it('replaces a socket whose drop was not noticed yet, closing it as replaced and ignoring its late close', () => {
    const old = new FakeTransport();
    const { s, ended } = session(old);
    const fresh = new FakeTransport();
    s.resume(fresh, 0, () => {});
    expect(old.closedWith).toEqual({ code: 4000, reason: 'session-replaced' });
    s.handleTransportClosed(old, 4000);
    expect(ended).toEqual([]);
    expect(s.holds(fresh)).toBe(true);
    expect(s.holds(old)).toBe(false);
  });

  it('drops the slot when the frames held for it pass the bound', () => {
    const t = new FakeTransport();
    const { s, ended } = session(t, { maxBufferedBytes: 10 });
    s.startNumbering();
    s.handleTransportClosed(t, 1006);
    s.send('123456');
    expect(ended).toEqual([]);
    s.send('123456');
    expect(ended).toEqual(['overflow']);
    expect(s.bufferedAmount).toBe(0);
  });

  it('closes its socket when the core closes it, ending once however often it is ended', () => {
    const t = new FakeTransport();
    const { s, ended } = session(t);
    s.close(1000, 'bye');
    s.end('shutdown', { code: 1001, reason: 'again' });
    s.handleTransportClosed(t, 1000);
    expect(t.closedWith).toEqual({ code: 1000, reason: 'bye' });
    expect(ended).toEqual(['left']);
    expect(() => s.resume(new FakeTransport(), 0, () => {})).toThrow(/cannot resume/);
  });

  it('sends nothing once sealed', () => {
    const t = new FakeTransport();
    const { s } = session(t);
    s.seal();
    s.send('late');
    expect(t.sent).toEqual([]);
  });
});

describe('ClientSession mirrored for a cluster (server/admission/slot-ledger.ts)', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function recorder(): { calls: string[]; mirror: SessionMirror } {
    const calls: string[] = [];
    const mirror: SessionMirror = {
      append: (frame) => calls.push(`append ${frame}`),
      trim: (firstSeq) => calls.push(`trim ${firstSeq}`),
      token: (token) => calls.push(`token ${token}`),
      park: (remainingMs) => calls.push(`park ${remainingMs}`),
      end: (isMoved) => calls.push(`end ${isMoved ? 'moved' : 'here'}`),
    };
    return { calls, mirror };
  }

  it('tells the mirror each numbered frame, what the client confirmed, the token, the drop and the end, in order', () => {
    const t = new FakeTransport();
    const { s } = session(t, { maxBufferedBytes: 1000 });
    const { calls, mirror } = recorder();
    s.mirrorTo(mirror);
    s.handleTokenIssued('tok-1');
    s.send('greeting, not numbered');
    s.startNumbering();
    s.send('one');
    s.send('two');
    s.handlePing();
    s.handlePong();
    s.send('three');
    s.handleTransportClosed(t, 1006, 5000);
    vi.advanceTimersByTime(15_000);
    expect(calls).toEqual(['token tok-1', 'append one', 'append two', 'trim 3', 'append three', 'park 15000', 'end here']);
  });

  it('says a session that ended because another node took it over was moved, so its slot there is kept', () => {
    const t = new FakeTransport();
    const { s, ended } = session(t);
    const { calls, mirror } = recorder();
    s.mirrorTo(mirror);
    s.end('moved', { code: 4000, reason: 'session-replaced' });
    expect(ended).toEqual(['moved']);
    expect(calls).toEqual(['end moved']);
  });

  it('starts a taken-over session at the first frame the client has not seen and writes those frames after the greeting', () => {
    const t = new FakeTransport();
    const s = new ClientSession(t, {
      maxBufferedBytes: 1000,
      graceMs: 20_000,
      isResumable: true,
      bucket: new TokenBucket({ burst: 10, floodTolerance: 10 }),
      owner: { handleParked: () => undefined, handleEnded: () => undefined, handleExpiryFault: () => undefined },
      held: { firstSeq: 8, frames: ['eight', 'nine'] },
    });
    expect(s.nextSeq).toBe(10);
    s.send('greeting');
    s.startNumbering();
    s.sendHeld();
    s.send('ten');
    expect(t.sent).toEqual(['greeting', 'eight', 'nine', 'ten']);
    // The client that saw up to nine can resume after a later drop; one that saw only seven cannot.
    s.handleTransportClosed(t, 1006);
    expect(s.canResume(9)).toBe(true);
    expect(s.canResume(6)).toBe(false);
  });
});
