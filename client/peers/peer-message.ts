// Every message one side sends the other over the peer-to-peer data channel:
// media status, requests of the side that offers, and the new id after a
// fresh rejoin. Each is defined in its own file; a message is decoded and
// parsed once here, and checked against their union.
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { MediaStatus } from '../media/media-status.js';
import { PeerRejoined } from './peer-rejoined.js';
import { PeerRequest } from './peer-request.js';

export const PeerMessage = Type.Union([MediaStatus, PeerRequest, PeerRejoined]);
export type PeerMessage = Static<typeof PeerMessage>;

/** Parses one data-channel message; undefined when it is none of ours (a newer client's, or junk). */
export function parsePeerMessage(bytes: Uint8Array | string): PeerMessage | undefined {
  let value: unknown;
  try {
    value = JSON.parse(typeof bytes === 'string' ? bytes : new TextDecoder().decode(bytes));
  } catch {
    return undefined;
  }
  return Value.Check(PeerMessage, value) ? value : undefined;
}
