// simple-peer's `readable-stream`: only its Duplex, the one class simple-peer
// extends (`require('readable-stream').Duplex`). The package's own entry also
// brings Transform, PassThrough, pipeline and finished, which nothing here
// uses. build/node-shims-plugin.ts aliases the bare `readable-stream` here.
import Duplex from 'readable-stream/lib/_stream_duplex.js';

export { Duplex };
