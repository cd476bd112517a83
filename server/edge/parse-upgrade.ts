// Reads a WebSocket upgrade request into a join request, or the HTTP refusal
// to answer it with: the room from /r/<room>/ws, the origin check, and the
// query's password, resume token and `seen` count. Pure, so every refusal is
// unit-tested without a socket. The query carries secrets (password, resume
// token): nothing here logs it, and a refusal's log fields never include it.
import { MAX_PASSWORD_LENGTH, PARTICIPANT_KEY_PATTERN, ROOM_NAME_PATTERN, WsQuery } from '../../shared/protocol.js';
import type { JoinRequest } from '../admission/gatekeeper.js';
import { isOriginAllowed } from '../admission/origin-check.js';
import { participantHash } from '../history/participant.js';
import type { OriginPolicy } from '../ops/config.js';

const WS_PATH = /^\/r\/([^/]+)\/ws\/?$/;

/** What parseUpgrade reads of an IncomingMessage. */
export interface UpgradeRequest {
  url?: string;
  headers: { origin?: string; host?: string };
}

export interface UpgradeRefusal {
  ok: false;
  status: 400 | 403 | 404;
  statusText: string;
  /** The response body: says what is wrong, in a line. */
  body: string;
  /** Worth a warning in the log, with these fields (the path is cut, the query never included). */
  log?: { message: string; fields: Record<string, string | undefined> };
}

export type UpgradeVerdict = { ok: true; join: JoinRequest } | UpgradeRefusal;

export function parseUpgrade(request: UpgradeRequest, allowedOrigins: OriginPolicy): UpgradeVerdict {
  const [path = '', query = ''] = (request.url ?? '').split('?', 2);
  const match = WS_PATH.exec(path);
  if (!match) return refusal(404, 'Not Found', 'no WebSocket endpoint here; rooms are at /r/<room>/ws');
  const roomId = safeDecode(match[1] ?? '');
  if (roomId === undefined || !ROOM_NAME_PATTERN.test(roomId)) {
    return refusal(400, 'Bad Request', `room names match ${ROOM_NAME_PATTERN.source}`, {
      message: 'room name outside the allowed pattern',
      fields: { path: path.slice(0, 200) },
    });
  }
  const { origin, host } = request.headers;
  if (!isOriginAllowed(allowedOrigins, origin, host)) {
    return refusal(403, 'Forbidden', 'this origin may not open WebSockets here; see ALLOWED_ORIGINS', {
      message: 'origin not allowed',
      fields: { room: roomId, origin: origin?.slice(0, 200) },
    });
  }
  const join = joinRequest(roomId, new URLSearchParams(query));
  if (typeof join === 'string') return refusal(400, 'Bad Request', join);
  return { ok: true, join };
}

/** The join's parameters from the upgrade URL's query, or why they are unusable. */
function joinRequest(roomId: string, params: URLSearchParams): JoinRequest | string {
  const password = params.get(WsQuery.password) || undefined;
  if (password !== undefined && password.length > MAX_PASSWORD_LENGTH) return `passwords are at most ${MAX_PASSWORD_LENGTH} characters`;
  const resumeToken = params.get(WsQuery.resume) || undefined;
  const seenText = params.get(WsQuery.seen);
  // Without a readable count a resumption cannot be exact, and is treated as unresumable.
  const seen = seenText !== null && /^\d{1,15}$/.test(seenText) ? Number(seenText) : undefined;
  const participant = params.get(WsQuery.participant) || undefined;
  if (participant !== undefined && !PARTICIPANT_KEY_PATTERN.test(participant)) return `participant keys match ${PARTICIPANT_KEY_PATTERN.source}`;
  // Only its hash is kept: the key itself is the browser's secret (docs/protocol-history.md).
  const party = participant === undefined ? undefined : participantHash(participant);
  return { roomId, password, resumeToken, seen, wantsSession: params.get(WsQuery.session) === '1', party };
}

function refusal(status: UpgradeRefusal['status'], statusText: string, body: string, log?: UpgradeRefusal['log']): UpgradeRefusal {
  return log ? { ok: false, status, statusText, body, log } : { ok: false, status, statusText, body };
}

function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}
