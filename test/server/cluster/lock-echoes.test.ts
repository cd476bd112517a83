// LockEchoes: a node's own lock change waits for its message from Redis, and
// is settled as told when it comes, or as not told when it never will (the
// script published nothing, the subscription dropped, or the wait ran out),
// so that a lost message never holds the room's later changes.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LOCK_ECHO_WAIT_MS, LockEchoes } from '../../../server/cluster/lock-echoes.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('LockEchoes', () => {
  it('is told once its message came back, and waits no more', async () => {
    const echoes = new LockEchoes();
    const echo = echoes.expect('r1');
    expect(echoes.isWaiting('r1')).toBe(true);
    expect(echoes.isWaiting('r2')).toBe(false);
    echoes.settle('r1', true);
    expect(await echo.told).toBe(true);
    expect(echoes.isWaiting('r1')).toBe(false);
    echo.cancel(); // after it settled: no effect
    expect(await echo.told).toBe(true);
  });

  it('is not told when cancelled, when the subscription drops, or when the wait runs out', async () => {
    vi.useFakeTimers();
    try {
      const echoes = new LockEchoes();
      const cancelled = echoes.expect('a');
      cancelled.cancel();
      expect(await cancelled.told).toBe(false);

      const [b, c] = [echoes.expect('b'), echoes.expect('c')];
      echoes.settleAll();
      expect(await Promise.all([b.told, c.told])).toEqual([false, false]);
      expect(echoes.isWaiting('b') || echoes.isWaiting('c')).toBe(false);

      const late = echoes.expect('d');
      vi.advanceTimersByTime(LOCK_ECHO_WAIT_MS - 1);
      expect(echoes.isWaiting('d')).toBe(true);
      vi.advanceTimersByTime(1);
      expect(await late.told).toBe(false);
      // The message that comes after the wait is not taken for a change still waiting.
      echoes.settle('d', true);
      expect(echoes.isWaiting('d')).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });

  it('settles a room’s earlier change as not told when a new one starts waiting', async () => {
    const echoes = new LockEchoes();
    const first = echoes.expect('r');
    const second = echoes.expect('r');
    expect(await first.told).toBe(false);
    echoes.settle('r', true);
    expect(await second.told).toBe(true);
  });
});
