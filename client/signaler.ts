// The browser's WebSocket to /r/<room>/ws. Every inbound frame is parsed at
// this boundary with the shared protocol schemas, then dispatched as a typed
// event; replies to requests are matched by their `id` echo. See
// docs/protocol.md for the exchanges.
import { ServerFrameParser } from '../shared/frame-parser.js';
import { interpretedChecker } from '../shared/interpreted-checker.js';
import {
  GROUND_CONTROL,
  ROOM,
  type ErrorData,
  type FrameId,
  type IceCandidate,
  type IceConfig,
  type IceServer,
  type RoomInfo,
  type ServerFrame,
  type SessionDescription,
} from '../shared/protocol.js';
import { TypedEmitter } from '../shared/typed-emitter.js';
import { requestIceConfig } from './ice-config-request.js';

/** The part of the DOM WebSocket the Signaler uses, so unit tests can fake it. */
export interface WebSocketLike {
  readonly readyState: number;
  send(text: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open' | 'error', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  addEventListener(type: 'close', listener: (event: { code: number; reason: string }) => void): void;
}

export interface TextMessageData {
  from: string;
  time: number;
  text: string;
}

export interface SignalerEvents extends Record<string, unknown> {
  /** The server greeted us; `id` is the id it assigned to this connection. */
  greeting: { id: string };
  'room-info': RoomInfo;
  offer: { sender: string; data: SessionDescription };
  answer: { sender: string; data: SessionDescription };
  icecandidate: { sender: string; data: IceCandidate };
  text: { sender: string; receiver: string; id?: FrameId; data: TextMessageData };
  /** A peer said goodbye (relayed `bye`). */
  bye: { sender: string };
  /** An `error` from the server that answers no pending request. */
  'server-error': ErrorData;
  /** A frame from the server that failed the protocol check; it is dropped. */
  'invalid-frame': { code: string; description: string };
  close: { code: number; reason: string };
}

/** A request the server refused, or one that could not be answered. */
export class SignalerError extends Error {
  constructor(
    readonly code: string,
    description: string,
  ) {
    super(description);
    this.name = 'SignalerError';
  }
}

export const SignalerErrorCode = {
  /** The socket closed before the reply came. */
  Closed: 'closed',
  /** No reply within the request timeout. */
  Timeout: 'timeout',
  /** The socket could not be opened. */
  ConnectFailed: 'connect-failed',
} as const;

export interface SignalerOptions {
  /** Makes the socket; defaults to the browser's WebSocket. */
  createSocket?: (url: string) => WebSocketLike;
  /** How long a request waits for its reply. */
  requestTimeoutMs?: number;
}

interface Pending {
  resolve: (frame: ServerFrame) => void;
  reject: (error: Error) => void;
  timer: ReturnType<typeof setTimeout>;
  /** Resolve with an `error` reply instead of rejecting. */
  isErrorAReply: boolean;
}

const OPEN = 1;

/** The WebSocket URL of `room` on the server that served `location`. */
export function roomSocketUrl(location: { protocol: string; host: string }, room: string): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/r/${encodeURIComponent(room)}/ws`;
}

export class Signaler extends TypedEmitter<SignalerEvents> {
  readonly #parser = new ServerFrameParser(interpretedChecker);
  readonly #pending = new Map<string, Pending>();
  readonly #requestTimeoutMs: number;
  readonly #createSocket: (url: string) => WebSocketLike;
  #socket: WebSocketLike | undefined;
  #nextId = 1;
  #id = '';
  #isClosed = false;

  constructor(
    readonly url: string,
    options: SignalerOptions = {},
  ) {
    super();
    this.#requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
    this.#createSocket = options.createSocket ?? ((u) => new WebSocket(u));
  }

  /** Our id, as the server assigned it; empty until the greeting. */
  get id(): string {
    return this.#id;
  }

  get isOpen(): boolean {
    return !this.#isClosed && this.#socket?.readyState === OPEN;
  }

  /** Opens the socket and resolves with our id once the server greets us. */
  connect(): Promise<string> {
    if (this.#socket) throw new TypeError('Signaler.connect() may be called once');
    const socket = (this.#socket = this.#createSocket(this.url));
    return new Promise((resolve, reject) => {
      const offGreeting = this.once('greeting', ({ id }) => {
        offClose();
        resolve(id);
      });
      const offClose = this.once('close', ({ code, reason }) => {
        offGreeting();
        reject(new SignalerError(SignalerErrorCode.ConnectFailed, `could not join the room (${code}${reason ? `: ${reason}` : ''})`));
      });
      socket.addEventListener('message', (event) => this.handleRaw(event.data));
      socket.addEventListener('close', (event) => this.#onClose(event.code, event.reason));
      // An 'error' is always followed by 'close', which does the cleanup.
      socket.addEventListener('error', () => undefined);
    });
  }

  /** Parses one inbound frame and dispatches it. Public for tests; the socket calls it. */
  handleRaw(raw: unknown): void {
    if (typeof raw !== 'string') {
      this.emit('invalid-frame', { code: 'bad-frame', description: 'binary frame from server' });
      return;
    }
    const result = this.#parser.parse(raw);
    if (!result.ok) {
      this.emit('invalid-frame', { code: result.code, description: result.description });
      return;
    }
    this.#dispatch(result.frame);
  }

  #dispatch(frame: ServerFrame): void {
    if (frame.id !== undefined && frame.sender === GROUND_CONTROL && this.#settle(frame)) {
      // A reply to one of our requests; room-info is still news for everyone.
      if (frame.type === 'room-info') this.emit('room-info', frame.data);
      return;
    }
    switch (frame.type) {
      case 'greeting':
        if (frame.sender === GROUND_CONTROL) {
          this.#id = frame.receiver;
          this.emit('greeting', { id: frame.receiver });
        }
        return;
      case 'ping':
        // Answer pings, from the server or a peer, with the same data.
        return this.#send({ receiver: frame.sender, type: 'pong', data: frame.data });
      case 'pong':
        return; // pongs we did not ask for
      case 'bye':
        return this.emit('bye', { sender: frame.sender });
      case 'room-info':
        return this.emit('room-info', frame.data);
      case 'ice-servers':
      case 'ice-config':
        return; // only ever a reply
      case 'error':
        return this.emit('server-error', frame.data);
      case 'offer':
        return this.emit('offer', { sender: frame.sender, data: frame.data });
      case 'answer':
        return this.emit('answer', { sender: frame.sender, data: frame.data });
      case 'icecandidate':
        return this.emit('icecandidate', { sender: frame.sender, data: frame.data });
      case 'text':
        return this.emit('text', { sender: frame.sender, receiver: frame.receiver, id: frame.id, data: frame.data });
      case 'session':
        return; // only sent to clients that ask (?session=1); this one does not yet (docs/protocol-reliability.md)
      default:
        return assertNever(frame);
    }
  }

  /** Resolves the request this frame answers; false when it answers none. */
  #settle(frame: ServerFrame): boolean {
    const key = String(frame.id);
    const pending = this.#pending.get(key);
    if (!pending) return false;
    this.#pending.delete(key);
    clearTimeout(pending.timer);
    if (frame.type === 'error' && !pending.isErrorAReply) pending.reject(new SignalerError(frame.data.code, frame.data.description));
    else pending.resolve(frame);
    return true;
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

  /** Sends chat text to the room (or one client); the server's echo confirms it. */
  sendText(text: string, from: string, receiver: string = ROOM): void {
    this.#send({ receiver, type: 'text', data: { from, text } });
  }

  /** Leaves the room and closes the socket. Safe to call more than once. */
  close(): void {
    if (this.#isClosed) return;
    if (this.isOpen) this.#send({ receiver: GROUND_CONTROL, type: 'bye' });
    this.#socket?.close(1000, 'bye');
    this.#onClose(1000, 'bye');
  }

  /** Sends a request to ground control; resolves with the reply that echoes its id. */
  #request(
    type: 'ping' | 'get-room-info' | 'get-ice-servers' | 'get-ice-config',
    data?: unknown,
    { isErrorAReply = false } = {},
  ): Promise<ServerFrame> {
    if (!this.isOpen) return Promise.reject(new SignalerError(SignalerErrorCode.Closed, 'not connected'));
    const id = `c${this.#nextId++}`;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new SignalerError(SignalerErrorCode.Timeout, `no reply to ${type} within ${this.#requestTimeoutMs} ms`));
      }, this.#requestTimeoutMs);
      this.#pending.set(id, { resolve, reject, timer, isErrorAReply });
      this.#send({ receiver: GROUND_CONTROL, type, id, ...(data === undefined ? {} : { data }) });
    });
  }

  #send(frame: Record<string, unknown>): void {
    if (this.isOpen) this.#socket!.send(JSON.stringify(frame));
  }

  #onClose(code: number, reason: string): void {
    if (this.#isClosed) return;
    this.#isClosed = true;
    for (const pending of this.#pending.values()) {
      clearTimeout(pending.timer);
      pending.reject(new SignalerError(SignalerErrorCode.Closed, 'the connection to the server closed'));
    }
    this.#pending.clear();
    this.emit('close', { code, reason });
  }
}

function unexpected(expected: string, frame: ServerFrame): SignalerError {
  return new SignalerError('bad-reply', `expected ${expected}, got ${frame.type}`);
}

function assertNever(value: never): never {
  throw new Error(`unhandled frame ${JSON.stringify(value)}`);
}
