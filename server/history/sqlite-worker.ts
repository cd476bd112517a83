// The SQLite store's worker thread: it opens the file (reporting `ready` or
// why it could not), then answers the main thread's requests one at a time,
// in order. Running here keeps every commit, fsync and checkpoint off the
// event loop that relays signaling.
import { parentPort, workerData } from 'node:worker_threads';
import { SqliteHistory, type SqliteHistoryOptions } from './sqlite-history.js';
import type { WorkerMessage, WorkerOps, WorkerRequest } from './sqlite-worker-protocol.js';

const port = parentPort;
if (!port) throw new Error('sqlite-worker.ts runs only as a worker thread');
const post = (message: WorkerMessage) => port.postMessage(message);

// workerData is the options object sqlite-store.ts built (our own, not input
// from outside); structured clone keeps its shape.
const options = workerData as SqliteHistoryOptions;
let history: SqliteHistory | undefined;
try {
  history = new SqliteHistory(options);
  post({ kind: 'ready' });
} catch (error) {
  post({ kind: 'open-failed', message: error instanceof Error ? error.message : String(error) });
}

if (history) {
  const open = history;
  const ops: WorkerOps = {
    append: (batch) => open.append(batch),
    page: (query) => open.page(query),
    findByMid: (room, mid) => open.findByMid(room, mid),
    lastSeq: (room) => open.lastSeq(room),
    prune: (limits) => open.prune(limits),
    lockOf: (room) => open.lockOf(room),
    setLock: (room, salt, hash, at) => open.setLock(room, salt, hash, at),
    clearLock: (room) => open.clearLock(room),
    close: () => open.close(),
  };
  port.on('message', (request: WorkerRequest) => {
    try {
      post({ kind: 'result', id: request.id, value: run(ops, request) });
    } catch (error) {
      post({ kind: 'failed', id: request.id, message: error instanceof Error ? error.message : String(error) });
    }
  });
}

function run(ops: WorkerOps, request: WorkerRequest): unknown {
  switch (request.op) {
    case 'append':
      return ops.append(...request.args);
    case 'page':
      return ops.page(...request.args);
    case 'findByMid':
      return ops.findByMid(...request.args);
    case 'lastSeq':
      return ops.lastSeq(...request.args);
    case 'prune':
      return ops.prune(...request.args);
    case 'lockOf':
      return ops.lockOf(...request.args);
    case 'setLock':
      return ops.setLock(...request.args);
    case 'clearLock':
      return ops.clearLock(...request.args);
    case 'close':
      return ops.close();
  }
}
