// The router of a node in a cluster: local members get frames directly (never
// through the bus), and the bus carries a copy to the room's members on
// other nodes, only when it knows of some.
import type { ChatClient } from './chat-client.js';
import type { ChatRoom } from './chat-room.js';
import { LocalRouter, type Router } from './local-router.js';
import { OutgoingFrame, type Payload } from './outgoing-frame.js';
import type { RoomBus } from './room-bus.js';

export class BusRouter implements Router {
  readonly #local = new LocalRouter();

  constructor(private readonly bus: RoomBus) {}

  toClient(room: ChatRoom, clientId: string, payload: Payload): boolean {
    return this.#local.toClient(room, clientId, payload) || this.bus.publishToClient(room.id, clientId, payload);
  }

  toRoom(room: ChatRoom, payload: Payload, except?: ChatClient): number {
    // One frame for local sockets and the bus, so text is encoded once.
    const frame = typeof payload === 'string' ? OutgoingFrame.ofText(payload) : payload;
    const count = this.#local.toRoom(room, frame, except);
    this.bus.publishToRoom(room.id, frame, except?.id);
    return count;
  }
}
