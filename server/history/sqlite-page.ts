// One page of a room's history read from SQLite: the SQL and the turning of
// rows into a Page, shared by the two connections that read pages: the
// writer's, in the worker (sqlite-history.ts), which knows room ids, and the
// main thread's read-only one (sqlite-reader.ts), which asks by room name.
import type { Database, Statement } from 'better-sqlite3';
import type { Page, PageQuery } from './history-store.js';
import { rowToMessage } from './sqlite-rows.js';

export const COLUMNS = 'seq, time, sender, receiver, from_name, text, mid, sender_party, receiver_party, to_name';
const VISIBLE = "(receiver = 'room' OR sender_party = @viewer OR receiver_party = @viewer)";

export interface PageStatements {
  latest: Statement;
  after: Statement;
}

/** `@room` is the room's id, or its name (one index probe more, and no cache to keep). */
export function preparePage(db: Database, roomBy: 'id' | 'name'): PageStatements {
  const room = roomBy === 'id' ? 'room_id = @room' : 'room_id = (SELECT id FROM rooms WHERE name = @room)';
  return {
    latest: db.prepare(`SELECT ${COLUMNS} FROM messages WHERE ${room} AND seq < @before AND ${VISIBLE} ORDER BY seq DESC LIMIT @limit`),
    after: db.prepare(`SELECT ${COLUMNS} FROM messages WHERE ${room} AND seq > @after AND seq < @before AND ${VISIBLE} ORDER BY seq LIMIT @limit`),
  };
}

/** Ascending seq; one row more than asked says whether there is more in the page's direction. */
export function readPage(statements: PageStatements, room: number | string, query: PageQuery): Page {
  const params = { room, before: query.before ?? Number.MAX_SAFE_INTEGER, after: query.after ?? 0, limit: query.limit + 1, viewer: query.viewer ?? null };
  const isForward = query.after !== undefined;
  const rows = (isForward ? statements.after : statements.latest).all(params);
  const hasMore = rows.length > query.limit;
  const messages = rows.slice(0, query.limit).map((row) => rowToMessage(row, query.room));
  if (!isForward) messages.reverse();
  return { messages, hasMore };
}
