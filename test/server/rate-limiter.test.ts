import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BURST_PER_MEMBER, loadConfig } from '../../server/config.js';
import { Refiller, TokenBucket, Verdict } from '../../server/rate-limiter.js';

describe('TokenBucket', () => {
  it('lets a full burst through, then refuses, then judges a flood past the tolerance', () => {
    const bucket = new TokenBucket({ burst: 3, floodTolerance: 2 });
    expect([bucket.take(), bucket.take(), bucket.take()]).toEqual([Verdict.Allowed, Verdict.Allowed, Verdict.Allowed]);
    expect([bucket.take(), bucket.take()]).toEqual([Verdict.Limited, Verdict.Limited]);
    expect(bucket.take()).toBe(Verdict.Flood);
  });

  it('pays back debt before allowing again, and never fills past the burst', () => {
    const bucket = new TokenBucket({ burst: 2, floodTolerance: 10 });
    for (let i = 0; i < 5; i++) bucket.take(); // 2 allowed, 3 in debt
    expect(bucket.tokens).toBe(-3);
    bucket.refill(3);
    expect(bucket.take()).toBe(Verdict.Limited); // still nothing left after the debt
    bucket.refill(100);
    expect(bucket.tokens).toBe(2);
  });

  it('refuses nonsense sizes at once', () => {
    expect(() => new TokenBucket({ burst: 0, floodTolerance: 1 })).toThrow(TypeError);
    expect(() => new TokenBucket({ burst: 1, floodTolerance: -1 })).toThrow(TypeError);
  });

  // Guards against a limit that silently drops ICE candidates: browsers never resend them.
  it('with the defaults, lets a joiner of a full room send all its candidates at once', () => {
    const config = loadConfig({});
    expect(config.rateLimitBurst).toBe(BURST_PER_MEMBER * config.maxRoomSize);
    const bucket = new TokenBucket({ burst: config.rateLimitBurst, floodTolerance: config.floodTolerance });
    const peers = config.maxRoomSize - 1;
    // profile, get-room-info, get-ice-servers; per peer an offer, 24 candidates, a renegotiation offer.
    const frames = 3 + peers * (1 + 24 + 1);
    const verdicts = Array.from({ length: frames }, () => bucket.take());
    expect(verdicts.every((v) => v === Verdict.Allowed)).toBe(true);
  });
});

describe('Refiller', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('adds perSecond tokens per second to every bucket it holds, and stops when closed', () => {
    const refiller = new Refiller(10, 100);
    const a = new TokenBucket({ burst: 50, floodTolerance: 100 });
    const b = new TokenBucket({ burst: 50, floodTolerance: 100 });
    for (let i = 0; i < 40; i++) {
      a.take();
      b.take();
    }
    refiller.add(a);
    refiller.add(b);
    vi.advanceTimersByTime(1000);
    expect(a.tokens).toBeCloseTo(20);
    expect(b.tokens).toBeCloseTo(20);
    refiller.delete(b);
    vi.advanceTimersByTime(1000);
    expect(a.tokens).toBeCloseTo(30);
    expect(b.tokens).toBeCloseTo(20);
    refiller.close();
    vi.advanceTimersByTime(1000);
    expect(a.tokens).toBeCloseTo(30);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('lets a client sending at the refill rate go on forever, and closes one sending faster', () => {
    const refiller = new Refiller(20, 250);
    const steady = new TokenBucket({ burst: 20, floodTolerance: 50 });
    const flooder = new TokenBucket({ burst: 20, floodTolerance: 50 });
    refiller.add(steady);
    refiller.add(flooder);
    const steadyVerdicts: number[] = [];
    let flooderVerdict: number = Verdict.Allowed;
    let secondsToFlood = 0;
    for (let second = 1; second <= 60; second++) {
      for (let i = 0; i < 20; i++) steadyVerdicts.push(steady.take());
      for (let i = 0; i < 30 && flooderVerdict !== Verdict.Flood; i++) flooderVerdict = flooder.take();
      if (flooderVerdict === Verdict.Flood && secondsToFlood === 0) secondsToFlood = second;
      vi.advanceTimersByTime(1000);
    }
    refiller.close();
    expect(steadyVerdicts.every((v) => v === Verdict.Allowed)).toBe(true);
    // 30 sent against 20 refilled each second: 10 more debt per second, so
    // the balance before each second's sends is 20, 10, 0, -10, -20, -30,
    // and the 6th second's sends take it past -50.
    expect(secondsToFlood).toBe(6);
  });

  it('reports a throw in a refill tick instead of letting it escape the timer, and keeps ticking', () => {
    class BrokenBucket extends TokenBucket {
      override refill(): void {
        throw new Error('planted in refill');
      }
    }
    const faults: unknown[] = [];
    const refiller = new Refiller(10, 100, (error) => faults.push(error));
    refiller.add(new BrokenBucket({ burst: 5, floodTolerance: 5 }));
    expect(() => vi.advanceTimersByTime(300)).not.toThrow();
    expect(faults).toEqual([new Error('planted in refill'), new Error('planted in refill'), new Error('planted in refill')]);
    refiller.close();
  });
});
