// simple-peer's `queue-microtask`: every browser Parley supports has
// queueMicrotask itself. vite.config.ts aliases `queue-microtask` here.

function queue(callback: () => void): void {
  queueMicrotask(callback);
}

// Node's `require(esm)` name: simple-peer calls what `require('queue-microtask')` returns.
export { queue as 'module.exports' };
