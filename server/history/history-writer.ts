// Group commit: every text the core hands over in one event-loop turn goes
// to the store in one append (one transaction), scheduled with setImmediate,
// which runs after the turn's socket reads. While a batch is being
// committed, new texts gather for the next one, so a slow commit makes
// batches bigger instead of queueing commits. Each text's callback runs
// once its batch is durable (or failed); only then is it delivered and acked.
import type { AppendResult, HistoryStore, NewMessage } from './history-store.js';

export type WriteOutcome = { ok: true; result: AppendResult } | { ok: false; error: Error };

interface Entry {
  message: NewMessage;
  done: (outcome: WriteOutcome) => void;
}

/** Texts waiting beyond this many are refused at once: the store has fallen far behind. */
export const MAX_WAITING = 50_000;

export class HistoryWriter {
  #waiting: Entry[] = [];
  #isScheduled = false;
  #isCommitting = false;

  constructor(
    private readonly store: HistoryStore,
    /** A callback threw: reported here, so the rest of the batch is still settled and the process lives on. */
    private readonly onCallbackError: (error: unknown) => void = () => {},
  ) {}

  /** Texts not yet committed, including the batch being committed. */
  get backlog(): number {
    return this.#waiting.length + (this.#isCommitting ? 1 : 0);
  }

  write(message: NewMessage, done: (outcome: WriteOutcome) => void): void {
    if (this.#waiting.length >= MAX_WAITING) return done({ ok: false, error: new Error('the history store is too far behind') });
    this.#waiting.push({ message, done });
    this.#schedule();
  }

  #schedule(): void {
    if (this.#isScheduled || this.#isCommitting) return;
    this.#isScheduled = true;
    setImmediate(() => this.#commit());
  }

  #commit(): void {
    this.#isScheduled = false;
    const batch = this.#waiting;
    if (batch.length === 0) return;
    this.#waiting = [];
    this.#isCommitting = true;
    this.store.append(batch.map((entry) => entry.message)).then(
      (results) => this.#settle(batch, (i) => (results[i] ? { ok: true, result: results[i] } : { ok: false, error: new Error('the store answered short') })),
      (error: unknown) => this.#settle(batch, () => ({ ok: false, error: error instanceof Error ? error : new Error(String(error)) })),
    );
  }

  #settle(batch: Entry[], outcome: (index: number) => WriteOutcome): void {
    this.#isCommitting = false;
    // One entry's callback throwing must not strand the others.
    batch.forEach((entry, i) => {
      try {
        entry.done(outcome(i));
      } catch (error) {
        this.onCallbackError(error);
      }
    });
    if (this.#waiting.length > 0) this.#schedule();
  }
}
