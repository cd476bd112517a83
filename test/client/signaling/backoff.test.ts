// Reconnection waits: doubling from 0.5 s to 8 s, each within ±50 % of its nominal value.
import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../../client/signaling/backoff.js';

describe('backoffDelay', () => {
  it('doubles from 0.5 s and stops at 8 s', () => {
    const middle = () => 0.5; // no jitter
    expect([0, 1, 2, 3, 4, 5, 6, 40, 5000].map((n) => backoffDelay(n, { random: middle }))).toEqual([500, 1000, 2000, 4000, 8000, 8000, 8000, 8000, 8000]);
  });

  it('strays at most 50 % either way, as the random number says', () => {
    expect(backoffDelay(0, { random: () => 0 })).toBe(250);
    expect(backoffDelay(0, { random: () => 0.25 })).toBe(375);
    expect(backoffDelay(4, { random: () => 0 })).toBe(4000);
    expect(backoffDelay(4, { random: () => 0.999_999 })).toBe(12_000);
  });

  it('takes its own base, ceiling and jitter', () => {
    expect(backoffDelay(3, { baseMs: 100, maxMs: 500, jitter: 0, random: () => 0 })).toBe(500);
    expect(backoffDelay(1, { baseMs: 100, maxMs: 500, jitter: 0.1, random: () => 1 - Number.EPSILON })).toBe(220);
  });
});
