// What one side shows the others over the peer-to-peer data channel, beside
// its media status: a raised hand (`{type: 'hand', raised}`, sent on each
// change and again whenever a connection opens, so a late joiner sees hands
// raised before it came) and an emoji reaction (`{type: 'reaction', emoji}`,
// one of REACTIONS only). Like media-status they never pass the server, so
// they are not part of the wire protocol, and a client that predates them
// ignores them (peer-message.ts drops what it does not know). The receiving
// side limits how many reactions it shows (client/call/reaction-board.ts):
// the other end is anyone in the room.
import { Type, type Static } from '@sinclair/typebox';
import { REACTIONS } from './reactions.js';

export { REACTIONS, type Reaction } from './reactions.js';

export const PeerHand = Type.Object({
  type: Type.Literal('hand'),
  raised: Type.Boolean(),
});
export type PeerHand = Static<typeof PeerHand>;

export const PeerReaction = Type.Object({
  type: Type.Literal('reaction'),
  emoji: Type.Union(REACTIONS.map((emoji) => Type.Literal(emoji))),
});
export type PeerReaction = Static<typeof PeerReaction>;

/** Either of them: what the call sends to every peer. */
export type PeerGesture = PeerHand | PeerReaction;
