// Node's `events` for readable-stream, the Duplex stream simple-peer is built
// on. No `events` package is installed (the prebuilt simple-peer carried its
// own, ~3 kB gzipped), and the stream needs only this much of Node's
// EventEmitter: on/addListener, prependListener, once, removeListener/off,
// removeAllListeners, emit (an 'error' nobody listens to throws, as in Node),
// listeners and listenerCount. build/node-shims-plugin.ts aliases `events` here.
//
// A function, not a class: readable-stream calls it on its streams as
// `Stream.call(this)`, which a class constructor refuses. Listeners live in a
// WeakMap, so that constructor has nothing to set up.

type Listener = (...args: unknown[]) => void;
type EventName = string | symbol;
/** A listener added with once(): `listener` is the caller's, for removeListener and listeners(). */
type Entry = { run: Listener; listener: Listener };

const tables = new WeakMap<object, Map<EventName, readonly Entry[]>>();

function tableOf(emitter: object): Map<EventName, readonly Entry[]> {
  let table = tables.get(emitter);
  if (!table) tables.set(emitter, (table = new Map<EventName, readonly Entry[]>()));
  return table;
}

/** Adds an entry; the lists are replaced, never changed, so an emit in progress calls the ones it started with (as Node does). */
function add(emitter: object, type: EventName, entry: Entry, isFirst: boolean): void {
  const table = tableOf(emitter);
  const entries = table.get(type) ?? [];
  table.set(type, isFirst ? [entry, ...entries] : [...entries, entry]);
}

/** Takes `entry` off the list it is on (if it still is). */
function remove(emitter: object, type: EventName, entry: Entry | undefined): void {
  const table = tableOf(emitter);
  const rest = (table.get(type) ?? []).filter((other) => other !== entry);
  if (rest.length > 0) table.set(type, rest);
  else table.delete(type);
}

/** An entry that takes itself off before it calls `listener`, so that a listener emitting the same event again is not called twice. */
function onceEntry(emitter: object, type: EventName, listener: Listener): Entry {
  const entry: Entry = {
    listener,
    run: (...args) => {
      remove(emitter, type, entry);
      listener.apply(emitter, args);
    },
  };
  return entry;
}

function on(this: object, type: EventName, listener: Listener): object {
  add(this, type, { run: listener, listener }, false);
  return this;
}

function prependListener(this: object, type: EventName, listener: Listener): object {
  add(this, type, { run: listener, listener }, true);
  return this;
}

function once(this: object, type: EventName, listener: Listener): object {
  add(this, type, onceEntry(this, type, listener), false);
  return this;
}

/** Removes the most recently added entry for `listener`, as Node does. */
function removeListener(this: object, type: EventName, listener: Listener): object {
  const entries = tableOf(this).get(type) ?? [];
  remove(
    this,
    type,
    [...entries].reverse().find((entry) => entry.listener === listener),
  );
  return this;
}

function removeAllListeners(this: object, type?: EventName): object {
  if (type === undefined) tables.delete(this);
  else tableOf(this).delete(type);
  return this;
}

function emit(this: object, type: EventName, ...args: unknown[]): boolean {
  const entries = tableOf(this).get(type);
  if (!entries) {
    if (type === 'error') throw args[0] instanceof Error ? args[0] : new Error(`Unhandled error: ${String(args[0])}`);
    return false;
  }
  for (const entry of entries) entry.run.apply(this, args);
  return true;
}

function listeners(this: object, type: EventName): Listener[] {
  return (tableOf(this).get(type) ?? []).map((entry) => entry.listener);
}

function listenerCount(this: object, type: EventName): number {
  return tableOf(this).get(type)?.length ?? 0;
}

/** Node's EventEmitter, as far as readable-stream uses it (above). */
export function EventEmitter(): void {}
// addListener and off are Node's other names for on and removeListener.
Object.assign(EventEmitter.prototype, {
  on,
  addListener: on,
  prependListener,
  once,
  removeListener,
  off: removeListener,
  removeAllListeners,
  emit,
  listeners,
  listenerCount,
});
