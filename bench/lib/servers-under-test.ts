// The servers one benchmark run compares, and how each is started. All run
// as compiled JavaScript from dist/ (tsconfig.bench.json builds Parley's
// server and bench/servers/ together), so none pays for a TypeScript loader:
// Parley as `npm start` runs it, the others from their small entry files.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { camus, peerjs, socketio } from '../clients/wire-protocols.js';
import type { ServerKey, ServerSpec } from './server-process.js';

export const SERVERS: Record<ServerKey, ServerSpec> = {
  parley: {
    key: 'parley',
    label: 'Parley',
    protocol: camus,
    entry: ['dist/server/main.js'],
    // The load generator is one address driving rooms of 50 at full speed:
    // lift the per-address, room-size and rate limits that protect a real
    // deployment, as PeerJS's limits are raised too. Validation, sender
    // stamping and room isolation stay on.
    env: {
      LOG_LEVEL: 'warn',
      MAX_CONNECTIONS_PER_IP: '1000000',
      MAX_ROOM_SIZE: '1000',
      RATE_LIMIT_PER_SECOND: '1000000',
      RATE_LIMIT_BURST: '10000000',
      FLOOD_TOLERANCE: '10000000',
      ALLOWED_ORIGINS: '*',
      // The default store (SQLite, WAL), in a file of its own outside the repository.
      DATABASE_PATH: path.join(mkdtempSync(path.join(tmpdir(), 'parley-bench-db-')), 'parley.db'),
    },
    hasRooms: true,
  },
  raw: {
    key: 'raw',
    label: 'raw ws forwarder',
    protocol: camus,
    entry: ['dist/bench/servers/raw-forwarder.js'],
    hasRooms: true,
  },
  peerjs: {
    key: 'peerjs',
    label: 'PeerJS server',
    protocol: peerjs,
    entry: ['dist/bench/servers/peerjs.js'],
    hasRooms: false,
  },
  socketio: {
    key: 'socketio',
    label: 'socket.io',
    protocol: socketio,
    entry: ['dist/bench/servers/socketio.js'],
    hasRooms: true,
  },
};

export const SERVER_KEYS = Object.keys(SERVERS) as ServerKey[];
