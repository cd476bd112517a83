// The wire protocol, defined once: every frame's schema, from which both the
// TypeScript types and the runtime checks come. Server and browser import it.
// Compatible with Camus 0.2; the prose reference is docs/protocol.md.
// One file on purpose, over ~300 lines: the protocol is defined once, and a
// reader (or the fuzzer's schema walk) finds every frame in one place.
import { Type, type Static, type TSchema } from '@sinclair/typebox';

/** The server's own address. */
export const GROUND_CONTROL = 'ground control';
/** The receiver that means every member of the sender's room. */
export const ROOM = 'room';

/** Error codes carried in `error` frames and in close reasons. */
export const ErrorCode = {
  /** The frame is not valid JSON. */
  BadJson: 'bad-json',
  /** The frame is JSON but not an object with string `type` and `receiver`. */
  BadFrame: 'bad-frame',
  /** The `type` is not one a client may send. */
  UnknownType: 'unknown-type',
  /** The `data` does not match the type's schema. */
  BadPayload: 'bad-payload',
  /** The receiver is not in the sender's room, or cannot take this type. */
  UnknownReceiver: 'unknown-receiver',
  /** A `text` longer than the server's limit. */
  TextTooLong: 'text-too-long',
  /** More frames than the rate limit allows; the frame was dropped. */
  RateLimited: 'rate-limited',
  /** The room has MAX_ROOM_SIZE members already; the connection is closed. */
  RoomFull: 'room-full',
  /** The room has a password and the connection gave none; the connection is closed. */
  PasswordRequired: 'password-required',
  /** The password given does not match the room's; the connection is closed. */
  WrongPassword: 'wrong-password',
  /** This address has MAX_CONNECTIONS_PER_IP connections open already; the connection is closed. */
  TooManyConnections: 'too-many-connections',
  /**
   * A password was given to a room that has members and no password: it
   * cannot be applied (only the first person in locks from the lobby; a
   * member locks with `set-lock`), so the connection is refused rather than
   * the password ignored.
   */
  RoomNotEmpty: 'room-not-empty',
  /**
   * The server failed while handling the frame (a bug, not the client's
   * fault). When the connection's state may be inconsistent it is closed with
   * 1011 next.
   */
  Internal: 'internal',
  /** The history store failed: the text was not stored (nor delivered), or the page could not be read. */
  HistoryUnavailable: 'history-unavailable',
  /** The server keeps no history (HISTORY_STORE=off): get-history has nothing to answer. */
  HistoryOff: 'history-off',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Standard WebSocket close codes (RFC 6455 §7.4.1) that Parley's server and browser use. */
export const CloseCode = {
  Normal: 1000,
  GoingAway: 1001,
  /** No close frame arrived (browsers report it; never sent). */
  Abnormal: 1006,
  PolicyViolation: 1008,
  TooBig: 1009,
  InternalError: 1011,
} as const;
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

/**
 * Application close codes (4000-4999), one per reason the server ends a
 * connection on purpose; the close reason is the matching ErrorCode-style
 * string. Browsers can read these from CloseEvent.code and .reason, unlike an
 * HTTP refusal of the upgrade. See docs/protocol-reliability.md.
 */
export const AppCloseCode = {
  /** The session was resumed on another connection; this one is superseded. */
  SessionReplaced: 4000,
  PasswordRequired: 4001,
  WrongPassword: 4002,
  RoomFull: 4003,
  TooManyConnections: 4004,
  /** A sustained flood: the client kept sending past the rate limit. */
  RateLimited: 4005,
  /** The client stopped reading and its send buffer passed MAX_BUFFERED_BYTES. */
  SlowConsumer: 4006,
  RoomNotEmpty: 4007,
} as const;
export type AppCloseCode = (typeof AppCloseCode)[keyof typeof AppCloseCode];

/** Query parameters a Parley client may put on /r/<room>/ws; Camus clients send none. */
export const WsQuery = {
  /** `session=1`: ask for a `session` frame (a resume token) after the greeting. */
  session: 'session',
  /** `resume=<token>`: take back a dropped connection's slot; implies session=1. */
  resume: 'resume',
  /** `seen=<n>`, with resume: how many numbered frames the client has received in this session. */
  seen: 'seen',
  /** `password=<text>`: sets an empty room's password, or answers an existing one. */
  password: 'password',
  /**
   * `participant=<key>`: a random key the browser keeps (PARTICIPANT_KEY_PATTERN);
   * the server keeps only its hash, and shows a direct message's history to
   * the two keys it was between. See docs/protocol-history.md.
   */
  participant: 'participant',
} as const;

/**
 * Deepest nesting of arrays and objects in any frame (the frame object itself
 * is level 1; an offer is 2). Deeper frames are refused with `bad-frame` before
 * they are parsed, by the server and by the browser: see shared/json-depth.ts.
 */
export const MAX_JSON_DEPTH = 32;
/** What `?participant=` accepts: 22-128 URL-safe characters (at least 128 bits as base64url). */
export const PARTICIPANT_KEY_PATTERN = /^[A-Za-z0-9_-]{22,128}$/;

/** Longest room password accepted, in characters. */
export const MAX_PASSWORD_LENGTH = 256;

/** Room names: what /r/<room> and /r/<room>/ws accept. */
export const ROOM_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

// Shared pieces.
const FrameId = Type.Union([Type.String({ maxLength: 128 }), Type.Number()]);
/** Any JSON value: ping, pong, greeting and bye carry whatever the client chose. */
const AnyData = Type.Unknown();

export const SessionDescription = Type.Object({
  type: Type.Union([Type.Literal('offer'), Type.Literal('answer')]),
  sdp: Type.String(),
});
export type SessionDescription = Static<typeof SessionDescription>;

/** An RTCIceCandidateInit. */
export const IceCandidate = Type.Object({
  candidate: Type.Optional(Type.String()),
  sdpMid: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  sdpMLineIndex: Type.Optional(Type.Union([Type.Integer({ minimum: 0 }), Type.Null()])),
  usernameFragment: Type.Optional(Type.Union([Type.String(), Type.Null()])),
});
export type IceCandidate = Static<typeof IceCandidate>;

/** An RTCIceServer. */
export const IceServer = Type.Object({
  urls: Type.Union([Type.String(), Type.Array(Type.String())]),
  username: Type.Optional(Type.String()),
  credential: Type.Optional(Type.String()),
});
export type IceServer = Static<typeof IceServer>;

/** A whole list of RTCIceServer objects: `ice-servers` data, and ICE_SERVERS_FILE. */
export const IceServerList = Type.Array(IceServer);

/** RTCConfiguration.iceTransportPolicy: `relay` makes browsers use TURN only. */
export const IceTransportPolicy = Type.Union([Type.Literal('all'), Type.Literal('relay')]);
export type IceTransportPolicy = Static<typeof IceTransportPolicy>;

/**
 * `ice-config` data: the part of an RTCConfiguration the server decides, in
 * RTCConfiguration's own names so a client can pass it on unchanged. See
 * docs/protocol-ice.md.
 */
export const IceConfig = Type.Object({ iceServers: IceServerList, iceTransportPolicy: IceTransportPolicy });
export type IceConfig = Static<typeof IceConfig>;

/** A client's message id (docs/protocol-history.md): what makes a resend safe. */
export const MessageId = Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' });

export const TextData = Type.Object({
  from: Type.Optional(Type.String()),
  time: Type.Optional(Type.Unknown()),
  text: Type.String(),
  /** Asks for an `ack` once stored, and makes a resend with the same mid a no-op. */
  mid: Type.Optional(MessageId),
});

/** Largest page `get-history` answers, and the page without a `limit`. */
export const HISTORY_PAGE_MAX = 200;
export const HISTORY_PAGE_DEFAULT = 50;
const Seq = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });

export const GetHistoryData = Type.Object({
  /** Only messages with a lower seq: paging back. */
  before: Type.Optional(Seq),
  /** Only messages with a higher seq: filling the gap after a reconnect. */
  after: Type.Optional(Seq),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: HISTORY_PAGE_MAX })),
});
export type GetHistoryData = Static<typeof GetHistoryData>;

export const AckData = Type.Object({ mid: MessageId, seq: Seq, time: Type.Number() });
export type AckData = Static<typeof AckData>;

/** One stored message as `history` and the REST API give it. */
export const HistoryMessage = Type.Object({
  seq: Seq,
  sender: Type.String(),
  receiver: Type.String(),
  from: Type.String(),
  time: Type.Number(),
  text: Type.String(),
  mid: Type.Optional(MessageId),
  /** Direct messages: the receiver's name when it was sent. */
  to: Type.Optional(Type.String()),
  /** True when the asking participant sent it (same participant key). */
  mine: Type.Optional(Type.Boolean()),
});
export type HistoryMessage = Static<typeof HistoryMessage>;

export const HistoryData = Type.Object({ messages: Type.Array(HistoryMessage, { maxItems: HISTORY_PAGE_MAX }), has_more: Type.Boolean() });
export type HistoryData = Static<typeof HistoryData>;

export const ProfileData = Type.Object({ username: Type.String() });

export const RoomClient = Type.Object({ id: Type.String(), username: Type.String() });
export type RoomClient = Static<typeof RoomClient>;
export const RoomInfo = Type.Object({ room_id: Type.String(), clients: Type.Array(RoomClient) });
export type RoomInfo = Static<typeof RoomInfo>;

export const ErrorData = Type.Object({ code: Type.String(), description: Type.String() });
export type ErrorData = Static<typeof ErrorData>;

/**
 * `set-lock` data: lock the room with a password, or unlock it
 * (docs/protocol-reliability.md §2).
 */
export const SetLockData = Type.Union([
  Type.Object({ locked: Type.Literal(true), password: Type.String({ minLength: 1, maxLength: MAX_PASSWORD_LENGTH }) }),
  Type.Object({ locked: Type.Literal(false) }),
]);
export type SetLockData = Static<typeof SetLockData>;

/** `room-lock` data: whether the room is locked, and which member last locked or unlocked it, when known. */
export const RoomLockData = Type.Object({
  locked: Type.Boolean(),
  /** True when a member just changed it (set-lock); false when it tells a newcomer how the room is. */
  changed: Type.Boolean(),
  /** The member's client id; absent when nobody in the room did it (a lock kept with the history). */
  by: Type.Optional(Type.String()),
  /** Their name when they did it (empty if they had sent no profile yet). */
  name: Type.Optional(Type.String()),
});
export type RoomLockData = Static<typeof RoomLockData>;

/**
 * GET /api/rooms/<room>/status: what the lobby needs to know before joining.
 * `names` (of the members who gave one) only while the room is not locked:
 * anyone with the link may join an open room and see them anyway, but a
 * locked room's members are for those who know its password.
 */
export const RoomStatus = Type.Object({
  occupied: Type.Boolean(),
  locked: Type.Boolean(),
  names: Type.Optional(Type.Array(Type.String({ maxLength: 1024 }), { maxItems: 256 })),
});
export type RoomStatus = Static<typeof RoomStatus>;

/** Sent only to clients that asked with ?session=1 or ?resume=<token>. */
export const SessionData = Type.Object({
  /** Secret; give it as ?resume=<token> to take this slot back after a drop. Single use. */
  token: Type.String(),
  /** True when this connection took back an earlier slot (same id, same peers). */
  resumed: Type.Boolean(),
  /** How long the slot is held after the connection was last heard from, in ms. */
  grace_ms: Type.Number(),
});
export type SessionData = Static<typeof SessionData>;

/** The envelope every frame shares; checked before the type's own payload. */
export const Envelope = Type.Object({
  sender: Type.Optional(Type.String()),
  receiver: Type.String(),
  type: Type.String(),
  id: Type.Optional(FrameId),
});

function frame<K extends string, D extends TSchema>(type: K, data: D, isDataOptional = false) {
  return Type.Object({
    sender: Type.Optional(Type.String()),
    receiver: Type.String(),
    type: Type.Literal(type),
    id: Type.Optional(FrameId),
    data: isDataOptional ? Type.Optional(data) : data,
  });
}

/** What a client may send, by type. Types absent here get `unknown-type`. */
export const ClientFrameSchemas = {
  ping: frame('ping', AnyData, true),
  pong: frame('pong', AnyData, true),
  greeting: frame('greeting', AnyData, true),
  bye: frame('bye', AnyData, true),
  'get-room-info': frame('get-room-info', AnyData, true),
  'get-ice-servers': frame('get-ice-servers', AnyData, true),
  'get-ice-config': frame('get-ice-config', AnyData, true),
  profile: frame('profile', ProfileData),
  offer: frame('offer', SessionDescription),
  answer: frame('answer', SessionDescription),
  icecandidate: frame('icecandidate', IceCandidate),
  text: frame('text', TextData),
  'get-history': frame('get-history', GetHistoryData, true),
  /** Locks or unlocks the sender's room; answered (and told to the room) with `room-lock`. */
  'set-lock': frame('set-lock', SetLockData),
} as const;
export type ClientFrameType = keyof typeof ClientFrameSchemas;
export type ClientFrame = { [K in ClientFrameType]: Static<(typeof ClientFrameSchemas)[K]> }[ClientFrameType];
export type ClientFrameOf<K extends ClientFrameType> = Static<(typeof ClientFrameSchemas)[K]>;

/** Types that travel from one client to others, rather than to ground control. */
export const PEER_TYPES = new Set<ClientFrameType>(['ping', 'pong', 'greeting', 'bye', 'offer', 'answer', 'icecandidate', 'text']);
/** Types only ground control answers. */
export const SERVER_ONLY_TYPES = new Set<ClientFrameType>(['get-room-info', 'get-ice-servers', 'get-ice-config', 'profile', 'get-history', 'set-lock']);

function serverFrame<K extends string, D extends TSchema>(type: K, data: D, isDataOptional = false) {
  return Type.Object({
    sender: Type.String(),
    receiver: Type.String(),
    type: Type.Literal(type),
    id: Type.Optional(FrameId),
    data: isDataOptional ? Type.Optional(data) : data,
  });
}

/** What a client may receive: the server's own frames and frames relayed from peers. */
export const ServerFrameSchemas = {
  greeting: serverFrame('greeting', AnyData, true),
  ping: serverFrame('ping', AnyData, true),
  pong: serverFrame('pong', AnyData, true),
  bye: serverFrame('bye', AnyData, true),
  'room-info': serverFrame('room-info', RoomInfo),
  'ice-servers': serverFrame('ice-servers', IceServerList),
  'ice-config': serverFrame('ice-config', IceConfig),
  error: serverFrame('error', ErrorData),
  session: serverFrame('session', SessionData),
  offer: serverFrame('offer', SessionDescription),
  answer: serverFrame('answer', SessionDescription),
  icecandidate: serverFrame('icecandidate', IceCandidate),
  text: serverFrame(
    'text',
    Type.Object({
      from: Type.String(),
      time: Type.Number(),
      text: Type.String(),
      seq: Type.Optional(Seq),
      mid: Type.Optional(MessageId),
      /** A direct message's receiver's name when it was sent, as history gives it. */
      to: Type.Optional(Type.String()),
    }),
  ),
  /** Only to a client that sent a `mid` (docs/protocol-history.md). */
  ack: serverFrame('ack', AckData),
  /** Only in answer to `get-history`. */
  history: serverFrame('history', HistoryData),
  /** Only to opted-in clients (?session=1): the room's lock, after admission and at each change. */
  'room-lock': serverFrame('room-lock', RoomLockData),
} as const;
export type ServerFrameType = keyof typeof ServerFrameSchemas;
export type ServerFrame = { [K in ServerFrameType]: Static<(typeof ServerFrameSchemas)[K]> }[ServerFrameType];
export type ServerFrameOf<K extends ServerFrameType> = Static<(typeof ServerFrameSchemas)[K]>;
export type FrameId = Static<typeof FrameId>;
