import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Heartbeat } from '../../../server/admission/heartbeat.js';
import { FakeTransport } from '../../helpers/fake-transport.js';

describe('Heartbeat', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('pings every period and keeps a peer that answers', () => {
    const heartbeat = new Heartbeat<FakeTransport>(1000);
    const peer = new FakeTransport();
    heartbeat.add(peer);
    for (let i = 0; i < 5; i++) {
      vi.advanceTimersByTime(1000);
      heartbeat.handlePong(peer);
    }
    expect(peer.pings).toBe(5);
    expect(peer.isTerminated).toBe(false);
    heartbeat.close();
  });

  it('cuts off a silent peer within two periods of its last pong, saying how long it was silent', () => {
    const dead: [FakeTransport, number][] = [];
    const heartbeat = new Heartbeat<FakeTransport>(10_000, { onDead: (peer, ms) => dead.push([peer, ms]) });
    const peer = new FakeTransport();
    heartbeat.add(peer);
    vi.advanceTimersByTime(10_000);
    heartbeat.handlePong(peer); // last sign of life at t=10 s
    vi.advanceTimersByTime(10_000); // t=20 s: pinged, no answer
    expect(peer.isTerminated).toBe(false);
    vi.advanceTimersByTime(10_000); // t=30 s: missed a whole period
    expect(peer.isTerminated).toBe(true);
    expect(dead).toEqual([[peer, 20_000]]);
    expect(heartbeat.size).toBe(0);
    heartbeat.close();
  });

  // Guards against the 30 s promise of issue 5: a default-period heartbeat must find the dead in time.
  it('with the default 10 s period, finds a peer that never answers within 30 s', () => {
    const heartbeat = new Heartbeat<FakeTransport>(10_000);
    const peer = new FakeTransport();
    heartbeat.add(peer);
    vi.advanceTimersByTime(29_999);
    expect(peer.isTerminated).toBe(true);
    heartbeat.close();
  });

  // Guards against cutting everyone off after a stall of our own (GC pause, suspended VM).
  it('judges no one on a tick that comes late, and judges again on the next one', () => {
    const heartbeat = new Heartbeat<FakeTransport>(1000);
    const silent = new FakeTransport();
    heartbeat.add(silent);
    vi.advanceTimersByTime(1000); // pinged; no pong comes
    vi.setSystemTime(Date.now() + 5000); // the process stalls for 5 s
    vi.advanceTimersByTime(1000); // the late tick: silent is pinged again, not cut off
    expect(silent.isTerminated).toBe(false);
    expect(silent.pings).toBe(2);
    vi.advanceTimersByTime(1000); // on time again, and still no pong
    expect(silent.isTerminated).toBe(true);
    heartbeat.close();
  });

  it('forgets a deleted peer and leaves no timer after close', () => {
    const heartbeat = new Heartbeat<FakeTransport>(1000);
    const peer = new FakeTransport();
    heartbeat.add(peer);
    heartbeat.delete(peer);
    vi.advanceTimersByTime(5000);
    expect(peer.pings).toBe(0);
    heartbeat.close();
    heartbeat.close();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('survives a peer whose ping throws', () => {
    const heartbeat = new Heartbeat<FakeTransport>(1000);
    const peer = new FakeTransport();
    peer.ping = () => {
      throw new Error('WebSocket is not open');
    };
    heartbeat.add(peer);
    expect(() => vi.advanceTimersByTime(1000)).not.toThrow();
    heartbeat.close();
  });

  // Issue 10: a throw in one socket's turn escaped the interval timer, which stops the process.
  it("reports a throw in one socket's turn and goes on pinging the others", () => {
    const faults: [FakeTransport, unknown][] = [];
    const broken = new FakeTransport();
    const heartbeat = new Heartbeat<FakeTransport>(1000, {
      onPing: (peer) => {
        if (peer === broken) throw new Error('planted in onPing');
      },
      onFault: (peer, error) => faults.push([peer, error]),
    });
    const before = new FakeTransport();
    const after = new FakeTransport();
    heartbeat.add(before);
    heartbeat.add(broken);
    heartbeat.add(after);
    expect(() => vi.advanceTimersByTime(1000)).not.toThrow();
    expect(faults).toEqual([[broken, new Error('planted in onPing')]]);
    expect([before.pings, after.pings]).toEqual([1, 1]);
    heartbeat.close();
  });
});
