// The socket the core sees for one participant, standing between its
// ChatClient and the WebSocket of the moment. It does two jobs that need the
// same seat on the send path:
//  - bounded sending: a client that stops reading is cut off once its send
//    buffer passes a bound, so one stalled reader cannot grow server memory;
//  - holding the slot: when a resumable client's WebSocket drops, frames for
//    it are kept (bounded) and its ChatClient stays in the room, so its peers'
//    connections carry on; a new WebSocket can take over within the grace
//    period, and the kept frames follow the greeting on it.
// Because the ChatClient never changes, the core does not know a drop
// happened unless the grace period runs out. See docs/protocol-reliability.md.
import { AppCloseCode } from '../shared/protocol.js';
import { TypedEmitter } from '../shared/typed-emitter.js';
import type { TokenBucket } from './rate-limiter.js';
import { CloseCode, type SocketLike } from './socket.js';

/** One WebSocket as the session needs it; a ws WebSocket is one. */
export interface Transport {
  send(data: string): void;
  close(code: number, reason: string): void;
  /** Destroys the connection at once, dropping whatever is still queued. */
  terminate(): void;
  readonly bufferedAmount: number;
}

export interface ClientSessionOptions {
  /** Queued bytes past which the client is cut off (and, while parked, the slot dropped). */
  maxBufferedBytes: number;
  /** How long a dropped slot is held; 0 never holds one. */
  graceMs: number;
  /** Whether the client asked for resumption (it holds a token). */
  isResumable: boolean;
  /** This client's frame budget; kept across resumptions so reconnecting does not refill it. */
  bucket: TokenBucket;
}

export type EndReason =
  /** The client closed its socket with 1000/1001, or the core closed it (bye). */
  | 'left'
  /** Dropped and not resumed within the grace period. */
  | 'expired'
  | 'slow-consumer'
  /** Frames kept for a dropped client passed the buffer bound. */
  | 'overflow'
  | 'rate-limited'
  | 'shutdown';

export interface ClientSessionEvents extends Record<string, unknown> {
  /** The socket dropped; the slot is held for `graceMs`. */
  parked: { graceMs: number };
  resumed: Record<string, never>;
  /** The session is over; the owner removes the client from its room. Emitted once. */
  ended: { reason: EndReason };
}

/** How `end` treats the socket: a close frame, or cut off with nothing more sent. */
export type Ending = { code: number; reason: string } | 'terminate';

export class ClientSession extends TypedEmitter<ClientSessionEvents> implements SocketLike {
  readonly bucket: TokenBucket;
  #transport: Transport | undefined;
  #parked: string[] = [];
  #parkedBytes = 0;
  #graceTimer: ReturnType<typeof setTimeout> | undefined;
  #isEnded = false;
  #isSealed = false;

  constructor(
    transport: Transport,
    private readonly options: ClientSessionOptions,
  ) {
    super();
    this.#transport = transport;
    this.bucket = options.bucket;
  }

  get isEnded(): boolean {
    return this.#isEnded;
  }

  /** True while the socket is gone and the slot is held. */
  get isParked(): boolean {
    return !this.#isEnded && this.#transport === undefined;
  }

  get isResumable(): boolean {
    return this.options.isResumable;
  }

  /** Whether `transport` is the socket this session currently speaks through. */
  holds(transport: Transport): boolean {
    return this.#transport === transport;
  }

  get bufferedAmount(): number {
    return this.#transport ? this.#transport.bufferedAmount : this.#parkedBytes;
  }

  send(data: string): void {
    if (this.#isSealed) return;
    const transport = this.#transport;
    if (transport) {
      // Checked before sending: the frame that would pass the bound is not queued.
      if (transport.bufferedAmount > this.options.maxBufferedBytes) return this.end('slow-consumer', 'terminate');
      transport.send(data);
      return;
    }
    if (this.#isEnded) return;
    this.#parkedBytes += data.length;
    if (this.#parkedBytes > this.options.maxBufferedBytes) return this.end('overflow', 'terminate');
    this.#parked.push(data);
  }

  /** The core closing the client (after a bye): the session ends, nothing is held. */
  close(code: number = CloseCode.Normal, reason = ''): void {
    this.end('left', { code, reason });
  }

  /** Sends nothing more, ahead of an `end` (a shutdown says bye to everyone first). */
  seal(): void {
    this.#isSealed = true;
  }

  /** Ends the session: the socket is closed or cut off, any held frames dropped. Idempotent. */
  end(reason: EndReason, ending: Ending | undefined): void {
    if (this.#isEnded) return;
    this.#isEnded = true;
    clearTimeout(this.#graceTimer);
    this.#parked = [];
    this.#parkedBytes = 0;
    const transport = this.#transport;
    this.#transport = undefined;
    if (transport && ending !== undefined) {
      if (ending === 'terminate') transport.terminate();
      else transport.close(ending.code, ending.reason);
    }
    this.emit('ended', { reason });
  }

  /**
   * `transport` closed with `code`. A resumable client that did not close on
   * purpose (1000, 1001) keeps its slot for the rest of the grace period,
   * counted from when it was last heard from.
   */
  handleTransportClosed(transport: Transport, code: number, silentForMs = 0): void {
    if (transport !== this.#transport) return; // superseded by a resume, or already ended
    this.#transport = undefined;
    const isDeliberate = code === CloseCode.Normal || code === CloseCode.GoingAway;
    if (!this.options.isResumable || isDeliberate || this.options.graceMs === 0) return this.end('left', undefined);
    const remainingMs = this.options.graceMs - silentForMs;
    if (remainingMs <= 0) return this.end('expired', undefined);
    this.#graceTimer = setTimeout(() => this.end('expired', undefined), remainingMs);
    this.emit('parked', { graceMs: remainingMs });
  }

  /**
   * Moves the session onto `transport`: an older socket still attached (its
   * drop not yet noticed) is closed as replaced, `greet` sends what must come
   * first, then the frames held meanwhile follow in order.
   */
  resume(transport: Transport, greet: () => void): void {
    if (this.#isEnded) throw new Error('cannot resume an ended session');
    const previous = this.#transport;
    this.#transport = undefined;
    previous?.close(AppCloseCode.SessionReplaced, 'session-replaced');
    clearTimeout(this.#graceTimer);
    this.#graceTimer = undefined;
    this.#transport = transport;
    greet();
    const held = this.#parked;
    this.#parked = [];
    this.#parkedBytes = 0;
    for (const data of held) this.send(data);
    this.emit('resumed', {});
  }
}
