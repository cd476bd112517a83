// HeldMessages: the one bounded holder for messages the client cannot deliver yet.
import { describe, expect, it } from 'vitest';
import { HeldMessages } from '../../shared/held-messages.js';

describe('HeldMessages', () => {
  it('gives back what it holds, oldest first, and is empty afterwards', () => {
    const held = new HeldMessages<number>(5, 'drop-newest');
    for (const n of [1, 2, 3]) expect(held.hold(n)).toBe(true);
    expect(held.size).toBe(3);
    expect(held.take()).toEqual([1, 2, 3]);
    expect(held.take()).toEqual([]);
  });

  it('drops the newest when full and drop-newest: a flood cannot grow it', () => {
    const held = new HeldMessages<number>(2, 'drop-newest');
    expect([1, 2, 3, 4].map((n) => held.hold(n))).toEqual([true, true, false, false]);
    expect(held.take()).toEqual([1, 2]);
  });

  it('drops the oldest when full and drop-oldest: the latest are kept', () => {
    const held = new HeldMessages<number>(2, 'drop-oldest');
    for (const n of [1, 2, 3, 4]) held.hold(n);
    expect(held.take()).toEqual([3, 4]);
  });

  it('forgets everything on clear()', () => {
    const held = new HeldMessages<string>(3, 'drop-oldest');
    held.hold('a');
    held.clear();
    expect(held.size).toBe(0);
    expect(held.take()).toEqual([]);
  });

  it('refuses a bound that holds nothing (a programmer error, thrown at once)', () => {
    expect(() => new HeldMessages(0, 'drop-newest')).toThrow(TypeError);
    expect(() => new HeldMessages(1.5, 'drop-oldest')).toThrow(TypeError);
  });
});
