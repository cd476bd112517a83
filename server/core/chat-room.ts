// One room: who is in it, and the room-info that describes them. Delivery
// decisions live in the router; the room only answers "who is here".
import type { RoomInfo } from '../../shared/protocol.js';
import type { ChatClient } from './chat-client.js';

export class ChatRoom {
  readonly #clients = new Map<string, ChatClient>();

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
    return true;
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
