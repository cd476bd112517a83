// What a VideoPeer knows of the other side of its current connection, for
// telling the signals that belong to it from stale ones: whether its
// description has come and ours has gone out (candidates before both are
// held), whether we await an answer, its SDP session id (the same one in a
// new offer means an ICE restart, not a new connection) and its ICE ufrags
// (candidates of a replaced ICE session are dropped: simple-peer destroys
// itself on a candidate it cannot add). One per connection; a rebuild
// starts a new one.
import { HeldMessages } from '../../shared/held-messages.js';
import type { IceCandidate } from '../../shared/protocol.js';
import { candidateUfrag, sessionIdOf, ufragsOf } from './sdp-facts.js';

/** Candidates held for one connection before both descriptions are there; later ones are dropped. */
export const MAX_HELD_CANDIDATES = 100;

export class RemoteEnd {
  /** We sent an offer (first, or an ICE restart) and wait for its answer. */
  isAwaitingAnswer = false;
  #hasDescription = false;
  #sessionId: string | undefined;
  #ufrags = new Set<string>();
  /** Our first description (offer or answer) of this connection has been sent. */
  #hasSentOwn = false;
  /** Bounded, newest dropped: see hold(). */
  readonly #held = new HeldMessages<IceCandidate>(MAX_HELD_CANDIDATES, 'drop-newest');

  get hasDescription(): boolean {
    return this.#hasDescription;
  }

  /** Whether `sdp` comes from the connection whose description we have: an ICE restart. */
  isSameSession(sdp: string): boolean {
    const id = sessionIdOf(sdp);
    return this.#hasDescription && id !== undefined && id === this.#sessionId;
  }

  /**
   * Records the remote description; returns the candidates held until it
   * came that still belong to it, once our own description has gone out too.
   */
  take(sdp: string): IceCandidate[] {
    this.#hasDescription = true;
    this.#sessionId = sessionIdOf(sdp);
    this.#ufrags = ufragsOf(sdp);
    return this.#release();
  }

  /**
   * Our offer or answer has been sent; returns the candidates held for it.
   * Until then the answering side holds the offerer's candidates: in
   * Chromium each addIceCandidate queues ahead of the createAnswer and
   * setLocalDescription that follow it and blocks the page's main thread
   * while the signaling thread is busy, so adding them earlier delays the
   * answer, and ICE cannot use them before our description exists anyway.
   */
  sentOwn(): IceCandidate[] {
    this.#hasSentOwn = true;
    return this.#release();
  }

  /**
   * Keeps a candidate that came before both descriptions; false when they
   * are there and it can be added. At most MAX_HELD_CANDIDATES are kept: a
   * real connection gathers a few dozen, and a peer that floods us with
   * candidates while never sending its description must not grow the page.
   */
  hold(candidate: IceCandidate): boolean {
    if (this.#hasDescription && this.#hasSentOwn) return false;
    this.#held.hold(candidate);
    return true;
  }

  #release(): IceCandidate[] {
    if (!this.#hasDescription || !this.#hasSentOwn) return [];
    return this.#held.take().filter((c) => this.belongs(c));
  }

  /** Whether a candidate belongs to the remote ICE session we know (or names none). */
  belongs(candidate: IceCandidate): boolean {
    const ufrag = candidate.usernameFragment ?? candidateUfrag(candidate.candidate ?? '');
    return !ufrag || this.#ufrags.size === 0 || this.#ufrags.has(ufrag);
  }
}
