// GET /api/rooms/<room>/status: what the lobby needs before joining, as
// {"occupied": bool, "locked": bool, "names"?: [...]}. Over HTTP rather than
// the room's WebSocket because opening that socket is joining: it would take
// a member's place, and check (or set) the password. It names the members
// only while the room is not locked: anyone with the link may ask, and may
// join an open room and see the names anyway, but a locked room's names are
// for those who know its password. Requests
// are limited per address, and CORS headers go only to ALLOWED_ORIGINS, as
// for the history route. See docs/protocol-reliability.md §2.
//
// In a cluster (docs/cluster.md, "The lobby's room status") the room's
// members and lock are asked of Redis, so a node that holds nobody of the
// room answers for all of it; if Redis cannot be asked, the node answers
// from what it holds itself, as a single node does.
import type { Router } from 'express';
import { ErrorCode, type RoomStatus } from '../../shared/protocol.js';
import type { RoomPasswords } from './room-passwords.js';
import { failRequest, roomApiRoute, type RoomApiRouteOptions } from './room-api-route.js';

/** A member as the status names it: its id (to count it once) and its name ('' until it gave one). */
export interface StatusMember {
  id: string;
  username: string;
}

/** The room across every node of a cluster: its members on live nodes, and whether it is locked now. */
export interface ClusterRoomView {
  members: readonly StatusMember[];
  isLocked: boolean;
}

export interface RoomStatusApiOptions extends RoomApiRouteOptions {
  /** Members of the room on this node now, held slots included; 0 for a room nobody is in. */
  memberCount: (roomId: string) => number;
  /** The room's members in room order, as this node's room-info lists them. */
  members: (roomId: string) => StatusMember[];
  passwords: RoomPasswords;
  /** In a cluster: the whole room (server/cluster/redis-room-view.ts); undefined or rejected when Redis cannot be asked. */
  clusterView?: (roomId: string) => Promise<ClusterRoomView | undefined>;
}

export function roomStatusApi(options: RoomStatusApiOptions): Router {
  return roomApiRoute('status', options, (room, _req, res) => {
    statusOf(room, options).then(
      (status) => res.json(status),
      () => failRequest(res, 503, ErrorCode.HistoryUnavailable, 'whether the room is locked could not be read'),
    );
  });
}

async function statusOf(room: string, options: RoomStatusApiOptions): Promise<RoomStatus> {
  const view = await options.clusterView?.(room).catch(() => undefined);
  const local = options.members(room);
  let occupied = options.memberCount(room) > 0;
  let locked: boolean;
  let members = local;
  if (view && view.members.length > 0) {
    // Redis holds the room's lock while it has members: it is the one every node's admission checks.
    occupied = true;
    locked = view.isLocked;
    const known = new Set(local.map((m) => m.id));
    members = [...local, ...view.members.filter((m) => !known.has(m.id))];
  } else {
    locked = await options.passwords.isLocked(room);
  }
  const names = occupied && !locked ? members.flatMap((m) => (m.username ? [m.username] : [])) : [];
  return names.length > 0 ? { occupied, locked, names } : { occupied, locked };
}
