// The signaling of one VideoPeer connection, both ways: what simple-peer says
// (our offer or answer, our candidates) goes out to the other side's current
// id, and what the other side says goes into simple-peer once it can be used
// there (RemoteEnd holds early candidates and drops stale ones). One per
// connection: a rebuild starts a new one. Which offer starts a new connection
// is the VideoPeer's to decide; this only carries them.
import type { SignalData } from 'simple-peer';
import type { IceCandidate, SessionDescription } from '../../shared/protocol.js';
import { RemoteEnd } from './remote-end.js';

/** The Signaler's sending half, as far as a peer needs it (the PeerMesh hands one over). */
export interface PeerSignaling {
  sendDescription(receiver: string, description: SessionDescription): void;
  sendCandidate(receiver: string, candidate: IceCandidate): void;
}

/** A signal handed to simple-peer. */
export type PeerSignal = SignalData | { type: 'candidate'; candidate: RTCIceCandidateInit };

export interface PeerNegotiationOptions {
  signaling: PeerSignaling;
  /** The other side's id now (a rekey after a rejoin changes it). */
  remoteId: () => string;
  /** Hands one signal to this connection's simple-peer; a no-op once it is gone. */
  signal: (data: PeerSignal) => void;
}

export class PeerNegotiation {
  /** What we know of the other side of this connection. */
  readonly remote = new RemoteEnd();
  readonly #options: PeerNegotiationOptions;

  constructor(options: PeerNegotiationOptions) {
    this.#options = options;
  }

  /** What simple-peer wants sent: our offer or answer (releasing the candidates held for it), or one of our candidates. */
  handleLocalSignal(data: SignalData): void {
    const { signaling } = this.#options;
    const remoteId = this.#options.remoteId();
    switch (data.type) {
      case 'offer':
        this.remote.isAwaitingAnswer = true;
        signaling.sendDescription(remoteId, { type: data.type, sdp: data.sdp });
        return this.#addCandidates(this.remote.sentOwn());
      case 'answer':
        signaling.sendDescription(remoteId, { type: data.type, sdp: data.sdp });
        return this.#addCandidates(this.remote.sentOwn());
      case 'candidate':
        return signaling.sendCandidate(remoteId, data.candidate);
      case 'renegotiate':
      case 'transceiverRequest':
        return; // we never renegotiate (see the top of video-peer.ts)
    }
  }

  /** The other side's offer or answer for this connection, then the candidates held until it came. */
  applyDescription(description: SessionDescription): void {
    const held = this.remote.take(description.sdp);
    this.#options.signal({ type: description.type, sdp: description.sdp });
    this.#addCandidates(held);
  }

  /** One of the other side's candidates: held until both descriptions are there, dropped if stale. */
  handleCandidate(candidate: IceCandidate): void {
    if (this.remote.hold(candidate)) return;
    // One of a connection or ICE session that has been replaced would fail
    // to add, and simple-peer destroys itself on that: drop it.
    if (this.remote.belongs(candidate)) this.#options.signal({ type: 'candidate', candidate });
  }

  /** Candidates that were held, already checked against the remote ICE session. */
  #addCandidates(candidates: IceCandidate[]): void {
    for (const candidate of candidates) this.#options.signal({ type: 'candidate', candidate });
  }
}
