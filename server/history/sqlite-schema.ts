// The SQLite history's schema, as numbered migrations run at start-up. The
// version lives in its own table; a file written by a newer Parley (a
// version above the last one here) is refused rather than misread.
import type { Database } from 'better-sqlite3';

/** Migration N (1-based) takes the schema from version N-1 to N. Append only; never edit a released one. */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE rooms (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    -- The room's seq counter; kept when its messages are pruned, so seq never repeats.
    last_seq INTEGER NOT NULL DEFAULT 0,
    -- The room password's scrypt salt and hash, kept as long as the room's history.
    lock_salt BLOB,
    lock_hash BLOB,
    -- Latest message or lock time (ms): a lock with no messages left expires from here.
    touched_at INTEGER NOT NULL DEFAULT 0
  );
  CREATE TABLE messages (
    room_id INTEGER NOT NULL REFERENCES rooms(id),
    seq INTEGER NOT NULL,
    time INTEGER NOT NULL,
    sender TEXT NOT NULL,
    receiver TEXT NOT NULL,
    from_name TEXT NOT NULL,
    text TEXT NOT NULL,
    mid TEXT,
    -- Direct messages only: the participant hashes that may read it, and the receiver's name.
    sender_party TEXT,
    receiver_party TEXT,
    to_name TEXT,
    PRIMARY KEY (room_id, seq)
  ) WITHOUT ROWID;
  CREATE UNIQUE INDEX messages_mid ON messages (room_id, mid) WHERE mid IS NOT NULL;
  CREATE INDEX messages_time ON messages (time);
  `,
  // Age pruning reads each room's oldest message instead of an index on
  // time: that index cost every commit a third of its page writes (a leaf
  // per batch, written to the WAL), for a query run once a minute.
  `
  DROP INDEX messages_time;
  -- The time of the room's oldest kept message; NULL when it has none.
  ALTER TABLE rooms ADD COLUMN oldest_time INTEGER;
  UPDATE rooms SET oldest_time = (SELECT time FROM messages m WHERE m.room_id = rooms.id ORDER BY seq LIMIT 1);
  CREATE INDEX rooms_oldest ON rooms (oldest_time) WHERE oldest_time IS NOT NULL;
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

export class SchemaError extends Error {}

/** Brings `db` to SCHEMA_VERSION, all in one transaction; throws SchemaError for a newer file. */
export function migrate(db: Database): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
  const row: unknown = db.prepare('SELECT max(version) AS version FROM schema_version').get();
  const current = isVersionRow(row) && row.version !== null ? row.version : 0;
  if (current > SCHEMA_VERSION) {
    throw new SchemaError(`the file has history schema ${current}, written by a newer Parley; this one knows up to ${SCHEMA_VERSION}`);
  }
  if (current === SCHEMA_VERSION) return;
  db.transaction(() => {
    for (let version = current + 1; version <= SCHEMA_VERSION; version++) db.exec(MIGRATIONS[version - 1]!);
    db.prepare('DELETE FROM schema_version').run();
    db.prepare('INSERT INTO schema_version (version) VALUES (?)').run(SCHEMA_VERSION);
  })();
}

function isVersionRow(row: unknown): row is { version: number | null } {
  return typeof row === 'object' && row !== null && 'version' in row && (typeof row.version === 'number' || row.version === null);
}
