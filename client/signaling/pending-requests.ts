// The Signaler's requests to ground control that wait for a reply: each has
// an id the reply echoes, a timeout, and fails at once when the socket it
// went out on drops (a reply cannot come on the next one).
import type { ServerFrame } from '../../shared/protocol.js';
import { SignalerError, SignalerErrorCode } from './signaler-events.js';

interface Pending {
  resolve: (frame: ServerFrame) => void;
  reject: (error: Error) => void;
  timer: ReturnType<typeof setTimeout>;
  /** Resolve with an `error` reply instead of rejecting. */
  isErrorAReply: boolean;
}

export class PendingRequests {
  readonly #pending = new Map<string, Pending>();
  #nextId = 1;

  constructor(private readonly timeoutMs: number) {}

  /**
   * Registers a request and hands its id to `send`; resolves with the frame
   * that echoes the id, or rejects on an `error` reply (unless
   * `isErrorAReply`), a timeout, or `rejectAll`.
   */
  start(type: string, send: (id: string) => void, { isErrorAReply = false } = {}): Promise<ServerFrame> {
    const id = `c${this.#nextId++}`;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new SignalerError(SignalerErrorCode.Timeout, `no reply to ${type} within ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      this.#pending.set(id, { resolve, reject, timer, isErrorAReply });
      send(id);
    });
  }

  /** Settles the request this frame answers; false when it answers none. */
  settle(frame: ServerFrame): boolean {
    const key = String(frame.id);
    const pending = this.#pending.get(key);
    if (!pending) return false;
    this.#pending.delete(key);
    clearTimeout(pending.timer);
    if (frame.type === 'error' && !pending.isErrorAReply) pending.reject(SignalerError.fromServer(frame.data));
    else pending.resolve(frame);
    return true;
  }

  /** Fails every waiting request with `closed`. */
  rejectAll(message: string): void {
    for (const pending of this.#pending.values()) {
      clearTimeout(pending.timer);
      pending.reject(new SignalerError(SignalerErrorCode.Closed, message));
    }
    this.#pending.clear();
  }
}
