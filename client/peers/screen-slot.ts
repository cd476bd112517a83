// Which of our tracks goes on which video transceiver of one connection while
// we present (issue 14: the screen large, the presenter's camera still in its
// tile). To a Parley peer the screen goes on a second video transceiver, "the
// screen slot", negotiated the first time we present on that connection and
// reused with replaceTrack after that; the camera stays on the first. A peer
// that has not shown itself to be Parley (no media-status: Camus, or any
// client written from docs/protocol.md) is offered no extra m-line and gets
// the screen in place of the camera, as before (docs/client.md, "Presenting").
//
// Only the side that offers adds a transceiver (docs/client.md, "Who
// offers"); the other side asks it to (`peer-request` `screen-slot`) and, when
// the offer comes, makes its end of the new m-line send too. The transceivers
// are in m-line order, the same on both sides, so "the second video one" is
// the same slot for both.

/** The part of an RTCPeerConnection this needs; unit tests pass a fake. */
export type SlotConnection = Pick<RTCPeerConnection, 'getTransceivers' | 'addTransceiver' | 'signalingState'>;

export interface VideoPlan {
  camera: MediaStreamTrack | null;
  screen: MediaStreamTrack | null;
  /** Whether the peer sent us a media-status: it is Parley, and takes a screen slot. */
  isParley: boolean;
  isInitiator: boolean;
}

export interface SlotActions {
  /** Makes a new offer (the offering side only). */
  negotiate(): void;
  /** Asks the offering side, over the data channel, to negotiate the slot. */
  request(): void;
}

/** The camera's transceiver and the screen slot, if there is one. */
export function videoTransceivers(pc: Pick<RTCPeerConnection, 'getTransceivers'>): RTCRtpTransceiver[] {
  return pc.getTransceivers().filter((t) => t.receiver.track.kind === 'video');
}

/** The mid of the screen slot, once negotiated: what our media-status names. */
export function slotMid(pc: Pick<RTCPeerConnection, 'getTransceivers'>): string | undefined {
  return videoTransceivers(pc)[1]?.mid ?? undefined;
}

/** Puts the camera and the screen on this connection's transceivers, opening the slot if the screen needs it. */
export function placeVideo(pc: SlotConnection, plan: VideoPlan, actions: SlotActions): void {
  const [camera, slot] = videoTransceivers(pc);
  if (!plan.isParley) return replace(camera, plan.screen ?? plan.camera);
  replace(camera, plan.camera);
  if (plan.screen && !isSending(slot)) openSlot(pc, plan.isInitiator, actions);
  replace(videoTransceivers(pc)[1], plan.screen);
}

/**
 * Makes the slot send: on the offering side, adds it if needed and offers;
 * on the other, marks its end sendrecv and asks for an offer. During a
 * negotiation (an offer out or in) the answer on its way carries it.
 */
export function openSlot(pc: SlotConnection, isInitiator: boolean, actions: SlotActions): void {
  const slot = videoTransceivers(pc)[1];
  if (slot) slot.direction = 'sendrecv';
  if (pc.signalingState !== 'stable') return;
  if (!isInitiator) return actions.request();
  if (!slot) pc.addTransceiver('video', { direction: 'sendrecv' });
  actions.negotiate();
}

/**
 * The other side asked for the slot (\`screen-slot\`, the offering side only).
 * Once it has been negotiated so that the other side may send on it, a
 * request asks nothing more: a peer repeating it cannot make us offer again
 * and again (each offer and answer goes through the server, against our
 * own rate budget).
 */
export function grantSlot(pc: SlotConnection, actions: SlotActions): void {
  // From our side, 'sendrecv' or 'recvonly': the other side's end sends.
  if (!videoTransceivers(pc)[1]?.currentDirection?.includes('recv')) openSlot(pc, true, actions);
}

/** 'sendrecv' or 'sendonly': our end sends. */
function isSending(t: RTCRtpTransceiver | undefined): boolean {
  return t?.currentDirection?.includes('send') === true;
}

function replace(t: RTCRtpTransceiver | undefined, track: MediaStreamTrack | null): void {
  // A closed connection refuses: the next one is placed afresh.
  if (t && t.sender.track !== track) t.sender.replaceTrack(track).catch(() => undefined);
}
