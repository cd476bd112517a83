// The door every `/api/rooms/<room>/…` route goes through: its CORS preflight
// (headers only for ALLOWED_ORIGINS), no caching, a per-address request
// limit and a checked room name. The route's own handler runs only after all
// of them, with the room's name; refusals are JSON `{code, description}` as
// the protocol's errors are.
import { Router, type Request, type Response } from 'express';
import { ErrorCode, ROOM_NAME_PATTERN } from '../../shared/protocol.js';
import type { OriginPolicy } from '../ops/config.js';
import { clientAddress } from './client-address.js';
import { allowCors } from './cors-headers.js';
import type { TrustedProxies } from './trusted-proxies.js';
import { WindowLimiter } from './window-limiter.js';

export interface RoomApiRouteOptions {
  allowedOrigins: OriginPolicy;
  trustedProxies: TrustedProxies;
  requestsPerMinute: number;
  now?: () => number;
}

/** A router serving GET `/api/rooms/:room/<name>` with `handle`, behind the checks above. */
export function roomApiRoute(
  name: string,
  options: RoomApiRouteOptions & { allowHeaders?: string },
  handle: (room: string, req: Request, res: Response) => void,
): Router {
  const router = Router();
  const limiter = new WindowLimiter(options.requestsPerMinute, 60_000, options.now);
  const path = `/api/rooms/:room/${name}`;

  router.options(path, (req, res) => {
    if (!allowCors(req, res, options.allowedOrigins)) return void res.status(403).end();
    res.set({ 'Access-Control-Allow-Methods': 'GET', 'Access-Control-Max-Age': '600' });
    if (options.allowHeaders) res.set('Access-Control-Allow-Headers', options.allowHeaders);
    res.status(204).end();
  });

  router.get(path, (req, res) => {
    allowCors(req, res, options.allowedOrigins);
    res.set('Cache-Control', 'no-store');
    const address = clientAddress(req.socket.remoteAddress, req.headers['x-forwarded-for'], options.trustedProxies);
    if (!limiter.take(address)) {
      res.set('Retry-After', String(limiter.secondsLeft()));
      return failRequest(res, 429, ErrorCode.RateLimited, `at most ${options.requestsPerMinute} requests a minute from one address`);
    }
    const param: unknown = req.params.room;
    const room = typeof param === 'string' ? param : '';
    if (!ROOM_NAME_PATTERN.test(room)) return failRequest(res, 400, ErrorCode.BadPayload, `room names match ${ROOM_NAME_PATTERN.source}`);
    handle(room, req, res);
  });
  return router;
}

/** A refusal, as JSON with the protocol's error codes. */
export function failRequest(res: Response, status: number, code: string, description: string): void {
  res.status(status).json({ code, description });
}
