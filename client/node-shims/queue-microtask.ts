// simple-peer's `queue-microtask`: every browser Parley supports has
// queueMicrotask itself. build/node-shims-plugin.ts aliases `queue-microtask` here.

function queue(callback: () => void): void {
  queueMicrotask(callback);
}

// Node's `require(esm)` name: simple-peer calls what `require('queue-microtask')` returns.
export { queue as 'module.exports' };
