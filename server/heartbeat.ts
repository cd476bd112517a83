// Finds dead connections: every period each socket is pinged, and one that
// has not answered the previous ping by the next tick is cut off. A socket
// whose network vanished (no FIN, no RST) would otherwise hold its room slot
// for as long as TCP keeps trying, which can be many minutes. One timer serves
// every socket, so the cost is one sweep per period, nothing per frame.
//
// A dead socket is found between one and two periods after its last pong,
// so a 10 s period finds it within 20 s. A tick that comes late, because this
// process itself was stalled (a long GC pause, a suspended VM), judges no one:
// the pongs that did arrive may still be waiting to be read, and cutting off
// every client after a hiccup of our own would be worse than waiting a period.

/** What the heartbeat needs of a socket; a ws WebSocket is one. */
export interface Pingable {
  ping(): void;
  /** Destroys the connection at once, without a closing handshake. */
  terminate(): void;
}

export interface HeartbeatOptions<P> {
  /** Called just before a silent peer is terminated, with how long it had been silent. */
  onDead?: (peer: P, silentForMs: number) => void;
  /** Called as each ping goes out: its pong will prove everything sent before it arrived. */
  onPing?: (peer: P) => void;
  /**
   * A socket's turn in the sweep threw (in onDead, onPing or terminate): the
   * sweep goes on with the next socket. Without onFault the error escapes
   * the timer, which stops the process.
   */
  onFault?: (peer: P, error: unknown) => void;
  now?: () => number;
}

interface PeerState {
  isAlive: boolean;
  lastHeardAt: number;
}

export class Heartbeat<P extends Pingable> {
  readonly #peers = new Map<P, PeerState>();
  readonly #timer: ReturnType<typeof setInterval>;
  readonly #now: () => number;
  #lastTickAt: number;

  constructor(
    readonly intervalMs: number,
    private readonly options: HeartbeatOptions<P> = {},
  ) {
    if (!(intervalMs > 0)) throw new TypeError(`intervalMs must be positive, got ${intervalMs}`);
    this.#now = options.now ?? (() => Date.now());
    this.#lastTickAt = this.#now();
    this.#timer = setInterval(() => this.#tick(), intervalMs);
    this.#timer.unref?.();
  }

  get size(): number {
    return this.#peers.size;
  }

  add(peer: P): void {
    this.#peers.set(peer, { isAlive: true, lastHeardAt: this.#now() });
  }

  /** The peer answered a ping. */
  handlePong(peer: P): void {
    const state = this.#peers.get(peer);
    if (!state) return;
    state.isAlive = true;
    state.lastHeardAt = this.#now();
  }

  delete(peer: P): void {
    this.#peers.delete(peer);
  }

  /** Stops the timer; safe to call more than once. */
  close(): void {
    clearInterval(this.#timer);
    this.#peers.clear();
  }

  #tick(): void {
    const now = this.#now();
    const isLate = now - this.#lastTickAt > this.intervalMs * 1.5;
    this.#lastTickAt = now;
    for (const [peer, state] of this.#peers) {
      try {
        this.#sweep(peer, state, now, isLate);
      } catch (error) {
        if (!this.options.onFault) throw error;
        this.options.onFault(peer, error);
      }
    }
  }

  #sweep(peer: P, state: PeerState, now: number, isLate: boolean): void {
    if (!state.isAlive && !isLate) {
      this.#peers.delete(peer);
      this.options.onDead?.(peer, now - state.lastHeardAt);
      peer.terminate();
      return;
    }
    state.isAlive = false;
    this.options.onPing?.(peer);
    try {
      peer.ping();
    } catch {
      // A socket that is closing cannot be pinged; its close event removes it.
    }
  }
}
