// Retention in the background: every interval, the store drops messages
// older than HISTORY_RETENTION_DAYS and beyond HISTORY_MAX_PER_ROOM, in small
// steps with a turn of the event loop between them, so that no step holds
// the store (and the texts waiting on it) for long.
import { setImmediate as nextTurn } from 'node:timers/promises';
import { TypedEmitter } from '../../shared/typed-emitter.js';
import type { HistoryStore } from './history-store.js';

export interface PrunerOptions {
  maxPerRoom: number;
  retentionMs: number;
  /** How often a pass runs; a minute by default. */
  intervalMs?: number;
  /** Rows per step; a few hundred keep a step to about a millisecond. */
  batchSize?: number;
  now?: () => number;
}

export interface PrunerEvents extends Record<string, unknown> {
  /** A pass finished, having removed `removed` messages. */
  pruned: { removed: number };
  failed: { error: unknown };
}

export const PRUNE_INTERVAL_MS = 60_000;
export const PRUNE_BATCH = 500;

export class HistoryPruner extends TypedEmitter<PrunerEvents> {
  #timer: ReturnType<typeof setInterval> | undefined;
  #isRunning = false;

  constructor(
    private readonly store: HistoryStore,
    private readonly options: PrunerOptions,
  ) {
    super();
  }

  start(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => void this.runOnce(), this.options.intervalMs ?? PRUNE_INTERVAL_MS);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** One pass, step by step until a step finds less than a batch to do; a pass already running is not doubled. */
  async runOnce(): Promise<void> {
    if (this.#isRunning) return;
    this.#isRunning = true;
    const batchSize = this.options.batchSize ?? PRUNE_BATCH;
    const now = this.options.now ?? (() => Date.now());
    let total = 0;
    try {
      for (;;) {
        const removed = await this.store.prune({ olderThan: now() - this.options.retentionMs, maxPerRoom: this.options.maxPerRoom, batchSize });
        total += removed;
        if (removed < batchSize) break;
        await nextTurn();
      }
      this.emit('pruned', { removed: total });
    } catch (error) {
      this.emit('failed', { error });
    } finally {
      this.#isRunning = false;
    }
  }
}
