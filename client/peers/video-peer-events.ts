// VideoPeer's vocabulary: its states and events, its options, the part of
// simple-peer it drives, and the rule that picks who offers. Kept apart so
// video-peer.ts holds only the connection's behaviour.
import type { PeerOptions, SignalData } from 'simple-peer';
import type { IceConfig } from '../../shared/protocol.js';
import type { MediaStatus } from '../media/media-status.js';
import type { Reaction } from './peer-gesture.js';
import type { PeerSignaling } from './peer-negotiation.js';

export type PeerState = 'connecting' | 'connected' | 'disconnected' | 'failed' | 'closed';

export interface VideoPeerEvents extends Record<string, unknown> {
  /** The remote stream or screen changed: a track came, was replaced or ended (the stream; undefined: no track left). */
  stream: MediaStream | undefined;
  state: PeerState;
  /** The remote side's microphone, camera and screen-share flags. */
  status: MediaStatus;
  /** The remote side came back to the server as someone new, under this id (peer-rejoined.ts). */
  rejoined: { id: string };
  /** The data channel opened: what we show the other side (a raised hand) can go now. */
  open: undefined;
  /** The remote side raised or lowered its hand (peer-gesture.ts). */
  hand: { raised: boolean };
  /** The remote side sent a reaction (peer-gesture.ts); not yet limited: the call does that. */
  reaction: { emoji: Reaction };
}

/** What simple-peer offers, as far as VideoPeer uses it; tests pass a fake. */
export interface SimplePeerLike {
  readonly _pc: Pick<
    RTCPeerConnection,
    'getStats' | 'getTransceivers' | 'addTransceiver' | 'signalingState' | 'getConfiguration' | 'setConfiguration' | 'restartIce' | 'connectionState' | 'addEventListener'
  >;
  signal(data: SignalData | { type: 'candidate'; candidate: RTCIceCandidateInit }): void;
  send(data: string): void;
  /** Makes a new offer (initiator only); after restartIce() it restarts ICE. */
  negotiate(): void;
  destroy(): void;
  on(event: 'signal', listener: (data: SignalData) => void): unknown;
  on(event: 'connect' | 'close', listener: () => void): unknown;
  on(event: 'data', listener: (data: Uint8Array) => void): unknown;
  on(event: 'error', listener: (error: Error & { code?: string }) => void): unknown;
  on(event: 'iceStateChange', listener: (state: RTCIceConnectionState) => void): unknown;
}

export interface VideoPeerOptions {
  localId: string;
  remoteId: string;
  signaling: PeerSignaling;
  /** Servers and transport policy for the first connection; setIceConfig() changes it. */
  iceConfig: IceConfig;
  /** The stream we send: always one audio and one video track. */
  localStream: () => MediaStream | undefined;
  /** The screen we present, if we do (screen-slot.ts). */
  localScreen?: () => MediaStreamTrack | undefined;
  /** Our media status, sent to the peer when the connection opens. */
  localStatus: () => MediaStatus;
  createPeer?: (options: PeerOptions) => SimplePeerLike;
  /** Give up on a connection attempt and rebuild after this long. */
  connectTimeoutMs?: number;
  /** Rebuild a connection that stays 'disconnected' this long (ICE would take ~30 s to call it failed). */
  disconnectTimeoutMs?: number;
  /** Waits before successive rebuilds; the last one repeats. */
  retryDelaysMs?: number[];
}

/** The fixed rule that picks who offers: the lower id. Both sides compute the same answer. */
export function isInitiator(localId: string, remoteId: string): boolean {
  return localId < remoteId;
}
