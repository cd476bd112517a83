// Who is in the call, as the UI lists them: ourselves first, then everyone
// the room lists in its order (with the state of our connection to them),
// then the live connections the room does not list (carried across a
// rejoin). Built from the Manager's roster and the PeerMesh's connections.
import { UNKNOWN_STATUS, type MediaStatus } from '../media/media-status.js';
import type { PeerMesh } from '../peers/peer-mesh.js';
import type { PeerState } from '../peers/video-peer.js';

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
  /** Their camera and microphone, or for ourselves the ones we send. */
  stream: MediaStream | undefined;
  /** The screen they present, on a transceiver of its own (undefined for ourselves: we see a banner). */
  screen?: MediaStream | undefined;
  status: MediaStatus;
}

/** The list of participants: `self`, then the listed ones we have a connection for, in room order, then the carried ones. */
export function listParticipants(
  self: Pick<Participant, 'id' | 'username' | 'stream' | 'status'>,
  order: readonly string[],
  usernames: ReadonlyMap<string, string>,
  mesh: Pick<PeerMesh, 'has' | 'get' | 'carried'>,
): Participant[] {
  const others = order
    .filter((id) => id !== self.id && mesh.has(id))
    .map((id): Participant => {
      const peer = mesh.get(id);
      return {
        id,
        tileKey: peer?.firstRemoteId ?? id,
        username: usernames.get(id) ?? '',
        isSelf: false,
        isReachable: true,
        state: peer?.state ?? 'connecting',
        stream: peer?.stream,
        screen: peer?.screen,
        status: peer?.status ?? UNKNOWN_STATUS,
      };
    });
  // Still connected, still playing: shown under the id we knew until the room lists their new one.
  const carried = mesh.carried().map(({ oldId, username, peer }): Participant => ({
    id: oldId,
    tileKey: peer.firstRemoteId,
    username,
    isSelf: false,
    isReachable: false,
    state: peer.state,
    stream: peer.stream,
    screen: peer.screen,
    status: peer.status,
  }));
  return [{ ...self, tileKey: '', isSelf: true, isReachable: true, state: 'connected' }, ...others, ...carried];
}
