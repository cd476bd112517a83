// The server's core: it owns the rooms, speaks for "ground control", and
// decides where each frame goes. Input arrives through handle* methods from
// the WebSocket edge; what happens leaves as typed events (logs, metrics),
// except the count of relayed frames, which is per frame and so kept as plain
// numbers that the metrics read when scraped.
// The protocol is described in docs/protocol.md.
// Texts and their history are RoomTexts' job (room-texts.ts); locks are
// RoomLocks' (room-lock.ts).
// Longer than ~300 lines for a reason: every way a frame comes in (a local
// socket's handle* methods, and handleRemote* for what another node sends)
// and the exhaustive dispatch over every client frame type meet here, so
// that who may send what to whom is decided in one place only.
import { v4 as uuidv4 } from 'uuid';
import { ClientFrameParser, type CheckerFactory } from '../../shared/frame-parser.js';
import {
  CloseCode,
  ErrorCode,
  GROUND_CONTROL,
  PEER_TYPES,
  ROOM,
  type ClientFrame,
  type FrameId,
  type IceServer,
  type IceTransportPolicy,
  type RoomInfo,
} from '../../shared/protocol.js';
import { TypedEmitter } from '../../shared/typed-emitter.js';
import { ChatClient, SharedData } from './chat-client.js';
import { ChatRoom, type RoomLock } from './chat-room.js';
import { FrameFault } from './frame-fault.js';
import type { HistoryStore } from '../history/history-store.js';
import { RoomLocks, type AdmittedLock, type ApplyLock } from './room-lock.js';
import { LocalRouter, type Router } from './local-router.js';
import { BusRouter } from './bus-router.js';
import type { RoomBus } from './room-bus.js';
import { boundedUsername, RoomTexts, type TextMessage } from './room-texts.js';
import { OutgoingFrame, type Payload } from './outgoing-frame.js';
import type { SocketLike } from './socket.js';
import { stampSender } from './stamp-sender.js';

export interface ChatManagerOptions {
  makeChecker: CheckerFactory;
  maxTextLength: number;
  maxUsernameLength: number;
  /** The ICE servers for one client; per client so TURN credentials can name it. */
  iceServersFor: (client: ChatClient) => IceServer[];
  /** Sent with the servers in `ice-config` (docs/protocol-ice.md); default `all`. */
  iceTransportPolicy?: IceTransportPolicy;
  /**
   * Where texts are stored (docs/protocol-history.md). Without one, texts are
   * relayed at once, as Camus did, and get-history is refused.
   */
  history?: HistoryStore;
  /** Where `set-lock` is applied (RoomPasswords); without it, set-lock is refused. */
  applyLock?: ApplyLock;
  router?: Router;
  /** In a cluster: the other nodes' members and how to reach them (room-bus.ts). Without one, the room is this process. */
  bus?: RoomBus;
  newId?: () => string;
  now?: () => number;
}

export interface ConnectOptions {
  isLegacy?: boolean;
  party?: string;
  /** The id a cluster's ledger admitted it under, or the one it resumes on this node. */
  id?: string;
  /** Its name, when it resumes here a session that another node held. */
  username?: string;
}

export interface ChatManagerEvents extends Record<string, unknown> {
  connect: { client: ChatClient; roomSize: number };
  leave: { client: ChatClient; reason: 'bye' | 'closed' };
  /** Another node took `client` over (it resumed there): it left this node's room without leaving the room. */
  moved: { client: ChatClient };
  'frame-error': { client: ChatClient; code: ErrorCode; description: string };
  text: TextMessage;
  /** The history store failed a write or a read; the client was told with an error frame. */
  'history-error': { error: unknown };
}

const GREETING = 'Welcome to Parley. Send a profile, then ask for room-info.';

export class ChatManager extends TypedEmitter<ChatManagerEvents> {
  readonly #rooms = new Map<string, ChatRoom>();
  readonly #parser: ClientFrameParser;
  readonly #router: Router;
  readonly #newId: () => string;
  readonly #now: () => number;
  readonly #texts: RoomTexts;
  readonly #locks: RoomLocks;
  /**
   * Frames relayed between clients, by type. A plain count because it is
   * bumped on every frame: an event plus prom-client's Counter.inc cost
   * several times as much, and the figure is only read when /metrics is.
   */
  readonly #relayed = new Map<ClientFrame['type'], number>();

  constructor(private readonly options: ChatManagerOptions) {
    super();
    this.#parser = new ClientFrameParser(options.makeChecker);
    this.#router = options.router ?? (options.bus ? new BusRouter(options.bus) : new LocalRouter());
    this.#newId = options.newId ?? uuidv4;
    // Read Date.now at call time, so a clock installed later (tests) is seen.
    this.#now = options.now ?? (() => Date.now());
    this.#locks = new RoomLocks(
      options.applyLock,
      (client, code, description, id, error) => {
        if (error !== undefined) this.emit('history-error', { error });
        this.#fail(client, code, description, id);
      },
      (room, id) => room.get(id)?.username || options.bus?.remoteMember(room.id, id)?.username,
    );
    this.#texts = new RoomTexts({
      maxTextLength: options.maxTextLength,
      maxUsernameLength: options.maxUsernameLength,
      history: options.history,
      bus: options.bus,
      router: this.#router,
      now: this.#now,
      roomOf: (roomId) => this.#rooms.get(roomId),
      fail: (client, code, description, id) => this.#fail(client, code, description, id),
      accepted: (message) => this.emit('text', message),
      delivered: () => this.#countRelay('text'),
      storeFailed: (error) => this.emit('history-error', { error }),
    });
  }

  get roomCount(): number {
    return this.#rooms.size;
  }

  get clientCount(): number {
    let count = 0;
    for (const room of this.#rooms.values()) count += room.size;
    return count;
  }

  /** Frames relayed so far, by type (text included), since the server started. */
  get relayCounts(): ReadonlyMap<ClientFrame['type'], number> {
    return this.#relayed;
  }

  room(id: string): ChatRoom | undefined {
    return this.#rooms.get(id);
  }

  /** The room's members as its room-info lists them (this node's, then those it knows on other nodes): the lobby's room status. */
  members(id: string): { id: string; username: string }[] {
    const room = this.#rooms.get(id);
    return room ? this.#roomInfo(room).clients.map(({ id, username }) => ({ id, username })) : [];
  }

  /** Ids of the rooms with members on this node. */
  roomIds(): IterableIterator<string> {
    return this.#rooms.keys();
  }

  /** A fresh client id, for an admission that must claim a seat under it (in a cluster) before handleConnect. */
  newClientId(): string {
    return this.#newId();
  }

  /**
   * Another node relayed `payload` to this room: delivered to the local
   * member `to`, or to every local member but `except`. The sending node
   * stamped, checked and rate-limited it; a room this node no longer holds,
   * or a member it does not hold, gets nothing.
   */
  handleRemoteFrame(roomId: string, payload: Payload, target: { to?: string; except?: string }): void {
    const room = this.#rooms.get(roomId);
    if (!room) return;
    if (target.to !== undefined) {
      room.get(target.to)?.sendRaw(payload);
      return;
    }
    for (const member of room.clients()) if (member.id !== target.except) member.sendRaw(payload);
  }

  /** Another node's members of this room changed (a name, a leave, a reconciliation): local members get the new room-info. */
  handleRemoteMembers(roomId: string): void {
    const room = this.#rooms.get(roomId);
    if (room) this.#broadcastRoomInfo(room);
  }

  /**
   * Another node of the cluster took `clientId` over (it resumed there): it
   * leaves this node's room silently, since to the room it has not left,
   * and its session here ends (the Gatekeeper hears 'moved').
   */
  handleMovedAway(roomId: string, clientId: string): void {
    const room = this.#rooms.get(roomId);
    const client = room?.get(clientId);
    if (!room || !client) return;
    room.remove(client);
    if (room.isEmpty) this.#rooms.delete(roomId);
    this.emit('moved', { client });
  }

  /** A member on another node locked or unlocked the room from inside the call: the members here hear it (room-lock.ts). */
  handleRemoteLock(roomId: string, isLocked: boolean, lock: { by: string; name: string }): void {
    const room = this.#rooms.get(roomId);
    if (room) this.#locks.handleRemoteChange(room, isLocked, lock);
  }

  /**
   * A socket opened on /r/<roomId>/ws: the client gets an id and a greeting,
   * nothing more. `isLegacy`: it did not opt in to Parley's additions
   * (ChatClient.isLegacy). `party`: who it is across reconnects, for direct
   * messages' history (ChatClient.party).
   */
  handleConnect(roomId: string, socket: SocketLike, { isLegacy = false, party, id, username }: ConnectOptions = {}): ChatClient {
    let room = this.#rooms.get(roomId);
    const isFirst = !room;
    if (!room) this.#rooms.set(roomId, (room = new ChatRoom(roomId)));
    const client = new ChatClient(id ?? this.#newId(), roomId, socket, party);
    client.isLegacy = isLegacy;
    if (username !== undefined) client.username = username;
    room.add(client);
    this.options.bus?.memberJoined(client, isFirst);
    // Nothing is pushed to the room here: Camus clients that get a room-info
    // before the newcomer's profile build a peer for it and collide offers.
    this.greet(client);
    this.emit('connect', { client, roomSize: room.size });
    return client;
  }

  /**
   * The gatekeeper let `client` in and sent what comes first (greeting,
   * session): an opted-in client now hears whether the room is locked.
   * `lock`: the client set the room's password, or gave it.
   */
  handleAdmitted(client: ChatClient, lock?: AdmittedLock): void {
    const room = this.#rooms.get(client.roomId);
    if (room?.has(client)) this.#locks.handleAdmitted(room, client, lock);
  }

  /**
   * `client` resumed its session, and has the frames it missed: it hears
   * the room's lock (room-lock.ts). `taken`: the session was held by another
   * node, which may not have told it the room's latest members (it died, or
   * let go before the last room-info): it gets the room-info too, and `lock`
   * is the lock the cluster holds for the room.
   */
  handleResumed(client: ChatClient, taken?: { lock?: RoomLock }): void {
    const room = this.#rooms.get(client.roomId);
    if (!room?.has(client)) return;
    if (taken) client.sendFromServer('room-info', this.#roomInfo(room));
    this.#locks.handleResumed(room, client, taken?.lock);
  }

  /** The first frame of every connection: a new one, or one that resumed a held slot (same id). */
  greet(client: ChatClient): void {
    client.sendFromServer('greeting', GREETING);
  }

  /**
   * One text frame from `client`'s socket, as text or as the UTF-8 bytes it
   * arrived in; with bytes, a relayed frame is forwarded without re-encoding.
   */
  handleMessage(client: ChatClient, data: string | Buffer): void {
    const room = this.#rooms.get(client.roomId);
    if (!room?.has(client)) return; // it has left; late frames are moot
    const raw = typeof data === 'string' ? data : data.toString();
    const result = this.#parser.parse(raw);
    if (!result.ok) return this.#fail(client, result.code, result.description, result.id);
    const frame = result.frame;
    try {
      this.#dispatch(room, client, frame, data);
    } catch (error) {
      // The edge's fault boundary logs it; the type tells it which handler failed.
      throw new FrameFault(frame.type, error);
    }
  }

  #dispatch(room: ChatRoom, client: ChatClient, frame: ClientFrame, data: string | Buffer): void {
    if (frame.receiver === GROUND_CONTROL) return this.#handleServerFrame(room, client, frame);
    if (!PEER_TYPES.has(frame.type)) {
      return this.#fail(client, ErrorCode.UnknownReceiver, `${frame.type} is answered only by "${GROUND_CONTROL}"`, frame.id);
    }
    if (frame.type === 'text') return this.#texts.handleText(room, client, frame);
    this.#relay(room, client, frame, data);
  }

  /** The client's connection ended, for whatever reason (a bye included): it leaves its room. Safe to call more than once. */
  handleClose(client: ChatClient): void {
    this.#leave(client, client.hasSaidBye ? 'bye' : 'closed');
  }

  /** A frame refused before it was read (over the rate limit): answered like any bad frame. */
  handleRefused(client: ChatClient, code: ErrorCode, description: string): void {
    this.#fail(client, code, description);
  }

  /** Binary frames are not part of the protocol. */
  handleBinary(client: ChatClient): void {
    this.#fail(client, ErrorCode.BadFrame, 'binary frames are not accepted; send JSON text');
  }

  #handleServerFrame(room: ChatRoom, client: ChatClient, frame: ClientFrame): void {
    switch (frame.type) {
      case 'ping':
        return client.sendFromServer('pong', frame.data, frame.id);
      case 'pong':
      case 'greeting':
        return; // accepted silently, as the original server did
      case 'get-room-info':
        return client.sendFromServer('room-info', this.#roomInfo(room), frame.id);
      case 'get-ice-servers':
        return client.sendFromServer('ice-servers', this.options.iceServersFor(client), frame.id);
      case 'get-ice-config': {
        const iceConfig = { iceServers: this.options.iceServersFor(client), iceTransportPolicy: this.options.iceTransportPolicy ?? 'all' };
        return client.sendFromServer('ice-config', iceConfig, frame.id);
      }
      case 'get-history':
        return this.#texts.handleGetHistory(client, frame);
      case 'set-lock':
        return this.#locks.handleSetLock(room, client, frame);
      case 'profile':
        client.username = boundedUsername(frame.data.username, this.options.maxUsernameLength);
        this.options.bus?.memberUpdated(client);
        return this.#broadcastRoomInfo(room);
      case 'bye':
        // Closing is the one way out of a room: the socket's end comes back
        // as handleClose, which leaves (once) and tells the room.
        client.hasSaidBye = true;
        return client.close(CloseCode.Normal, 'bye');
      case 'offer':
      case 'answer':
      case 'icecandidate':
      case 'text':
        return this.#fail(client, ErrorCode.UnknownReceiver, `${frame.type} must go to a client id or "${ROOM}"`, frame.id);
      default:
        return assertNever(frame);
    }
  }

  #relay(room: ChatRoom, client: ChatClient, frame: ClientFrame, raw: string | Buffer): void {
    // The edge always hands bytes; text comes only from tests and tools.
    const bytes = typeof raw === 'string' ? Buffer.from(raw) : raw;
    const stamped = stampSender(bytes, frame, client.id, client.senderTail);
    const payload = typeof stamped === 'string' ? stamped : OutgoingFrame.ofBytes(stamped);
    if (frame.receiver === ROOM) {
      this.#router.toRoom(room, payload, client);
    } else if (!this.#router.toClient(room, frame.receiver, payload)) {
      // A bye to someone already gone has done its job; Camus clients send
      // one on every leave and throw on any error frame. For the same
      // reason a Camus client racing a departure (its candidates still
      // trickling to a peer that just left) is not told: it has no handler
      // for `error`, and there is nothing for it to do. An id that was
      // never here is still an error, for every client.
      if (frame.type === 'bye' || (client.isLegacy && room.hasLeft(frame.receiver))) return;
      return this.#fail(client, ErrorCode.UnknownReceiver, 'no client with that id in this room', frame.id);
    }
    this.#countRelay(frame.type);
  }

  #countRelay(type: ClientFrame['type']): void {
    this.#relayed.set(type, (this.#relayed.get(type) ?? 0) + 1);
  }

  #leave(client: ChatClient, reason: 'bye' | 'closed'): void {
    const room = this.#rooms.get(client.roomId);
    if (!room?.remove(client)) return;
    this.emit('leave', { client, reason });
    this.options.bus?.memberLeft(client, room.isEmpty);
    if (room.isEmpty) this.#rooms.delete(room.id);
    else this.#broadcastRoomInfo(room);
  }

  #broadcastRoomInfo(room: ChatRoom): void {
    // Serialized once: each member's copy differs only in its receiver.
    const info = new SharedData('room-info', this.#roomInfo(room));
    for (const member of room.clients()) member.sendShared(info);
  }

  /** The room's members here, then those on other nodes. */
  #roomInfo(room: ChatRoom): RoomInfo {
    const info = room.info();
    const remote = this.options.bus?.remoteMembers(room.id);
    if (remote?.length) info.clients.push(...remote.map(({ id, username }) => ({ id, username })));
    return info;
  }

  #fail(client: ChatClient, code: ErrorCode, description: string, id?: FrameId): void {
    this.emit('frame-error', { client, code, description });
    client.sendFromServer('error', { code, description }, id);
  }
}

function assertNever(value: never): never {
  throw new Error(`unhandled frame ${JSON.stringify(value)}`);
}
