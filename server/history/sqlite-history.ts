// The SQLite history itself, synchronous (better-sqlite3). It runs inside
// the store's worker thread (sqlite-worker.ts), never on the main thread, so
// that a slow commit (an fsync under HISTORY_SYNCHRONOUS=FULL) cannot hold
// up signaling; checkpoints run on a third thread (sqlite-checkpointer.ts). WAL mode; the schema is in sqlite-schema.ts.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database, { type Database as Db } from 'better-sqlite3';
import type { AppendResult, NewMessage, Page, PageQuery, PruneLimits, StoredMessage } from './history-store.js';
import { COLUMNS, preparePage, readPage } from './sqlite-page.js';
import { migrate } from './sqlite-schema.js';
import { rowToLock, rowToMessage, type StoredLock } from './sqlite-rows.js';

export type Synchronous = 'NORMAL' | 'FULL';

export interface SqliteHistoryOptions {
  path: string;
  synchronous: Synchronous;
  /**
   * False only for the benchmark's naive baseline: every message in its own
   * transaction and commit, as a store without group commit would do.
   */
  isGroupCommit: boolean;
}

interface RoomState {
  id: number;
  lastSeq: number;
}

/** About 256 MB of WAL: reached only if the checkpointer stopped. */
const WAL_BACKSTOP_PAGES = 65_536;
/** Rooms whose counters are cached; past it the cache starts over (it is only a cache). */
const ROOM_CACHE_LIMIT = 10_000;

export class SqliteHistory {
  readonly #db: Db;
  readonly #rooms = new Map<string, RoomState>();
  readonly #statements;
  readonly #appendBatch: (batch: readonly NewMessage[]) => AppendResult[];

  constructor(private readonly options: SqliteHistoryOptions) {
    if (options.path !== ':memory:') mkdirSync(path.dirname(path.resolve(options.path)), { recursive: true });
    this.#db = new Database(options.path);
    try {
      // The first statement reads the file: a corrupt one fails here.
      const mode: unknown = this.#db.pragma('journal_mode = WAL', { simple: true });
      if (options.path !== ':memory:' && mode !== 'wal') throw new Error(`cannot use WAL mode here (journal_mode is ${String(mode)})`);
      this.#db.pragma(`synchronous = ${options.synchronous}`);
      // Checkpoints run on another thread (sqlite-checkpointer.ts), so that
      // this connection only commits. Its own autocheckpoint stays as a
      // backstop, far past where the checkpointer restarts the log, for
      // when that thread is not running (:memory:, or it failed).
      this.#db.pragma(`wal_autocheckpoint = ${WAL_BACKSTOP_PAGES}`);
      migrate(this.#db);
    } catch (error) {
      this.#db.close();
      throw error;
    }
    const db = this.#db;
    this.#statements = {
      roomByName: db.prepare('SELECT id, last_seq FROM rooms WHERE name = ?'),
      insertRoom: db.prepare('INSERT INTO rooms (name) VALUES (?)'),
      touchRoom: db.prepare('UPDATE rooms SET last_seq = ?, touched_at = max(touched_at, ?), oldest_time = coalesce(oldest_time, ?) WHERE id = ?'),
      // A mid already in the room makes the insert a no-op (changes = 0): one
      // index probe per text instead of a lookup and then an insert.
      insert: db.prepare(
        `INSERT INTO messages (room_id, seq, time, sender, receiver, from_name, text, mid, sender_party, receiver_party, to_name)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (room_id, mid) WHERE mid IS NOT NULL DO NOTHING`,
      ),
      byMid: db.prepare(`SELECT ${COLUMNS} FROM messages WHERE room_id = ? AND mid = ?`),
      page: preparePage(db, 'id'),
      oldRooms: db.prepare('SELECT id FROM rooms WHERE oldest_time < ? LIMIT ?'),
      overfull: db.prepare('SELECT r.id, r.last_seq FROM rooms r WHERE (SELECT min(seq) FROM messages m WHERE m.room_id = r.id) <= r.last_seq - ?'),
      oldestOf: db.prepare('SELECT seq, time FROM messages WHERE room_id = ? ORDER BY seq LIMIT ?'),
      deleteUpTo: db.prepare('DELETE FROM messages WHERE room_id = ? AND seq <= ?'),
      setOldest: db.prepare('UPDATE rooms SET oldest_time = (SELECT time FROM messages m WHERE m.room_id = rooms.id ORDER BY seq LIMIT 1) WHERE id = ?'),
      expireLocks: db.prepare(
        'UPDATE rooms SET lock_salt = NULL, lock_hash = NULL WHERE lock_hash IS NOT NULL AND touched_at < ? AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.room_id = rooms.id)',
      ),
      lockOf: db.prepare('SELECT lock_salt, lock_hash FROM rooms WHERE name = ?'),
      setLock: db.prepare('UPDATE rooms SET lock_salt = ?, lock_hash = ?, touched_at = max(touched_at, ?) WHERE id = ?'),
      clearLock: db.prepare('UPDATE rooms SET lock_salt = NULL, lock_hash = NULL WHERE name = ?'),
    };
    const appendAll = db.transaction((batch: readonly NewMessage[]) => this.#appendAll(batch));
    const appendEach = (batch: readonly NewMessage[]) => batch.flatMap((message) => appendAll([message]));
    this.#appendBatch = options.isGroupCommit ? appendAll : appendEach;
  }

  append(batch: readonly NewMessage[]): AppendResult[] {
    try {
      return this.#appendBatch(batch);
    } catch (error) {
      // Rolled back: the cached counters may be ahead of the file.
      this.#rooms.clear();
      throw error;
    }
  }

  #appendAll(batch: readonly NewMessage[]): AppendResult[] {
    const touched = new Map<RoomState, { first: number; last: number }>();
    const results = batch.map((message) => {
      const room = this.#room(message.room);
      const seq = room.lastSeq + 1;
      const m = message;
      const { changes } = this.#statements.insert.run(
        room.id,
        seq,
        m.time,
        m.sender,
        m.receiver,
        m.from,
        m.text,
        m.mid ?? null,
        m.senderParty ?? null,
        m.receiverParty ?? null,
        m.to ?? null,
      );
      if (changes === 0) {
        // Only a mid conflict is ignored: the room already has this message.
        const { seq: earlier, time } = rowToMessage(this.#statements.byMid.get(room.id, m.mid), message.room);
        return { seq: earlier, time, isDuplicate: true };
      }
      room.lastSeq = seq;
      const times = touched.get(room);
      if (times) times.last = Math.max(times.last, m.time);
      else touched.set(room, { first: m.time, last: m.time });
      return { seq, time: m.time, isDuplicate: false };
    });
    for (const [room, { first, last }] of touched) this.#statements.touchRoom.run(room.lastSeq, last, first, room.id);
    return results;
  }

  page(query: PageQuery): Page {
    const room = this.#existingRoom(query.room);
    return room ? readPage(this.#statements.page, room.id, query) : { messages: [], hasMore: false };
  }

  findByMid(roomName: string, mid: string): StoredMessage | undefined {
    const room = this.#existingRoom(roomName);
    const row = room && this.#statements.byMid.get(room.id, mid);
    return row === undefined ? undefined : rowToMessage(row, roomName);
  }

  lastSeq(roomName: string): number {
    return this.#existingRoom(roomName)?.lastSeq ?? 0;
  }

  prune({ olderThan, maxPerRoom, batchSize }: PruneLimits): number {
    return this.#db.transaction(() => {
      let removed = 0;
      // By age: each room's oldest messages, up to the first one young enough.
      for (const row of this.#statements.oldRooms.all(olderThan, batchSize)) {
        const id = idOf(row);
        const oldest = this.#statements.oldestOf.all(id, batchSize - removed).map(seqTimeRow);
        const young = oldest.findIndex((m) => m.time >= olderThan);
        const cut = young === -1 ? oldest.at(-1) : oldest[young - 1];
        if (cut) removed += this.#statements.deleteUpTo.run(id, cut.seq).changes;
        this.#statements.setOldest.run(id);
        if (removed >= batchSize) return removed;
      }
      // By count: the oldest messages beyond maxPerRoom.
      for (const row of this.#statements.overfull.all(maxPerRoom)) {
        const { id, lastSeq } = overfullRow(row);
        const oldest = this.#statements.oldestOf.all(id, batchSize - removed).map(seqTimeRow);
        const cut = oldest.filter((m) => m.seq <= lastSeq - maxPerRoom).at(-1);
        if (cut) removed += this.#statements.deleteUpTo.run(id, cut.seq).changes;
        this.#statements.setOldest.run(id);
        if (removed >= batchSize) return removed;
      }
      this.#statements.expireLocks.run(olderThan);
      return removed;
    })();
  }

  lockOf(roomName: string): StoredLock | undefined {
    const row = this.#statements.lockOf.get(roomName);
    return row === undefined ? undefined : rowToLock(row);
  }

  setLock(roomName: string, salt: Uint8Array, hash: Uint8Array, at: number): void {
    this.#statements.setLock.run(salt, hash, at, this.#room(roomName).id);
  }

  clearLock(roomName: string): void {
    this.#statements.clearLock.run(roomName);
  }

  close(): void {
    this.#db.close();
  }

  #existingRoom(name: string): RoomState | undefined {
    const cached = this.#rooms.get(name);
    if (cached) return cached;
    const row = this.#statements.roomByName.get(name);
    if (row === undefined) return undefined;
    const { id, lastSeq } = overfullRow(row);
    return this.#cache(name, { id, lastSeq });
  }

  #room(name: string): RoomState {
    const existing = this.#existingRoom(name);
    if (existing) return existing;
    const id = Number(this.#statements.insertRoom.run(name).lastInsertRowid);
    return this.#cache(name, { id, lastSeq: 0 });
  }

  #cache(name: string, state: RoomState): RoomState {
    if (this.#rooms.size >= ROOM_CACHE_LIMIT) this.#rooms.clear();
    this.#rooms.set(name, state);
    return state;
  }
}

function idOf(row: unknown): number {
  if (typeof row === 'object' && row !== null && 'id' in row && typeof row.id === 'number') return row.id;
  throw new Error('a rooms row read back is malformed');
}

function seqTimeRow(row: unknown): { seq: number; time: number } {
  if (typeof row === 'object' && row !== null && 'seq' in row && 'time' in row && typeof row.seq === 'number' && typeof row.time === 'number') {
    return { seq: row.seq, time: row.time };
  }
  throw new Error('a messages row read back is malformed');
}

/** `{id, last_seq}` read back from the rooms table. */
function overfullRow(row: unknown): { id: number; lastSeq: number } {
  if (typeof row === 'object' && row !== null && 'id' in row && 'last_seq' in row && typeof row.id === 'number' && typeof row.last_seq === 'number') {
    return { id: row.id, lastSeq: row.last_seq };
  }
  throw new Error('a rooms row read back is malformed');
}
