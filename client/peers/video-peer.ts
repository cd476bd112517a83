// One WebRTC connection to one remote participant, built on simple-peer, with
// its offer, answer and ICE candidates carried over the Signaler. It exposes
// the remote stream, the connection state and the peer's media status, and
// rebuilds the connection by itself when it fails.
//
// The other side need not be Parley. A client that negotiates "perfectly"
// (Camus 0.3: RTCPeerConnection, addTransceiver without streams, no data
// channel) may offer when our rule says we should, may send tracks without
// a stream, and never opens a data channel when it offers. So the remote
// stream is built from the tracks the RTCPeerConnection receives
// (remote-media.ts), the connection counts as up when the RTCPeerConnection
// is (the data channel only carries Parley's extras), and an offer of the
// connection we have is answered on it, whoever offered first.
//
// Media is negotiated once, with one exception: both sides always send exactly
// one audio and one video track (placeholders when there is no device), and a
// camera switch or camera on/off swaps the track in place with replaceTrack.
// The exception is presenting to a Parley peer: the screen goes on a second
// video transceiver, negotiated the first time on this connection
// (screen-slot.ts). So an offer from another SDP session starts a new
// connection, and one from the same session (an ICE restart, or the screen
// slot) is answered on it.
//
// Longer than ~300 lines for a reason: a connection's lifecycle (build,
// connect, fail, rebuild after a backoff, ICE changes, the data channel) all
// turns on the one simple-peer it holds and the timers around it. Its
// signaling is in peer-negotiation.ts, its vocabulary in video-peer-events.ts.
import SimplePeer, { type PeerOptions } from 'simple-peer';
import type { IceCandidate, IceConfig, SessionDescription } from '../../shared/protocol.js';
import { TypedEmitter } from '../../shared/typed-emitter.js';
import { applyIceConfig } from '../ice/apply-ice-config.js';
import { UNKNOWN_STATUS, type MediaStatus } from '../media/media-status.js';
import type { PeerMessage } from './peer-message.js';
import { parsePeerMessage } from './peer-message-parser.js';
import type { PeerGesture } from './peer-gesture.js';
import type { PeerRejoined } from './peer-rejoined.js';
import { strongerAction, type PeerAction, type PeerRequest } from './peer-request.js';
import { summarizeStats, type PeerStats } from './peer-stats.js';
import { PeerNegotiation, type PeerSignal } from './peer-negotiation.js';
import { RemoteMedia } from './remote-media.js';
import { grantSlot, placeVideo, slotMid } from './screen-slot.js';
import { isInitiator, type PeerState, type SimplePeerLike, type VideoPeerEvents, type VideoPeerOptions } from './video-peer-events.js';

export * from './video-peer-events.js';
export type { PeerSignaling } from './peer-negotiation.js';

export class VideoPeer extends TypedEmitter<VideoPeerEvents> {
  /** The remote id it was built for; rekey() does not change it. */
  readonly firstRemoteId: string;
  #options: VideoPeerOptions;
  #iceConfig: IceConfig;
  #createPeer: (options: PeerOptions) => SimplePeerLike;
  #peer: SimplePeerLike | undefined;
  #state: PeerState = 'connecting';
  /** What the remote side sends, whatever streams it claims. */
  readonly #media = new RemoteMedia(({ stream }) => this.emit('stream', stream));
  #status: MediaStatus = UNKNOWN_STATUS;
  /** Whether the current simple-peer was built as the offering side. */
  #peerIsInitiator = false;
  /** The signaling of the current connection, and what its signals tell of the other side. */
  #negotiation = this.#newNegotiation();
  /** An ICE change to carry out once this connection is up. */
  #pendingIceAction: PeerAction | undefined;
  #failures = 0;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #connectTimer: ReturnType<typeof setTimeout> | undefined;
  #disconnectTimer: ReturnType<typeof setTimeout> | undefined;
  #lastStats: PeerStats | undefined;
  #isDestroyed = false;
  #rejoinedAs: string | undefined;
  /** Whether the current connection's peer sent a media-status: it is Parley, and takes our screen on a slot of its own. */
  #isParley = false;
  /** The screen slot's mid our last media-status on this connection named. */
  #announcedMid: string | undefined;

  constructor(options: VideoPeerOptions) {
    super();
    this.#options = options;
    this.#iceConfig = options.iceConfig;
    this.firstRemoteId = options.remoteId;
    this.#createPeer = options.createPeer ?? ((o) => new SimplePeer(o));
    this.#build();
  }

  get remoteId(): string {
    return this.#options.remoteId;
  }

  /** Whether this side offers when a connection is built (the live one keeps the roles it was built with). */
  get isInitiator(): boolean {
    return isInitiator(this.#options.localId, this.#options.remoteId);
  }

  /** The new id the remote side last said it rejoined under, if it did. */
  get rejoinedAs(): string | undefined {
    return this.#rejoinedAs;
  }

  /**
   * Files the live connection under new ids after a fresh rejoin: its
   * signaling (answers, ICE restarts, candidates) goes to `remoteId` from
   * now on, and a rebuild picks who offers by the new ids, as the other side
   * does once it has done the same. The connection itself is untouched.
   */
  rekey(localId: string, remoteId: string): void {
    this.#options = { ...this.#options, localId, remoteId };
  }

  /** Tells the other side, over the data channel, that we are back under `id`. */
  announceRejoin(id: string): void {
    const message: PeerRejoined = { type: 'rejoined', id };
    this.#sendData(message);
  }

  get state(): PeerState {
    return this.#state;
  }

  get stream(): MediaStream | undefined {
    return this.#media.stream;
  }

  /** The peer's shared screen, while it presents on a transceiver of its own. */
  get screen(): MediaStream | undefined {
    return this.#media.screen;
  }

  get status(): MediaStatus {
    return this.#status;
  }

  /** An offer from the remote side: an ICE restart of this connection, or (a second one) a rebuilt connection. */
  handleOffer(description: SessionDescription): void {
    if (this.#isDestroyed) return;
    // The same SDP session as the connection we have: an ICE restart or a
    // renegotiation of it (a perfect-negotiation peer makes them whichever
    // side offered first). Answered on this connection, never torn down;
    // an offer of ours still out is dropped, as a polite peer would.
    const isSameConnection = this.#peer !== undefined && this.#negotiation.remote.isSameSession(description.sdp);
    if (isSameConnection) this.#negotiation.remote.isAwaitingAnswer = false;
    else if (!this.#peer || this.#peerIsInitiator || this.#negotiation.remote.hasDescription) {
      // The other side rebuilt, or offered at the same moment as we did
      // (glare with a client that does not follow our rule, e.g. Camus 0.3):
      // we always follow its offer, on a fresh connection, so the two sides
      // end up on one connection whichever offer crossed which.
      this.#rebuild(false);
    }
    this.#negotiation.applyDescription(description); // the rebuilt connection's, if it was rebuilt
  }

  handleAnswer(description: SessionDescription): void {
    if (this.#isDestroyed || !this.#peerIsInitiator || !this.#negotiation.remote.isAwaitingAnswer) return; // stale
    this.#negotiation.remote.isAwaitingAnswer = false;
    this.#negotiation.applyDescription(description);
  }

  /**
   * Takes a new ICE configuration: later connections are built with it, and
   * the live one gets it too. With `shouldRestart` (the user's own servers,
   * or TURN credentials about to expire) the live connection gathers again
   * through an ICE restart; only the offering side can start one, so the
   * other side asks it to over the data channel. A new transport policy
   * needs a new connection (see apply-ice-config.ts).
   */
  setIceConfig(config: IceConfig, { shouldRestart }: { shouldRestart: boolean }): void {
    if (this.#isDestroyed) return;
    this.#iceConfig = config;
    const pc = this.#peer?._pc;
    if (!pc) return; // between connections: the next one is built with it
    if (applyIceConfig(pc, config, { isRestarting: false }) === 'needs-new-connection') this.#requestIceAction('rebuild');
    else if (shouldRestart) this.#requestIceAction('ice-restart');
  }

  handleCandidate(candidate: IceCandidate): void {
    if (this.#isDestroyed) return;
    this.#negotiation.handleCandidate(candidate);
  }

  /** Swaps the track we send for `kind`, without renegotiating; a non-Parley peer gets our screen in place of the camera while we present. */
  async replaceTrack(kind: 'audio' | 'video', track: MediaStreamTrack | null): Promise<void> {
    if (kind === 'video') return this.#placeVideo(track);
    const transceiver = this.#peer?._pc.getTransceivers().find((t) => t.receiver.track.kind === kind);
    await transceiver?.sender.replaceTrack(track);
  }

  /** Our screen started or stopped (localScreen): see screen-slot.ts. */
  updateScreen(): void {
    this.#placeVideo();
  }

  /** Tells the peer our media status (with our screen slot's mid, once there is one), if the data channel is open. */
  sendStatus(status: MediaStatus): void {
    const pc = this.#peer?._pc;
    const screenMid = pc && slotMid(pc);
    this.#announcedMid = screenMid;
    this.#sendData(screenMid === undefined ? status : { ...status, screenMid });
  }

  /** Shows the peer a raised hand or a reaction, if the data channel is open. */
  sendGesture(gesture: PeerGesture): void {
    this.#sendData(gesture);
  }

  /** A fresh stats summary, with bitrates since the previous call. */
  async getStats(now = Date.now()): Promise<PeerStats | undefined> {
    if (!this.#peer) return undefined;
    const report = await this.#peer._pc.getStats();
    this.#lastStats = summarizeStats(report, now, this.#lastStats?.sample);
    return this.#lastStats;
  }

  /** Closes the connection for good. Safe to call more than once. */
  destroy(): void {
    if (this.#isDestroyed) return;
    this.#isDestroyed = true;
    this.#clearTimers();
    this.#teardown();
    this.#setState('closed');
  }

  #build(asInitiator = this.isInitiator): void {
    this.#peerIsInitiator = asInitiator;
    this.#negotiation = this.#newNegotiation();
    this.#pendingIceAction = undefined;
    this.#lastStats = undefined;
    this.#isParley = false;
    this.#announcedMid = undefined;
    const stream = this.#options.localStream();
    const peer = this.#createPeer({
      initiator: asInitiator,
      // Always pass config: simple-peer's default adds public STUN servers.
      config: { iceServers: this.#iceConfig.iceServers, iceTransportPolicy: this.#iceConfig.iceTransportPolicy },
      ...(stream ? { stream } : {}),
    });
    this.#peer = peer;
    const isCurrent = () => this.#peer === peer && !this.#isDestroyed;
    this.#media.clear(); // the next connection's tracks replace the last one's
    peer.on('signal', (data) => {
      if (!isCurrent()) return;
      this.#negotiation.handleLocalSignal(data);
      // Our description is set: a new screen slot has its mid now, and the peer must know it before its track shows.
      if (this.#isParley && slotMid(peer._pc) !== this.#announcedMid) this.sendStatus(this.#options.localStatus());
    });
    // Not simple-peer's 'track'/'stream': it emits them once per stream the
    // sender claims, so never for a track sent without one (a=msid:-).
    const pc = peer._pc;
    pc.addEventListener('track', (event) => {
      if (!isCurrent()) return;
      this.#media.add(event.track, event.transceiver.mid);
      // A screen slot the other side offered: our end sends too if we present (before the answer is made).
      if (this.#isParley) this.#placeVideo();
    });
    // Up when the RTCPeerConnection is: a peer that offers without a data
    // channel (Camus 0.3) never opens one, so simple-peer never says 'connect'.
    pc.addEventListener('connectionstatechange', () => {
      if (!isCurrent()) return;
      if (pc.connectionState === 'connected') this.#markConnected();
      else if (pc.connectionState === 'failed') this.#onFailure();
    });
    peer.on('connect', () => {
      if (!isCurrent()) return;
      this.#markConnected();
      // The data channel is open: Parley's own messages can go.
      this.sendStatus(this.#options.localStatus());
      const action = this.#pendingIceAction;
      this.#pendingIceAction = undefined;
      if (action) this.#requestIceAction(action);
      this.emit('open', undefined);
    });
    if (this.#options.localScreen?.()) this.#placeVideo(); // presenting already: a peer not (yet) known as Parley gets the screen as its video
    peer.on('data', (bytes) => {
      if (!isCurrent()) return;
      const message = parsePeerMessage(bytes);
      switch (message?.type) {
        case 'media-status':
          this.#status = message;
          this.#media.setScreen(message.screenMid, message.screen);
          if (!this.#isParley) {
            this.#isParley = true;
            this.#placeVideo(); // the camera back on its transceiver, the screen on a slot
          }
          return this.emit('status', message);
        case 'rejoined':
          this.#rejoinedAs = message.id;
          return this.emit('rejoined', { id: message.id });
        case 'peer-request':
          // The other side's ICE configuration changed, or it presents, and we are the one who offers.
          if (!this.#peerIsInitiator) return;
          if (message.action !== 'screen-slot') return this.#performIceAction(message.action);
          return grantSlot(peer._pc, this.#slotActions());
        case 'hand':
          return this.emit('hand', { raised: message.raised });
        case 'reaction':
          return this.emit('reaction', { emoji: message.emoji });
      }
    });
    peer.on('iceStateChange', (ice) => {
      if (!isCurrent()) return;
      if (ice === 'disconnected' && this.#state === 'connected') {
        this.#setState('disconnected');
        clearTimeout(this.#disconnectTimer);
        this.#disconnectTimer = setTimeout(() => isCurrent() && this.#onFailure(), this.#options.disconnectTimeoutMs ?? 8000);
      }
      if ((ice === 'connected' || ice === 'completed') && this.#state === 'disconnected') {
        clearTimeout(this.#disconnectTimer);
        this.#setState('connected');
      }
    });
    // simple-peer emits 'error' then 'close'; one failure, one rebuild.
    peer.on('error', () => isCurrent() && this.#onFailure());
    peer.on('close', () => isCurrent() && this.#onFailure());
    this.#setState('connecting');
    clearTimeout(this.#connectTimer);
    this.#connectTimer = setTimeout(() => isCurrent() && this.#onFailure(), this.#options.connectTimeoutMs ?? 20_000);
  }

  /** Puts our camera (or `camera`, a new one) and screen on the connection's video transceivers (screen-slot.ts). */
  #placeVideo(camera: MediaStreamTrack | null | undefined = this.#options.localStream()?.getVideoTracks()[0]): void {
    const pc = this.#peer?._pc;
    if (!pc) return;
    const screen = this.#options.localScreen?.() ?? null;
    placeVideo(pc, { camera: camera ?? null, screen, isParley: this.#isParley, isInitiator: this.#peerIsInitiator }, this.#slotActions());
  }

  #slotActions() {
    return {
      negotiate: () => this.#peer?.negotiate(),
      request: () => this.#sendData({ type: 'peer-request', action: 'screen-slot' } satisfies PeerRequest),
    };
  }

  #markConnected(): void {
    this.#failures = 0;
    clearTimeout(this.#connectTimer);
    if (this.#state === 'connecting') this.#setState('connected');
  }

  #newNegotiation(): PeerNegotiation {
    return new PeerNegotiation({
      // Read when a signal goes: the options change on rekey().
      signaling: { sendDescription: (to, d) => this.#options.signaling.sendDescription(to, d), sendCandidate: (to, c) => this.#options.signaling.sendCandidate(to, c) },
      remoteId: () => this.#options.remoteId,
      signal: (data) => this.#signal(data),
    });
  }

  /**
   * Hands the other side's signal to simple-peer, and keeps whatever goes
   * wrong with it inside this connection (issue 10: a hostile peer). Input it
   * cannot use mostly ends in its 'error' event (a rebuild, above), but some
   * throws at once: an RTCIceCandidate with neither sdpMid nor sdpMLineIndex,
   * or any signal once it is destroying itself. Thrown, that would escape
   * through the Signaler's dispatch; here the one signal is dropped and the
   * connection carries on, or fails by its own events.
   */
  #signal(data: PeerSignal): void {
    try {
      this.#peer?.signal(data);
    } catch {
      // Dropped: see above.
    }
  }

  /** Carries out an ICE change now if the connection is up (or asks the offering side to), else once it is. */
  #requestIceAction(action: PeerAction): void {
    if (this.#state !== 'connected') {
      this.#pendingIceAction = strongerAction(this.#pendingIceAction, action);
      return;
    }
    if (this.#peerIsInitiator) return this.#performIceAction(action);
    const request: PeerRequest = { type: 'peer-request', action };
    this.#sendData(request);
  }

  /** One message over the data channel, if it is open. */
  #sendData(message: PeerMessage): void {
    if (this.#state !== 'connected') return;
    try {
      this.#peer?.send(JSON.stringify(message));
    } catch {
      // The channel closed under us: the connection is going, and the next one starts afresh.
    }
  }

  /** On the offering side: a new connection, or an ICE restart (a new offer from the same connection). */
  #performIceAction(action: PeerAction): void {
    if (action === 'rebuild') return this.#rebuild(true);
    this.#peer?._pc.restartIce();
    this.#peer?.negotiate();
  }

  #onFailure(): void {
    if (this.#isDestroyed || this.#retryTimer !== undefined) return;
    this.#setState('failed');
    this.#teardown();
    const delays = this.#options.retryDelaysMs ?? [500, 1000, 2000, 4000, 8000];
    const delay = delays[Math.min(this.#failures, delays.length - 1)] ?? 1000;
    this.#failures++;
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = undefined;
      if (!this.#isDestroyed) this.#build();
    }, delay);
  }

  /** Replaces the connection at once (the other side already has). */
  #rebuild(asInitiator: boolean): void {
    clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
    this.#teardown();
    this.#build(asInitiator);
  }

  #teardown(): void {
    const peer = this.#peer;
    this.#peer = undefined;
    clearTimeout(this.#connectTimer);
    clearTimeout(this.#disconnectTimer);
    peer?.destroy();
  }

  #clearTimers(): void {
    clearTimeout(this.#retryTimer);
    clearTimeout(this.#connectTimer);
    clearTimeout(this.#disconnectTimer);
    this.#retryTimer = undefined;
  }

  #setState(state: PeerState): void {
    if (this.#state === state) return;
    this.#state = state;
    this.emit('state', state);
  }
}
