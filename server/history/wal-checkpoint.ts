// One step of the SQLite store's background checkpointing, run by
// sqlite-checkpointer.ts on its own connection and thread. A checkpoint
// copies the WAL's pages into the database file; run on the writer's
// connection (SQLite's autocheckpoint), it held every commit, and so every
// ack, for up to 65 ms each time the WAL reached 10,000 pages (ack p99
// 34 ms at 2,000 texts/s). A PASSIVE checkpoint on another connection copies
// while the writer keeps committing.
import type { Database } from 'better-sqlite3';

/**
 * WAL size, in pages (4 KiB), past which the checkpointer also restarts the
 * log. A passive checkpoint never waits for the writer, so under a steady
 * stream of commits it may never find the WAL fully copied at a moment
 * when no commit follows, and the writer then keeps appending to the same
 * file. A RESTART waits for the writer to finish its commit (a fraction of
 * a millisecond) and makes the next commit start the log over; run right
 * after a passive pass, it has only the newest pages left to copy.
 */
export const WAL_RESTART_PAGES = 16_384;

export interface CheckpointStep {
  /** Pages in the WAL when the passive pass ran. */
  walPages: number;
  /** Of those, pages now copied into the database file. */
  copied: number;
  /** Whether the log was restarted too (it had grown past WAL_RESTART_PAGES). */
  isRestart: boolean;
}

export function checkpointWal(db: Database, restartPages = WAL_RESTART_PAGES): CheckpointStep {
  const [walPages, copied] = passCounts(db.pragma('wal_checkpoint(PASSIVE)'));
  const isRestart = walPages > restartPages;
  if (isRestart) db.pragma('wal_checkpoint(RESTART)');
  return { walPages, copied, isRestart };
}

/** `PRAGMA wal_checkpoint` answers one row {busy, log, checkpointed}. */
function passCounts(rows: unknown): [log: number, checkpointed: number] {
  const row: unknown = Array.isArray(rows) ? rows[0] : undefined;
  if (typeof row === 'object' && row !== null && 'log' in row && 'checkpointed' in row && typeof row.log === 'number' && typeof row.checkpointed === 'number') {
    // -1 when the database is not in WAL mode: nothing to copy.
    return [Math.max(row.log, 0), Math.max(row.checkpointed, 0)];
  }
  throw new Error('PRAGMA wal_checkpoint answered in an unexpected shape');
}
