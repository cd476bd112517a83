// GET /api/rooms/<room>/status: what the lobby needs before joining, as
// {"occupied": bool, "locked": bool, "names"?: [...]}. Over HTTP rather than
// the room's WebSocket because opening that socket is joining: it would take
// a member's place, and check (or set) the password. It names the members
// only while the room is not locked: anyone with the link may ask, and may
// join an open room and see the names anyway, but a locked room's names are
// for those who know its password. Requests
// are limited per address, and CORS headers go only to ALLOWED_ORIGINS, as
// for the history route. See docs/protocol-reliability.md §2.
import { Router, type Response } from 'express';
import { ErrorCode, ROOM_NAME_PATTERN, type RoomStatus } from '../../shared/protocol.js';
import { clientAddress } from './client-address.js';
import { allowCors } from './cors-headers.js';
import type { OriginPolicy } from '../ops/config.js';
import type { RoomPasswords } from './room-passwords.js';
import type { TrustedProxies } from './trusted-proxies.js';
import { WindowLimiter } from './window-limiter.js';

export interface RoomStatusApiOptions {
  /** Members of the room now, held slots included; 0 for a room nobody is in. */
  memberCount: (roomId: string) => number;
  /** The names of the room's members who gave one, in room order. */
  memberNames: (roomId: string) => string[];
  passwords: RoomPasswords;
  allowedOrigins: OriginPolicy;
  trustedProxies: TrustedProxies;
  requestsPerMinute: number;
  now?: () => number;
}

export function roomStatusApi(options: RoomStatusApiOptions): Router {
  const router = Router();
  const limiter = new WindowLimiter(options.requestsPerMinute, 60_000, options.now);
  const path = '/api/rooms/:room/status';

  router.options(path, (req, res) => {
    if (!allowCors(req, res, options.allowedOrigins)) return void res.status(403).end();
    res.set({ 'Access-Control-Allow-Methods': 'GET', 'Access-Control-Max-Age': '600' });
    res.status(204).end();
  });

  router.get(path, (req, res) => {
    allowCors(req, res, options.allowedOrigins);
    res.set('Cache-Control', 'no-store');
    const address = clientAddress(req.socket.remoteAddress, req.headers['x-forwarded-for'], options.trustedProxies);
    if (!limiter.take(address)) {
      res.set('Retry-After', String(limiter.secondsLeft()));
      return fail(res, 429, ErrorCode.RateLimited, `at most ${options.requestsPerMinute} requests a minute from one address`);
    }
    const room = req.params.room ?? '';
    if (!ROOM_NAME_PATTERN.test(room)) return fail(res, 400, ErrorCode.BadPayload, `room names match ${ROOM_NAME_PATTERN.source}`);
    const occupied = options.memberCount(room) > 0;
    options.passwords.isLocked(room).then(
      (locked) => {
        const names = occupied && !locked ? options.memberNames(room) : [];
        res.json((names.length > 0 ? { occupied, locked, names } : { occupied, locked }) satisfies RoomStatus);
      },
      () => fail(res, 503, ErrorCode.HistoryUnavailable, 'whether the room is locked could not be read'),
    );
  });
  return router;
}

function fail(res: Response, status: number, code: string, description: string): void {
  res.status(status).json({ code, description });
}
