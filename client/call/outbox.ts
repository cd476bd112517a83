// Our chat messages until the server has them: each gets a random `mid`,
// shows as sending, and goes out as soon as the link is up. It is sent when
// an `ack` (or, on a server without history, our own echo) names its mid;
// it fails when the server refuses it, when no ack comes in time, or when
// the link ends for good, and Retry sends it again with the same mid. After
// a reconnect every unacked message is sent again with its mid, which the
// server never stores twice (docs/protocol-history.md §1). The one place a
// message waits for the link: the Signaler drops texts while it is down.
import { TypedEmitter } from '../../shared/typed-emitter.js';
import type { DeliveryState } from './chat-message.js';

/** Whom a direct message is for: their id when it was chosen, and their name to find them again after they rejoined. */
export interface PrivateTarget {
  id: string;
  name: string;
}

export interface Outgoing {
  mid: string;
  text: string;
  to?: PrivateTarget;
  state: Exclude<DeliveryState, 'sent'>;
  failure?: string;
  /** Our clock when it was written: shown until the server's time replaces it. */
  time: number;
  /** It went out on a socket at least once (the server may have it). */
  wasSent: boolean;
}

/** What the Outbox needs of the link; ChatLog gives the Signaler's. */
export interface OutboxLink {
  readonly isOpen: boolean;
  /** The receiver to address now: `room`, the target's current id, or undefined when they are gone. */
  receiverFor(to: PrivateTarget | undefined): string | undefined;
  send(text: string, receiver: string, mid: string): void;
}

export interface OutboxOptions {
  /** How long a sent message waits for its ack while the link is up. */
  ackTimeoutMs?: number;
  newMid?: () => string;
  now?: () => number;
}

export interface OutboxEvents extends Record<string, unknown> {
  /** A message was added, changed state, or left (acked). */
  change: undefined;
}

/** 16 random base64url characters (96 bits): unique in a room for every practical purpose. */
export function newMid(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_');
}

export class Outbox extends TypedEmitter<OutboxEvents> {
  readonly #link: OutboxLink;
  readonly #ackTimeoutMs: number;
  readonly #newMid: () => string;
  readonly #now: () => number;
  readonly #messages = new Map<string, Outgoing>();
  readonly #timers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(link: OutboxLink, options: OutboxOptions = {}) {
    super();
    this.#link = link;
    this.#ackTimeoutMs = options.ackTimeoutMs ?? 15_000;
    this.#newMid = options.newMid ?? newMid;
    this.#now = options.now ?? Date.now;
  }

  /** Unacked messages, in the order they were written. */
  get messages(): Outgoing[] {
    return [...this.#messages.values()];
  }

  /** Writes a message: sent now if the link is up, else when it is back. */
  send(text: string, to?: PrivateTarget): Outgoing {
    const message: Outgoing = { mid: this.#newMid(), text, state: 'sending', time: this.#now(), wasSent: false };
    if (to) message.to = to;
    this.#messages.set(message.mid, message);
    this.#transmit(message);
    this.emit('change', undefined);
    return message;
  }

  /** The server has it (an ack, or our echo): it leaves the outbox. False for a mid we are not waiting for. */
  handleSent(mid: string): boolean {
    if (!this.#messages.delete(mid)) return false;
    this.#clearTimer(mid);
    this.emit('change', undefined);
    return true;
  }

  /** The server refused the message with this mid (an `error` echoing it). */
  handleError(mid: string, description: string): boolean {
    const message = this.#messages.get(mid);
    if (!message) return false;
    this.#fail(message, `Not sent: ${description}`);
    return true;
  }

  /** Sends a failed message again, with the same mid. */
  retry(mid: string): void {
    const message = this.#messages.get(mid);
    if (message?.state !== 'failed') return;
    message.state = 'sending';
    delete message.failure;
    this.#transmit(message);
    this.emit('change', undefined);
  }

  /**
   * The link is back. Every message still sending goes again with its mid;
   * with `isResendSafe` false (a server without history, which does not
   * recognise a mid) one that went out already may have arrived, so it
   * fails instead and the user decides.
   */
  handleReconnect({ isResendSafe }: { isResendSafe: boolean }): void {
    for (const message of this.#messages.values()) {
      if (message.state !== 'sending') continue;
      if (message.wasSent && !isResendSafe) this.#fail(message, 'The connection dropped; it may not have been sent', false);
      else this.#transmit(message);
    }
    this.emit('change', undefined);
  }

  /** The link dropped: no ack can come on it, so nothing times out until it is back. */
  handleDrop(): void {
    for (const mid of [...this.#timers.keys()]) this.#clearTimer(mid);
  }

  /** The link ended for good: nothing still sending will be. */
  handleClose(): void {
    for (const message of this.#messages.values()) {
      if (message.state === 'sending') this.#fail(message, 'Not sent: the connection to the server ended', false);
    }
    this.emit('change', undefined);
  }

  #transmit(message: Outgoing): void {
    if (!this.#link.isOpen) return; // waits for handleReconnect
    const receiver = this.#link.receiverFor(message.to);
    if (receiver === undefined) return this.#fail(message, `Not sent: ${message.to?.name || 'they'} left the call`, false);
    this.#link.send(message.text, receiver, message.mid);
    message.wasSent = true;
    this.#clearTimer(message.mid);
    this.#timers.set(
      message.mid,
      setTimeout(() => {
        this.#timers.delete(message.mid);
        this.#fail(message, 'Not sent: the server did not confirm it');
      }, this.#ackTimeoutMs),
    );
  }

  #fail(message: Outgoing, failure: string, shouldEmit = true): void {
    this.#clearTimer(message.mid);
    message.state = 'failed';
    message.failure = failure;
    if (shouldEmit) this.emit('change', undefined);
  }

  #clearTimer(mid: string): void {
    clearTimeout(this.#timers.get(mid));
    this.#timers.delete(mid);
  }
}
