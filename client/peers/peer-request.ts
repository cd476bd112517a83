// What one side of a connection asks of the other over the peer-to-peer data
// channel, beside media-status. Only the side that offers can restart ICE or
// start a new connection (docs/client.md, "Who offers"), so when the other
// side's ICE configuration changes, it asks: `ice-restart` (new servers or
// credentials, same connection) or `rebuild` (a new transport policy, which
// a live connection cannot take). `screen-slot` asks it to negotiate a second
// video transceiver for our screen (video-peer.ts, "Presenting"). Like media-status it never passes the
// server, so it is not part of the wire protocol; a client that predates it
// ignores it.
import { Type, type Static } from '@sinclair/typebox';

export const PeerRequest = Type.Object({
  type: Type.Literal('peer-request'),
  action: Type.Union([Type.Literal('ice-restart'), Type.Literal('rebuild'), Type.Literal('screen-slot')]),
});
export type PeerRequest = Static<typeof PeerRequest>;
/** What an ICE change asks of the offering side. */
export type PeerAction = Exclude<PeerRequest['action'], 'screen-slot'>;

/** Of two pending actions, the one that also does the other's job. */
export function strongerAction(a: PeerAction | undefined, b: PeerAction): PeerAction {
  return a === 'rebuild' || b === 'rebuild' ? 'rebuild' : 'ice-restart';
}
