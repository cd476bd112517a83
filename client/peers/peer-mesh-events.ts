// The PeerMesh's vocabulary: what it hears from the Signaler, what it emits,
// and the peer frames it carries. Kept apart so peer-mesh.ts holds only the
// mesh's behaviour (as signaler-events.ts does for the Signaler).
import type { IceCandidate, SessionDescription } from '../../shared/protocol.js';
import type { MediaStatus } from '../media/media-status.js';
import type { Reaction } from './peer-gesture.js';
import type { PeerSignaling, PeerState } from './video-peer.js';

/** What the Signaler tells the mesh: the peer-signaling frames, and a peer's bye. */
export interface MeshSignalingEvents {
  offer: { sender: string; data: SessionDescription };
  answer: { sender: string; data: SessionDescription };
  icecandidate: { sender: string; data: IceCandidate };
  bye: { sender: string };
}

/** The Signaler, as far as the mesh uses it (defined here, so peers/ does not import signaling/). */
export interface MeshSignaling extends PeerSignaling {
  /** Our id, as the server assigned it. */
  readonly id: string;
  sendBye(receiver: string): void;
  on<K extends keyof MeshSignalingEvents>(event: K, listener: (payload: MeshSignalingEvents[K]) => void): () => void;
}

export interface PeerMeshEvents extends Record<string, unknown> {
  /** A connection to `id` is being set up (its ICE configuration first); from someone the roster does not name yet when they offered first. */
  'peer-added': { id: string };
  /** The connection to `id` is gone: they left, said bye, or the mesh closed. */
  'peer-removed': { id: string };
  /** A connection was built, or its state changed. */
  'peer-state': { id: string; state: PeerState };
  /** A connection's remote stream changed (undefined: no track left). */
  stream: { id: string; stream: MediaStream | undefined };
  /** A peer's microphone, camera and screen-share flags changed. */
  status: { id: string; status: MediaStatus };
  /** The data channel to `id` opened: a raised hand can be shown to them now. */
  'peer-open': { id: string };
  /** `id` raised or lowered their hand. */
  hand: { id: string; raised: boolean };
  /** `id` sent a reaction (as it came: the call limits them). */
  reaction: { id: string; emoji: Reaction };
  /** The connections kept across a rejoin changed: one went, or one was filed under its new id. */
  carried: undefined;
  /** No fresh ICE configuration could be had for a new peer: it connects with what is left. */
  'ice-unavailable': undefined;
}

export type PeerFrame = { type: 'offer' | 'answer'; sender: string; data: SessionDescription } | { type: 'icecandidate'; sender: string; data: IceCandidate };
