// The SQLite store's second worker thread: it opens its own connection to
// the history file and checkpoints the WAL every CHECKPOINT_INTERVAL_MS
// (wal-checkpoint.ts), so that the writer's thread (sqlite-worker.ts) only
// ever commits. Started by sqlite-store.ts once the writer has opened and
// migrated the file, and stopped with it.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { checkpointWal } from './wal-checkpoint.js';

/**
 * Often enough that each pass copies little (at 2,000 texts/s, about 1,500
 * pages), rarely enough to cost nothing when the room is quiet (an idle
 * pass reads the WAL index and returns).
 */
const CHECKPOINT_INTERVAL_MS = 250;

const port = parentPort;
if (!port) throw new Error('sqlite-checkpointer.ts runs only as a worker thread');
// workerData is the file path sqlite-store.ts passed (our own, not input from outside).
const file = String(workerData);
const db = new Database(file, { fileMustExist: true });
// A RESTART waits for the writer's commit in progress; a short one.
db.pragma('busy_timeout = 1000');
const timer = setInterval(() => {
  try {
    checkpointWal(db);
  } catch {
    // A busy database or a full disk: the next pass tries again, and the
    // writer's own autocheckpoint (sqlite-history.ts) still bounds the WAL.
  }
}, CHECKPOINT_INTERVAL_MS);
port.on('message', (message: unknown) => {
  if (message !== 'close') return;
  clearInterval(timer);
  db.close();
  port.close();
});
