// The seam between the core and other nodes of a cluster (issue 13,
// docs/cluster.md). The core tells the bus who joins, renames and leaves here,
// asks it who is in a room elsewhere, and hands it the frames for members it
// does not hold. The bus answers through ChatManager.handleRemote* methods.
// The Redis implementation lives in server/cluster/; the core never sees it,
// so a unit test drives the core with a fake bus.
import type { ChatClient } from './chat-client.js';
import type { Payload } from './outgoing-frame.js';

/** A member of a room held by another node, as that node announced it. */
export interface RemoteMember {
  id: string;
  username: string;
  /** Its participant hash, so a direct message to it is stored for both parties. */
  party: string;
}

export interface RoomBus {
  /** `client` joined its room on this node; `isFirst`: the room had no local member before. */
  memberJoined(client: ChatClient, isFirst: boolean): void;
  /** `client` changed its name. */
  memberUpdated(client: ChatClient): void;
  /** `client` left; `isLast`: the room has no local member now. */
  memberLeft(client: ChatClient, isLast: boolean): void;
  /** The room's members on other nodes (empty when it has none, or outside a cluster). */
  remoteMembers(roomId: string): readonly RemoteMember[];
  remoteMember(roomId: string, clientId: string): RemoteMember | undefined;
  /** Hands `payload` to the room's members on other nodes but `exceptId`; does nothing when there are none. */
  publishToRoom(roomId: string, payload: Payload, exceptId?: string): void;
  /** Hands `payload` to `clientId` on another node; false when no other node holds it. */
  publishToClient(roomId: string, clientId: string, payload: Payload): boolean;
}
