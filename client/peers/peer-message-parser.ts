// Reads one data-channel message into a PeerMessage (peer-message.ts), or
// nothing: the other side is anyone in the room, so size and nesting are
// bounded before anything is decoded or parsed (issue 10), and the result is
// checked with the union's check compiled at build time (client/checks/).
import { checks } from 'virtual:browser-checks';
import { isJsonDeeperThan } from '../../shared/json-depth.js';
import { MAX_JSON_DEPTH } from '../../shared/protocol.js';
import type { PeerMessage } from './peer-message.js';

/**
 * Longest data-channel message read, in bytes (or characters, for text). Ours
 * are under 200; the channel carries up to 256 KiB a message.
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
  return checks.PeerMessage.check(value) ? value : undefined;
}
