// Types for simple-peer, which ships none. The page bundles it from its
// source, with client/node-shims/ for the Node modules it needs (see the
// README there). Only what Parley uses is declared.
declare module 'simple-peer' {
  /** What simple-peer asks us to deliver to the other side. */
  export type SignalData =
    | { type: 'offer' | 'answer'; sdp: string }
    | { type: 'candidate'; candidate: RTCIceCandidateInit }
    | { type: 'renegotiate'; renegotiate: true }
    | { type: 'transceiverRequest'; transceiverRequest: { kind: string; init?: RTCRtpTransceiverInit } };

  export interface PeerOptions {
    initiator?: boolean;
    config?: RTCConfiguration;
    stream?: MediaStream;
    streams?: MediaStream[];
    trickle?: boolean;
    offerOptions?: RTCOfferOptions;
    answerOptions?: RTCAnswerOptions;
  }

  export interface PeerEvents {
    signal: [data: SignalData];
    connect: [];
    data: [data: Uint8Array];
    stream: [stream: MediaStream];
    track: [track: MediaStreamTrack, stream: MediaStream];
    close: [];
    error: [error: Error & { code?: string }];
    iceStateChange: [iceConnectionState: RTCIceConnectionState, iceGatheringState: RTCIceGatheringState];
  }

  export default class SimplePeer {
    constructor(options?: PeerOptions);
    readonly connected: boolean;
    readonly destroyed: boolean;
    /** The underlying connection; simple-peer keeps it "private", but it is the standard object. */
    readonly _pc: RTCPeerConnection;
    signal(data: SignalData | { candidate: RTCIceCandidateInit; type?: 'candidate' }): void;
    send(data: string | Uint8Array): void;
    destroy(error?: Error): void;
    /** Starts a negotiation: the initiator makes an offer, the other side asks it to. */
    negotiate(): void;
    on<K extends keyof PeerEvents>(event: K, listener: (...args: PeerEvents[K]) => void): this;
    once<K extends keyof PeerEvents>(event: K, listener: (...args: PeerEvents[K]) => void): this;
    removeAllListeners(event?: keyof PeerEvents): this;
  }
}
