import { describe, expect, it } from 'vitest';
import { TypedEmitter } from '../../shared/typed-emitter.js';

class Emitter extends TypedEmitter<{ ping: number; pong: string }> {
  fire(n: number): void {
    this.emit('ping', n);
  }
}

describe('TypedEmitter', () => {
  it('calls listeners in order, once each even if added twice, until removed', () => {
    const e = new Emitter();
    const seen: string[] = [];
    const a = (n: number) => seen.push(`a${n}`);
    const offA = e.on('ping', a);
    e.on('ping', a);
    e.on('ping', (n) => seen.push(`b${n}`));
    e.fire(1);
    offA();
    e.fire(2);
    expect(seen).toEqual(['a1', 'b1', 'b2']);
  });

  // Guards the copy-on-write listener arrays: a listener removing itself must not make the emit skip the next one.
  it('runs a once listener once, and still calls the listener after it in the same emit', () => {
    const e = new Emitter();
    const seen: string[] = [];
    e.once('ping', (n) => seen.push(`once${n}`));
    e.on('ping', (n) => seen.push(`on${n}`));
    e.fire(1);
    e.fire(2);
    expect(seen).toEqual(['once1', 'on1', 'on2']);
  });

  it('emits nothing, and removes nothing, for events nobody listens to', () => {
    const e = new Emitter();
    expect(() => e.fire(1)).not.toThrow();
    expect(() => e.off('pong', () => undefined)).not.toThrow();
  });
});
