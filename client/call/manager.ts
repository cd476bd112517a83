// One participant's side of a call, as the UI sees it: the call's state
// machine (idle → joining → joined → left, with the drops between), who is in
// it (participants), the text chat and the notices. It joins through the
// Signaler, keeps the ICE configuration (IceServerSource) the user can edit,
// and leaves the connections themselves to the PeerMesh (client/peers/): it
// hands the mesh the room's roster and our media's changes, and lists what
// the mesh reports. It never sees an SDP. When the Signaler reconnects, a
// resumed session (same id) keeps every peer; a fresh rejoin (a new id) lets
// the mesh carry the live connections over to the others' new ids; the ICE
// refreshes restart either way.
import { AppCloseCode, type RoomInfo } from '../../shared/protocol.js';
import { TypedEmitter } from '../../shared/typed-emitter.js';
import { Gestures } from './gestures.js';
import { ChatLog, type ChatLogOptions, type PrivateTarget } from './chat-log.js';
import { IceServerSource, type IceServerSourceOptions, type SessionStore } from '../ice/ice-server-source.js';
import type { LocalMediaEvents } from '../media/local-media.js';
import type { MediaStatus } from '../media/media-status.js';
import { PeerMesh, type PeerMeshOptions } from '../peers/peer-mesh.js';
import type { PeerStats } from '../peers/peer-stats.js';
import type { Signaler } from '../signaling/signaler.js';
import { listParticipants, type Participant } from './participants.js';

export type { Participant } from './participants.js';

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
  /** We are in and the room has said who is here: anyone listed after this is news (a join notice). */
  ready: undefined;
}

/** What the Manager needs of LocalMedia; tests pass a fake. */
export interface MediaLike {
  readonly stream: MediaStream;
  /** The screen we present, while we do. */
  readonly screenTrack: MediaStreamTrack | undefined;
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
  peerOptions?: PeerMeshOptions['peerOptions'];
}

export class Manager extends TypedEmitter<ManagerEvents> {
  /** The chat: it follows the Signaler by itself (acks, resends, gap fills); the Manager gives it our name and says when we are in. */
  readonly chat: ChatLog;
  /** The ICE servers this session uses: the server's, or the user's own (which the call UI edits). */
  readonly ice: IceServerSource;
  /** Raised hands and reactions, ours and the others' (over the data channels). */
  readonly gestures: Gestures;
  readonly #signaler: Signaler;
  readonly #media: MediaLike;
  /** The connections to the others: everything peer-to-peer. */
  readonly #mesh: PeerMesh;
  /** Everyone the room lists, ourselves included, with their usernames. */
  #usernames = new Map<string, string>();
  /** Room order, as the server lists it (and anyone who offered before it did). */
  #order: string[] = [];
  #username = '';
  #state: CallState = 'idle';
  /** The username the server last heard from us. */
  #sentUsername = '';
  #disconnectReason = '';
  #isReady = false;
  /** A refusal that came before the link closed, in the user's words. */
  #refusal = '';
  readonly #mediaOffs: (() => void)[] = [];

  constructor(options: ManagerOptions) {
    super();
    this.#signaler = options.signaler;
    this.#media = options.media;
    const s = this.#signaler;
    this.chat = new ChatLog(s, { ...options.chatOptions, username: () => this.#username });
    this.ice = new IceServerSource({ fetchConfig: () => s.getIceConfig(), storage: options.iceStorage, ...options.iceOptions });
    const mesh = (this.#mesh = new PeerMesh({
      signaling: s,
      ice: this.ice,
      localStream: () => this.#media.stream,
      localScreen: () => this.#media.screenTrack,
      localStatus: () => this.#media.status(),
      peerOptions: options.peerOptions,
    }));
    this.gestures = new Gestures(mesh);
    mesh.on('peer-added', ({ id }) => {
      // Someone who offered before the room listed them is shown at the end.
      if (!this.#order.includes(id)) this.#order.push(id);
      this.#emitParticipants();
    });
    for (const event of ['peer-removed', 'peer-state', 'stream', 'status', 'carried'] as const) mesh.on(event, () => this.#emitParticipants());
    mesh.on('ice-unavailable', () => this.emit('notice', { message: 'Could not get fresh ICE servers; connecting with what is left.' }));
    s.on('room-info', (info) => this.handleRoomInfo(info));
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
    this.#mediaOffs.push(
      this.#media.on('track', ({ kind, track }) => mesh.handleLocalTrack(kind, track)),
      this.#media.on('screen', () => mesh.handleLocalScreen()),
      this.#media.on('change', () => {
        mesh.handleLocalStatus(this.#media.status());
        this.#emitParticipants();
      }),
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

  /** Whether the join is done and the room has said who is here (see the 'ready' event). */
  get isReady(): boolean {
    return this.#isReady;
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
      // the servers and policy are on their way: the room-info that comes
      // first is recorded, and offers are held by the mesh until then, so the
      // others need not wait a round trip more to start connecting.
      const iceReady = this.ice.refresh();
      this.#sendProfile();
      await iceReady;
      this.#setState('joined'); // opens the mesh: a peer for everyone listed so far, then the offers it held
      this.#emitParticipants();
      await this.#askWhoIsHere();
      this.#isReady = true;
      this.emit('ready', undefined);
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
    return this.#mesh.getStats(peerId);
  }

  /** Ends the call: says bye, closes every connection and releases the devices. */
  leave(): void {
    if (this.#state === 'left') return;
    this.#setState('left');
    this.#mesh.close({ shouldSayBye: true });
    this.gestures.dispose();
    this.ice.dispose();
    this.#signaler.close();
    this.#stopFollowingMedia();
    this.#media.stop();
    this.#emitParticipants();
  }

  participants(): Participant[] {
    const self = { id: this.#signaler.id, username: this.#username, stream: this.#media.stream, status: this.#media.status() };
    return listParticipants(self, this.#order, this.#usernames, this.#mesh);
  }

  /**
   * The server's list of who is here: authoritative for who is in the call,
   * and (through the mesh) for which peers exist. While joining it is only
   * recorded: the mesh builds once we are in. None comes while the link is
   * away, and none after the end.
   */
  handleRoomInfo(info: RoomInfo): void {
    if (this.#state !== 'joined' && this.#state !== 'joining') return;
    this.#usernames = new Map(info.clients.map((c) => [c.id, c.username]));
    this.#order = info.clients.map((c) => c.id);
    this.#mesh.handleRoster(this.#usernames);
    if (this.#state === 'joined') this.#emitParticipants();
  }

  /**
   * Asks the server who is here. Its answer is a room-info like any other,
   * handled once, by the 'room-info' listener; it is awaited only to know
   * that it came (or that the link dropped meanwhile).
   */
  async #askWhoIsHere(): Promise<void> {
    await this.#signaler.getRoomInfo();
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
   * participant. The mesh carries the live connections and drops the others,
   * to rebuild them from the new room-info (PeerMesh.handleRejoined).
   */
  #onRejoined(): void {
    if (!this.#isAway()) return;
    const dropped = this.#mesh.handleRejoined();
    this.#usernames = new Map();
    this.#order = [];
    this.#setState('joined');
    this.#sendProfile();
    this.#emitParticipants();
    // Carried connections play on: only rebuilt ones are worth a word.
    this.emit('notice', { message: dropped > 0 ? 'Reconnected. Connecting to the others again…' : 'Reconnected.' });
    this.#afterReconnect();
  }

  #afterReconnect(): void {
    // The refresh timer's tries failed while we were away; a fetch now sets it again.
    this.ice.refresh().catch(() => undefined);
    this.#askWhoIsHere().catch(() => undefined); // dropped again: the next reconnection asks again
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
    this.#mesh.close({ shouldSayBye: false });
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

  #emitParticipants(): void {
    this.emit('participants', this.participants());
  }

  /** The mesh follows the call: it builds and delivers only while we are joined. */
  #setState(state: CallState): void {
    if (state === this.#state) return;
    this.#state = state;
    this.emit('state', state);
    if (state === 'joined') this.#mesh.open();
    else if (state === 'reconnecting' || state === 'offline') this.#mesh.pause();
  }
}
