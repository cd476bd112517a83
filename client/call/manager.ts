// One participant's side of a call: owns the Signaler, the local media, the
// ICE configuration (IceServerSource) and one VideoPeer per remote
// participant. It follows room-info (peers for newcomers, none for those who
// left), gives each new peer a freshly fetched ICE configuration and every
// live one each change of it, carries the username and the text chat, and
// tells the UI what changed through typed events. When the Signaler
// reconnects it keeps the peers (a resumed session: same id) or, on a fresh
// rejoin (a new id), carries the live ones over to the others' new ids
// (carried-peers.ts) and rebuilds the rest; it restarts the ICE refreshes
// either way. A live connection is never torn down because the signaling
// moved: one whose peer the room stops listing is carried too, and plays on
// until it fails, closes or the peer says bye.
import { AppCloseCode, type IceCandidate, type IceConfig, type RoomInfo, type SessionDescription } from '../../shared/protocol.js';
import { TypedEmitter } from '../../shared/typed-emitter.js';
import { CarriedPeers } from '../peers/carried-peers.js';
import { ChatLog, type ChatLogOptions, type PrivateTarget } from './chat-log.js';
import { IceServerSource, type IceChangeReason, type IceServerSourceOptions, type SessionStore } from '../ice/ice-server-source.js';
import type { LocalMediaEvents } from '../media/local-media.js';
import { UNKNOWN_STATUS, type MediaStatus } from '../media/media-status.js';
import type { PeerStats } from '../peers/peer-stats.js';
import type { Signaler } from '../signaling/signaler.js';
import { VideoPeer, type PeerState, type VideoPeerOptions } from '../peers/video-peer.js';

export interface Participant {
  id: string;
  /**
   * Stays the same for as long as the connection does, also when a fresh
   * rejoin files it under a new id: the video grid keys its tiles by it, so
   * the <video> playing the stream is kept. Empty for ourselves.
   */
  tileKey: string;
  /** Empty until the participant sends its profile. */
  username: string;
  isSelf: boolean;
  /**
   * Whether the server lists them, so chat reaches them. False for a
   * connection that plays on without them in the room (a client that never
   * came back after a server restart, or one not yet listed under its new id).
   */
  isReachable: boolean;
  /** The connection to this participant; 'connected' for ourselves. */
  state: PeerState;
  /** Their stream, or for ourselves the one we send. */
  stream: MediaStream | undefined;
  status: MediaStatus;
}

/**
 * idle → joining → joined → left. From joined, the link to the server may
 * drop: reconnecting (trying; the server may still hold our place), offline
 * (still trying, but the server has been gone longer than it holds a place),
 * then joined again. disconnected: the link ended for good (see
 * `disconnectReason`).
 */
export type CallState = 'idle' | 'joining' | 'joined' | 'reconnecting' | 'offline' | 'left' | 'disconnected';

export interface ManagerEvents extends Record<string, unknown> {
  /** Someone joined, left, renamed, (re)connected or changed their media. */
  participants: Participant[];
  state: CallState;
  /** Something the user should read. */
  notice: { message: string };
}

/** What the Manager needs of LocalMedia; tests pass a fake. */
export interface MediaLike {
  readonly stream: MediaStream;
  status(): MediaStatus;
  stop(): void;
  on<K extends keyof LocalMediaEvents>(event: K, listener: (payload: LocalMediaEvents[K]) => void): () => void;
}

export interface ManagerOptions {
  signaler: Signaler;
  media: MediaLike;
  /** Where the user's own ICE servers are kept for the session (sessionStorage in the browser). */
  iceStorage?: SessionStore;
  /** IceServerSource timings (tests shorten them). */
  iceOptions?: Pick<IceServerSourceOptions, 'refreshMarginMs' | 'retryDelayMs'>;
  /** The chat's timings and ids (tests pin them). */
  chatOptions?: Omit<ChatLogOptions, 'username'>;
  /** Passed to every VideoPeer (tests shorten timers and fake simple-peer). */
  peerOptions?: Pick<VideoPeerOptions, 'createPeer' | 'connectTimeoutMs' | 'retryDelaysMs'>;
}

/**
 * Peer frames held while we cannot deliver them yet (joining, or a peer's ICE
 * configuration on its way), per queue. A real connection sends one
 * description and a few dozen candidates; a member flooding us must not grow
 * the page (issue 10), so later frames are dropped.
 */
const MAX_HELD_FRAMES = 200;

/** What a peer gets when no configuration could be had at all: no servers, direct paths only. */
const NO_ICE: IceConfig = { iceServers: [], iceTransportPolicy: 'all' };

type PeerFrame = { type: 'offer' | 'answer'; sender: string; data: SessionDescription } | { type: 'icecandidate'; sender: string; data: IceCandidate };

export class Manager extends TypedEmitter<ManagerEvents> {
  /** The chat: it follows the Signaler by itself (acks, resends, gap fills); the Manager gives it our name and says when we are in. */
  readonly chat: ChatLog;
  /** The ICE servers this session uses: the server's, or the user's own (which the call UI edits). */
  readonly ice: IceServerSource;
  readonly #signaler: Signaler;
  readonly #media: MediaLike;
  readonly #peerOptions: ManagerOptions['peerOptions'];
  readonly #peers = new Map<string, VideoPeer>();
  /** Live connections kept across a fresh rejoin, under the others' old ids, until the room lists their new ones. */
  readonly #carried = new CarriedPeers();
  /** Peers waiting for their fresh ICE configuration, with the frames that came for them meanwhile. */
  readonly #waiting = new Map<string, PeerFrame[]>();
  #usernames = new Map<string, string>();
  /** Room order, as the server lists it. */
  #order: string[] = [];
  #username = '';
  #state: CallState = 'idle';
  /** Peer frames that came before we were ready to build peers. */
  #early: PeerFrame[] = [];
  #latestInfo: RoomInfo | undefined;
  #lastSentStatus = '';
  /** The username the server last heard from us. */
  #sentUsername = '';
  #disconnectReason = '';
  /** A refusal that came before the link closed, in the user's words. */
  #refusal = '';
  readonly #mediaOffs: (() => void)[] = [];

  constructor(options: ManagerOptions) {
    super();
    this.#signaler = options.signaler;
    this.#media = options.media;
    this.#peerOptions = options.peerOptions;
    const s = this.#signaler;
    this.chat = new ChatLog(s, { ...options.chatOptions, username: () => this.#username });
    this.ice = new IceServerSource({ fetchConfig: () => s.getIceConfig(), storage: options.iceStorage, ...options.iceOptions });
    this.ice.on('change', ({ config, reason }) => this.#onIceChange(config, reason));
    s.on('room-info', (info) => this.handleRoomInfo(info));
    s.on('offer', ({ sender, data }) => this.#handlePeerFrame({ type: 'offer', sender, data }));
    s.on('answer', ({ sender, data }) => this.#handlePeerFrame({ type: 'answer', sender, data }));
    s.on('icecandidate', ({ sender, data }) => this.#handlePeerFrame({ type: 'icecandidate', sender, data }));
    s.on('bye', ({ sender }) => {
      this.#removePeer(sender);
      this.#carried.end(sender);
    });
    s.on('server-error', ({ id, description }) => {
      if (!this.chat.isAbout(id)) this.emit('notice', { message: `Server: ${description}` }); // else the message itself says it failed
    });
    s.on('connection', ({ state }) => {
      if (state === 'reconnecting' || state === 'offline') this.#onDrop(state);
    });
    s.on('resumed', () => this.#onResumed());
    s.on('rejoined', () => this.#onRejoined());
    s.on('refused', ({ description }) => (this.#refusal = description));
    s.on('close', ({ code }) => this.#onClose(code));
    this.#carried.on('change', () => this.#placeAll());
    this.#mediaOffs.push(
      this.#media.on('track', ({ kind, track }) => {
        for (const peer of this.#livePeers()) void peer.replaceTrack(kind, track);
      }),
      this.#media.on('change', () => this.#onMediaChange()),
    );
  }

  get state(): CallState {
    return this.#state;
  }

  get selfId(): string {
    return this.#signaler.id;
  }

  get username(): string {
    return this.#username;
  }

  /** Why the call is `disconnected`, in words for the user; empty otherwise. */
  get disconnectReason(): string {
    return this.#disconnectReason;
  }

  /** Connects (with the room's password, if given), announces us with our profile and builds a peer for everyone present. */
  async join(username: string, password?: string): Promise<void> {
    if (this.#state !== 'idle') throw new TypeError('Manager.join() may be called once');
    this.#username = username.trim();
    this.#setState('joining');
    try {
      await this.#signaler.connect(password);
      // The profile announces us (the room gets a room-info naming us) while
      // the servers and policy are on their way: room-info and offers that
      // come first are held until then (#latestInfo, #early), so the others
      // need not wait a round trip more to start connecting.
      const iceReady = this.ice.refresh();
      this.#sendProfile();
      await iceReady;
      this.#setState('joined');
      const early = this.#early;
      this.#early = [];
      if (this.#latestInfo) this.handleRoomInfo(this.#latestInfo);
      for (const frame of early) this.#handlePeerFrame(frame);
      this.handleRoomInfo(await this.#signaler.getRoomInfo());
      this.chat.handleJoined();
    } catch (error) {
      // A drop halfway through joining ends the attempt; the user joins again.
      this.#signaler.close();
      if (this.state === 'joining') this.#setState('disconnected');
      throw error;
    }
  }

  setUsername(username: string): void {
    this.#username = username.trim();
    if (this.#state === 'joined') this.#sendProfile();
  }

  /**
   * Writes chat text to the room, or privately to `to`. It shows at once as
   * sending; while reconnecting it waits, and goes when the link is back.
   */
  sendText(text: string, to?: PrivateTarget): boolean {
    if (this.#state !== 'joined' && !this.#isAway()) return false;
    return this.chat.send(text, to);
  }

  /** Live numbers for the connection to `peerId`. */
  getStats(peerId: string): Promise<PeerStats | undefined> {
    return (this.#peers.get(peerId) ?? this.#carried.get(peerId))?.getStats() ?? Promise.resolve(undefined);
  }

  /** Ends the call: says bye, closes every connection and releases the devices. */
  leave(): void {
    if (this.#state === 'left') return;
    this.#setState('left');
    // Each peer hears it at once, whatever client it runs (Camus does the same).
    for (const id of this.#peers.keys()) this.#signaler.sendBye(id);
    for (const id of [...this.#peers.keys(), ...this.#waiting.keys()]) this.#removePeer(id, false);
    this.#carried.clear();
    this.ice.dispose();
    this.#signaler.close();
    this.#stopFollowingMedia();
    this.#media.stop();
    this.#emitParticipants();
  }

  participants(): Participant[] {
    const selfId = this.#signaler.id;
    const self: Participant = {
      id: selfId,
      tileKey: '',
      username: this.#username,
      isSelf: true,
      isReachable: true,
      state: 'connected',
      stream: this.#media.stream,
      status: this.#media.status(),
    };
    const others = this.#order
      .filter((id) => id !== selfId && (this.#peers.has(id) || this.#waiting.has(id)))
      .map((id): Participant => {
        const peer = this.#peers.get(id);
        return {
          id,
          tileKey: peer?.firstRemoteId ?? id,
          username: this.#usernames.get(id) ?? '',
          isSelf: false,
          isReachable: true,
          state: peer?.state ?? 'connecting',
          stream: peer?.stream,
          status: peer?.status ?? UNKNOWN_STATUS,
        };
      });
    // Still connected, still playing: shown under the id we knew until the room lists their new one.
    const carried = this.#carried.list().map(({ oldId, username, peer }): Participant => ({
      id: oldId,
      tileKey: peer.firstRemoteId,
      username,
      isSelf: false,
      isReachable: false,
      state: peer.state,
      stream: peer.stream,
      status: peer.status,
    }));
    return [self, ...others, ...carried];
  }

  /** The server's list of who is here: authoritative for which peers exist. */
  handleRoomInfo(info: RoomInfo): void {
    if (this.#state !== 'joined') {
      this.#latestInfo = info;
      return;
    }
    const known = this.#usernames;
    this.#usernames = new Map(info.clients.map((c) => [c.id, c.username]));
    this.#order = info.clients.map((c) => c.id);
    for (const id of [...this.#peers.keys(), ...this.#waiting.keys()]) {
      if (!this.#usernames.has(id)) this.#unlist(id, known.get(id) ?? '');
    }
    this.#placeAll();
  }

  /**
   * The room no longer lists `id`. A connection that is up plays on (its
   * media never needed the server), carried under that id until it fails or
   * closes; one still being set up has nobody to finish it with and goes.
   */
  #unlist(id: string, username: string): void {
    const peer = this.#peers.get(id);
    if (peer && (peer.state === 'connected' || peer.state === 'disconnected')) {
      this.#peers.delete(id);
      this.#carried.carry(id, peer, username);
    } else {
      this.#removePeer(id, false);
    }
  }

  /**
   * A connection for everyone the room lists: a carried one that claims
   * them, else a new one (unless a carried one still might). Also after a
   * carried peer went, which may be while we are away: the list shows it.
   */
  #placeAll(): void {
    if (this.#state === 'joined') {
      const others = new Map([...this.#usernames].filter(([id]) => id !== this.#signaler.id));
      for (const [id, username] of others) {
        if (this.#peers.has(id) || this.#waiting.has(id)) continue;
        const claim = this.#carried.claim(id, username, others);
        if (claim.kind === 'carried') this.#adopt(id, claim.peer);
        else if (claim.kind === 'new') this.#ensurePeer(id);
      }
    }
    this.#emitParticipants();
  }

  /** Files a carried connection under the other side's new id: no new offer, the same stream. */
  #adopt(id: string, peer: VideoPeer): void {
    peer.rekey(this.#signaler.id, id);
    this.#peers.set(id, peer);
    if (this.ice.current) peer.setIceConfig(this.ice.current, { shouldRestart: false }); // the new server's, for later connections
  }

  /** A peer said it is back under `id`. While we carry it, that may be the claim room-info is waiting for. */
  #onPeerRejoined(peer: VideoPeer): void {
    if (!this.#carried.has(peer)) return; // not rejoined ourselves (yet): it is remembered on the peer
    const id = peer.rejoinedAs;
    // Someone already has a connection for that id (they offered us a new one): no second one.
    if (id !== undefined && (this.#peers.has(id) || this.#waiting.has(id))) this.#carried.discard(peer);
    else this.#placeAll();
  }

  /** The link dropped; the Signaler is reconnecting. Peers carry on: their media does not go through the server. */
  #onDrop(state: 'reconnecting' | 'offline'): void {
    if (this.#state === 'joined' || this.#state === 'reconnecting' || this.#state === 'offline') this.#setState(state);
  }

  /** Same id, same room: the peers carry on; catch up on who is here and restart the ICE refreshes. */
  #onResumed(): void {
    if (!this.#isAway()) return;
    this.#setState('joined');
    this.emit('notice', { message: 'Reconnected.' });
    if (this.#sentUsername !== this.#username) this.#sendProfile(); // renamed while away
    this.#afterReconnect();
  }

  /**
   * A new id (the server restarted, or our place was let go): we are a new
   * participant. Live connections are carried: each is told our new id over
   * its data channel and waits for the room to list the other side's
   * (carried-peers.ts). The others are dropped and rebuilt from the new
   * room-info, by the same rules as the first join, so offers do not collide.
   */
  #onRejoined(): void {
    if (!this.#isAway()) return;
    const selfId = this.#signaler.id;
    for (const [id, peer] of this.#peers) {
      if (peer.state !== 'connected') continue;
      this.#peers.delete(id);
      this.#carried.carry(id, peer, this.#usernames.get(id) ?? '');
    }
    // Those still carried from an earlier rejoin need our newest id too.
    for (const { peer } of this.#carried.list()) peer.announceRejoin(selfId);
    const dropped = [...this.#peers.keys(), ...this.#waiting.keys()];
    for (const id of dropped) this.#removePeer(id, false);
    this.#usernames = new Map();
    this.#order = [];
    this.#setState('joined');
    this.#sendProfile();
    this.#emitParticipants();
    // Carried connections play on: only rebuilt ones are worth a word.
    this.emit('notice', { message: dropped.length > 0 ? 'Reconnected. Connecting to the others again…' : 'Reconnected.' });
    this.#afterReconnect();
  }

  #afterReconnect(): void {
    // The refresh timer's tries failed while we were away; a fetch now sets it again.
    this.ice.refresh().catch(() => undefined);
    this.#signaler
      .getRoomInfo()
      .then((info) => this.handleRoomInfo(info))
      .catch(() => undefined); // dropped again: the next reconnection asks again
  }

  #isAway(): boolean {
    return this.#state === 'reconnecting' || this.#state === 'offline';
  }

  /** The link ended for good. */
  #onClose(code: number): void {
    this.ice.dispose(); // its refreshes go over this link
    if (this.#state === 'left') return;
    this.#stopFollowingMedia();
    // No signaling is left to mend them, and after a 4000 another tab or device holds our place.
    for (const id of [...this.#peers.keys(), ...this.#waiting.keys()]) this.#removePeer(id, false);
    this.#carried.clear();
    this.#disconnectReason =
      code === AppCloseCode.SessionReplaced
        ? 'This call was opened in another tab or on another device.'
        : this.#refusal
          ? `Could not get back in: ${this.#refusal}.`
          : 'Lost the connection to the server.';
    const wasInCall = this.#state !== 'joining' && this.#state !== 'idle';
    this.#setState('disconnected');
    if (wasInCall) this.#emitParticipants();
  }

  #stopFollowingMedia(): void {
    for (const off of this.#mediaOffs.splice(0)) off();
  }

  #sendProfile(): void {
    this.#sentUsername = this.#username;
    this.#signaler.sendProfile(this.#username);
  }

  #handlePeerFrame(frame: PeerFrame): void {
    if (this.#state === 'joining' || this.#state === 'idle') {
      if (this.#early.length < MAX_HELD_FRAMES) this.#early.push(frame); // bounded: see MAX_HELD_FRAMES
      return;
    }
    if (this.#state !== 'joined' || frame.sender === this.#signaler.id) return;
    const queued = this.#waiting.get(frame.sender);
    if (queued) {
      if (queued.length < MAX_HELD_FRAMES) queued.push(frame); // bounded: see MAX_HELD_FRAMES
      return;
    }
    const peer = this.#peers.get(frame.sender);
    if (frame.type === 'offer' && !peer) {
      // An offer from someone we have not heard of yet: they know of us first.
      if (!this.#order.includes(frame.sender)) this.#order.push(frame.sender);
      this.#carried.supersede(frame.sender, this.#usernames.get(frame.sender));
      this.#ensurePeer(frame.sender, [frame]);
      this.#emitParticipants();
      return;
    }
    if (peer) this.#deliver(peer, frame); // else for a connection we already dropped
  }

  #deliver(peer: VideoPeer, frame: PeerFrame): void {
    switch (frame.type) {
      case 'offer':
        return peer.handleOffer(frame.data);
      case 'answer':
        return peer.handleAnswer(frame.data);
      case 'icecandidate':
        return peer.handleCandidate(frame.data);
    }
  }

  /**
   * Starts a peer for `id`: gets an ICE configuration for it (freshly
   * fetched when it carries expiring TURN credentials, see
   * IceServerSource.forNewPeer), holding the peer's frames meanwhile, then
   * builds it.
   */
  #ensurePeer(id: string, frames: PeerFrame[] = []): void {
    if (this.#peers.has(id) || this.#waiting.has(id)) return;
    this.#waiting.set(id, frames);
    void this.ice
      .forNewPeer()
      .catch(() => {
        // Only when the cached configuration has expired as well.
        this.emit('notice', { message: 'Could not get fresh ICE servers; connecting with what is left.' });
        return this.ice.current ?? NO_ICE;
      })
      .then((config) => this.#createPeer(id, config));
  }

  #createPeer(id: string, iceConfig: IceConfig): void {
    const frames = this.#waiting.get(id);
    if (!frames || this.#state !== 'joined') return; // they left, or we did, meanwhile
    this.#waiting.delete(id);
    const peer = new VideoPeer({
      localId: this.#signaler.id,
      remoteId: id,
      signaling: this.#signaler,
      iceConfig,
      localStream: () => this.#media.stream,
      localStatus: () => this.#media.status(),
      ...this.#peerOptions,
    });
    this.#peers.set(id, peer);
    peer.on('stream', () => this.#emitParticipants());
    peer.on('state', () => this.#emitParticipants());
    peer.on('status', () => this.#emitParticipants());
    peer.on('rejoined', () => this.#onPeerRejoined(peer));
    for (const frame of frames) this.#deliver(peer, frame);
    this.#emitParticipants();
  }

  #removePeer(id: string, shouldEmit = true): void {
    const peer = this.#peers.get(id);
    const wasWaiting = this.#waiting.delete(id);
    if (!peer && !wasWaiting) return;
    this.#peers.delete(id);
    peer?.destroy();
    if (shouldEmit) this.#emitParticipants();
  }

  /**
   * A new configuration for every live peer. Fresh credentials fetched for a
   * new peer are just kept for later connections; credentials about to
   * expire, or the user's own servers, restart ICE on the live ones.
   */
  #onIceChange(config: IceConfig, reason: IceChangeReason): void {
    if (this.#state !== 'joined') return;
    for (const peer of this.#peers.values()) peer.setIceConfig(config, { shouldRestart: reason !== 'fetched' });
  }

  #onMediaChange(): void {
    const status = this.#media.status();
    const key = JSON.stringify(status);
    if (key !== this.#lastSentStatus) {
      this.#lastSentStatus = key;
      for (const peer of this.#livePeers()) peer.sendStatus(status);
    }
    this.#emitParticipants();
  }

  /** Every connection we hold, carried ones included: they still send our media. */
  #livePeers(): VideoPeer[] {
    return [...this.#peers.values(), ...this.#carried.list().map((c) => c.peer)];
  }

  #emitParticipants(): void {
    this.emit('participants', this.participants());
  }

  #setState(state: CallState): void {
    if (state === this.#state) return;
    this.#state = state;
    this.emit('state', state);
  }
}
