// The Signaler's vocabulary: the events it emits, its errors, the refusals
// the server explains with a close code (docs/protocol-reliability.md §1),
// its options, the socket it needs, and the URL it opens. Kept apart so
// signaler.ts holds only the link's behaviour.
import type { BackoffOptions } from './backoff.js';
import type { RefusalCode } from './refusals.js';
import {
  ErrorCode,
  type AckData,
  type ErrorData,
  type FrameId,
  type IceCandidate,
  type RoomInfo,
  type RoomLockData,
  type SessionDescription,
} from '../../shared/protocol.js';

export interface TextMessageData {
  from: string;
  time: number;
  text: string;
  /** The room's message counter, when the server stores history. */
  seq?: number;
  /** The sender's message id, when it gave one. */
  mid?: string;
}

/** Where the link to the server stands; the UI says it in words. */
export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'offline';

export interface SignalerEvents extends Record<string, unknown> {
  /** The server greeted us; `id` is the id it assigned to this connection (a new one after a fresh rejoin). */
  greeting: { id: string };
  /**
   * The link changed: `connected` (admitted, with a session), `reconnecting`
   * (dropped; the next attempt is in `retryInMs`), `offline` (dropped for
   * longer than the server holds our slot: the server is gone; attempts go
   * on). The end of the link is `close`, not a state.
   */
  connection: { state: ConnectionState; attempt: number; retryInMs?: number };
  /** A reconnection took our slot back: same id, peers untouched, missed frames replayed. */
  resumed: { id: string };
  /** A reconnection joined as a new participant (the slot was gone): a new id, peers must be rebuilt. */
  rejoined: { id: string; previousId: string };
  /** The server refused the connection; the Signaler does not retry by itself. */
  refused: { code: RefusalCode; description: string };
  'room-info': RoomInfo;
  /** Whether the room is locked: after admission when it is, and at each change, with who made it. */
  'room-lock': RoomLockData;
  offer: { sender: string; data: SessionDescription };
  answer: { sender: string; data: SessionDescription };
  icecandidate: { sender: string; data: IceCandidate };
  text: { sender: string; receiver: string; id?: FrameId; data: TextMessageData };
  /** A peer said goodbye (relayed `bye`). */
  bye: { sender: string };
  /** An `error` from the server that answers no pending request; `id` echoes the frame it is about (a text's mid). */
  'server-error': ErrorData & { id?: FrameId };
  /** One of our texts with a mid is stored (docs/protocol-history.md §1). */
  ack: AckData;
  /** A frame from the server that failed the protocol check; it is dropped. */
  'invalid-frame': { code: string; description: string };
  /** The link ended for good: our own close, a refusal, or 4000 session-replaced. Emitted once. */
  close: { code: number; reason: string };
}

/** Why a request or the connection failed on our side of the link. */
export const SignalerErrorCode = {
  /** The socket closed before the reply came. */
  Closed: 'closed',
  /** No reply within the request timeout. */
  Timeout: 'timeout',
  /** The socket could not be opened. */
  ConnectFailed: 'connect-failed',
  /** The reply echoed our id but was not of the type the request expects. */
  BadReply: 'bad-reply',
  /** The server answered with an error code this client does not know; the description carries it. */
  UnknownServerError: 'unknown-server-error',
} as const;
export type SignalerErrorCode = (typeof SignalerErrorCode)[keyof typeof SignalerErrorCode];

/** A request the server refused (its ErrorCode), or one that could not be answered (a SignalerErrorCode). */
export class SignalerError extends Error {
  constructor(
    readonly code: SignalerErrorCode | ErrorCode,
    description: string,
  ) {
    super(description);
    this.name = 'SignalerError';
  }

  /** From a server `error` frame, whose code may be one this client does not know yet. */
  static fromServer({ code, description }: ErrorData): SignalerError {
    return isErrorCode(code) ? new SignalerError(code, description) : new SignalerError(SignalerErrorCode.UnknownServerError, `${code}: ${description}`);
  }
}

function isErrorCode(code: string): code is ErrorCode {
  return ERROR_CODES.has(code);
}
const ERROR_CODES: ReadonlySet<string> = new Set(Object.values(ErrorCode));

/** The part of the DOM WebSocket the Signaler uses, so unit tests can fake it. */
export interface WebSocketLike {
  readonly readyState: number;
  send(text: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open' | 'error', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  addEventListener(type: 'close', listener: (event: { code: number; reason: string }) => void): void;
}

export interface SignalerOptions {
  /** Makes the socket; defaults to the browser's WebSocket. */
  createSocket?: (url: string) => WebSocketLike;
  /** How long a request waits for its reply. */
  requestTimeoutMs?: number;
  /** The room's password: sets it in an empty room, answers it in a locked one. */
  password?: string;
  /** Reconnection timing; `random` pins the jitter in tests. */
  backoff?: BackoffOptions;
  /** A connection attempt not admitted within this long is abandoned and retried. */
  openTimeoutMs?: number;
  /** Peer-signaling frames kept while reconnecting, sent on resumption (oldest dropped first). */
  maxQueued?: number;
  /**
   * This browser's participant key (participant-key.ts), sent as
   * `?participant=` on every connection so the server shows us our direct
   * messages again after a reload or a fresh rejoin (docs/protocol-history.md §3).
   */
  participant?: string;
}

/** The WebSocket URL of `room` on the server that served `location`. */
export function roomSocketUrl(location: { protocol: string; host: string }, room: string): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/r/${encodeURIComponent(room)}/ws`;
}
