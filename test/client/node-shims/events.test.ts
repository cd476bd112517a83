// The EventEmitter readable-stream gets in the browser (client/node-shims/
// events.ts): the parts of Node's behaviour the stream and simple-peer rely on.
import { describe, expect, it, vi } from 'vitest';
import { EventEmitter } from '../../../client/node-shims/events.js';

type Listener = (...args: unknown[]) => void;
interface Emitter {
  on(type: string, listener: Listener): Emitter;
  addListener(type: string, listener: Listener): Emitter;
  prependListener(type: string, listener: Listener): Emitter;
  once(type: string, listener: Listener): Emitter;
  removeListener(type: string, listener: Listener): Emitter;
  off(type: string, listener: Listener): Emitter;
  removeAllListeners(type?: string): Emitter;
  emit(type: string, ...args: unknown[]): boolean;
  listeners(type: string): Listener[];
  listenerCount(type: string): number;
}

/** An object set up as readable-stream sets up its streams: `EventEmitter.call(this)` on an object whose prototype is the emitter's. */
function newEmitter(): Emitter {
  const emitter: unknown = Object.create(EventEmitter.prototype);
  EventEmitter.call(emitter);
  return emitter as Emitter;
}

describe('EventEmitter (the browser shim)', () => {
  it('calls listeners in the order added, prepended ones first, with the arguments and the emitter as this', () => {
    const emitter = newEmitter();
    const calls: string[] = [];
    emitter.on('data', function (this: unknown, chunk) {
      calls.push(`on ${String(chunk)} ${this === emitter}`);
    });
    emitter.addListener('data', (chunk) => calls.push(`added ${String(chunk)}`));
    emitter.prependListener('data', (chunk) => calls.push(`prepended ${String(chunk)}`));
    expect(emitter.emit('data', 'x')).toBe(true);
    expect(emitter.emit('end')).toBe(false);
    expect(calls).toEqual(['prepended x', 'on x true', 'added x']);
  });

  it('calls a once listener once, even when it emits the same event again', () => {
    const emitter = newEmitter();
    const listener = vi.fn(() => emitter.emit('finish'));
    emitter.once('finish', listener);
    emitter.emit('finish');
    emitter.emit('finish');
    expect(listener).toHaveBeenCalledTimes(1);
    expect(emitter.listenerCount('finish')).toBe(0);
  });

  it('removes a once listener by the function given, before it fires (simple-peer does so with its finish listener)', () => {
    const emitter = newEmitter();
    const listener = vi.fn();
    emitter.once('finish', listener);
    expect(emitter.listeners('finish')).toEqual([listener]);
    emitter.removeListener('finish', listener);
    emitter.emit('finish');
    expect(listener).not.toHaveBeenCalled();
  });

  it('removes only the last entry of a listener added twice, and off is removeListener', () => {
    const emitter = newEmitter();
    const listener = vi.fn();
    emitter.on('data', listener).on('data', listener);
    emitter.off('data', listener);
    emitter.emit('data');
    expect(listener).toHaveBeenCalledTimes(1);
    emitter.removeListener('data', listener);
    emitter.removeListener('data', listener); // nothing left: no effect
    expect(emitter.listenerCount('data')).toBe(0);
  });

  it('calls the listeners an emit started with, whatever they add or remove meanwhile', () => {
    const emitter = newEmitter();
    const second = vi.fn();
    const added = vi.fn();
    emitter.on('data', () => {
      emitter.removeListener('data', second);
      emitter.on('data', added);
    });
    emitter.on('data', second);
    emitter.emit('data');
    expect(second).toHaveBeenCalledTimes(1);
    expect(added).not.toHaveBeenCalled();
    emitter.emit('data');
    expect(second).toHaveBeenCalledTimes(1);
    expect(added).toHaveBeenCalledTimes(1);
  });

  it('removes all listeners of one event, or of every event', () => {
    const emitter = newEmitter();
    const listener = vi.fn();
    emitter.on('a', listener).on('b', listener);
    emitter.removeAllListeners('a');
    expect([emitter.emit('a'), emitter.emit('b')]).toEqual([false, true]);
    emitter.removeAllListeners();
    expect(emitter.emit('b')).toBe(false);
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it("throws an 'error' nobody listens to, as Node does, and hands it to a listener otherwise", () => {
    const emitter = newEmitter();
    const error = new Error('channel closed');
    expect(() => emitter.emit('error', error)).toThrow(error);
    expect(() => emitter.emit('error', 'text')).toThrow('Unhandled error: text');
    const listener = vi.fn();
    emitter.on('error', listener);
    emitter.emit('error', error);
    expect(listener).toHaveBeenCalledWith(error);
  });

  it('keeps each emitter its own listeners', () => {
    const [first, second] = [newEmitter(), newEmitter()];
    const listener = vi.fn();
    first.on('data', listener);
    expect(second.emit('data')).toBe(false);
    expect(listener).not.toHaveBeenCalled();
  });
});
