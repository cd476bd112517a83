// An in-memory RoomBus linking several ChatManagers in one test, with the
// semantics of server/cluster/redis-bus.ts (a member's record names its node;
// frames for a room go to every other node holding members of it, frames for
// one member to its node alone; a rename or a leave makes the others send
// room-info), delivered synchronously. For unit tests of the core's seam; the
// real bus is tested against redis-server (test/integration/cluster*.test.ts).
import type { ChatClient } from '../../server/core/chat-client.js';
import type { ChatManager } from '../../server/core/chat-manager.js';
import type { Payload } from '../../server/core/outgoing-frame.js';
import type { RemoteMember, RoomBus } from '../../server/core/room-bus.js';

interface Held extends RemoteMember {
  node: number;
}

export class MemoryCluster {
  readonly #members = new Map<string, Map<string, Held>>();
  readonly managers: ChatManager[] = [];
  /** Frames that crossed between nodes. */
  crossings = 0;

  busFor(node: number): RoomBus {
    const others = (roomId: string) => [...(this.#members.get(roomId)?.values() ?? [])].filter((m) => m.node !== node);
    const write = (client: ChatClient) => {
      const room = this.#members.get(client.roomId) ?? new Map<string, Held>();
      this.#members.set(client.roomId, room);
      room.set(client.id, { id: client.id, username: client.username, party: client.party, node });
    };
    const notify = (roomId: string) => {
      for (const n of new Set(others(roomId).map((m) => m.node))) this.managers[n]?.handleRemoteMembers(roomId);
    };
    return {
      memberJoined: (client) => write(client),
      memberUpdated: (client) => {
        write(client);
        notify(client.roomId);
      },
      memberLeft: (client) => {
        this.#members.get(client.roomId)?.delete(client.id);
        notify(client.roomId);
      },
      remoteMembers: (roomId) => others(roomId),
      remoteMember: (roomId, id) => others(roomId).find((m) => m.id === id),
      publishToRoom: (roomId: string, payload: Payload, exceptId?: string) => {
        for (const n of new Set(others(roomId).map((m) => m.node))) {
          this.crossings++;
          this.managers[n]?.handleRemoteFrame(roomId, payload, { except: exceptId });
        }
      },
      publishToClient: (roomId: string, clientId: string, payload: Payload) => {
        const member = others(roomId).find((m) => m.id === clientId);
        if (!member) return false;
        this.crossings++;
        this.managers[member.node]?.handleRemoteFrame(roomId, payload, { to: clientId });
        return true;
      },
    };
  }
}
