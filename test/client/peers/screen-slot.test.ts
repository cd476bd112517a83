// Presenting through one VideoPeer (screen-slot.ts), with a fake simple-peer:
// a Parley peer gets the screen on a second video transceiver that only the
// offering side adds, once, and the camera stays on the first; a peer that
// sends no media-status gets the screen in place of the camera and no new
// m-line; the slot's mid is named in our media-status; and a peer's own
// screen is shown apart from its camera.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { VideoPeer } from '../../../client/peers/video-peer.js';
import { FakePeer, fakeTrack, stubMediaStream } from '../fakes.js';

const STATUS = { type: 'media-status', audio: true, video: true, screen: false } as const;
const camera = { kind: 'video', id: 'camera' } as unknown as MediaStreamTrack;
const screenTrack = { kind: 'video', id: 'screen' } as unknown as MediaStreamTrack;
let screen: MediaStreamTrack | undefined;
let status: { type: 'media-status'; audio: boolean; video: boolean; screen: boolean };

/** A VideoPeer from `localId` to `remoteId` (the lower id offers), sending our camera, and our screen while `screen` is set. */
function makePeer(localId: string, remoteId: string): VideoPeer {
  return new VideoPeer({
    localId,
    remoteId,
    signaling: { sendDescription: () => undefined, sendCandidate: () => undefined },
    iceConfig: { iceServers: [], iceTransportPolicy: 'all' },
    localStream: () => ({ getVideoTracks: () => [camera] }) as unknown as MediaStream,
    localScreen: () => screen,
    localStatus: () => status,
    createPeer: (options) => new FakePeer(options),
  });
}

const encode = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));
/** What the fake connection's video transceivers send: the camera's first, then the slot's. */
const sending = (fake: FakePeer) => fake.transceivers.filter((t) => t.receiver.track.kind === 'video').map((t) => (t.sender.track as { id: string } | null)?.id ?? null);
const sentData = (fake: FakePeer) => fake.sentData.map((d) => JSON.parse(d) as unknown);

/** The connection opens and the other side says it is Parley (its media-status). */
function connectParley(fake: FakePeer): void {
  fake.fire('connect');
  fake.fire('data', encode({ type: 'media-status', audio: true, video: true, screen: false }));
}

beforeEach(() => {
  FakePeer.reset();
  vi.useFakeTimers();
  stubMediaStream();
  screen = undefined;
  status = { ...STATUS };
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('presenting on one connection', () => {
  it('the offering side adds the screen slot and offers once; a second share reuses it without a new offer', () => {
    const peer = makePeer('a', 'b');
    const fake = FakePeer.last();
    connectParley(fake);
    screen = screenTrack;
    peer.updateScreen();
    expect(sending(fake)).toEqual(['camera', 'screen']);
    expect(fake.iceLog).toEqual(['negotiate']);
    // The offer is made: the slot has its mid, and our status names it.
    const slot = fake.transceivers[2]!;
    slot.mid = '3';
    slot.currentDirection = 'sendrecv';
    fake.fire('signal', { type: 'offer', sdp: 'v=0\r\n' });
    expect(sentData(fake).at(-1)).toEqual({ ...STATUS, screenMid: '3' });

    screen = undefined;
    peer.updateScreen();
    expect(sending(fake)).toEqual(['camera', null]);
    screen = screenTrack;
    peer.updateScreen();
    expect(sending(fake)).toEqual(['camera', 'screen']);
    expect(fake.iceLog).toEqual(['negotiate']);
    expect(fake.transceivers).toHaveLength(3);
  });

  it('the answering side asks the offering side for the slot, and adds no transceiver itself', () => {
    const peer = makePeer('b', 'a');
    const fake = FakePeer.last();
    connectParley(fake);
    screen = screenTrack;
    peer.updateScreen();
    expect(fake.transceivers).toHaveLength(2);
    expect(fake.iceLog).toEqual([]);
    expect(sentData(fake)).toContainEqual({ type: 'peer-request', action: 'screen-slot' });
  });

  it('the offering side opens the slot when the other side asks, and the answering side sends on it when the offer comes', () => {
    makePeer('a', 'b');
    const offering = FakePeer.last();
    connectParley(offering);
    offering.fire('data', encode({ type: 'peer-request', action: 'screen-slot' }));
    expect(offering.transceivers).toHaveLength(3);
    expect(offering.iceLog).toEqual(['negotiate']);

    const answeringPeer = makePeer('b', 'a');
    const answering = FakePeer.last();
    connectParley(answering);
    screen = screenTrack;
    answeringPeer.updateScreen();
    // The offer adds the slot on this side too (recvonly, as the browser makes it), during the negotiation.
    const slot = answering._pc.addTransceiver('video', { direction: 'recvonly' });
    answering.transceivers[2]!.mid = '3';
    answering.setSignalingState('have-remote-offer');
    answering.firePc('track', fakeTrack('video', 'their slot'), '3');
    // Its end sends too, in the answer on its way: no second request.
    expect(slot.direction).toBe('sendrecv');
    expect(sending(answering)).toEqual(['camera', 'screen']);
    expect(sentData(answering).filter((m) => JSON.stringify(m).includes('screen-slot'))).toHaveLength(1);
  });

  it('the offering side offers for a request only until the other side may send on the slot: a repeated request makes no new offer', () => {
    makePeer('a', 'b');
    const offering = FakePeer.last();
    connectParley(offering);
    offering.fire('data', encode({ type: 'peer-request', action: 'screen-slot' }));
    expect(offering.iceLog).toEqual(['negotiate']);
    // Negotiated with the other end receiving only (it did not present yet): a request now is a real one.
    const slot = offering.transceivers[2]!;
    slot.mid = '3';
    slot.currentDirection = 'sendonly';
    offering.fire('data', encode({ type: 'peer-request', action: 'screen-slot' }));
    expect(offering.iceLog).toEqual(['negotiate', 'negotiate']);
    // Now it may send: a flood of requests asks for nothing.
    slot.currentDirection = 'sendrecv';
    for (let i = 0; i < 20; i++) offering.fire('data', encode({ type: 'peer-request', action: 'screen-slot' }));
    expect(offering.iceLog).toEqual(['negotiate', 'negotiate']);
    expect(offering.transceivers).toHaveLength(3);
  });

  it('a peer that sends no media-status (not Parley) gets the screen in place of the camera, and no new m-line', () => {
    const peer = makePeer('a', 'b');
    const fake = FakePeer.last();
    fake.firePc('connectionstatechange', 'connected');
    screen = screenTrack;
    peer.updateScreen();
    expect(sending(fake)).toEqual(['screen']);
    // A camera switch meanwhile does not take the screen's place.
    void peer.replaceTrack('video', { kind: 'video', id: 'camera 2' } as unknown as MediaStreamTrack);
    expect(sending(fake)).toEqual(['screen']);
    screen = undefined;
    peer.updateScreen();
    expect(sending(fake)).toEqual(['camera']);
    expect(fake.transceivers).toHaveLength(2);
    expect(fake.iceLog).toEqual([]);
  });

  it('a connection built while we present gives the screen in place of the camera until the peer shows it is Parley, then moves it to a slot', () => {
    screen = screenTrack;
    makePeer('a', 'b');
    const fake = FakePeer.last();
    expect(sending(fake)).toEqual(['screen']);
    connectParley(fake);
    expect(sending(fake)).toEqual(['camera', 'screen']);
    expect(fake.iceLog).toEqual(['negotiate']);
  });

  it("shows a Parley peer's screen apart from its camera, by the mid its status names", () => {
    const peer = makePeer('a', 'b');
    const fake = FakePeer.last();
    fake.firePc('track', fakeTrack('video', 'their camera'), '1');
    fake.fire('connect');
    fake.fire('data', encode({ type: 'media-status', audio: true, video: true, screen: true, screenMid: '3' }));
    fake.firePc('track', fakeTrack('video', 'their screen'), '3');
    expect(peer.stream?.getTracks().map((t) => t.id)).toEqual(['their camera']);
    expect(peer.screen?.getTracks().map((t) => t.id)).toEqual(['their screen']);
    // A mid too long to be one is not a status at all.
    fake.fire('data', encode({ type: 'media-status', audio: true, video: true, screen: false, screenMid: 'x'.repeat(100) }));
    expect(peer.status.screen).toBe(true);
  });
});
