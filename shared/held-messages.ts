// Messages held for later, bounded: the one way the client keeps a message it
// cannot deliver yet. Peer-signaling frames that come before the call is in,
// frames for a peer whose ICE configuration is on its way, frames we send while
// the link is down (for a resumption), and a peer's ICE candidates that come
// before both descriptions: each is a HeldMessages.
//
// Why bounded: whatever is held comes from, or is addressed to, someone else
// (a member of the room, or the server), and a member flooding us must not
// grow the page (issue 10: hostile input). A real connection sends one
// description and a few dozen candidates, so each owner sets a bound well
// above that (`max`), and says what goes when it is reached: the newest
// (`drop-newest`: the first frames of a negotiation matter, a flood's tail
// does not) or the oldest (`drop-oldest`: what we send on resumption, where
// the latest is what the peer needs).
export type WhenFull = 'drop-newest' | 'drop-oldest';

export class HeldMessages<T> {
  #items: T[] = [];

  constructor(
    /** The most it holds; at least 1. */
    readonly max: number,
    readonly whenFull: WhenFull,
  ) {
    if (!Number.isInteger(max) || max < 1) throw new TypeError(`HeldMessages: max must be a positive integer, got ${max}`);
  }

  get size(): number {
    return this.#items.length;
  }

  /** Holds `item`; false when the bound dropped it (drop-newest) instead. */
  hold(item: T): boolean {
    if (this.#items.length >= this.max) {
      if (this.whenFull === 'drop-newest') return false;
      this.#items.shift();
    }
    this.#items.push(item);
    return true;
  }

  /** Everything held, oldest first; the holder is empty afterwards. */
  take(): T[] {
    const items = this.#items;
    this.#items = [];
    return items;
  }

  /** Drops everything held. */
  clear(): void {
    this.#items = [];
  }
}
