// What each side tells the other over the peer-to-peer data channel: whether
// its microphone and camera are on and whether it is sharing its screen. The
// video track keeps flowing either way (we never renegotiate), so without this
// the other side could not tell "camera off" from a black picture. It never
// passes the server, so it is not part of the wire protocol.
import { Type, type Static } from '@sinclair/typebox';

export const MediaStatus = Type.Object({
  type: Type.Literal('media-status'),
  audio: Type.Boolean(),
  video: Type.Boolean(),
  screen: Type.Boolean(),
});
export type MediaStatus = Static<typeof MediaStatus>;

/** What we assume of a peer until it tells us. */
export const UNKNOWN_STATUS: MediaStatus = { type: 'media-status', audio: true, video: true, screen: false };
