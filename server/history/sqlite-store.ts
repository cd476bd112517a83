// The SQLite history store as the core sees it: a HistoryStore whose every
// write goes to a worker thread (sqlite-worker.ts) that owns the database.
// The main thread only posts batches and reads answers, so signaling never
// waits behind a commit. Pages are read on the main thread from a read-only
// connection (sqlite-reader.ts), or through the worker where that cannot be
// had. See server/history/README.md.
import { Worker } from 'node:worker_threads';
import type { PasswordHash } from '../admission/room-passwords.js';
import type { AppendResult, HistoryStore, NewMessage, Page, PageQuery, PruneLimits, StoredMessage } from './history-store.js';
import type { SqliteHistoryOptions } from './sqlite-history.js';
import { SqliteReader } from './sqlite-reader.js';
import type { OpName, WorkerMessage, WorkerOps, WorkerRequest } from './sqlite-worker-protocol.js';

/** The store could not be opened; the message says why, for one line naming DATABASE_PATH. */
export class StoreOpenError extends Error {}

/** Every call made after the worker died, or while it was dying, fails with this. */
export class StoreUnavailableError extends Error {}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

export class SqliteStore implements HistoryStore {
  readonly #worker: Worker;
  readonly #checkpointer: Worker | undefined;
  readonly #reader: SqliteReader | undefined;
  readonly #pending = new Map<number, Pending>();
  #nextId = 1;
  #failure: Error | undefined;
  #closing: Promise<void> | undefined;

  private constructor(worker: Worker, checkpointer: Worker | undefined, reader: SqliteReader | undefined) {
    this.#worker = worker;
    this.#checkpointer = checkpointer;
    this.#reader = reader;
    // A checkpointer that fails leaves the writer's backstop autocheckpoint
    // (sqlite-history.ts): slower acks now and then, nothing lost.
    checkpointer?.on('error', () => {});
    worker.on('message', (message: WorkerMessage) => this.#handleAnswer(message));
    worker.on('error', (error) => this.#fail(new StoreUnavailableError(`history store failed: ${error.message}`)));
    worker.on('exit', (code) => this.#fail(new StoreUnavailableError(`history store stopped (exit ${code})`)));
  }

  /** Opens (creating, migrating) the database in a new worker; rejects with StoreOpenError when it cannot. */
  static open(options: SqliteHistoryOptions): Promise<SqliteStore> {
    const worker = startWorker('sqlite-worker', options);
    return new Promise((resolve, reject) => {
      const onMessage = (message: WorkerMessage) => {
        worker.off('error', onError);
        if (message.kind === 'ready') {
          // Started only now: the writer has created and migrated the file. A
          // database in memory has no WAL, and no other connection could see it.
          const isFile = options.path !== ':memory:';
          const checkpointer = isFile ? startWorker('sqlite-checkpointer', options.path) : undefined;
          return resolve(new SqliteStore(worker, checkpointer, isFile ? SqliteReader.open(options.path) : undefined));
        }
        void worker.terminate();
        reject(new StoreOpenError(message.kind === 'open-failed' ? message.message : 'the store worker answered before it opened'));
      };
      const onError = (error: Error) => {
        worker.off('message', onMessage);
        reject(new StoreOpenError(error.message));
      };
      worker.once('message', onMessage);
      worker.once('error', onError);
    });
  }

  append(batch: readonly NewMessage[]): Promise<AppendResult[]> {
    return this.#call('append', [batch]);
  }

  page(query: PageQuery): Promise<Page> {
    if (this.#reader && !this.#failure) {
      try {
        return Promise.resolve(this.#reader.page(query));
      } catch {
        // Busy (a log reset in progress) or a bad row: the worker's answer, or its error, stands.
      }
    }
    return this.#call('page', [query]);
  }

  findByMid(room: string, mid: string): Promise<StoredMessage | undefined> {
    return this.#call('findByMid', [room, mid]);
  }

  lastSeq(room: string): Promise<number> {
    return this.#call('lastSeq', [room]);
  }

  prune(limits: PruneLimits): Promise<number> {
    return this.#call('prune', [limits]);
  }

  async lockOf(room: string): Promise<PasswordHash | undefined> {
    const lock = await this.#call('lockOf', [room]);
    // Structured clone hands back plain Uint8Arrays; scrypt's callers want Buffers.
    return lock && { salt: Buffer.from(lock.salt), hash: Buffer.from(lock.hash) };
  }

  setLock(room: string, lock: PasswordHash, at: number): Promise<void> {
    return this.#call('setLock', [room, lock.salt, lock.hash, at]);
  }

  clearLock(room: string): Promise<void> {
    return this.#call('clearLock', [room]);
  }

  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.#checkpointer?.postMessage('close');
      if (!this.#failure) await this.#call('close', []).catch(() => {});
      this.#fail(new StoreUnavailableError('history store closed'));
      this.#reader?.close();
      await Promise.all([this.#worker.terminate(), this.#checkpointer?.terminate()]);
    })();
    return this.#closing;
  }

  #call<K extends OpName>(op: K, args: Parameters<WorkerOps[K]>): Promise<ReturnType<WorkerOps[K]>> {
    if (this.#failure) return Promise.reject(this.#failure);
    const id = this.#nextId++;
    // The request union cannot be narrowed from a generic K; the worker's switch reads it per op.
    const request = { id, op, args } as WorkerRequest;
    return new Promise((resolve, reject) => {
      // The worker answers `id` with WorkerOps[K]'s return value (its own
      // code, over structured clone): the one place that is taken on trust.
      this.#pending.set(id, { resolve: (value) => resolve(value as ReturnType<WorkerOps[K]>), reject });
      this.#worker.postMessage(request);
    });
  }

  #handleAnswer(message: WorkerMessage): void {
    if (message.kind !== 'result' && message.kind !== 'failed') return;
    const pending = this.#pending.get(message.id);
    if (!pending) return;
    this.#pending.delete(message.id);
    if (message.kind === 'result') pending.resolve(message.value);
    else pending.reject(new Error(message.message));
  }

  #fail(error: Error): void {
    this.#failure ??= error;
    for (const pending of this.#pending.values()) pending.reject(this.#failure);
    this.#pending.clear();
  }
}

/**
 * Built, a worker is its .js file beside this one. Run from the TypeScript
 * sources (tsx, vitest), it is the .ts file, loaded through tsx's loader,
 * which a worker does not inherit.
 */
function startWorker(name: 'sqlite-worker' | 'sqlite-checkpointer', workerData: unknown): Worker {
  const isSource = import.meta.url.endsWith('.ts');
  const url = new URL(`./${name}.${isSource ? 'ts' : 'js'}`, import.meta.url);
  if (!isSource) return new Worker(url, { workerData });
  const boot = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); })`;
  return new Worker(boot, { eval: true, workerData });
}
