// Every message one side sends the other over the peer-to-peer data channel:
// media status, requests of the side that offers, the new id after a fresh
// rejoin, and a raised hand or a reaction (peer-gesture.ts). Each is defined
// in its own file and joined here; a message is parsed and checked against
// this union in peer-message-parser.ts.
//
// This file holds schemas only: the build reads it to compile the browser's
// checks (client/checks/browser-schemas.ts), so it must not import those
// checks itself.
import { Type, type Static } from '@sinclair/typebox';
import { MediaStatus } from '../media/media-status.js';
import { PeerHand, PeerReaction } from './peer-gesture.js';
import { PeerRejoined } from './peer-rejoined.js';
import { PeerRequest } from './peer-request.js';

export const PeerMessage = Type.Union([MediaStatus, PeerRequest, PeerRejoined, PeerHand, PeerReaction]);
export type PeerMessage = Static<typeof PeerMessage>;
