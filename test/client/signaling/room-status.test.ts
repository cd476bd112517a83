import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ROOM_STATUS_INTERVAL_MS, fetchRoomStatus, watchRoomStatus } from '../../../client/signaling/room-status.js';

const answer = (body: unknown, status = 200) => Promise.resolve(new Response(JSON.stringify(body), { status }));

describe('fetchRoomStatus', () => {
  it('takes an answer that matches the schema, names included, and nothing else', async () => {
    expect(await fetchRoomStatus('a', () => answer({ occupied: true, locked: false, names: ['Alice'] }))).toEqual({
      occupied: true,
      locked: false,
      names: ['Alice'],
    });
    expect(await fetchRoomStatus('a', () => answer({ occupied: true, locked: false, names: [7] }))).toBeUndefined();
    expect(await fetchRoomStatus('a', () => answer({ occupied: 'yes', locked: false }))).toBeUndefined();
    expect(await fetchRoomStatus('a', () => answer({ code: 'rate-limited' }, 429))).toBeUndefined();
    expect(await fetchRoomStatus('a', () => Promise.reject(new TypeError('offline')))).toBeUndefined();
  });
});

describe('watchRoomStatus', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('asks now and again after each answer until stopped', async () => {
    let calls = 0;
    const seen: unknown[] = [];
    const stop = watchRoomStatus('a', (s) => seen.push(s), {
      fetchFn: () => answer({ occupied: calls++ > 0, locked: false }),
    });
    try {
      await vi.advanceTimersByTimeAsync(0);
      expect(seen).toEqual([{ occupied: false, locked: false }]);
      await vi.advanceTimersByTimeAsync(ROOM_STATUS_INTERVAL_MS);
      expect(seen).toEqual([
        { occupied: false, locked: false },
        { occupied: true, locked: false },
      ]);
    } finally {
      stop();
    }
    // Guards against the lobby's questions going on after Join.
    await vi.advanceTimersByTimeAsync(ROOM_STATUS_INTERVAL_MS * 3);
    expect(calls).toBe(2);
    expect(vi.getTimerCount()).toBe(0);
  });
});
