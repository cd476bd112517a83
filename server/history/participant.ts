// How a participant is recognised across connections, for direct messages'
// history: the browser keeps a random key (PARTICIPANT_KEY_PATTERN, in
// localStorage) and sends it as ?participant=<key> on every WebSocket; the
// server keeps only its SHA-256. A plain hash is enough because the key is
// random with at least 128 bits: there is nothing to guess from the hash. A
// connection without a key is its own participant, for that connection only.
// See docs/protocol-history.md.
import { createHash } from 'node:crypto';

export function participantHash(key: string): string {
  return createHash('sha256').update(key).digest('base64url');
}

/** The party of a connection that gave no key: it can read its direct messages only while connected. */
export function connectionParty(clientId: string): string {
  return `conn:${clientId}`;
}
