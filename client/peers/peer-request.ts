// What one side of a connection asks of the other over the peer-to-peer data
// channel, beside media-status. Only the side that offers can restart ICE or
// start a new connection (docs/client.md, "Who offers"), so when the other
// side's ICE configuration changes, it asks: `ice-restart` (new servers or
// credentials, same connection) or `rebuild` (a new transport policy, which
// a live connection cannot take). Like media-status it never passes the
// server, so it is not part of the wire protocol; a client that predates it
// ignores it.
import { Type, type Static } from '@sinclair/typebox';

export const PeerRequest = Type.Object({
  type: Type.Literal('peer-request'),
  action: Type.Union([Type.Literal('ice-restart'), Type.Literal('rebuild')]),
});
export type PeerRequest = Static<typeof PeerRequest>;
export type PeerAction = PeerRequest['action'];

/** Of two pending actions, the one that also does the other's job. */
export function strongerAction(a: PeerAction | undefined, b: PeerAction): PeerAction {
  return a === 'rebuild' || b === 'rebuild' ? 'rebuild' : 'ice-restart';
}
