// VideoPeer with a fake simple-peer and fake timers: who offers, how signals
// map onto the wire, early and stale candidates, status over the data channel,
// and rebuilding after a failure.
// Longer than ~300 lines for a reason: 34 cases of one class's lifecycle,
// sharing one fake and its set-up; split apart they would repeat both.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { IceCandidate, IceConfig, SessionDescription } from '../../../shared/protocol.js';
import { VideoPeer, isInitiator, type PeerState } from '../../../client/peers/video-peer.js';
import { FakePeer, fakeTrack, stubMediaStream } from '../fakes.js';

const STATUS = { type: 'media-status', audio: true, video: false, screen: false } as const;

let sent: { to: string; kind: 'description' | 'candidate'; data: SessionDescription | IceCandidate }[];

function makePeer(localId: string, remoteId: string, extra: Partial<ConstructorParameters<typeof VideoPeer>[0]> = {}): VideoPeer {
  return new VideoPeer({
    localId,
    remoteId,
    signaling: {
      sendDescription: (to, data) => sent.push({ to, kind: 'description', data }),
      sendCandidate: (to, data) => sent.push({ to, kind: 'candidate', data }),
    },
    iceConfig: { iceServers: [{ urls: 'stun:stun.test:3478' }], iceTransportPolicy: 'all' },
    localStream: () => undefined,
    localStatus: () => STATUS,
    createPeer: (options) => new FakePeer(options),
    connectTimeoutMs: 10_000,
    retryDelaysMs: [100, 200],
    ...extra,
  });
}

/** A description from the remote connection `session` (its SDP origin line), in ICE session `ufrag`. */
const sdp = (ufrag: string, session: string) => `v=0\r\no=- ${session} 2 IN IP4 127.0.0.1\r\na=ice-ufrag:${ufrag}\r\n`;
const offer = (ufrag: string, session = `s-${ufrag}`): SessionDescription => ({ type: 'offer', sdp: sdp(ufrag, session) });
const answer = (ufrag: string, session = `s-${ufrag}`): SessionDescription => ({ type: 'answer', sdp: sdp(ufrag, session) });

beforeEach(() => {
  sent = [];
  FakePeer.reset();
  vi.useFakeTimers();
  stubMediaStream();
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

/** The ids of the tracks in the peer's remote stream. */
const shown = (peer: VideoPeer) => peer.stream?.getTracks().map((t) => t.id);

describe('VideoPeer', () => {
  it('lets exactly one side of a pair offer: the lower id', () => {
    expect(isInitiator('a', 'b')).toBe(true);
    expect(isInitiator('b', 'a')).toBe(false);
    const a = makePeer('a', 'b');
    const b = makePeer('b', 'a');
    expect(FakePeer.created.map((p) => p.options.initiator)).toEqual([true, false]);
    expect(a.isInitiator).not.toBe(b.isInitiator);
  });

  it('always passes config, with the ICE servers and transport policy it was given', () => {
    makePeer('a', 'b');
    expect(FakePeer.last().options.config).toEqual({ iceServers: [{ urls: 'stun:stun.test:3478' }], iceTransportPolicy: 'all' });
  });

  it('maps simple-peer signals onto offer, answer and icecandidate frames, and ignores renegotiation', () => {
    makePeer('a', 'b');
    const peer = FakePeer.last();
    peer.fire('signal', { type: 'offer', sdp: 'o' });
    peer.fire('signal', { type: 'candidate', candidate: { candidate: 'candidate:1', sdpMid: '0', sdpMLineIndex: 0 } });
    peer.fire('signal', { type: 'renegotiate', renegotiate: true });
    expect(sent).toEqual([
      { to: 'b', kind: 'description', data: { type: 'offer', sdp: 'o' } },
      { to: 'b', kind: 'candidate', data: { candidate: 'candidate:1', sdpMid: '0', sdpMLineIndex: 0 } },
    ]);
  });

  it('as the answering side, holds candidates until the offer has come and the answer has gone, then applies them', () => {
    const peer = makePeer('b', 'a');
    peer.handleCandidate({ candidate: 'candidate:early', usernameFragment: 'u1' });
    expect(FakePeer.last().signals).toEqual([]);
    peer.handleOffer(offer('u1'));
    peer.handleCandidate({ candidate: 'candidate:meanwhile', usernameFragment: 'u1' });
    expect(FakePeer.last().signals).toEqual([{ type: 'offer', sdp: offer('u1').sdp }]);
    FakePeer.last().fire('signal', { type: 'answer', sdp: answer('u2').sdp });
    peer.handleCandidate({ candidate: 'candidate:late', usernameFragment: 'u1' });
    expect(sent.map((s) => s.kind)).toEqual(['description']);
    expect(FakePeer.last().signals).toEqual([
      { type: 'offer', sdp: offer('u1').sdp },
      { type: 'candidate', candidate: { candidate: 'candidate:early', usernameFragment: 'u1' } },
      { type: 'candidate', candidate: { candidate: 'candidate:meanwhile', usernameFragment: 'u1' } },
      { type: 'candidate', candidate: { candidate: 'candidate:late', usernameFragment: 'u1' } },
    ]);
  });

  it('as the offering side, holds candidates that come before the answer, then applies them', () => {
    const peer = makePeer('a', 'b');
    FakePeer.last().fire('signal', { type: 'offer', sdp: 'o' });
    peer.handleCandidate({ candidate: 'candidate:early', usernameFragment: 'u1' });
    expect(FakePeer.last().signals).toEqual([]);
    peer.handleAnswer(answer('u1'));
    expect(FakePeer.last().signals).toEqual([
      { type: 'answer', sdp: answer('u1').sdp },
      { type: 'candidate', candidate: { candidate: 'candidate:early', usernameFragment: 'u1' } },
    ]);
  });

  it("drops candidates of the other side's previous connection", () => {
    // Guards against simple-peer destroying itself on a candidate it cannot add.
    const peer = makePeer('a', 'b');
    FakePeer.last().fire('signal', { type: 'offer', sdp: 'o' });
    peer.handleCandidate({ candidate: 'candidate:stale', usernameFragment: 'old' });
    peer.handleCandidate({ candidate: 'candidate:1 1 udp 1 10.0.0.1 5000 typ host generation 0 ufrag old network-id 1' });
    peer.handleAnswer(answer('new'));
    peer.handleCandidate({ candidate: 'candidate:fresh', usernameFragment: 'new' });
    peer.handleCandidate({ candidate: 'candidate:2 1 udp 1 10.0.0.1 5001 typ host generation 0 ufrag new network-id 1' });
    peer.handleCandidate({ candidate: 'candidate:no-ufrag' });
    expect(FakePeer.last().signals).toEqual([
      { type: 'answer', sdp: answer('new').sdp },
      { type: 'candidate', candidate: { candidate: 'candidate:fresh', usernameFragment: 'new' } },
      // simple-peer sends no usernameFragment; the candidate line names it.
      { type: 'candidate', candidate: { candidate: 'candidate:2 1 udp 1 10.0.0.1 5001 typ host generation 0 ufrag new network-id 1' } },
      { type: 'candidate', candidate: { candidate: 'candidate:no-ufrag' } },
    ]);
  });

  it('reports the connection state and the remote stream, and sends our status when connected', () => {
    const peer = makePeer('a', 'b');
    const states: PeerState[] = [];
    const streams: unknown[] = [];
    peer.on('state', (s) => states.push(s));
    peer.on('stream', (s) => streams.push(s));
    FakePeer.last().firePc('track', fakeTrack('video', 'v1'));
    FakePeer.last().fire('connect');
    FakePeer.last().fire('iceStateChange', 'disconnected');
    FakePeer.last().fire('iceStateChange', 'connected');
    expect(streams).toHaveLength(1);
    expect(peer.stream).toBe(streams[0]);
    expect(shown(peer)).toEqual(['v1']);
    expect(states).toEqual(['connected', 'disconnected', 'connected']);
    expect(FakePeer.last().sentData.map((d) => JSON.parse(d))).toEqual([STATUS]);
  });

  it('shows tracks that come without a stream (a=msid:-), one per kind: a new one replaces its kind, an ended one goes', () => {
    const peer = makePeer('a', 'b');
    const video1 = fakeTrack('video', 'v1');
    // The RTCPeerConnection's 'track' events, with event.streams empty.
    FakePeer.last().firePc('track', video1);
    FakePeer.last().firePc('track', fakeTrack('audio', 'a1'));
    expect(shown(peer)).toEqual(['v1', 'a1']);
    FakePeer.last().firePc('track', fakeTrack('video', 'v2'));
    expect(shown(peer)).toEqual(['v2', 'a1']);
    video1.end(); // already replaced: nothing changes
    expect(shown(peer)).toEqual(['v2', 'a1']);
    const audio2 = fakeTrack('audio', 'a2');
    FakePeer.last().firePc('track', audio2);
    audio2.end();
    expect(shown(peer)).toEqual(['v2']);
  });

  it('is connected when the RTCPeerConnection is, without a data channel (a peer that offered none), and fails with it', async () => {
    const peer = makePeer('b', 'a');
    const states: PeerState[] = [];
    peer.on('state', (s) => states.push(s));
    peer.handleOffer(offer('u'));
    FakePeer.last().firePc('connectionstatechange', 'connected');
    await vi.advanceTimersByTimeAsync(10_000); // past the connect timeout: no rebuild
    expect(FakePeer.created).toHaveLength(1);
    expect(states).toEqual(['connected']);
    FakePeer.last().firePc('connectionstatechange', 'failed');
    expect(states).toEqual(['connected', 'failed']);
    await vi.advanceTimersByTimeAsync(100);
    expect(FakePeer.created).toHaveLength(2);
  });

  it("answers an offer of the live connection on it, also as the side that offered first (a perfect-negotiation peer's renegotiation)", () => {
    const peer = makePeer('a', 'b');
    const fake = FakePeer.last();
    fake.fire('signal', { type: 'offer', sdp: 'ours' });
    peer.handleAnswer(answer('u'));
    fake.fire('connect');
    // The other side renegotiates the same connection: same SDP session, new ICE session.
    const restartOffer = offer('u2', 's-u');
    peer.handleOffer(restartOffer);
    const peerBefore = fake;
    expect(FakePeer.created).toEqual([peerBefore]);
    expect(peerBefore.signals.at(-1)).toEqual({ type: 'offer', sdp: restartOffer.sdp });
  });

  it('follows an offer that crosses ours on a first connection (glare): a fresh connection as the answering side', () => {
    const peer = makePeer('a', 'b');
    FakePeer.last().fire('signal', { type: 'offer', sdp: 'ours' });
    peer.handleOffer(offer('u'));
    expect(FakePeer.created.map((p) => p.options.initiator)).toEqual([true, false]);
    expect(FakePeer.created[0]!.isDestroyed).toBe(true);
    expect(FakePeer.last().signals).toEqual([{ type: 'offer', sdp: offer('u').sdp }]);
    // Their answer to our dropped offer, if one ever came, is stale.
    peer.handleAnswer(answer('x'));
    expect(FakePeer.last().signals).toHaveLength(1);
  });

  it("takes the peer's media status from the data channel and ignores anything else there", () => {
    const peer = makePeer('a', 'b');
    const statuses: unknown[] = [];
    peer.on('status', (s) => statuses.push(s));
    const encode = (v: unknown) => new TextEncoder().encode(typeof v === 'string' ? v : JSON.stringify(v));
    FakePeer.last().fire('data', encode('not json'));
    FakePeer.last().fire('data', encode({ type: 'media-status', audio: 'yes' }));
    FakePeer.last().fire('data', encode({ type: 'media-status', audio: false, video: true, screen: true }));
    expect(statuses).toEqual([{ type: 'media-status', audio: false, video: true, screen: true }]);
    expect(peer.status.audio).toBe(false);
  });

  it('reports a raised hand and reactions from the data channel, and says when the channel opens', () => {
    const peer = makePeer('a', 'b');
    const seen: unknown[] = [];
    peer.on('open', () => seen.push('open'));
    peer.on('hand', (h) => seen.push(h));
    peer.on('reaction', (r) => seen.push(r));
    const encode = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));
    FakePeer.last().fire('connect');
    FakePeer.last().fire('data', encode({ type: 'hand', raised: true }));
    FakePeer.last().fire('data', encode({ type: 'reaction', emoji: '🎉' }));
    FakePeer.last().fire('data', encode({ type: 'reaction', emoji: '💩' }));
    expect(seen).toEqual(['open', { raised: true }, { emoji: '🎉' }]);
    peer.sendGesture({ type: 'hand', raised: false });
    expect(FakePeer.last().sentData.map((d) => JSON.parse(d))).toEqual([STATUS, { type: 'hand', raised: false }]);
  });

  it('rebuilds a failed connection by itself, after a growing wait', async () => {
    const peer = makePeer('a', 'b');
    const states: PeerState[] = [];
    peer.on('state', (s) => states.push(s));
    const first = FakePeer.last();
    first.fire('error', new Error('Ice connection failed.'));
    first.fire('close');
    expect(first.isDestroyed).toBe(true);
    expect(FakePeer.created).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(100);
    expect(FakePeer.created).toHaveLength(2);
    expect(FakePeer.last().options.initiator).toBe(true);
    FakePeer.last().fire('close');
    await vi.advanceTimersByTimeAsync(199);
    expect(FakePeer.created).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(FakePeer.created).toHaveLength(3);
    expect(states).toEqual(['failed', 'connecting', 'failed', 'connecting']);
  });

  it('gives up on an attempt that does not connect in time, and tries again', async () => {
    makePeer('a', 'b');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(FakePeer.created[0]!.isDestroyed).toBe(true);
    await vi.advanceTimersByTimeAsync(100);
    expect(FakePeer.created).toHaveLength(2);
  });

  it('rebuilds a connection that stays disconnected, but not one that recovers', async () => {
    makePeer('a', 'b', { disconnectTimeoutMs: 5000 });
    const first = FakePeer.last();
    first.fire('connect');
    first.fire('iceStateChange', 'disconnected');
    await vi.advanceTimersByTimeAsync(4000);
    first.fire('iceStateChange', 'connected');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(first.isDestroyed).toBe(false);
    first.fire('iceStateChange', 'disconnected');
    await vi.advanceTimersByTimeAsync(5000);
    expect(first.isDestroyed).toBe(true);
    await vi.advanceTimersByTimeAsync(100);
    expect(FakePeer.created).toHaveLength(2);
  });

  it('follows a second offer onto a fresh connection: the other side rebuilt', () => {
    const peer = makePeer('b', 'a');
    peer.handleOffer(offer('u1'));
    FakePeer.last().fire('connect');
    peer.handleOffer(offer('u2'));
    expect(FakePeer.created).toHaveLength(2);
    expect(FakePeer.created[0]!.isDestroyed).toBe(true);
    expect(FakePeer.last().options.initiator).toBe(false);
    expect(FakePeer.last().signals).toEqual([{ type: 'offer', sdp: offer('u2').sdp }]);
  });

  it('ignores events from a connection it has replaced', () => {
    const peer = makePeer('b', 'a');
    peer.handleOffer(offer('u1'));
    const old = FakePeer.last();
    peer.handleOffer(offer('u2'));
    old.fire('signal', { type: 'answer', sdp: 'old answer' });
    old.fire('close');
    expect(sent).toEqual([]);
    expect(peer.state).toBe('connecting');
  });

  it('swaps outgoing tracks in place, by kind', async () => {
    const peer = makePeer('a', 'b');
    const track = { kind: 'video', id: 'screen' } as unknown as MediaStreamTrack;
    await peer.replaceTrack('video', track);
    expect(FakePeer.last().replaced).toEqual([{ kind: 'video', track }]);
  });

  it('stops for good when destroyed: no rebuild, no timers left', async () => {
    const peer = makePeer('a', 'b');
    FakePeer.last().fire('close');
    peer.destroy();
    peer.destroy();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(FakePeer.created).toHaveLength(1);
    expect(peer.state).toBe('closed');
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('VideoPeer and a changed ICE configuration', () => {
  const TURN: IceConfig = { iceServers: [{ urls: 'turn:turn.test:3478', username: 'u', credential: 'c' }], iceTransportPolicy: 'all' };
  const RELAY: IceConfig = { ...TURN, iceTransportPolicy: 'relay' };
  const encode = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));
  const requests = (peer: FakePeer) => peer.sentData.map((d) => JSON.parse(d)).filter((m) => m.type === 'peer-request');

  /** An offering side whose first connection is up. */
  function connectedInitiator(): { peer: VideoPeer; fake: FakePeer } {
    const peer = makePeer('a', 'b');
    const fake = FakePeer.last();
    fake.fire('signal', offer('a1', 'sa'));
    peer.handleAnswer(answer('b1', 'sb'));
    fake.fire('connect');
    return { peer, fake };
  }

  /** An answering side whose first connection is up. */
  function connectedAnswerer(): { peer: VideoPeer; fake: FakePeer } {
    const peer = makePeer('b', 'a');
    const fake = FakePeer.last();
    peer.handleOffer(offer('a1', 'sa'));
    fake.fire('signal', { type: 'answer', sdp: answer('b1', 'sb').sdp });
    fake.fire('connect');
    return { peer, fake };
  }

  it('ignores an answer it did not ask for', () => {
    const peer = makePeer('a', 'b');
    peer.handleAnswer(answer('x'));
    expect(FakePeer.last().signals).toEqual([]);
  });

  it('keeps fresh credentials for later connections without disturbing the live one', async () => {
    const { peer, fake } = connectedInitiator();
    peer.setIceConfig(TURN, { shouldRestart: false });
    expect(fake.iceLog).toEqual([`set ${JSON.stringify(TURN.iceServers)}`]);
    fake.fire('close');
    await vi.advanceTimersByTimeAsync(100);
    expect(FakePeer.last().options.config).toEqual(TURN);
  });

  it('restarts ICE on the live connection as the offering side, and takes the answer to it', () => {
    const { peer, fake } = connectedInitiator();
    peer.setIceConfig(TURN, { shouldRestart: true });
    expect(fake.iceLog).toEqual([`set ${JSON.stringify(TURN.iceServers)}`, 'restart', 'negotiate']);
    fake.fire('signal', offer('a2', 'sa'));
    peer.handleAnswer(answer('b2', 'sb'));
    peer.handleCandidate({ candidate: 'candidate:old', usernameFragment: 'b1' });
    peer.handleCandidate({ candidate: 'candidate:new', usernameFragment: 'b2' });
    expect(FakePeer.created).toHaveLength(1);
    expect(fake.signals).toEqual([
      { type: 'answer', sdp: answer('b1', 'sb').sdp },
      { type: 'answer', sdp: answer('b2', 'sb').sdp },
      { type: 'candidate', candidate: { candidate: 'candidate:new', usernameFragment: 'b2' } },
    ]);
    expect(peer.state).toBe('connected');
  });

  it('as the answering side, asks the offering side to restart over the data channel', () => {
    const { peer, fake } = connectedAnswerer();
    peer.setIceConfig(TURN, { shouldRestart: true });
    expect(fake.iceLog).toEqual([`set ${JSON.stringify(TURN.iceServers)}`]);
    expect(requests(fake)).toEqual([{ type: 'peer-request', action: 'ice-restart' }]);
  });

  it('answers a restart offer (same SDP session) on the live connection, and drops the old ICE session', () => {
    const { peer, fake } = connectedAnswerer();
    peer.handleOffer(offer('a2', 'sa'));
    peer.handleCandidate({ candidate: 'candidate:old', usernameFragment: 'a1' });
    peer.handleCandidate({ candidate: 'candidate:new', usernameFragment: 'a2' });
    expect(FakePeer.created).toHaveLength(1);
    expect(fake.isDestroyed).toBe(false);
    expect(fake.signals).toEqual([
      { type: 'offer', sdp: offer('a1', 'sa').sdp },
      { type: 'offer', sdp: offer('a2', 'sa').sdp },
      { type: 'candidate', candidate: { candidate: 'candidate:new', usernameFragment: 'a2' } },
    ]);
  });

  it('restarts when the answering side asks, and only the offering side listens', () => {
    const { fake } = connectedInitiator();
    fake.fire('data', encode({ type: 'peer-request', action: 'ice-restart' }));
    expect(fake.iceLog).toEqual(['restart', 'negotiate']);
    const { fake: answering } = connectedAnswerer();
    answering.fire('data', encode({ type: 'peer-request', action: 'ice-restart' }));
    answering.fire('data', encode({ type: 'peer-request', action: 'reboot' }));
    expect(answering.iceLog).toEqual([]);
  });

  it('builds a new connection for a new transport policy: at once as the offering side', () => {
    const { peer, fake } = connectedInitiator();
    peer.setIceConfig(RELAY, { shouldRestart: false });
    expect(fake.isDestroyed).toBe(true);
    expect(FakePeer.created).toHaveLength(2);
    expect(FakePeer.last().options).toMatchObject({ initiator: true, config: RELAY });
  });

  it('asks for a new connection for a new policy as the answering side, and follows the new offer', () => {
    const { peer, fake } = connectedAnswerer();
    peer.setIceConfig(RELAY, { shouldRestart: false });
    expect(requests(fake)).toEqual([{ type: 'peer-request', action: 'rebuild' }]);
    expect(FakePeer.created).toHaveLength(1);
    peer.handleOffer(offer('a9', 'other-session'));
    expect(fake.isDestroyed).toBe(true);
    expect(FakePeer.last().options).toMatchObject({ initiator: false, config: RELAY });
  });

  it('rebuilds when the answering side asks for a new connection', () => {
    const { fake } = connectedInitiator();
    fake.fire('data', encode({ type: 'peer-request', action: 'rebuild' }));
    expect(fake.isDestroyed).toBe(true);
    expect(FakePeer.last().options.initiator).toBe(true);
  });

  it('waits until a connection is up before restarting it, and a new policy wins over a restart', () => {
    const peer = makePeer('b', 'a');
    const fake = FakePeer.last();
    peer.setIceConfig(TURN, { shouldRestart: true });
    peer.setIceConfig(RELAY, { shouldRestart: false });
    expect(requests(fake)).toEqual([]);
    peer.handleOffer(offer('a1', 'sa'));
    fake.fire('connect');
    expect(requests(fake)).toEqual([{ type: 'peer-request', action: 'rebuild' }]);
  });

  it('keeps a signal simple-peer throws on inside the connection: dropped, and the connection goes on', () => {
    // Real simple-peer throws at once on a candidate with neither sdpMid nor
    // sdpMLineIndex (new RTCIceCandidate), and on any signal once destroyed;
    // thrown, that escaped the Signaler's dispatch into the page (issue 10).
    const peer = makePeer('b', 'a', {
      createPeer: (options) =>
        Object.assign(new FakePeer(options), {
          signal(this: FakePeer, data: { candidate?: { sdpMid?: unknown; sdpMLineIndex?: unknown } }) {
            if (data.candidate && data.candidate.sdpMid == null && data.candidate.sdpMLineIndex == null) {
              throw new TypeError("Failed to construct 'RTCIceCandidate': sdpMid and sdpMLineIndex are both null.");
            }
            this.signals.push(data);
          },
        }),
    });
    peer.handleOffer(offer('u1'));
    FakePeer.last().fire('signal', { type: 'answer', sdp: answer('u2').sdp });
    expect(() => peer.handleCandidate({ candidate: 'candidate:junk' })).not.toThrow();
    peer.handleCandidate({ candidate: 'candidate:good', sdpMid: '0' });
    expect(FakePeer.last().signals).toEqual([
      { type: 'offer', sdp: offer('u1').sdp },
      { type: 'candidate', candidate: { candidate: 'candidate:good', sdpMid: '0' } },
    ]);
    expect(FakePeer.created).toHaveLength(1);
    expect(peer.state).toBe('connecting');
  });

  describe('after a fresh rejoin (peer-rejoined.ts)', () => {
    const encode = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));

    it('tells the other side our new id over the data channel, once connected', () => {
      const peer = makePeer('a', 'b');
      peer.announceRejoin('a2'); // not connected: nothing to send it over
      FakePeer.last().fire('connect');
      peer.announceRejoin('a2');
      expect(FakePeer.last().sentData.map((d) => JSON.parse(d))).toEqual([STATUS, { type: 'rejoined', id: 'a2' }]);
    });

    it('remembers and reports the id the other side says it is back under, and ignores malformed claims', () => {
      const peer = makePeer('a', 'b');
      const ids: string[] = [];
      peer.on('rejoined', ({ id }) => ids.push(id));
      FakePeer.last().fire('data', encode({ type: 'rejoined', id: '' }));
      FakePeer.last().fire('data', encode({ type: 'rejoined', id: 7 }));
      FakePeer.last().fire('data', encode({ type: 'rejoined', id: 'x'.repeat(129) }));
      expect(peer.rejoinedAs).toBeUndefined();
      FakePeer.last().fire('data', encode({ type: 'rejoined', id: 'b2' }));
      expect(ids).toEqual(['b2']);
      expect(peer.rejoinedAs).toBe('b2');
      expect(peer.status.type).toBe('media-status'); // not taken for a status
    });

    it('after a rekey, signals go to the new id and a rebuild picks who offers by the new ids', () => {
      const peer = makePeer('a', 'b'); // 'a' offers
      const fake = FakePeer.last();
      fake.fire('connect');
      peer.rekey('z', 'c');
      expect(peer.remoteId).toBe('c');
      expect(peer.isInitiator).toBe(false);
      fake.fire('signal', { type: 'candidate', candidate: { candidate: 'candidate:1', sdpMid: '0' } });
      expect(sent.map((s) => s.to)).toEqual(['c']);
      expect(FakePeer.created).toHaveLength(1); // the live connection is untouched
      fake.fire('close');
      vi.advanceTimersByTime(100);
      expect(FakePeer.created).toHaveLength(2);
      expect(FakePeer.last().options.initiator).toBe(false); // 'z' > 'c'
    });
  });
});
