// The SQLite history itself, synchronous (better-sqlite3). It runs inside
// the store's worker thread (sqlite-worker.ts), never on the main thread, so
// that a slow commit (an fsync under HISTORY_SYNCHRONOUS=FULL, a checkpoint)
// cannot hold up signaling. WAL mode; the schema is in sqlite-schema.ts.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database, { type Database as Db } from 'better-sqlite3';
import type { AppendResult, NewMessage, Page, PageQuery, PruneLimits, StoredMessage } from './history-store.js';
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

const COLUMNS = 'seq, time, sender, receiver, from_name, text, mid, sender_party, receiver_party, to_name';
const VISIBLE = "(receiver = 'room' OR sender_party = @viewer OR receiver_party = @viewer)";
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
      migrate(this.#db);
    } catch (error) {
      this.#db.close();
      throw error;
    }
    const db = this.#db;
    this.#statements = {
      roomByName: db.prepare('SELECT id, last_seq FROM rooms WHERE name = ?'),
      insertRoom: db.prepare('INSERT INTO rooms (name) VALUES (?)'),
      touchRoom: db.prepare('UPDATE rooms SET last_seq = ?, touched_at = max(touched_at, ?) WHERE id = ?'),
      insert: db.prepare(
        'INSERT INTO messages (room_id, seq, time, sender, receiver, from_name, text, mid, sender_party, receiver_party, to_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      byMid: db.prepare(`SELECT ${COLUMNS} FROM messages WHERE room_id = ? AND mid = ?`),
      latest: db.prepare(`SELECT ${COLUMNS} FROM messages WHERE room_id = @room AND seq < @before AND ${VISIBLE} ORDER BY seq DESC LIMIT @limit`),
      after: db.prepare(`SELECT ${COLUMNS} FROM messages WHERE room_id = @room AND seq > @after AND seq < @before AND ${VISIBLE} ORDER BY seq LIMIT @limit`),
      pruneOld: db.prepare('DELETE FROM messages WHERE (room_id, seq) IN (SELECT room_id, seq FROM messages WHERE time < ? LIMIT ?)'),
      overfull: db.prepare('SELECT r.id, r.last_seq FROM rooms r WHERE (SELECT min(seq) FROM messages m WHERE m.room_id = r.id) <= r.last_seq - ?'),
      pruneRoom: db.prepare('DELETE FROM messages WHERE room_id = ? AND seq IN (SELECT seq FROM messages WHERE room_id = ? AND seq <= ? ORDER BY seq LIMIT ?)'),
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
    const touched = new Map<RoomState, number>();
    const results = batch.map((message) => {
      const room = this.#room(message.room);
      if (message.mid !== undefined) {
        const earlier = this.#statements.byMid.get(room.id, message.mid);
        if (earlier !== undefined) {
          const { seq, time } = rowToMessage(earlier, message.room);
          return { seq, time, isDuplicate: true };
        }
      }
      const seq = room.lastSeq + 1;
      const m = message;
      this.#statements.insert.run(
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
      room.lastSeq = seq;
      touched.set(room, Math.max(touched.get(room) ?? 0, m.time));
      return { seq, time: m.time, isDuplicate: false };
    });
    for (const [room, time] of touched) this.#statements.touchRoom.run(room.lastSeq, time, room.id);
    return results;
  }

  page(query: PageQuery): Page {
    const room = this.#existingRoom(query.room);
    if (!room) return { messages: [], hasMore: false };
    const params = { room: room.id, before: query.before ?? Number.MAX_SAFE_INTEGER, after: query.after ?? 0, limit: query.limit + 1, viewer: query.viewer ?? null };
    const isForward = query.after !== undefined;
    const rows = (isForward ? this.#statements.after : this.#statements.latest).all(params);
    const hasMore = rows.length > query.limit;
    const messages = rows.slice(0, query.limit).map((row) => rowToMessage(row, query.room));
    if (!isForward) messages.reverse();
    return { messages, hasMore };
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
      let removed = this.#statements.pruneOld.run(olderThan, batchSize).changes;
      if (removed < batchSize) {
        for (const row of this.#statements.overfull.all(maxPerRoom)) {
          const { id, lastSeq } = overfullRow(row);
          removed += this.#statements.pruneRoom.run(id, id, lastSeq - maxPerRoom, batchSize - removed).changes;
          if (removed >= batchSize) break;
        }
      }
      if (removed < batchSize) this.#statements.expireLocks.run(olderThan);
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

/** `{id, last_seq}` read back from the rooms table. */
function overfullRow(row: unknown): { id: number; lastSeq: number } {
  if (typeof row === 'object' && row !== null && 'id' in row && 'last_seq' in row && typeof row.id === 'number' && typeof row.last_seq === 'number') {
    return { id: row.id, lastSeq: row.last_seq };
  }
  throw new Error('a rooms row read back is malformed');
}
