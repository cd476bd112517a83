// Frames for a client this node is taking over from another (resume across
// nodes, docs/cluster.md), that arrive before its session is in the room.
// The TAKE script (resume-scripts.ts) gives the node the frames published
// before the takeover, and publishes a `taken` marker on the node's channel
// in the same step; the subscriber connection delivers in Redis's order, so
// every frame for the client that arrives after the marker was published
// after the takeover and is not in the log. Those are kept here until the
// session is in place (settle), then sent after the log's frames: in order,
// none twice, none lost. Frames before the marker are not kept: the log has
// them.
import type { Payload } from '../core/outgoing-frame.js';

interface Pending {
  /** The `taken` marker has arrived: what follows is for the client. */
  isMarked: boolean;
  frames: Payload[];
}

export class TakeoverBuffer {
  /** Per room, per client being taken over. */
  readonly #pending = new Map<string, Map<string, Pending>>();

  /** A takeover of `clientId` is about to be asked of Redis. */
  expect(roomId: string, clientId: string): void {
    let room = this.#pending.get(roomId);
    if (!room) this.#pending.set(roomId, (room = new Map<string, Pending>()));
    room.set(clientId, { isMarked: false, frames: [] });
  }

  /** The `taken` marker for `clientId` arrived. */
  mark(roomId: string, clientId: string): void {
    const pending = this.#pending.get(roomId)?.get(clientId);
    if (pending) pending.isMarked = true;
  }

  /** A frame for `to`: kept if it is being taken over (and then not delivered otherwise). */
  captureForClient(roomId: string, to: string, payload: Payload): boolean {
    const pending = this.#pending.get(roomId)?.get(to);
    if (!pending?.isMarked) return false;
    pending.frames.push(payload);
    return true;
  }

  /** A frame for the room: a copy is kept for each client being taken over but `except`. */
  captureForRoom(roomId: string, payload: Payload, except: string | undefined): void {
    const room = this.#pending.get(roomId);
    if (!room) return;
    for (const [clientId, pending] of room) if (pending.isMarked && clientId !== except) pending.frames.push(payload);
  }

  /** The takeover is over (done or given up): the frames kept for it, oldest first. */
  settle(roomId: string, clientId: string): Payload[] {
    const room = this.#pending.get(roomId);
    const pending = room?.get(clientId);
    room?.delete(clientId);
    if (room?.size === 0) this.#pending.delete(roomId);
    return pending?.frames ?? [];
  }
}
