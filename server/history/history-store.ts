// The one interface every chat-history store implements: the memory store
// (tests, DATABASE_PATH-less runs), the SQLite store (the embedded default)
// and, next, a Redis-streams store for several nodes (issue 13). The core
// (ChatManager, through HistoryWriter) and the REST route see only this.
// Every method is async so that a store may live in another thread or
// another process; see server/history/README.md.
import type { PasswordHash } from '../admission/room-passwords.js';

/** A text message on its way into the store; the store gives it its `seq`. */
export interface NewMessage {
  room: string;
  /** The sender's client id at the time. */
  sender: string;
  /** `room`, or the receiving client's id for a direct message. */
  receiver: string;
  /** The sender's name. */
  from: string;
  /** Server time, ms since the epoch. */
  time: number;
  text: string;
  /** The client's message id, unique per room; a second append with it is a duplicate. */
  mid?: string;
  /** Direct messages only: the sender's and receiver's participant hashes (who may read it later). */
  senderParty?: string;
  receiverParty?: string;
  /** Direct messages only: the receiver's name at the time. */
  to?: string;
}

export interface StoredMessage extends NewMessage {
  /** The room's counter: +1 per stored message, never repeated, never lower. */
  seq: number;
}

/** One append's outcome; a duplicate `mid` gets the first copy's seq and time and is not stored again. */
export interface AppendResult {
  seq: number;
  time: number;
  isDuplicate: boolean;
}

export interface PageQuery {
  room: string;
  /** Only messages with a lower seq (paging back). */
  before?: number;
  /** Only messages with a higher seq (filling a gap); with it, the page starts right after. */
  after?: number;
  limit: number;
  /**
   * Whose page this is: direct messages are included only where this
   * participant hash is a party. Absent: no direct messages at all (REST).
   */
  viewer?: string;
}

/** Ascending seq; `hasMore` says whether more visible messages lie beyond the page in its direction. */
export interface Page {
  messages: StoredMessage[];
  hasMore: boolean;
}

export interface PruneLimits {
  /** Messages older than this (ms since the epoch) go; so do room locks untouched since. */
  olderThan: number;
  /** Keep at most this many messages per room. */
  maxPerRoom: number;
  /** At most this many rows in one step, so that a step never holds the store for long. */
  batchSize: number;
}

export interface HistoryStore {
  /** Stores a batch in one commit, in order; resolves once it is durable, rejects if nothing was stored. */
  append(batch: readonly NewMessage[]): Promise<AppendResult[]>;
  page(query: PageQuery): Promise<Page>;
  findByMid(room: string, mid: string): Promise<StoredMessage | undefined>;
  /** The room's highest seq so far; 0 for a room never written to. */
  lastSeq(room: string): Promise<number>;
  /** One bounded step of retention; resolves with the rows removed (0: nothing left to do). */
  prune(limits: PruneLimits): Promise<number>;
  /** The password hash a room was locked with, kept as long as its history (docs/protocol-history.md). */
  lockOf(room: string): Promise<PasswordHash | undefined>;
  /** `at` (ms since the epoch) starts the lock's retention clock when the room has no messages. */
  setLock(room: string, lock: PasswordHash, at: number): Promise<void>;
  /** The room was unlocked from inside the call: its history is readable without a password again. */
  clearLock(room: string): Promise<void>;
  close(): Promise<void>;
}
