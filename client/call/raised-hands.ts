// Whose hand is up, in the order they were raised: the participant list puts
// raised hands at the top in that order, and a tile shows a hand. Ours is
// raised and lowered by the toolbar's button; the others' come over the data
// channel (peer-gesture.ts), each in the order it reached us.
import { TypedEmitter } from '../../shared/typed-emitter.js';

export interface RaisedHandsEvents extends Record<string, unknown> {
  /** A hand went up or down. */
  change: undefined;
  /** `key`'s hand went up (a notice says so). */
  raised: { key: string };
}

export class RaisedHands extends TypedEmitter<RaisedHandsEvents> {
  /** key → when it was raised, as a count: lower is earlier. Replaced, never changed in place: the UI sees a change as a new map. */
  #raised = new Map<string, number>();
  #counter = 0;

  /** Whether `key`'s hand is up. */
  isRaised(key: string): boolean {
    return this.#raised.has(key);
  }

  /** Every raised hand's key → its rank (lower was raised earlier). */
  ranks(): ReadonlyMap<string, number> {
    return this.#raised;
  }

  /** Raises or lowers `key`'s hand; a hand raised again goes to the back. Says whether anything changed. */
  set(key: string, isRaised: boolean): boolean {
    if (isRaised === this.#raised.has(key)) return false;
    this.#raised = new Map(this.#raised);
    if (isRaised) this.#raised.set(key, ++this.#counter);
    else this.#raised.delete(key);
    this.emit('change', undefined);
    if (isRaised) this.emit('raised', { key });
    return true;
  }

  /** `key` left: their hand goes down. */
  forget(key: string): void {
    if (!this.#raised.has(key)) return;
    this.#raised = new Map(this.#raised);
    this.#raised.delete(key);
    this.emit('change', undefined);
  }
}

/** `items` with raised hands first, in the order raised, the rest in their order. */
export function raisedFirst<T>(items: readonly T[], keyOf: (item: T) => string, ranks: ReadonlyMap<string, number>): T[] {
  const rank = (item: T) => ranks.get(keyOf(item)) ?? Number.MAX_SAFE_INTEGER;
  // Array.prototype.sort is stable: the rest keep their order.
  return [...items].sort((a, b) => rank(a) - rank(b));
}
