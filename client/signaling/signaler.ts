// The browser's WebSocket to /r/<room>/ws, kept up: it reconnects by itself
// after a drop (docs/protocol-reliability.md §4). Every inbound frame is
// parsed at this boundary with the shared protocol schemas, then dispatched
// as a typed event; replies to requests are matched by their `id` echo. See
// docs/protocol.md for the exchanges.
//
// Longer than ~300 lines for a reason: the socket's lifecycle (open, admit,
// drop, reconnect, end) and the frames on it share the one socket and its
// admitted state, and reading it top to bottom is the point. What could go
// has: its vocabulary and options (signaler-events.ts), the resume ticket,
// backoff, pending requests, refusals and peers' pongs (one file each).
import { HeldMessages } from '../../shared/held-messages.js';
import { serverFrameParser } from '../checks/server-frame-parser.js';
import {
  AppCloseCode,
  CloseCode,
  type ClientFrame,
  GROUND_CONTROL,
  ROOM,
  type ErrorData,
  type GetHistoryData,
  type HistoryData,
  type IceCandidate,
  type IceConfig,
  type IceServer,
  type RoomInfo,
  type RoomLockData,
  type ServerFrame,
  type SessionData,
  type SessionDescription,
} from '../../shared/protocol.js';
import { TypedEmitter } from '../../shared/typed-emitter.js';
import { backoffDelay, type BackoffOptions } from './backoff.js';
import { requestIceConfig } from '../ice/ice-config-request.js';
import { PeerPongs } from './peer-pongs.js';
import { PendingRequests } from './pending-requests.js';
import { ResumeTicket } from './resume-ticket.js';
import { REFUSALS, refusalOfCloseCode } from './refusals.js';
import { SignalerError, SignalerErrorCode, type SignalerEvents, type SignalerOptions, type WebSocketLike } from './signaler-events.js';

export * from './signaler-events.js';

const OPEN = 1;
/**
 * Longest frame read from the server, in characters. The server sends none
 * longer than MAX_FRAME_BYTES (64 KiB by default) plus its envelope; this
 * leaves room for a server configured higher and bounds what a hostile one
 * can make the page parse.
 */
export const MAX_SERVER_FRAME_CHARS = 1 << 20;
export { MAX_PEER_PONG_DATA_CHARS, PEER_PONGS_PER_SECOND } from './peer-pongs.js';
/** Frames that may wait for a resumption: the server relays them to peers that are still there. */
const QUEUEABLE = new Set(['offer', 'answer', 'icecandidate']);

/**
 * The signaling link. It connects with a session (`?session=1`), and when the
 * socket drops it reconnects by itself with backoff: resuming within the
 * server's grace period, joining fresh after. See docs/client.md.
 */
export class Signaler extends TypedEmitter<SignalerEvents> {
  readonly #parser = serverFrameParser();
  readonly #requests: PendingRequests;
  readonly #openTimeoutMs: number;
  readonly #backoff: BackoffOptions;
  readonly #createSocket: (url: string) => WebSocketLike;
  #session: ResumeTicket;
  readonly #participant: string | undefined;
  #socket: WebSocketLike | undefined;
  /** The current socket has been admitted: greeting and session frame received. */
  #isAdmitted = false;
  #hasConnected = false;
  #id = '';
  /** The id the latest greeting named; it becomes ours once the session frame admits us. */
  #greetedAs = '';
  #isClosed = false;
  #attempt = 0;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #openTimer: ReturnType<typeof setTimeout> | undefined;
  /** The `error` frame (receiver "") that precedes a refusal's close. */
  #refusal: ErrorData | undefined;
  /** Peer-signaling frames sent while reconnecting; bounded, the oldest dropped (the latest is what a peer needs). */
  readonly #queue: HeldMessages<string>;
  /** How many of peers' pings we answer. */
  readonly #peerPongs = new PeerPongs();

  constructor(
    readonly url: string,
    options: SignalerOptions = {},
  ) {
    super();
    this.#requests = new PendingRequests(options.requestTimeoutMs ?? 10_000);
    this.#openTimeoutMs = options.openTimeoutMs ?? 10_000;
    this.#queue = new HeldMessages(options.maxQueued ?? 200, 'drop-oldest');
    this.#backoff = options.backoff ?? {};
    this.#createSocket = options.createSocket ?? ((u) => new WebSocket(u));
    this.#participant = options.participant;
    this.#session = new ResumeTicket(url, options.password, options.participant);
  }

  /** Our id, as the server assigned it; empty until the greeting. */
  get id(): string {
    return this.#id;
  }

  get isOpen(): boolean {
    return !this.#isClosed && this.#isAdmitted && this.#socket?.readyState === OPEN;
  }

  /** Frames received in this session, as the server numbers them (for `seen`). */
  get seen(): number {
    return this.#session.seen;
  }

  /**
   * Opens the first socket and resolves with our id once the server admits
   * us. Rejects with a SignalerError whose code is the refusal
   * (`password-required`, `wrong-password`, `room-full`,
   * `too-many-connections`) or `connect-failed`; a first connection is not
   * retried, the user decides.
   *
   * @param password the room's password as given at Join, in place of the
   *   constructor's: the app builds its Signaler before the user has typed it
   */
  connect(password?: string): Promise<string> {
    if (this.#socket) throw new TypeError('Signaler.connect() may be called once');
    if (password !== undefined) this.#session = new ResumeTicket(this.url, password, this.#participant);
    return new Promise((resolve, reject) => {
      const offs = [
        this.once('connection', () => {
          for (const off of offs) off();
          resolve(this.#id);
        }),
        this.once('close', ({ code, reason }) => {
          for (const off of offs) off();
          const refusal = refusalOfCloseCode(code);
          if (refusal) reject(new SignalerError(refusal, this.#refusal?.description ?? REFUSALS[refusal].short));
          else reject(new SignalerError(SignalerErrorCode.ConnectFailed, `could not join the room (${code}${reason ? `: ${reason}` : ''})`));
        }),
      ];
      this.#open();
    });
  }

  #open(): void {
    const socket = (this.#socket = this.#createSocket(this.#session.url(Date.now())));
    this.#isAdmitted = false;
    this.#refusal = undefined;
    socket.addEventListener('message', (event) => {
      if (socket === this.#socket) this.handleRaw(event.data);
    });
    socket.addEventListener('close', (event) => {
      if (socket === this.#socket) this.#onSocketClose(event.code, event.reason);
    });
    // An 'error' is always followed by 'close', which does the cleanup.
    socket.addEventListener('error', () => undefined);
    this.#openTimer = setTimeout(() => {
      // A connection that hangs (a dead network path) counts as a drop.
      if (socket !== this.#socket || this.#isAdmitted) return;
      socket.close();
      this.#onSocketClose(CloseCode.Abnormal, 'no answer');
    }, this.#openTimeoutMs);
  }

  /** Parses one inbound frame and dispatches it. Public for tests; the socket calls it. */
  handleRaw(raw: unknown): void {
    if (typeof raw !== 'string') {
      this.#session.handleFrame(undefined, undefined);
      this.emit('invalid-frame', { code: 'bad-frame', description: 'binary frame from server' });
      return;
    }
    if (raw.length > MAX_SERVER_FRAME_CHARS) {
      this.#session.handleFrame(undefined, undefined);
      this.emit('invalid-frame', { code: 'bad-frame', description: `frame of ${raw.length} characters; the limit is ${MAX_SERVER_FRAME_CHARS}` });
      return;
    }
    const result = this.#parser.parse(raw);
    if (!result.ok) {
      this.#session.handleFrame(undefined, undefined);
      this.emit('invalid-frame', { code: result.code, description: result.description });
      return;
    }
    this.#session.handleFrame(result.frame.sender, result.frame.type);
    try {
      this.#dispatch(result.frame);
    } catch (error) {
      // The fault boundary of one frame (issue 10): whatever a listener threw
      // while handling it ends here, with that frame; the link, the call and
      // the page go on. It is a bug, so it is said where a developer looks.
      console.error(`parley: could not handle a frame (${result.frame.type}) from ${result.frame.sender}`, error);
    }
  }

  #dispatch(frame: ServerFrame): void {
    if (frame.id !== undefined && frame.sender === GROUND_CONTROL && this.#requests.settle(frame)) {
      // A reply to one of our requests; room-info is still news for everyone.
      if (frame.type === 'room-info') this.emit('room-info', frame.data);
      if (frame.type === 'room-lock') this.emit('room-lock', frame.data);
      return;
    }
    switch (frame.type) {
      case 'greeting':
        if (frame.sender === GROUND_CONTROL) this.#greetedAs = frame.receiver;
        return;
      case 'session':
        if (frame.sender === GROUND_CONTROL) this.#admit(frame.data);
        return;
      case 'ping':
        // Answer pings, from the server or a peer, with the same data; a peer's only within PeerPongs' bounds.
        if (frame.sender !== GROUND_CONTROL && !this.#peerPongs.mayAnswer(frame.data, Date.now())) return;
        return this.#send({ receiver: frame.sender, type: 'pong', data: frame.data });
      case 'pong':
        return; // pongs we did not ask for
      case 'bye':
        // Ground control says bye before a shutdown's 1001; the close that follows starts the reconnection.
        if (frame.sender === GROUND_CONTROL) return;
        return this.emit('bye', { sender: frame.sender });
      case 'room-info':
        return this.emit('room-info', frame.data);
      case 'room-lock':
        return this.emit('room-lock', frame.data);
      case 'ack':
        // Matched by its mid, not its id: a resent text's ack may come on a later socket than the text.
        if (frame.sender === GROUND_CONTROL) this.emit('ack', frame.data);
        return;
      case 'ice-servers':
      case 'ice-config':
      case 'history':
        return; // only ever a reply
      case 'error':
        // Receiver "": the connection is being refused, and the close code follows.
        if (frame.sender === GROUND_CONTROL && frame.receiver === '') {
          this.#refusal = frame.data;
          return;
        }
        return this.emit('server-error', { ...frame.data, id: frame.id });
      case 'offer':
        return this.emit('offer', { sender: frame.sender, data: frame.data });
      case 'answer':
        return this.emit('answer', { sender: frame.sender, data: frame.data });
      case 'icecandidate':
        return this.emit('icecandidate', { sender: frame.sender, data: frame.data });
      case 'text':
        return this.emit('text', { sender: frame.sender, receiver: frame.receiver, id: frame.id, data: frame.data });
      default:
        return assertNever(frame);
    }
  }

  /** The session frame: the connection is admitted, as the same participant or a new one. */
  #admit(data: SessionData): void {
    clearTimeout(this.#openTimer);
    const previousId = this.#id;
    const wasConnected = this.#hasConnected;
    this.#session.handleSession(data);
    this.#id = this.#greetedAs;
    this.#isAdmitted = true;
    this.#hasConnected = true;
    this.#attempt = 0;
    const queued = this.#queue.take();
    if (wasConnected && data.resumed) {
      // Our peers are still there: what we said while away can go now.
      for (const text of queued) this.#socket!.send(text);
    }
    this.emit('greeting', { id: this.#id });
    this.emit('connection', { state: 'connected', attempt: 0 });
    if (!wasConnected) return;
    if (data.resumed) this.emit('resumed', { id: this.#id });
    else this.emit('rejoined', { id: this.#id, previousId });
  }
  /** Round trip to the server, in milliseconds. */
  async ping(): Promise<number> {
    const started = Date.now();
    const reply = await this.#request('ping', started);
    if (reply.type !== 'pong') throw unexpected('pong', reply);
    return Date.now() - started;
  }

  async getRoomInfo(): Promise<RoomInfo> {
    const reply = await this.#request('get-room-info');
    if (reply.type !== 'room-info') throw unexpected('room-info', reply);
    return reply.data;
  }

  /** A page of the room's stored chat (docs/protocol-history.md §2); rejects with `history-off` on a server without history. */
  async getHistory(query: GetHistoryData = {}): Promise<HistoryData> {
    if (!this.isOpen) throw new SignalerError(SignalerErrorCode.Closed, 'not connected');
    const reply = await this.#requests.start('get-history', (id) => this.#send({ receiver: GROUND_CONTROL, type: 'get-history', id, data: query }));
    if (reply.type !== 'history') throw unexpected('history', reply);
    return reply.data;
  }

  async getIceServers(): Promise<IceServer[]> {
    const reply = await this.#request('get-ice-servers');
    if (reply.type !== 'ice-servers') throw unexpected('ice-servers', reply);
    return reply.data;
  }

  /**
   * Servers and transport policy (`get-ice-config`, or `get-ice-servers` on a
   * server that predates it; docs/protocol-ice.md). An `error` reply is
   * handed to requestIceConfig as a frame, since `unknown-type` there means
   * "ask the older way".
   */
  getIceConfig(): Promise<IceConfig> {
    return requestIceConfig(({ type }) => this.#request(type, undefined, { isErrorAReply: true }));
  }

  /**
   * Locks the room with `password`, or unlocks it (undefined); resolves with
   * the room's new state once the server applied it (the room hears it as
   * `room-lock`), rejects with the server's error code.
   */
  async setLock(password: string | undefined): Promise<RoomLockData> {
    const data = password === undefined ? { locked: false as const } : { locked: true as const, password };
    if (!this.isOpen) throw new SignalerError(SignalerErrorCode.Closed, 'not connected');
    const reply = await this.#requests.start('set-lock', (id) => this.#send({ receiver: GROUND_CONTROL, type: 'set-lock', id, data }));
    if (reply.type !== 'room-lock') throw unexpected('room-lock', reply);
    return reply.data;
  }

  /**
   * The password a fresh join (after the grace period, or a server restart)
   * gives from now on: the room's new one after we locked it, none after it
   * was unlocked. A resumption needs none.
   */
  setRejoinPassword(password: string | undefined): void {
    this.#session.password = password ?? '';
  }

  /** Sets our username; the room learns it through room-info. */
  sendProfile(username: string): void {
    this.#send({ receiver: GROUND_CONTROL, type: 'profile', data: { username } });
  }

  sendDescription(receiver: string, description: SessionDescription): void {
    this.#send({ receiver, type: description.type, data: { type: description.type, sdp: description.sdp } });
  }

  sendCandidate(receiver: string, candidate: IceCandidate): void {
    this.#send({ receiver, type: 'icecandidate', data: candidate });
  }

  /** Tells one peer we are leaving (the server relays it; nothing comes back). */
  sendBye(receiver: string): void {
    this.#send({ receiver, type: 'bye', data: undefined });
  }

  /**
   * Sends chat text to the room (or one client); the server's echo confirms
   * it. With a `mid` the server acks it once stored (the `ack` event) and a
   * resend is never stored twice; the mid is the frame's id too, so an error
   * about it says which message failed. Dropped while the link is down: the
   * chat's Outbox holds unacked texts and resends them.
   */
  sendText(text: string, from: string, receiver: string = ROOM, mid?: string): void {
    if (mid === undefined) return this.#send({ receiver, type: 'text', data: { from, text } });
    this.#send({ receiver, type: 'text', data: { from, text, mid }, id: mid });
  }

  /** Leaves the room and closes the socket; no reconnection follows. Safe to call more than once. */
  close(): void {
    if (this.#isClosed) return;
    if (this.isOpen) this.#send({ receiver: GROUND_CONTROL, type: 'bye', data: undefined });
    // 1000 ends the session at once: the server holds no slot for us.
    this.#socket?.close(CloseCode.Normal, 'bye');
    this.#end(CloseCode.Normal, 'bye');
  }

  /** Sends a request to ground control; resolves with the reply that echoes its id. */
  #request(type: 'ping' | 'get-room-info' | 'get-ice-servers' | 'get-ice-config', data?: unknown, { isErrorAReply = false } = {}): Promise<ServerFrame> {
    if (!this.isOpen) return Promise.reject(new SignalerError(SignalerErrorCode.Closed, 'not connected'));
    // An absent `data` stays undefined, which JSON.stringify leaves out.
    return this.#requests.start(type, (id) => this.#send({ receiver: GROUND_CONTROL, type, id, data }), {
      isErrorAReply,
    });
  }

  /**
   * Sends now if admitted. While reconnecting, peer-signaling frames wait
   * (bounded) for a resumption, where the peers they are for are still
   * there; a fresh rejoin discards them, since the peers are rebuilt. Other
   * frames are dropped: requests have already failed, and the chat is
   * disabled while reconnecting.
   */
  #send(frame: ClientFrame): void {
    const text = JSON.stringify(frame);
    if (this.isOpen) return this.#socket!.send(text);
    if (this.#isClosed || !this.#hasConnected || !QUEUEABLE.has(frame.type)) return;
    this.#queue.hold(text);
  }

  #onSocketClose(code: number, reason: string): void {
    clearTimeout(this.#openTimer);
    if (this.#isClosed) return;
    const refusal = refusalOfCloseCode(code);
    if (refusal) {
      this.emit('refused', { code: refusal, description: this.#refusal?.description ?? REFUSALS[refusal].short });
      return this.#end(code, reason);
    }
    // Another tab or device took our session over with our token: do not fight it.
    if (code === AppCloseCode.SessionReplaced) return this.#end(code, reason);
    // Nothing was ever admitted: the first connection is the user's to retry.
    if (!this.#hasConnected) return this.#end(code, reason);
    this.#onDrop();
  }

  /** The socket dropped: fail what waits on it, and try again after a backoff. */
  #onDrop(): void {
    const now = Date.now();
    this.#isAdmitted = false;
    this.#session.handleDrop(now);
    this.#requests.rejectAll('the connection to the server dropped');
    const retryInMs = backoffDelay(this.#attempt, this.#backoff);
    this.#attempt++;
    // Past the grace period the server has let our slot go: it has been gone a while.
    const isGone = this.#session.hasToken && !this.#session.canResume(now + retryInMs);
    this.emit('connection', { state: isGone ? 'offline' : 'reconnecting', attempt: this.#attempt, retryInMs });
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = undefined;
      if (!this.#isClosed) this.#open();
    }, retryInMs);
  }

  /** The link is over: no more sockets, no more retries. */
  #end(code: number, reason: string): void {
    if (this.#isClosed) return;
    this.#isClosed = true;
    this.#isAdmitted = false;
    clearTimeout(this.#retryTimer);
    clearTimeout(this.#openTimer);
    this.#queue.clear();
    this.#requests.rejectAll('the connection to the server closed');
    this.emit('close', { code, reason });
  }
}

function unexpected(expected: string, frame: ServerFrame): SignalerError {
  return new SignalerError(SignalerErrorCode.BadReply, `expected ${expected}, got ${frame.type}`);
}

function assertNever(value: never): never {
  throw new Error(`unhandled frame ${JSON.stringify(value)}`);
}
