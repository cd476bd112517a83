// PeerMesh with a fake signaler, a fake ICE source and fake simple-peers: the
// SDP goes both ways through it (frames from the Signaler to the right peer,
// a peer's own signals out to the Signaler), frames are held before the call
// is in and while a peer's ICE configuration is on its way, the roster decides
// which connections exist, ICE changes and our media reach every connection,
// and close() ends them all. The call around it is in test/client/call/.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { IceChangeReason, IceServerSourceEvents } from '../../../client/ice/ice-server-source.js';
import { MAX_HELD_FRAMES, PeerMesh, type MeshSignaling, type MeshSignalingEvents, type PeerMeshEvents } from '../../../client/peers/peer-mesh.js';
import type { IceCandidate, IceConfig, SessionDescription } from '../../../shared/protocol.js';
import { TypedEmitter } from '../../../shared/typed-emitter.js';
import { FakePeer } from '../fakes.js';

const STATUS = { type: 'media-status', audio: true, video: true, screen: false } as const;
const ICE: IceConfig = { iceServers: [{ urls: 'stun:stun.test:3478' }], iceTransportPolicy: 'all' };

/** The Signaler as the mesh sees it: the test fires its frames and reads what went out. */
class FakeSignaling extends TypedEmitter<MeshSignalingEvents & Record<string, unknown>> implements MeshSignaling {
  id = 'm';
  readonly sent: { to: string; type: string; data?: SessionDescription | IceCandidate }[] = [];
  sendDescription(to: string, data: SessionDescription): void {
    this.sent.push({ to, type: data.type, data });
  }
  sendCandidate(to: string, data: IceCandidate): void {
    this.sent.push({ to, type: 'icecandidate', data });
  }
  sendBye(to: string): void {
    this.sent.push({ to, type: 'bye' });
  }
  offer(sender: string, sdp: string): void {
    this.emit('offer', { sender, data: { type: 'offer', sdp } });
  }
  bye(sender: string): void {
    this.emit('bye', { sender });
  }
  candidate(sender: string, candidate: string): void {
    this.emit('icecandidate', { sender, data: { candidate, sdpMid: '0' } });
  }
}

/** IceServerSource as the mesh sees it: a configuration per new peer (or a failure), and changes the test fires. */
class FakeIce extends TypedEmitter<IceServerSourceEvents> {
  current: IceConfig | undefined = ICE;
  failNext = false;
  forNewPeer(): Promise<IceConfig> {
    if (this.failNext) return Promise.reject(new Error('no servers'));
    return Promise.resolve(this.current!);
  }
  change(config: IceConfig, reason: IceChangeReason): void {
    this.current = config;
    this.emit('change', { config, isOverridden: false, reason });
  }
}

let signaling: FakeSignaling;
let ice: FakeIce;
let mesh: PeerMesh;
let events: string[];

const roster = (...ids: string[]) => new Map(ids.map((id) => [id, id.toUpperCase()]));
/** Waits until `count` simple-peers exist: each new peer is built once its ICE configuration (a promise) is there. */
const built = (count: number) => vi.waitFor(() => expect(FakePeer.created).toHaveLength(count), { timeout: 10_000 });

beforeEach(() => {
  FakePeer.reset();
  signaling = new FakeSignaling();
  ice = new FakeIce();
  mesh = new PeerMesh({
    signaling,
    ice,
    localStream: () => undefined,
    localScreen: () => undefined,
    localStatus: () => STATUS,
    peerOptions: { createPeer: (o) => new FakePeer(o), retryDelaysMs: [100] },
  });
  events = [];
  for (const event of ['peer-added', 'peer-removed', 'carried', 'ice-unavailable'] as const) {
    mesh.on(event, (payload: PeerMeshEvents[typeof event]) => events.push(`${event}${payload ? ` ${payload.id}` : ''}`));
  }
});
afterEach(() => mesh.close({ shouldSayBye: false }));

describe('PeerMesh', () => {
  it('holds peer frames until the call is in, then builds a peer for the roster first and delivers the held frames to it', async () => {
    mesh.handleRoster(roster('a', 'm'));
    signaling.offer('a', 'from a');
    signaling.candidate('a', 'candidate:1');
    expect(FakePeer.created).toHaveLength(0);
    mesh.open();
    await built(1);
    expect(FakePeer.created).toHaveLength(1);
    expect(FakePeer.last().options.config).toEqual(ICE);
    expect(FakePeer.last().signals[0]).toEqual({ type: 'offer', sdp: 'from a' });
    expect(events).toEqual(['peer-added a']);
    expect(mesh.has('a')).toBe(true);
  });

  it('holds at most MAX_HELD_FRAMES before the call is in: a flooding member cannot grow the page', async () => {
    // Ids below ours ('m'), so each offer is answered on the connection built for it.
    for (let i = 0; i < MAX_HELD_FRAMES + 50; i++) signaling.offer(`a${i}`, `from a${i}`);
    mesh.open();
    // Each held offer comes from someone new, so each one that was kept builds a peer.
    expect(events.filter((e) => e.startsWith('peer-added'))).toHaveLength(MAX_HELD_FRAMES);
    expect(mesh.has(`a${MAX_HELD_FRAMES - 1}`)).toBe(true);
    expect(mesh.has(`a${MAX_HELD_FRAMES}`)).toBe(false);
    await built(MAX_HELD_FRAMES);
  });

  it('builds a peer for an offer from someone the roster does not list yet, and tells who it is', async () => {
    mesh.open();
    signaling.offer('b', 'from b');
    expect(events).toEqual(['peer-added b']);
    await built(1);
    expect(FakePeer.last().options.initiator).toBe(false); // 'b' < 'm': they offer, we answer
    expect(FakePeer.last().signals).toEqual([{ type: 'offer', sdp: 'from b' }]);
  });

  it('sends what a peer says through the signaling, to that peer', async () => {
    mesh.open();
    mesh.handleRoster(roster('m', 'z'));
    await built(1);
    const peer = FakePeer.last();
    expect(peer.options.initiator).toBe(true);
    peer.fire('signal', { type: 'offer', sdp: 'ours' });
    peer.fire('signal', { type: 'candidate', candidate: { candidate: 'candidate:9', sdpMid: '0' } });
    expect(signaling.sent).toEqual([
      { to: 'z', type: 'offer', data: { type: 'offer', sdp: 'ours' } },
      { to: 'z', type: 'icecandidate', data: { candidate: 'candidate:9', sdpMid: '0' } },
    ]);
  });

  it('holds the frames that come while a peer waits for its ICE configuration, and ignores our own', async () => {
    mesh.open();
    mesh.handleRoster(roster('a', 'm'));
    signaling.offer('a', 'from a');
    signaling.offer('m', 'from ourselves');
    expect(FakePeer.created).toHaveLength(0);
    await built(1);
    expect(FakePeer.created).toHaveLength(1);
    expect(FakePeer.last().signals).toEqual([{ type: 'offer', sdp: 'from a' }]);
  });

  it('drops a connection being set up when the roster no longer lists it, and carries a live one', async () => {
    mesh.open();
    mesh.handleRoster(roster('a', 'm', 'z'));
    await built(2);
    const [a, z] = FakePeer.created;
    a!.fire('connect');
    expect(mesh.get('a')?.state).toBe('connected');
    mesh.handleRoster(roster('m'));
    expect(z!.isDestroyed).toBe(true);
    expect(a!.isDestroyed).toBe(false);
    expect(mesh.has('a')).toBe(false);
    expect(mesh.carried().map((c) => [c.oldId, c.username])).toEqual([['a', 'A']]);
    expect(events).toContain('peer-removed z');
  });

  it("ends a peer's connection when it says bye", async () => {
    mesh.open();
    mesh.handleRoster(roster('a', 'm'));
    await built(1);
    signaling.bye('a');
    expect(FakePeer.last().isDestroyed).toBe(true);
    expect(mesh.has('a')).toBe(false);
    expect(events).toEqual(['peer-added a', 'peer-removed a']);
  });

  it('builds with what is left when no fresh ICE configuration can be had, and says so', async () => {
    mesh.open();
    ice.failNext = true;
    mesh.handleRoster(roster('a', 'm'));
    await built(1);
    expect(events).toEqual(['peer-added a', 'ice-unavailable']);
    expect(FakePeer.last().options.config).toEqual(ICE);
  });

  it('gives every live peer an ICE change, restarting only for expiring credentials or the user’s own servers, and none while away', async () => {
    mesh.open();
    mesh.handleRoster(roster('m', 'z'));
    await built(1);
    const peer = FakePeer.last();
    peer.fire('connect');
    const next: IceConfig = { iceServers: [{ urls: 'stun:next.test:3478' }], iceTransportPolicy: 'all' };
    ice.change(next, 'fetched');
    expect(peer.iceLog).toEqual(['set [{"urls":"stun:next.test:3478"}]']);
    ice.change(ICE, 'expiring');
    expect(peer.iceLog.slice(1)).toEqual(['set [{"urls":"stun:stun.test:3478"}]', 'restart', 'negotiate']);
    mesh.pause();
    ice.change(next, 'override');
    expect(peer.iceLog).toHaveLength(4);
  });

  it('swaps our tracks on every connection, and sends our media status once per change', async () => {
    mesh.open();
    mesh.handleRoster(roster('a', 'm', 'z'));
    await built(2);
    for (const peer of FakePeer.created) peer.fire('connect');
    const track = { kind: 'video' } as MediaStreamTrack;
    mesh.handleLocalTrack('video', track);
    expect(FakePeer.created.map((p) => p.replaced)).toEqual([[{ kind: 'video', track }], [{ kind: 'video', track }]]);
    const muted = { ...STATUS, audio: false };
    mesh.handleLocalStatus(muted);
    mesh.handleLocalStatus(muted);
    for (const peer of FakePeer.created) expect(peer.sentData.slice(1)).toEqual([JSON.stringify(muted)]); // the first: the status on connect
  });

  it('on a fresh rejoin carries the live connections, tells them our new id, and drops the rest', async () => {
    mesh.open();
    mesh.handleRoster(roster('a', 'm', 'z'));
    await built(2);
    const [a, z] = FakePeer.created;
    a!.fire('connect');
    mesh.pause();
    signaling.id = 'n';
    expect(mesh.handleRejoined()).toBe(1);
    expect(z!.isDestroyed).toBe(true);
    expect(a!.sentData.at(-1)).toBe(JSON.stringify({ type: 'rejoined', id: 'n' }));
    expect(mesh.carried().map((c) => c.oldId)).toEqual(['a']);
    mesh.open();
    mesh.handleRoster(
      new Map([
        ['n', 'M'],
        ['a2', 'A'],
      ]),
    );
    // The only new id of that name: the carried connection, filed under it, no new offer.
    expect(mesh.get('a2')?.firstRemoteId).toBe('a');
    expect(mesh.carried()).toEqual([]);
    expect(FakePeer.created).toHaveLength(2);
  });

  it('on close says bye to every peer if asked, ends every connection and hears no more frames', async () => {
    mesh.open();
    mesh.handleRoster(roster('a', 'm', 'z'));
    await built(2);
    mesh.close({ shouldSayBye: true });
    expect(signaling.sent.filter((f) => f.type === 'bye').map((f) => f.to)).toEqual(['a', 'z']);
    expect(FakePeer.created.every((p) => p.isDestroyed)).toBe(true);
    signaling.offer('q', 'late');
    expect(FakePeer.created).toHaveLength(2);
    expect(mesh.has('q')).toBe(false);
  });
});
