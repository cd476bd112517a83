// The emoji reactions shown over each participant's tile: each for a few
// seconds, then gone. The other end of a data channel is anyone in the room
// (issue 10), so what it sends is limited here, where it is received: each
// sender gets a token bucket (a short burst, then a steady trickle), and at
// most a few of its reactions float at once. A flood is dropped before it
// costs more than a map lookup; nothing it sends can grow the page.
import { TypedEmitter } from '../../shared/typed-emitter.js';
import type { Reaction } from '../peers/peer-gesture.js';

/** How long a reaction floats over its tile, in ms. */
export const REACTION_LIFETIME_MS = 3000;
/** Reactions one sender may have on screen at once. */
export const MAX_SHOWN_PER_SENDER = 3;
/** Reactions one sender may send at once before the trickle applies. */
export const REACTION_BURST = 4;
/** One more reaction per sender is accepted every this many ms. */
export const REACTION_REFILL_MS = 500;

export interface ShownReaction {
  /** Unique on the page, for keyed rendering. */
  id: number;
  emoji: Reaction;
}

export interface ReactionBoardEvents extends Record<string, unknown> {
  /** Which reactions are shown changed. */
  change: undefined;
}

interface Bucket {
  tokens: number;
  at: number;
}

export class ReactionBoard extends TypedEmitter<ReactionBoardEvents> {
  readonly #now: () => number;
  /** Replaced, never changed in place: the UI sees a change as a new map. */
  #shown = new Map<string, ShownReaction[]>();
  readonly #buckets = new Map<string, Bucket>();
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();
  #nextId = 1;

  constructor({ now = () => Date.now() }: { now?: () => number } = {}) {
    super();
    this.#now = now;
  }

  /** What floats over `key`'s tile now, oldest first. */
  shown(key: string): readonly ShownReaction[] {
    return this.#shown.get(key) ?? [];
  }

  /** Every key with something shown, and what. */
  all(): ReadonlyMap<string, readonly ShownReaction[]> {
    return this.#shown;
  }

  /** Shows `emoji` over `key`'s tile, unless that sender is over its limit; says whether it is shown. */
  add(key: string, emoji: Reaction): boolean {
    const list = this.#shown.get(key) ?? [];
    if (list.length >= MAX_SHOWN_PER_SENDER || !this.#take(key)) return false;
    const reaction = { id: this.#nextId++, emoji };
    this.#shown = new Map(this.#shown).set(key, [...list, reaction]);
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      this.#expire(key, reaction.id);
    }, REACTION_LIFETIME_MS);
    this.#timers.add(timer);
    this.emit('change', undefined);
    return true;
  }

  /** `key` left: its reactions and its bucket go. */
  forget(key: string): void {
    this.#buckets.delete(key);
    if (!this.#shown.has(key)) return;
    this.#shown = new Map(this.#shown);
    this.#shown.delete(key);
    this.emit('change', undefined);
  }

  /** Stops every timer (the call view went). */
  dispose(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    this.#shown = new Map();
    this.#buckets.clear();
  }

  #take(key: string): boolean {
    const now = this.#now();
    const bucket = this.#buckets.get(key) ?? { tokens: REACTION_BURST, at: now };
    const refilled = Math.min(REACTION_BURST, bucket.tokens + Math.floor((now - bucket.at) / REACTION_REFILL_MS));
    // The time a partial token has earned is kept, so a steady sender is not short-changed.
    const at = refilled === REACTION_BURST ? now : bucket.at + (refilled - bucket.tokens) * REACTION_REFILL_MS;
    if (refilled < 1) {
      this.#buckets.set(key, { tokens: refilled, at });
      return false;
    }
    this.#buckets.set(key, { tokens: refilled - 1, at });
    return true;
  }

  #expire(key: string, id: number): void {
    const list = this.#shown.get(key);
    if (!list) return;
    const rest = list.filter((r) => r.id !== id);
    this.#shown = new Map(this.#shown);
    if (rest.length > 0) this.#shown.set(key, rest);
    else this.#shown.delete(key);
    this.emit('change', undefined);
  }
}
