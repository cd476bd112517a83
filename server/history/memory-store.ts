// History kept in this process's memory: for tests, benchmarks and
// HISTORY_STORE=memory. It follows the same contract as the SQLite store
// (test/server/history/store-contract.ts), so the core cannot tell them apart.
import type { PasswordHash } from '../admission/room-passwords.js';
import type { AppendResult, HistoryStore, NewMessage, Page, PageQuery, PruneLimits, StoredMessage } from './history-store.js';
import { isVisibleTo } from './visibility.js';

interface RoomHistory {
  /** Ascending seq; pruning removes from the front. */
  messages: StoredMessage[];
  lastSeq: number;
  byMid: Map<string, StoredMessage>;
  lock?: PasswordHash;
  touchedAt: number;
}

export class MemoryStore implements HistoryStore {
  readonly #rooms = new Map<string, RoomHistory>();

  append(batch: readonly NewMessage[]): Promise<AppendResult[]> {
    return Promise.resolve(batch.map((message) => this.#appendOne(message)));
  }

  #appendOne(message: NewMessage): AppendResult {
    const room = this.#room(message.room);
    const earlier = message.mid === undefined ? undefined : room.byMid.get(message.mid);
    if (earlier) return { seq: earlier.seq, time: earlier.time, isDuplicate: true };
    const stored: StoredMessage = { ...message, seq: ++room.lastSeq };
    room.messages.push(stored);
    if (stored.mid !== undefined) room.byMid.set(stored.mid, stored);
    room.touchedAt = Math.max(room.touchedAt, stored.time);
    return { seq: stored.seq, time: stored.time, isDuplicate: false };
  }

  page(query: PageQuery): Promise<Page> {
    const visible = (this.#rooms.get(query.room)?.messages ?? []).filter(
      (m) => isVisibleTo(m, query.viewer) && (query.before === undefined || m.seq < query.before) && (query.after === undefined || m.seq > query.after),
    );
    // With `after`, the page starts right after it; otherwise it ends at the newest (before `before`).
    const messages = query.after !== undefined ? visible.slice(0, query.limit) : visible.slice(-query.limit);
    return Promise.resolve({ messages: messages.map((m) => ({ ...m })), hasMore: visible.length > messages.length });
  }

  findByMid(room: string, mid: string): Promise<StoredMessage | undefined> {
    const found = this.#rooms.get(room)?.byMid.get(mid);
    return Promise.resolve(found && { ...found });
  }

  lastSeq(room: string): Promise<number> {
    return Promise.resolve(this.#rooms.get(room)?.lastSeq ?? 0);
  }

  prune({ olderThan, maxPerRoom, batchSize }: PruneLimits): Promise<number> {
    let removed = 0;
    for (const room of this.#rooms.values()) {
      while (removed < batchSize && room.messages.length > 0) {
        const oldest = room.messages[0]!;
        if (oldest.time >= olderThan && room.messages.length <= maxPerRoom) break;
        room.messages.shift();
        if (oldest.mid !== undefined) room.byMid.delete(oldest.mid);
        removed++;
      }
      // A lock lasts as long as the room's history, and a little longer when it has none.
      if (room.lock && room.messages.length === 0 && room.touchedAt < olderThan) delete room.lock;
      if (removed >= batchSize) break;
    }
    return Promise.resolve(removed);
  }

  lockOf(room: string): Promise<PasswordHash | undefined> {
    return Promise.resolve(this.#rooms.get(room)?.lock);
  }

  setLock(roomId: string, lock: PasswordHash, at: number): Promise<void> {
    const room = this.#room(roomId);
    room.lock = lock;
    room.touchedAt = Math.max(room.touchedAt, at);
    return Promise.resolve();
  }

  clearLock(roomId: string): Promise<void> {
    const room = this.#rooms.get(roomId);
    if (room) delete room.lock;
    return Promise.resolve();
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  #room(id: string): RoomHistory {
    let room = this.#rooms.get(id);
    if (!room) this.#rooms.set(id, (room = { messages: [], lastSeq: 0, byMid: new Map(), touchedAt: 0 }));
    return room;
  }
}
