import { describe, expect, it } from 'vitest';
import { ConnectionCounter } from '../../../server/admission/connection-counter.js';

describe('ConnectionCounter', () => {
  it('allows up to the limit per address, independently for each address', () => {
    const counter = new ConnectionCounter(2);
    expect([counter.tryAcquire('a'), counter.tryAcquire('a'), counter.tryAcquire('a')]).toEqual([true, true, false]);
    expect(counter.tryAcquire('b')).toBe(true);
    expect(counter.count('a')).toBe(2);
  });

  it('frees a place when a connection closes, and forgets an address with none left', () => {
    const counter = new ConnectionCounter(1);
    counter.tryAcquire('a');
    counter.release('a');
    expect(counter.size).toBe(0);
    expect(counter.tryAcquire('a')).toBe(true);
  });
});
