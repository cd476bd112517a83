// The peer-to-peer side of one participant's call: one VideoPeer per other
// participant (a mesh). It is to the call what LiveKit's RTCEngine is to its
// Room: it owns the connections and everything that reaches them, and the call
// (client/call/manager.ts) only listens to its events and never sees an SDP.
//
// It owns the SDP in both directions: offers, answers and candidates from the
// Signaler come here and go to the peer they are for (a peer being set up gets
// them once it exists), and what a VideoPeer says goes out through here. It
// gives each new peer a freshly fetched ICE configuration and every live one
// each change of it, sends our tracks and media status to every connection,
// and keeps live connections across a fresh rejoin (carried-peers.ts): a live
// connection is never torn down because the signaling moved.
//
// Which peers exist follows the roster the call hands it (handleRoster, from
// room-info), plus anyone who offers us a connection first. It delivers and
// builds only while the call is in (open()); before the call first is, peer
// frames are held (bounded), and while the link is away they are dropped.
//
// Longer than ~300 lines for a reason: which connections exist, and what
// reaches them, both read and write the same two maps (built peers, peers
// waiting for ICE); split, either half would reach into the other's. Its
// vocabulary is in peer-mesh-events.ts, its carrying rules in carried-peers.ts.
import { HeldMessages } from '../../shared/held-messages.js';
import type { IceConfig } from '../../shared/protocol.js';
import { TypedEmitter } from '../../shared/typed-emitter.js';
import type { IceServerSource } from '../ice/ice-server-source.js';
import type { MediaStatus } from '../media/media-status.js';
import { CarriedPeers, type CarriedPeer } from './carried-peers.js';
import type { PeerGesture } from './peer-gesture.js';
import type { PeerStats } from './peer-stats.js';
import type { MeshSignaling, PeerFrame, PeerMeshEvents } from './peer-mesh-events.js';
import { VideoPeer, type PeerSignaling, type VideoPeerOptions } from './video-peer.js';

export * from './peer-mesh-events.js';

/** Where peers' ICE configurations come from: the call's IceServerSource. */
export type PeerIceSource = Pick<IceServerSource, 'current' | 'forNewPeer' | 'on'>;

export interface PeerMeshOptions {
  signaling: MeshSignaling;
  ice: PeerIceSource;
  /** The stream we send: always one audio and one video track. */
  localStream: () => MediaStream | undefined;
  /** The screen we present, if we do. */
  localScreen: () => MediaStreamTrack | undefined;
  /** Our media status, sent to each peer when its connection opens. */
  localStatus: () => MediaStatus;
  /** Passed to every VideoPeer (tests shorten timers and fake simple-peer). */
  peerOptions?: Pick<VideoPeerOptions, 'createPeer' | 'connectTimeoutMs' | 'retryDelaysMs'>;
}

/**
 * Peer frames held while we cannot deliver them yet (before the call is in,
 * or a peer's ICE configuration on its way), per holder. A real connection
 * sends one description and a few dozen candidates; a member flooding us must
 * not grow the page (issue 10), so later frames are dropped.
 */
export const MAX_HELD_FRAMES = 200;

/** What a peer gets when no configuration could be had at all: no servers, direct paths only. */
const NO_ICE: IceConfig = { iceServers: [], iceTransportPolicy: 'all' };

/** holding: the call is not in yet (frames held); open: in; away: the link dropped (frames dropped); closed: for good. */
type Phase = 'holding' | 'open' | 'away' | 'closed';

export class PeerMesh extends TypedEmitter<PeerMeshEvents> {
  readonly #signaling: MeshSignaling;
  readonly #ice: PeerIceSource;
  readonly #options: PeerMeshOptions;
  readonly #peers = new Map<string, VideoPeer>();
  /** Live connections kept across a fresh rejoin, under the others' old ids, until the room lists their new ones. */
  readonly #carried = new CarriedPeers();
  /** Peers waiting for their fresh ICE configuration, with the frames that came for them meanwhile. */
  readonly #waiting = new Map<string, HeldMessages<PeerFrame>>();
  /** Peer frames that came before the call was in. */
  readonly #early = new HeldMessages<PeerFrame>(MAX_HELD_FRAMES, 'drop-newest');
  /** Everyone the room lists (ourselves included), with their usernames. */
  #roster: ReadonlyMap<string, string> = new Map();
  #phase: Phase = 'holding';
  #lastSentStatus = '';
  readonly #offs: (() => void)[];
  /** What every VideoPeer sends through: out through the mesh, to the Signaler. */
  readonly #outgoing: PeerSignaling;

  constructor(options: PeerMeshOptions) {
    super();
    this.#options = options;
    const s = (this.#signaling = options.signaling);
    this.#ice = options.ice;
    this.#outgoing = {
      sendDescription: (receiver, description) => s.sendDescription(receiver, description),
      sendCandidate: (receiver, candidate) => s.sendCandidate(receiver, candidate),
    };
    this.#offs = [
      s.on('offer', ({ sender, data }) => this.#handleFrame({ type: 'offer', sender, data })),
      s.on('answer', ({ sender, data }) => this.#handleFrame({ type: 'answer', sender, data })),
      s.on('icecandidate', ({ sender, data }) => this.#handleFrame({ type: 'icecandidate', sender, data })),
      s.on('bye', ({ sender }) => {
        this.#removePeer(sender);
        this.#carried.end(sender);
      }),
      this.#ice.on('change', ({ config, reason }) => {
        // Fresh credentials fetched for a new peer are kept for later
        // connections; credentials about to expire, or the user's own servers,
        // restart ICE on the live ones.
        if (this.#phase !== 'open') return;
        for (const peer of this.#peers.values()) peer.setIceConfig(config, { shouldRestart: reason !== 'fetched' });
      }),
    ];
    this.#carried.on('change', () => {
      this.#placeAll();
      this.emit('carried', undefined);
    });
  }

  /** Whether there is a connection to `id`, built or waiting for its ICE configuration. */
  has(id: string): boolean {
    return this.#peers.has(id) || this.#waiting.has(id);
  }

  /** The built connection to `id` (undefined while it waits for its ICE configuration). */
  get(id: string): VideoPeer | undefined {
    return this.#peers.get(id);
  }

  /** The live connections the room does not list (any more), in the order they were carried. */
  carried(): CarriedPeer[] {
    return this.#carried.list();
  }

  /** Live numbers for the connection to `id` (a carried one under its old id). */
  getStats(id: string): Promise<PeerStats | undefined> {
    return (this.#peers.get(id) ?? this.#carried.get(id))?.getStats() ?? Promise.resolve(undefined);
  }

  /**
   * The call is in (first joined, or back after a drop). The first time,
   * everyone the roster names gets a connection, and the frames held
   * meanwhile are delivered.
   */
  open(): void {
    if (this.#phase === 'closed' || this.#phase === 'open') return;
    const wasHolding = this.#phase === 'holding';
    this.#phase = 'open';
    if (!wasHolding) return;
    this.#placeAll();
    for (const frame of this.#early.take()) this.#handleFrame(frame);
  }

  /** The link dropped: connections play on, but nothing is built or delivered until open() again. */
  pause(): void {
    if (this.#phase === 'open') this.#phase = 'away';
  }

  /**
   * The server's list of who is here (from room-info, ourselves included,
   * with usernames): authoritative for which connections exist. Before the
   * call is in it is only kept, for open().
   */
  handleRoster(roster: ReadonlyMap<string, string>): void {
    const known = this.#roster;
    this.#roster = new Map(roster);
    if (this.#phase !== 'open') return;
    for (const id of [...this.#peers.keys(), ...this.#waiting.keys()]) {
      if (!roster.has(id)) this.#unlist(id, known.get(id) ?? '');
    }
    this.#placeAll();
  }

  /**
   * We came back under a new id (a fresh rejoin): live connections are
   * carried, each told our new id over its data channel, and wait for the
   * room to list the other side's (carried-peers.ts). The others are dropped,
   * to be rebuilt from the next roster by the same rules as the first join,
   * so offers do not collide. Returns how many were dropped.
   */
  handleRejoined(): number {
    const selfId = this.#signaling.id;
    for (const [id, peer] of this.#peers) {
      if (peer.state !== 'connected') continue;
      this.#peers.delete(id);
      this.#carried.carry(id, peer, this.#roster.get(id) ?? '');
    }
    // Those still carried from an earlier rejoin need our newest id too.
    for (const { peer } of this.#carried.list()) peer.announceRejoin(selfId);
    const dropped = [...this.#peers.keys(), ...this.#waiting.keys()];
    for (const id of dropped) this.#removePeer(id);
    this.#roster = new Map();
    return dropped.length;
  }

  /** A new local track of `kind` (a camera switch, camera on or off): swapped in on every connection, without renegotiating. */
  handleLocalTrack(kind: 'audio' | 'video', track: MediaStreamTrack | null): void {
    for (const peer of this.#livePeers()) void peer.replaceTrack(kind, track);
  }

  /** We started or stopped presenting: every connection sends the screen, or stops (screen-slot.ts). */
  handleLocalScreen(): void {
    for (const peer of this.#livePeers()) peer.updateScreen();
  }

  /** Our media status changed: every connection is told, once per actual change. */
  handleLocalStatus(status: MediaStatus): void {
    const key = JSON.stringify(status);
    if (key === this.#lastSentStatus) return;
    this.#lastSentStatus = key;
    for (const peer of this.#livePeers()) peer.sendStatus(status);
  }

  /** Shows everyone we hold a connection to a raised hand or a reaction. */
  sendGesture(gesture: PeerGesture): void {
    for (const peer of this.#livePeers()) peer.sendGesture(gesture);
  }

  /** Shows one peer a raised hand (theirs just opened). */
  sendGestureTo(id: string, gesture: PeerGesture): void {
    (this.#peers.get(id) ?? this.#carried.get(id))?.sendGesture(gesture);
  }

  /**
   * Closes every connection for good. With `shouldSayBye` (we leave), each
   * peer hears it at once, whatever client it runs (Camus does the same).
   */
  close({ shouldSayBye }: { shouldSayBye: boolean }): void {
    if (this.#phase === 'closed') return;
    this.#phase = 'closed';
    if (shouldSayBye) for (const id of this.#peers.keys()) this.#signaling.sendBye(id);
    for (const id of [...this.#peers.keys(), ...this.#waiting.keys()]) this.#removePeer(id);
    this.#carried.clear();
    this.#early.clear();
    for (const off of this.#offs.splice(0)) off();
  }

  #handleFrame(frame: PeerFrame): void {
    if (this.#phase === 'holding') {
      this.#early.hold(frame); // bounded: see MAX_HELD_FRAMES
      return;
    }
    if (this.#phase !== 'open' || frame.sender === this.#signaling.id) return;
    const held = this.#waiting.get(frame.sender);
    if (held) {
      held.hold(frame); // bounded: see MAX_HELD_FRAMES
      return;
    }
    const peer = this.#peers.get(frame.sender);
    if (frame.type === 'offer' && !peer) {
      // An offer from someone we have not heard of yet: they know of us first.
      this.#carried.supersede(frame.sender, this.#roster.get(frame.sender));
      this.#ensurePeer(frame.sender, [frame]);
      return;
    }
    if (peer) deliver(peer, frame); // else for a connection we already dropped
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
      this.#removePeer(id);
    }
  }

  /**
   * A connection for everyone the roster lists: a carried one that claims
   * them, else a new one (unless a carried one still might). Also after a
   * carried peer went, which may be while we are away: then nothing is built.
   */
  #placeAll(): void {
    if (this.#phase !== 'open') return;
    const others = new Map([...this.#roster].filter(([id]) => id !== this.#signaling.id));
    for (const [id, username] of others) {
      if (this.has(id)) continue;
      const claim = this.#carried.claim(id, username, others);
      if (claim.kind === 'carried') this.#adopt(id, claim.peer);
      else if (claim.kind === 'new') this.#ensurePeer(id);
    }
  }

  /** Files a carried connection under the other side's new id: no new offer, the same stream. */
  #adopt(id: string, peer: VideoPeer): void {
    peer.rekey(this.#signaling.id, id);
    this.#peers.set(id, peer);
    if (this.#ice.current) peer.setIceConfig(this.#ice.current, { shouldRestart: false }); // the new server's, for later connections
  }

  /** A peer said it is back under a new id. While we carry it, that may be the claim the roster is waiting for. */
  #onPeerRejoined(peer: VideoPeer): void {
    if (!this.#carried.has(peer)) return; // not rejoined ourselves (yet): it is remembered on the peer
    const id = peer.rejoinedAs;
    // Someone already has a connection for that id (they offered us a new one): no second one.
    if (id !== undefined && this.has(id)) return this.#carried.discard(peer);
    this.#placeAll();
    this.emit('carried', undefined);
  }

  /**
   * Starts a peer for `id`: gets an ICE configuration for it (freshly
   * fetched when it carries expiring TURN credentials, see
   * IceServerSource.forNewPeer), holding the peer's frames meanwhile, then
   * builds it.
   */
  #ensurePeer(id: string, frames: PeerFrame[] = []): void {
    if (this.has(id)) return;
    const held = new HeldMessages<PeerFrame>(MAX_HELD_FRAMES, 'drop-newest');
    for (const frame of frames) held.hold(frame);
    this.#waiting.set(id, held);
    this.emit('peer-added', { id });
    void this.#ice
      .forNewPeer()
      .catch(() => {
        // Only when the cached configuration has expired as well.
        this.emit('ice-unavailable', undefined);
        return this.#ice.current ?? NO_ICE;
      })
      .then((config) => this.#createPeer(id, config));
  }

  #createPeer(id: string, iceConfig: IceConfig): void {
    const held = this.#waiting.get(id);
    if (!held || this.#phase !== 'open') return; // they left, or we did, meanwhile
    this.#waiting.delete(id);
    const peer = new VideoPeer({
      localId: this.#signaling.id,
      remoteId: id,
      signaling: this.#outgoing,
      iceConfig,
      localStream: this.#options.localStream,
      localScreen: this.#options.localScreen,
      localStatus: this.#options.localStatus,
      ...this.#options.peerOptions,
    });
    this.#peers.set(id, peer);
    peer.on('stream', (stream) => this.emit('stream', { id: peer.remoteId, stream }));
    peer.on('state', (state) => this.emit('peer-state', { id: peer.remoteId, state }));
    peer.on('status', (status) => this.emit('status', { id: peer.remoteId, status }));
    peer.on('rejoined', () => this.#onPeerRejoined(peer));
    peer.on('open', () => this.emit('peer-open', { id: peer.remoteId }));
    peer.on('hand', ({ raised }) => this.emit('hand', { id: peer.remoteId, raised }));
    peer.on('reaction', ({ emoji }) => this.emit('reaction', { id: peer.remoteId, emoji }));
    for (const frame of held.take()) deliver(peer, frame);
    this.emit('peer-state', { id, state: peer.state });
  }

  #removePeer(id: string): void {
    const peer = this.#peers.get(id);
    const wasWaiting = this.#waiting.delete(id);
    if (!peer && !wasWaiting) return;
    this.#peers.delete(id);
    peer?.destroy();
    this.emit('peer-removed', { id });
  }

  /** Every connection we hold, carried ones included: they still send our media. */
  #livePeers(): VideoPeer[] {
    return [...this.#peers.values(), ...this.#carried.list().map((c) => c.peer)];
  }
}

function deliver(peer: VideoPeer, frame: PeerFrame): void {
  switch (frame.type) {
    case 'offer':
      return peer.handleOffer(frame.data);
    case 'answer':
      return peer.handleAnswer(frame.data);
    case 'icecandidate':
      return peer.handleCandidate(frame.data);
  }
}
