// One room: who is in it, and the room-info that describes them. Delivery
// decisions live in the router; the room only answers "who is here".
import type { RoomInfo } from '../../shared/protocol.js';
import type { ChatClient } from './chat-client.js';

/** How many departed ids a room remembers (hasLeft): enough for every member of a full room to leave at once, twice. */
const REMEMBERED_DEPARTURES = 32;

/** Who locked the room, when a member did (not known for a lock kept with the history). */
export interface RoomLock {
  by?: string;
  name?: string;
}

export class ChatRoom {
  /** Set while the room has a password, as far as its members know (server/core/room-lock.ts). */
  lock: RoomLock | undefined;
  readonly #clients = new Map<string, ChatClient>();
  /** Ids of members who left, oldest first, at most REMEMBERED_DEPARTURES. */
  readonly #left = new Set<string>();

  constructor(readonly id: string) {}

  get size(): number {
    return this.#clients.size;
  }

  get isEmpty(): boolean {
    return this.#clients.size === 0;
  }

  add(client: ChatClient): void {
    this.#clients.set(client.id, client);
  }

  /** Removes `client` only if it is still the one holding its id; returns whether it did. */
  remove(client: ChatClient): boolean {
    if (this.#clients.get(client.id) !== client) return false;
    this.#clients.delete(client.id);
    this.#left.add(client.id);
    if (this.#left.size > REMEMBERED_DEPARTURES) this.#left.delete(this.#left.values().next().value!);
    return true;
  }

  /** Whether `id` was a member who has left (one of the last few): a frame to it is racing the departure. */
  hasLeft(id: string): boolean {
    return this.#left.has(id) && !this.#clients.has(id);
  }

  get(id: string): ChatClient | undefined {
    return this.#clients.get(id);
  }

  has(client: ChatClient): boolean {
    return this.#clients.get(client.id) === client;
  }

  clients(): IterableIterator<ChatClient> {
    return this.#clients.values();
  }

  info(): RoomInfo {
    return {
      room_id: this.id,
      clients: [...this.#clients.values()].map(({ id, username }) => ({ id, username })),
    };
  }
}
