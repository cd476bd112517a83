// Chat history in Redis, shared by every node of a cluster (issue 13): a
// stream per room, trimmed to HISTORY_MAX_PER_ROOM, with the same contract as
// the SQLite store (test/server/history/store-contract.ts). seq assignment,
// the mid check and the XADD run in one Lua script (redis-scripts.ts), so two
// nodes appending to one room get distinct, rising seqs. An append resolves
// when Redis has answered, which with appendfsync always is after the fsync:
// the durability is that of the Redis server's appendonly settings
// (docs/cluster.md).
import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import type { PasswordHash } from '../admission/room-passwords.js';
import type { AppendResult, HistoryStore, NewMessage, Page, PageQuery, PruneLimits, StoredMessage } from './history-store.js';
import { StoreOpenError } from './sqlite-store.js';
import { appendResults, BadEntryError, entryFields, entryToMessage } from './redis-entries.js';
import { APPEND, FIND_BY_MID, PAGE, PRUNE_ROOM, SET_LOCK } from './redis-scripts.js';

export interface RedisStoreOptions {
  /** redis:// or rediss:// URL (REDIS_URL). */
  url: string;
  /** A room's stream is trimmed to this many messages as it grows (HISTORY_MAX_PER_ROOM). */
  maxPerRoom: number;
  /** Prefix of every key; tests give each store its own. */
  keyPrefix?: string;
  /** How long open() waits for the first connection. */
  connectTimeoutMs?: number;
  /** A lost connection or a failed reconnect; each command that fails meanwhile rejects on its own. */
  onConnectionError?: (error: Error) => void;
}

/** Rooms whose lengths one prune step checks against maxPerRoom (the streams are trimmed as they grow; this is the backstop). */
const SCAN_ROOMS = 1000;

interface Script {
  source: string;
  sha: string;
}

const script = (source: string): Script => ({ source, sha: createHash('sha1').update(source).digest('hex') });
const SCRIPTS = { append: script(APPEND), page: script(PAGE), findByMid: script(FIND_BY_MID), setLock: script(SET_LOCK), pruneRoom: script(PRUNE_ROOM) };

export class RedisStore implements HistoryStore {
  readonly #redis: Redis;
  readonly #prefix: string;
  readonly #maxPerRoom: number;
  /** Where the next prune step's length check starts, by rank in the index. */
  #scanCursor = 0;

  private constructor(redis: Redis, options: RedisStoreOptions) {
    this.#redis = redis;
    this.#prefix = options.keyPrefix ?? 'parley:history:';
    this.#maxPerRoom = options.maxPerRoom;
  }

  /** Connects; rejects with StoreOpenError (naming why) when Redis cannot be reached. */
  static async open(options: RedisStoreOptions): Promise<RedisStore> {
    const redis = new Redis(options.url, {
      lazyConnect: true,
      connectTimeout: options.connectTimeoutMs ?? 10_000,
      // While Redis is away a command fails at once (an `error` to the
      // sender, who resends with its mid) instead of waiting unseen in a queue.
      enableOfflineQueue: false,
      // A command cut off mid-flight is failed, never sent twice: a text
      // without a mid would otherwise be stored twice.
      autoResendUnfulfilledCommands: false,
      maxRetriesPerRequest: 0,
      retryStrategy: (attempt) => Math.min(attempt * 50, 1000),
    });
    const onError = options.onConnectionError ?? (() => {});
    // Without a listener, ioredis's 'error' would be an uncaught exception.
    redis.on('error', (error: Error) => onError(error));
    try {
      await redis.connect();
      await redis.ping();
    } catch (error) {
      redis.disconnect();
      throw new StoreOpenError(error instanceof Error ? error.message : String(error));
    }
    return new RedisStore(redis, options);
  }

  /** Whether Redis is connected now; while it is not, every call fails at once. */
  get isConnected(): boolean {
    return this.#redis.status === 'ready';
  }

  /** Resolves once Redis is connected (at once if it is): after an outage, when calls work again. */
  ready(): Promise<void> {
    if (this.isConnected) return Promise.resolve();
    return new Promise((resolve) => this.#redis.once('ready', () => resolve()));
  }

  async append(batch: readonly NewMessage[]): Promise<AppendResult[]> {
    if (batch.length === 0) return [];
    const byRoom = new Map<string, number[]>();
    batch.forEach((message, i) => {
      const indices = byRoom.get(message.room);
      if (indices) indices.push(i);
      else byRoom.set(message.room, [i]);
    });
    const keys = [this.#index()];
    const args: (string | number)[] = [this.#maxPerRoom];
    for (const [room, indices] of byRoom) {
      keys.push(this.#key(room, 'meta'), this.#key(room, 'log'), this.#key(room, 'mids'));
      args.push(room, indices.length);
      for (const i of indices) {
        const message = batch[i]!;
        const fields = entryFields(message);
        args.push(message.time, message.mid ?? '', fields.length / 2, ...fields);
      }
    }
    const flat = appendResults(await this.#run(SCRIPTS.append, keys, args), batch.length);
    const results: AppendResult[] = new Array<AppendResult>(batch.length);
    let next = 0;
    for (const indices of byRoom.values()) for (const i of indices) results[i] = flat[next++]!;
    return results;
  }

  async page(query: PageQuery): Promise<Page> {
    const reply = await this.#run(SCRIPTS.page, [this.#key(query.room, 'log')], [query.before ?? '', query.after ?? '', query.limit + 1, query.viewer ?? '']);
    if (!Array.isArray(reply)) throw new BadEntryError('the page script answered malformed');
    const messages = reply.slice(0, query.limit).map((entry) => entryToMessage(entry, query.room));
    // Nearest first from the script; a page is ascending.
    if (query.after === undefined) messages.reverse();
    return { messages, hasMore: reply.length > query.limit };
  }

  async findByMid(room: string, mid: string): Promise<StoredMessage | undefined> {
    const entry = await this.#run(SCRIPTS.findByMid, [this.#key(room, 'mids'), this.#key(room, 'log')], [mid]);
    return entry === null ? undefined : entryToMessage(entry, room);
  }

  async lastSeq(room: string): Promise<number> {
    const seq = Number((await this.#redis.hget(this.#key(room, 'meta'), 'seq')) ?? 0);
    if (!Number.isSafeInteger(seq) || seq < 0) throw new BadEntryError(`room ${room} has a bad seq counter`);
    return seq;
  }

  async prune({ olderThan, maxPerRoom, batchSize }: PruneLimits): Promise<number> {
    let removed = 0;
    // Rooms whose oldest message (or lone lock) is past the retention time.
    const old = await this.#redis.zrangebyscore(this.#index(), '-inf', `(${olderThan}`, 'LIMIT', 0, batchSize);
    for (const room of old) {
      if (removed >= batchSize) break;
      removed += await this.#pruneRoom(room, olderThan, maxPerRoom, batchSize - removed);
    }
    if (removed >= batchSize) return removed;
    // Rooms over maxPerRoom: a slice of the index per step, round robin.
    const rooms = await this.#redis.zrange(this.#index(), this.#scanCursor, this.#scanCursor + SCAN_ROOMS - 1);
    this.#scanCursor = rooms.length < SCAN_ROOMS ? 0 : this.#scanCursor + SCAN_ROOMS;
    const lengths = await Promise.all(rooms.map((room) => this.#redis.xlen(this.#key(room, 'log'))));
    for (const [i, room] of rooms.entries()) {
      if (removed >= batchSize) break;
      if (lengths[i]! > maxPerRoom) removed += await this.#pruneRoom(room, olderThan, maxPerRoom, batchSize - removed);
    }
    return removed;
  }

  async lockOf(room: string): Promise<PasswordHash | undefined> {
    const [salt, hash] = await this.#redis.hmgetBuffer(this.#key(room, 'meta'), 'salt', 'hash');
    if (!salt || !hash) return undefined;
    return { salt, hash };
  }

  async setLock(room: string, lock: PasswordHash, at: number): Promise<void> {
    await this.#run(SCRIPTS.setLock, [this.#key(room, 'meta'), this.#key(room, 'log'), this.#index()], [room, lock.salt, lock.hash, at]);
  }

  /** Unlocking: the room's messages stay, and expire as before; pruning drops the room from the index. */
  async clearLock(room: string): Promise<void> {
    await this.#redis.hdel(this.#key(room, 'meta'), 'salt', 'hash');
  }

  async close(): Promise<void> {
    if (this.#redis.status === 'end') return;
    await this.#redis.quit().catch(() => this.#redis.disconnect());
  }

  async #pruneRoom(room: string, olderThan: number, maxPerRoom: number, budget: number): Promise<number> {
    const keys = [this.#key(room, 'meta'), this.#key(room, 'log'), this.#key(room, 'mids'), this.#index()];
    const removed = await this.#run(SCRIPTS.pruneRoom, keys, [room, olderThan, maxPerRoom, budget]);
    if (typeof removed !== 'number') throw new BadEntryError('the prune script answered malformed');
    return removed;
  }

  /** EVALSHA, and EVAL once when Redis does not know the script (first use, or after a restart). */
  async #run(s: Script, keys: string[], args: (string | number | Buffer)[]): Promise<unknown> {
    try {
      return await this.#redis.evalsha(s.sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return this.#redis.eval(s.source, keys.length, ...keys, ...args);
    }
  }

  /** A room's key; the `{room}` hash tag keeps a room's keys in one Redis Cluster slot. */
  #key(room: string, kind: 'log' | 'mids' | 'meta'): string {
    return `${this.#prefix}{${room}}:${kind}`;
  }

  #index(): string {
    return `${this.#prefix}rooms`;
  }
}
