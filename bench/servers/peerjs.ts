// The PeerJS server (npm package `peer`) as a server under test, with its
// limits raised so that the benchmark measures relaying, not refusals: the
// concurrent-connection cap (5,000 by default) and the heartbeat timeout
// (our load clients send no heartbeats).
// Built by tsconfig.bench.json; run: PORT=... node dist/bench/servers/peerjs.js
import { PeerServer } from 'peer';

PeerServer({
  port: Number(process.env.PORT ?? 9000),
  host: process.env.HOST ?? '127.0.0.1',
  path: '/',
  key: 'peerjs',
  concurrent_limit: 1_000_000,
  alive_timeout: 24 * 60 * 60 * 1000,
  expire_timeout: 60_000,
});
process.once('SIGTERM', () => process.exit(0));
