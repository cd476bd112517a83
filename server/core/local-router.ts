// Every frame from one client to others passes through a Router: the seam
// where a multi-node bus (Redis pub/sub) can later deliver to members held by
// other nodes. The local router delivers to the members this process holds.
import type { ChatClient } from './chat-client.js';
import type { ChatRoom } from './chat-room.js';
import { OutgoingFrame, type Payload } from './outgoing-frame.js';

export interface Router {
  /** Delivers to one member; false when no member has that id. */
  toClient(room: ChatRoom, clientId: string, payload: Payload): boolean;
  /** Delivers to every member, or every member but `except`. */
  toRoom(room: ChatRoom, payload: Payload, except?: ChatClient): number;
}

export class LocalRouter implements Router {
  toClient(room: ChatRoom, clientId: string, payload: Payload): boolean {
    const target = room.get(clientId);
    if (!target) return false;
    target.sendRaw(payload);
    return true;
  }

  toRoom(room: ChatRoom, payload: Payload, except?: ChatClient): number {
    // One frame for every member, so text is encoded to bytes once.
    const frame = typeof payload === 'string' ? OutgoingFrame.ofText(payload) : payload;
    let count = 0;
    for (const member of room.clients()) {
      if (member === except) continue;
      member.sendRaw(frame);
      count++;
    }
    return count;
  }
}
