// GET /api/rooms/<room>/status: what the lobby needs before joining, as
// {"occupied": bool, "locked": bool, "names"?: [...]}. Over HTTP rather than
// the room's WebSocket because opening that socket is joining: it would take
// a member's place, and check (or set) the password. It names the members
// only while the room is not locked: anyone with the link may ask, and may
// join an open room and see the names anyway, but a locked room's names are
// for those who know its password. Requests
// are limited per address, and CORS headers go only to ALLOWED_ORIGINS, as
// for the history route. See docs/protocol-reliability.md §2.
import type { Router } from 'express';
import { ErrorCode, type RoomStatus } from '../../shared/protocol.js';
import type { RoomPasswords } from './room-passwords.js';
import { failRequest, roomApiRoute, type RoomApiRouteOptions } from './room-api-route.js';

export interface RoomStatusApiOptions extends RoomApiRouteOptions {
  /** Members of the room now, held slots included; 0 for a room nobody is in. */
  memberCount: (roomId: string) => number;
  /** The names of the room's members who gave one, in room order. */
  memberNames: (roomId: string) => string[];
  passwords: RoomPasswords;
}

export function roomStatusApi(options: RoomStatusApiOptions): Router {
  return roomApiRoute('status', options, (room, _req, res) => {
    const occupied = options.memberCount(room) > 0;
    options.passwords.isLocked(room).then(
      (locked) => {
        const names = occupied && !locked ? options.memberNames(room) : [];
        res.json((names.length > 0 ? { occupied, locked, names } : { occupied, locked }) satisfies RoomStatus);
      },
      () => failRequest(res, 503, ErrorCode.HistoryUnavailable, 'whether the room is locked could not be read'),
    );
  });
}
