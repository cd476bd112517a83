// What each side tells the other over the peer-to-peer data channel: whether
// its microphone and camera are on, whether it is sharing its screen, and
// which transceiver its screen comes on. The camera's track keeps flowing
// either way (a placeholder while off), so without this the other side could
// not tell "camera off" from a black picture, nor a screen from a camera. It never
// passes the server, so it is not part of the wire protocol.
import { Type, type Static } from '@sinclair/typebox';

export const MediaStatus = Type.Object({
  type: Type.Literal('media-status'),
  audio: Type.Boolean(),
  video: Type.Boolean(),
  screen: Type.Boolean(),
  /**
   * The mid of the transceiver our screen goes on to this peer (video-peer.ts,
   * "Presenting"), sent once it exists, sharing or not; absent before, and to
   * clients that send no media-status (they get the screen in place of the camera).
   */
  screenMid: Type.Optional(Type.String({ maxLength: 16 })),
});
export type MediaStatus = Static<typeof MediaStatus>;

/** What we assume of a peer until it tells us. */
export const UNKNOWN_STATUS: MediaStatus = { type: 'media-status', audio: true, video: true, screen: false };
