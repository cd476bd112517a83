// The live connections the room does not list (any more). When the server
// restarts, everyone comes back under a new id, but the peer-to-peer
// connections never went through the server and still carry media; and a
// peer may leave the server (a Camus 0.2 client never comes back to a
// restarted one) while its connection plays on. So the Manager hands each
// live one here, filed under the other side's OLD id, instead of tearing it
// down because the signaling moved. It stays, with its tile, until its
// connection fails or closes, or the room lists it again:
//
// - under the new id it announced over the data channel (Parley peers send
//   `rejoined`, peer-rejoined.ts), with the username we knew for it;
// - or, for a peer that never says (Camus), under the one new id that
//   room-info lists with its username, once its old id is gone. Two people
//   of one name make that ambiguous: then it stays under its old id.
//
// A new id in room-info might be one of ours whose message is still on its
// way, so `claim()` says to wait rather than build a second connection to
// the same person, for at most CLAIM_WAIT_MS; after that the newcomer gets a
// connection of its own, and the carried ones stay as they are.
import { TypedEmitter } from '../../shared/typed-emitter.js';
import type { VideoPeer } from './video-peer.js';

/** How long a new id in room-info waits for a carried peer to claim it before it gets a connection of its own. */
export const CLAIM_WAIT_MS = 4_000;

export interface CarriedPeer {
  /** The other side's id before the rejoin. */
  oldId: string;
  /** Its username then: the new id must come with the same one. */
  username: string;
  peer: VideoPeer;
}

export type Claim =
  /** Take this connection back under the new id. */
  | { kind: 'carried'; peer: VideoPeer }
  /** A carried peer may still claim the id: build nothing yet (CarriedPeers emits `change` when that may have changed). */
  | { kind: 'wait' }
  /** No carried peer will: build a connection as for anyone new. */
  | { kind: 'new' };

export interface CarriedPeersEvents extends Record<string, unknown> {
  /** A carried peer went (its connection failed or closed) or a wait ran out: time to place the room's ids again. */
  change: undefined;
}

interface Entry extends CarriedPeer {
  offState: () => void;
}

const NEW: Claim = { kind: 'new' };
const WAIT: Claim = { kind: 'wait' };

export class CarriedPeers extends TypedEmitter<CarriedPeersEvents> {
  readonly #entries = new Map<string, Entry>();
  /** New ids held back, with the timer that ends their wait. */
  readonly #waits = new Map<string, ReturnType<typeof setTimeout>>();
  /** New ids whose wait ran out: they get a connection of their own. */
  readonly #givenUp = new Set<string>();

  /** Keeps `peer` (connected to `oldId`, known as `username`) for as long as its connection lasts. */
  carry(oldId: string, peer: VideoPeer, username: string): void {
    this.#remove(oldId);
    const offState = peer.on('state', (state) => {
      if (state === 'failed' || state === 'closed') this.#drop(oldId);
    });
    this.#entries.set(oldId, { oldId, username, peer, offState });
  }

  /** The carried peers, in the order they were carried. */
  list(): CarriedPeer[] {
    return [...this.#entries.values()].map(({ oldId, username, peer }) => ({ oldId, username, peer }));
  }

  has(peer: VideoPeer): boolean {
    return [...this.#entries.values()].some((e) => e.peer === peer);
  }

  get(oldId: string): VideoPeer | undefined {
    return this.#entries.get(oldId)?.peer;
  }

  /**
   * Room-info lists `id` as `username` (among `others`: every id it lists
   * but ours, with its username) and we have no connection for it:
   * is it one of ours? Yes if a carried peer announced it (or it is the
   * carried peer's own id, unchanged) with the same username; a different
   * username is someone claiming another's place, and that connection is
   * destroyed. Yes too if it is the only new id of that username and
   * exactly one carried peer, unannounced and no longer listed under its
   * old id, had that username: a client that never announces (Camus)
   * coming back under a new id. Wait while a carried peer that has not
   * announced yet could be it (same username, or the newcomer has not sent
   * its profile yet) but the name does not settle it.
   */
  claim(id: string, username: string, others: ReadonlyMap<string, string>): Claim {
    const entry = [...this.#entries.values()].find((e) => (mappedId(e) ?? e.oldId) === id);
    if (entry && username === '') return this.#wait(id); // its profile is on the way
    if (entry && username === entry.username) return this.#take(id, entry);
    if (entry) this.#destroy(entry.oldId);
    const unannounced = [...this.#entries.values()].filter((e) => mappedId(e) === undefined && !others.has(e.oldId));
    const sameName = unannounced.filter((e) => username === '' || e.username === username);
    if (sameName.length === 0) {
      this.#clearWait(id);
      return NEW;
    }
    if (username !== '' && sameName.length === 1) {
      const announced = new Set([...this.#entries.values()].map(mappedId));
      // Counting every id of that name, also ones already served: any second one makes it a guess.
      const newIdsOfName = [...others].filter(([other, name]) => name === username && !announced.has(other));
      if (newIdsOfName.length === 1 && newIdsOfName[0]![0] === id) return this.#take(id, sameName[0]!);
    }
    if (!this.#givenUp.has(id)) return this.#wait(id);
    // The wait ran out and the name does not say who is who: the newcomer
    // gets a connection of its own, and ours stay under their old ids for as
    // long as their connections last.
    this.#clearWait(id);
    return NEW;
  }

  /** Ends carrying the connection to `id` (the old id it is filed under, or the new one it announced): the peer said bye. */
  end(id: string): void {
    for (const e of [...this.#entries.values()]) if (e.oldId === id || mappedId(e) === id) this.#drop(e.oldId);
  }

  #take(id: string, entry: Entry): Claim {
    this.#clearWait(id);
    this.#remove(entry.oldId);
    return { kind: 'carried', peer: entry.peer };
  }

  /**
   * `id` offered us a new connection: it rebuilt, so a carried connection
   * that announced it (or had that id already), or one unannounced under
   * the same username, is obsolete.
   */
  supersede(id: string, username: string | undefined): void {
    this.#clearWait(id);
    for (const e of [...this.#entries.values()]) {
      const mapped = mappedId(e);
      const isSameName = mapped === undefined && username !== undefined && username !== '' && e.username === username;
      if ((mapped ?? e.oldId) === id || isSameName) this.#destroy(e.oldId);
    }
  }

  /** Destroys one carried connection (another one now serves its participant). */
  discard(peer: VideoPeer): void {
    for (const e of [...this.#entries.values()]) if (e.peer === peer) this.#destroy(e.oldId);
  }

  /** Destroys every carried connection and forgets every wait. */
  clear(): void {
    for (const oldId of [...this.#entries.keys()]) this.#destroy(oldId);
    for (const timer of this.#waits.values()) clearTimeout(timer);
    this.#waits.clear();
    this.#givenUp.clear();
  }

  #wait(id: string): Claim {
    if (!this.#waits.has(id) && !this.#givenUp.has(id)) {
      this.#waits.set(
        id,
        setTimeout(() => {
          this.#waits.delete(id);
          this.#givenUp.add(id);
          this.emit('change', undefined);
        }, CLAIM_WAIT_MS),
      );
    }
    return WAIT;
  }

  #clearWait(id: string): void {
    clearTimeout(this.#waits.get(id));
    this.#waits.delete(id);
  }

  /** Failed, closed or said bye: destroyed, and the Manager looks again. */
  #drop(oldId: string): void {
    if (!this.#entries.has(oldId)) return;
    this.#destroy(oldId);
    this.emit('change', undefined);
  }

  #destroy(oldId: string): void {
    this.#remove(oldId)?.destroy();
  }

  /** Stops carrying `oldId`; returns its peer. */
  #remove(oldId: string): VideoPeer | undefined {
    const entry = this.#entries.get(oldId);
    if (!entry) return undefined;
    entry.offState();
    this.#entries.delete(oldId);
    return entry.peer;
  }
}

/** The id a carried peer is known to have now: the one it announced, else none yet. */
function mappedId(entry: Entry): string | undefined {
  return entry.peer.rejoinedAs !== undefined && entry.peer.rejoinedAs !== entry.oldId ? entry.peer.rejoinedAs : undefined;
}
