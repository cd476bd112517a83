// The `process` that readable-stream (simple-peer's Duplex) reads as a global:
// it only ever calls process.nextTick, which runs a callback after the
// current job and before any I/O, as a microtask does. build/node-shims-plugin.ts injects
// it where the code names `process`.

/** Calls `callback(...args)` once the current job is done. */
function nextTick<A extends unknown[]>(callback: (...args: A) => void, ...args: A): void {
  queueMicrotask(() => callback(...args));
}

export const process = { nextTick };
