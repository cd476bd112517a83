// The socket the core sees for one participant, standing between its
// ChatClient and the WebSocket of the moment. It does two jobs that need the
// same seat on the send path:
//  - bounded sending: a client that stops reading is cut off once its send
//    buffer passes a bound, so one stalled reader cannot grow server memory;
//  - holding the slot: when a resumable client's WebSocket drops, its
//    ChatClient stays in the room, so its peers' connections carry on, and
//    frames for it are kept (bounded, in a ReplayLog with those it may have
//    missed before the drop was noticed); a new WebSocket can take over within
//    the grace period, and the frames it has not seen follow the greeting.
// Because the ChatClient never changes, the core does not know a drop
// happened unless the grace period runs out. See docs/protocol-reliability.md.
import { AppCloseCode, CloseCode } from '../../shared/protocol.js';
import type { SessionMirror } from '../admission/slot-ledger.js';
import type { TokenBucket } from '../admission/token-bucket.js';
import { ReplayLog } from './replay-log.js';
import type { Payload } from '../core/outgoing-frame.js';
import type { SocketLike } from '../core/socket.js';

/** One WebSocket as the session needs it; a ws WebSocket is one. */
export interface Transport {
  /** Sends one text frame, given as text or as its UTF-8 bytes. */
  send(data: string | Uint8Array): void;
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
  /**
   * Told when the session is parked and when it ends. One owner serves every
   * session (the Gatekeeper), where listeners per session would cost each
   * idle connection a few hundred bytes of closures and arrays.
   */
  owner: SessionOwner;
  /**
   * A session taken over from another node (server/admission/slot-ledger.ts):
   * its log starts at `firstSeq` with the frames the client has not seen,
   * which sendHeld() writes once the greeting is out.
   */
  held?: { firstSeq: number; frames: readonly string[] };
}

export interface SessionOwner {
  /** The socket dropped; the slot is held for `graceMs`. */
  handleParked(session: ClientSession, graceMs: number): void;
  /** The session is over; the owner removes the client from its room. Called once. */
  handleEnded(session: ClientSession, reason: EndReason): void;
  /**
   * The grace timer's work threw. Reported, not rethrown: a throw from a
   * timer would reach uncaughtException and stop every call on the server.
   */
  handleExpiryFault(session: ClientSession, error: unknown): void;
}

export type EndReason =
  /** The client closed its socket with 1000/1001, or the core closed it (bye). */
  | 'left'
  /** Dropped and not resumed within the grace period. */
  | 'expired'
  | 'slow-consumer'
  /** Frames kept for a dropped client passed the buffer bound. */
  | 'overflow'
  /** A resumption asked for frames no longer held: the client joins afresh. */
  | 'replay-gap'
  | 'rate-limited'
  /** The server failed while handling one of its frames (closed with 1011). */
  | 'fault'
  | 'shutdown'
  /** Another node of the cluster took the slot over: the client resumed there. */
  | 'moved';

/** How `end` treats the socket: a close frame, or cut off with nothing more sent. */
export type Ending = { code: number; reason: string } | 'terminate';

export class ClientSession implements SocketLike {
  readonly bucket: TokenBucket;
  #transport: Transport | undefined;
  /** Resumable sessions only: numbered frames the client may not have yet. */
  readonly #log: ReplayLog | undefined;
  /** Off for the greeting and session frames, which are not numbered. */
  #isNumbering = false;
  /** Frames numbered up to this had been written when the last ping went out. */
  #pingedUpTo = 0;
  #graceTimer: ReturnType<typeof setTimeout> | undefined;
  #isEnded = false;
  #isSealed = false;
  /** In a cluster: the copy of the slot and its log that another node can take over. */
  #mirror: SessionMirror | undefined;

  constructor(
    transport: Transport,
    private readonly options: ClientSessionOptions,
  ) {
    this.#transport = transport;
    this.bucket = options.bucket;
    this.#log = options.isResumable ? new ReplayLog(options.held?.firstSeq) : undefined;
    for (const frame of options.held?.frames ?? []) this.#log?.append(frame);
  }

  /** The number the log gives the next frame: where a mirror starts. */
  get nextSeq(): number {
    return this.#log?.nextSeq ?? 1;
  }

  /** Keeps `mirror` in step with the log, the parking and the end (a resumable session, before numbering starts). */
  mirrorTo(mirror: SessionMirror): void {
    if (this.#log) this.#mirror = mirror;
  }

  /** Told a new resume token, so the mirror can honour it and no older one. */
  handleTokenIssued(token: string): void {
    this.#mirror?.token(token);
  }

  /** Writes the frames a taken-over session started with (after the greeting and session frames). */
  sendHeld(): void {
    const transport = this.#transport;
    if (!transport || !this.#log) return;
    for (const frame of this.#log.after(this.#log.firstSeq - 1)) {
      if (this.#transport !== transport) return;
      if (transport.bufferedAmount > this.options.maxBufferedBytes) return this.end('slow-consumer', 'terminate');
      transport.send(frame);
    }
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
    return this.#transport ? this.#transport.bufferedAmount : (this.#log?.bytes ?? 0);
  }

  /** Numbers every frame from now on (called once the `session` frame is out). */
  startNumbering(): void {
    this.#isNumbering = this.#log !== undefined;
  }

  send(data: Payload): void {
    if (this.#isSealed || this.#isEnded) return;
    const log = this.#isNumbering ? this.#log : undefined;
    if (log) {
      // Kept as text: an exact-size string, where bytes could be a view
      // holding on to a whole read buffer.
      const text = typeof data === 'string' ? data : data.text;
      log.append(text);
      this.#mirror?.append(text);
      if (log.bytes > this.options.maxBufferedBytes) {
        // Held for a dropped client: nowhere to put more. Attached: the
        // oldest go, and only a resumption that needed them will fail.
        if (!this.#transport) return this.end('overflow', undefined);
        log.trimTo(this.options.maxBufferedBytes);
        this.#mirror?.trim(log.firstSeq);
      }
    }
    const transport = this.#transport;
    if (!transport) return;
    // Checked before sending: the frame that would pass the bound is not queued.
    if (transport.bufferedAmount > this.options.maxBufferedBytes) return this.end('slow-consumer', 'terminate');
    transport.send(typeof data === 'string' ? data : data.bytes);
  }

  /** The heartbeat pinged the current socket: a pong will prove what was sent so far arrived. */
  handlePing(): void {
    if (this.#log) this.#pingedUpTo = this.#log.nextSeq - 1;
  }

  /** The current socket answered the last ping. */
  handlePong(): void {
    const log = this.#log;
    if (!log) return;
    const before = log.firstSeq;
    log.confirm(this.#pingedUpTo);
    if (log.firstSeq !== before) this.#mirror?.trim(log.firstSeq);
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
    this.#log?.trimTo(0);
    this.#mirror?.end(reason === 'moved');
    const transport = this.#transport;
    this.#transport = undefined;
    if (transport && ending !== undefined) {
      if (ending === 'terminate') transport.terminate();
      else transport.close(ending.code, ending.reason);
    }
    this.options.owner.handleEnded(this, reason);
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
    this.#graceTimer = setTimeout(() => this.#expire(), remainingMs);
    this.#mirror?.park(remainingMs);
    this.options.owner.handleParked(this, remainingMs);
  }

  #expire(): void {
    try {
      this.end('expired', undefined);
    } catch (error) {
      this.options.owner.handleExpiryFault(this, error);
    }
  }

  /** Whether a client that has seen `seen` numbered frames can resume without a gap. */
  canResume(seen: number): boolean {
    return !this.#isEnded && this.#log !== undefined && this.#log.canReplayAfter(seen);
  }

  /**
   * Moves the session onto `transport`: an older socket still attached (its
   * drop not yet noticed) is closed as replaced, `greet` sends what must come
   * first (not numbered), then every frame after the client's `seen` follows
   * in order. Check canResume(seen) first.
   */
  resume(transport: Transport, seen: number, greet: () => void): void {
    if (!this.canResume(seen)) throw new Error(`cannot resume after frame ${seen}`);
    const previous = this.#transport;
    this.#transport = undefined;
    previous?.close(AppCloseCode.SessionReplaced, 'session-replaced');
    clearTimeout(this.#graceTimer);
    this.#graceTimer = undefined;
    this.#transport = transport;
    this.#isNumbering = false;
    greet();
    this.#isNumbering = true;
    for (const frame of this.#log!.after(seen)) {
      if (this.#transport !== transport) return; // cut off as a slow consumer meanwhile
      if (transport.bufferedAmount > this.options.maxBufferedBytes) return this.end('slow-consumer', 'terminate');
      transport.send(frame);
    }
  }
}
