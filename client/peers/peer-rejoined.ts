// What one side tells the other over the peer-to-peer data channel when it
// has come back to the server as a new participant (the server restarted,
// or held its place no longer): `{type: 'rejoined', id}`, its new id. Sent
// straight over the live connection, so it arrives while the server is still
// down or just back; the other side then keeps the connection and files it
// under the new id instead of building a new one (carried-peers.ts). Like
// media-status it never passes the server, so it is not part of the wire
// protocol; a client that predates it ignores it.
import { Type, type Static } from '@sinclair/typebox';

export const PeerRejoined = Type.Object({
  type: Type.Literal('rejoined'),
  // The server's ids are UUIDs; the bound only keeps a confused peer's claim small.
  id: Type.String({ minLength: 1, maxLength: 128 }),
});
export type PeerRejoined = Static<typeof PeerRejoined>;
