// One participant's side of a call: owns the Signaler, the local media and one
// VideoPeer per remote participant. It follows room-info (peers for newcomers,
// none for those who left), carries the username and the text chat, and tells
// the UI what changed through typed events.
import type { IceCandidate, IceServer, RoomInfo, SessionDescription } from '../shared/protocol.js';
import { TypedEmitter } from '../shared/typed-emitter.js';
import { ChatLog } from './chat-log.js';
import type { LocalMediaEvents } from './local-media.js';
import type { MediaStatus } from './media-status.js';
import type { PeerStats } from './peer-stats.js';
import type { Signaler } from './signaler.js';
import { VideoPeer, type PeerState, type VideoPeerOptions } from './video-peer.js';

export interface Participant {
  id: string;
  /** Empty until the participant sends its profile. */
  username: string;
  isSelf: boolean;
  /** The connection to this participant; 'connected' for ourselves. */
  state: PeerState;
  /** Their stream, or for ourselves the one we send. */
  stream: MediaStream | undefined;
  status: MediaStatus;
}

/** idle → joining → joined → left; or disconnected when the server goes away. */
export type CallState = 'idle' | 'joining' | 'joined' | 'left' | 'disconnected';

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
  /** Passed to every VideoPeer (tests shorten timers and fake simple-peer). */
  peerOptions?: Pick<VideoPeerOptions, 'createPeer' | 'connectTimeoutMs' | 'retryDelaysMs'>;
}

type PeerFrame =
  | { type: 'offer' | 'answer'; sender: string; data: SessionDescription }
  | { type: 'icecandidate'; sender: string; data: IceCandidate };

export class Manager extends TypedEmitter<ManagerEvents> {
  readonly chat = new ChatLog();
  readonly #signaler: Signaler;
  readonly #media: MediaLike;
  readonly #peerOptions: ManagerOptions['peerOptions'];
  readonly #peers = new Map<string, VideoPeer>();
  #usernames = new Map<string, string>();
  /** Room order, as the server lists it. */
  #order: string[] = [];
  #iceServers: IceServer[] = [];
  #username = '';
  #state: CallState = 'idle';
  /** Peer frames that came before we were ready to build peers. */
  #early: PeerFrame[] = [];
  #latestInfo: RoomInfo | undefined;
  #lastSentStatus = '';

  constructor(options: ManagerOptions) {
    super();
    this.#signaler = options.signaler;
    this.#media = options.media;
    this.#peerOptions = options.peerOptions;
    const s = this.#signaler;
    s.on('room-info', (info) => this.handleRoomInfo(info));
    s.on('offer', ({ sender, data }) => this.#handlePeerFrame({ type: 'offer', sender, data }));
    s.on('answer', ({ sender, data }) => this.#handlePeerFrame({ type: 'answer', sender, data }));
    s.on('icecandidate', ({ sender, data }) => this.#handlePeerFrame({ type: 'icecandidate', sender, data }));
    s.on('bye', ({ sender }) => this.#removePeer(sender));
    s.on('text', ({ sender, data }) =>
      this.chat.add({ senderId: sender, from: data.from, time: data.time, text: data.text, isOwn: sender === s.id }),
    );
    s.on('server-error', ({ description }) => this.emit('notice', { message: `Server: ${description}` }));
    s.on('close', () => {
      if (this.#state === 'left') return;
      this.#setState('disconnected');
      this.emit('notice', { message: 'Lost the connection to the server.' });
    });
    this.#media.on('track', ({ kind, track }) => {
      for (const peer of this.#peers.values()) void peer.replaceTrack(kind, track);
    });
    this.#media.on('change', () => this.#onMediaChange());
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

  /** Connects, announces us with our profile and builds a peer for everyone present. */
  async join(username: string): Promise<void> {
    if (this.#state !== 'idle') throw new TypeError('Manager.join() may be called once');
    this.#username = username.trim();
    this.#setState('joining');
    try {
      await this.#signaler.connect();
      this.#iceServers = await this.#signaler.getIceServers();
      // The profile announces us: the room gets a room-info naming us.
      this.#signaler.sendProfile(this.#username);
      this.#setState('joined');
      const early = this.#early;
      this.#early = [];
      if (this.#latestInfo) this.handleRoomInfo(this.#latestInfo);
      for (const frame of early) this.#handlePeerFrame(frame);
      this.handleRoomInfo(await this.#signaler.getRoomInfo());
    } catch (error) {
      if (this.state === 'joining') this.#setState('disconnected');
      throw error;
    }
  }

  setUsername(username: string): void {
    this.#username = username.trim();
    if (this.#state === 'joined') this.#signaler.sendProfile(this.#username);
  }

  /** Sends chat text to the room; it appears when the server's copy comes back. */
  sendText(text: string): boolean {
    if (text.trim() === '' || this.#state !== 'joined') return false;
    this.#signaler.sendText(text, this.#username);
    return true;
  }

  /** Live numbers for the connection to `peerId`. */
  getStats(peerId: string): Promise<PeerStats | undefined> {
    return this.#peers.get(peerId)?.getStats() ?? Promise.resolve(undefined);
  }

  /** Ends the call: says bye, closes every connection and releases the devices. */
  leave(): void {
    if (this.#state === 'left') return;
    this.#setState('left');
    for (const id of [...this.#peers.keys()]) this.#removePeer(id, false);
    this.#signaler.close();
    this.#media.stop();
    this.#emitParticipants();
  }

  participants(): Participant[] {
    const selfId = this.#signaler.id;
    const self: Participant = {
      id: selfId,
      username: this.#username,
      isSelf: true,
      state: 'connected',
      stream: this.#media.stream,
      status: this.#media.status(),
    };
    const others = this.#order
      .filter((id) => id !== selfId && this.#peers.has(id))
      .map((id): Participant => {
        const peer = this.#peers.get(id)!;
        return {
          id,
          username: this.#usernames.get(id) ?? '',
          isSelf: false,
          state: peer.state,
          stream: peer.stream,
          status: peer.status,
        };
      });
    return [self, ...others];
  }

  /** The server's list of who is here: authoritative for which peers exist. */
  handleRoomInfo(info: RoomInfo): void {
    if (this.#state !== 'joined') {
      this.#latestInfo = info;
      return;
    }
    const selfId = this.#signaler.id;
    this.#usernames = new Map(info.clients.map((c) => [c.id, c.username]));
    this.#order = info.clients.map((c) => c.id);
    for (const id of [...this.#peers.keys()]) if (!this.#usernames.has(id)) this.#removePeer(id, false);
    for (const { id } of info.clients) if (id !== selfId) this.#ensurePeer(id);
    this.#emitParticipants();
  }

  #handlePeerFrame(frame: PeerFrame): void {
    if (this.#state === 'joining' || this.#state === 'idle') {
      this.#early.push(frame);
      return;
    }
    if (this.#state !== 'joined' || frame.sender === this.#signaler.id) return;
    if (frame.type === 'offer') {
      // An offer from someone we have not heard of yet: they know of us first.
      if (!this.#order.includes(frame.sender)) this.#order.push(frame.sender);
      this.#ensurePeer(frame.sender).handleOffer(frame.data);
      this.#emitParticipants();
      return;
    }
    const peer = this.#peers.get(frame.sender);
    if (!peer) return; // for a connection we already dropped
    switch (frame.type) {
      case 'answer':
        return peer.handleAnswer(frame.data);
      case 'icecandidate':
        return peer.handleCandidate(frame.data);
    }
  }

  #ensurePeer(id: string): VideoPeer {
    const existing = this.#peers.get(id);
    if (existing) return existing;
    const peer = new VideoPeer({
      localId: this.#signaler.id,
      remoteId: id,
      signaling: this.#signaler,
      iceServers: this.#iceServers,
      localStream: () => this.#media.stream,
      localStatus: () => this.#media.status(),
      ...this.#peerOptions,
    });
    this.#peers.set(id, peer);
    peer.on('stream', () => this.#emitParticipants());
    peer.on('state', () => this.#emitParticipants());
    peer.on('status', () => this.#emitParticipants());
    return peer;
  }

  #removePeer(id: string, shouldEmit = true): void {
    const peer = this.#peers.get(id);
    if (!peer) return;
    this.#peers.delete(id);
    peer.destroy();
    if (shouldEmit) this.#emitParticipants();
  }

  #onMediaChange(): void {
    const status = this.#media.status();
    const key = JSON.stringify(status);
    if (key !== this.#lastSentStatus) {
      this.#lastSentStatus = key;
      for (const peer of this.#peers.values()) peer.sendStatus(status);
    }
    this.#emitParticipants();
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
