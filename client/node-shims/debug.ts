// simple-peer's `debug`: a logger that is never switched on in Parley, so it
// logs nothing and costs nothing (the real one, with `ms`, is ~1.5 kB of the
// page's gzipped JavaScript). build/node-shims-plugin.ts aliases `debug` here.

/** debug(namespace) gives a log function; ours drops everything. */
function createDebug(_namespace: string): (...args: unknown[]) => void {
  return () => {};
}

// Exported under Node's `require(esm)` name, so that simple-peer's CommonJS
// `require('debug')('simple-peer')` gets the function itself, not a namespace.
export { createDebug as 'module.exports' };
