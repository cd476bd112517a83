// simple-peer's `randombytes` (its ids and data channel names): the browser's
// crypto.getRandomValues in a Buffer, as the package returns, without that
// package's safe-buffer and process polyfills. build/node-shims-plugin.ts aliases
// `randombytes` here.
import { Buffer } from 'buffer';

/** `size` random bytes; simple-peer only ever asks synchronously, so there is no callback form. */
function randomBytes(size: number): Buffer {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(size)));
}

// Node's `require(esm)` name: simple-peer calls what `require('randombytes')` returns.
export { randomBytes as 'module.exports' };
