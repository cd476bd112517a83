// GET /api/rooms/<room>/messages?limit=&before=: a room's history over HTTP,
// in the same order and pages as get-history, never with direct messages.
// A locked room wants `Authorization: Bearer <room password>` (401 without,
// 403 wrong). Requests are limited per address; CORS headers are sent only
// to origins ALLOWED_ORIGINS lists. See docs/protocol-history.md.
import type { Request, Router } from 'express';
import { ErrorCode, HISTORY_PAGE_DEFAULT, HISTORY_PAGE_MAX, MAX_PASSWORD_LENGTH } from '../../shared/protocol.js';
import type { RoomPasswords } from '../admission/room-passwords.js';
import { failRequest as fail, roomApiRoute, type RoomApiRouteOptions } from '../admission/room-api-route.js';
import type { HistoryStore } from './history-store.js';
import { toHistoryData } from './history-wire.js';

export interface HistoryApiOptions extends RoomApiRouteOptions {
  /** Undefined with HISTORY_STORE=off: every request gets 404 history-off. */
  store: HistoryStore | undefined;
  passwords: RoomPasswords;
}

export function historyApi(options: HistoryApiOptions): Router {
  return roomApiRoute('messages', { ...options, allowHeaders: 'Authorization' }, (room, req, res) => {
    const query = pageQuery(req);
    if (typeof query === 'string') return fail(res, 400, ErrorCode.BadPayload, query);
    const store = options.store;
    if (!store) return fail(res, 404, ErrorCode.HistoryOff, 'this server keeps no chat history');
    const password = bearer(req.headers.authorization);
    void (async () => {
      try {
        const verdict = await options.passwords.checkReader(room, password);
        if (verdict === 'required') {
          res.set('WWW-Authenticate', 'Bearer realm="parley room"');
          return fail(res, 401, ErrorCode.PasswordRequired, 'this room is locked; send Authorization: Bearer <room password>');
        }
        if (verdict === 'wrong') return fail(res, 403, ErrorCode.WrongPassword, 'wrong password for this room');
        const page = await store.page({ room, ...query });
        res.json(toHistoryData(page, undefined));
      } catch {
        fail(res, 503, ErrorCode.HistoryUnavailable, 'the history could not be read');
      }
    })();
  });
}

/** `limit` and `before` from the query string, or why they are unusable. */
function pageQuery(req: Request): { limit: number; before?: number } | string {
  const limitText = single(req.query.limit);
  const beforeText = single(req.query.before);
  if (limitText === null || beforeText === null) return 'give limit and before at most once each';
  const limit = limitText === undefined ? HISTORY_PAGE_DEFAULT : Number(limitText);
  if (!/^\d{1,4}$/.test(limitText ?? '50') || limit < 1 || limit > HISTORY_PAGE_MAX) return `limit is a whole number from 1 to ${HISTORY_PAGE_MAX}`;
  if (beforeText === undefined) return { limit };
  if (!/^\d{1,15}$/.test(beforeText)) return 'before is a message seq, a whole number';
  return { limit, before: Number(beforeText) };
}

/** The one string value of a query parameter; undefined when absent, null when repeated or nested. */
function single(value: unknown): string | undefined | null {
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : null;
}

function bearer(header: string | undefined): string | undefined {
  const match = /^Bearer (.+)$/i.exec(header ?? '');
  const password = match?.[1];
  return password !== undefined && password.length <= MAX_PASSWORD_LENGTH ? password : undefined;
}
