// Every message one side sends the other over the peer-to-peer data channel:
// media status, requests of the side that offers, the new id after a
// fresh rejoin, and a raised hand or a reaction (peer-gesture.ts). Each is defined in its own file; a message is decoded and
// parsed once here, and checked against their union.
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { isJsonDeeperThan } from '../../shared/json-depth.js';
import { MAX_JSON_DEPTH } from '../../shared/protocol.js';
import { MediaStatus } from '../media/media-status.js';
import { PeerHand, PeerReaction } from './peer-gesture.js';
import { PeerRejoined } from './peer-rejoined.js';
import { PeerRequest } from './peer-request.js';

export const PeerMessage = Type.Union([MediaStatus, PeerRequest, PeerRejoined, PeerHand, PeerReaction]);
export type PeerMessage = Static<typeof PeerMessage>;

/**
 * Longest data-channel message read, in bytes (or characters, for text). Ours
 * are under 200; the other side is anyone in the room, and the channel
 * carries up to 256 KiB a message, so size and nesting are bounded before
 * anything is decoded or parsed (issue 10).
 */
export const MAX_PEER_MESSAGE_BYTES = 4096;

/** Parses one data-channel message; undefined when it is none of ours (a newer client's, or junk). */
export function parsePeerMessage(bytes: Uint8Array | string): PeerMessage | undefined {
  if (bytes.length > MAX_PEER_MESSAGE_BYTES) return undefined;
  const text = typeof bytes === 'string' ? bytes : new TextDecoder().decode(bytes);
  // The same bound as every signaling frame's (shared/json-depth.ts).
  if (isJsonDeeperThan(text, MAX_JSON_DEPTH)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  return Value.Check(PeerMessage, value) ? value : undefined;
}
