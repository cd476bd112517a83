// This browser's participant key (docs/protocol-history.md §3): a random
// string made once and kept in localStorage, per origin, sent as
// `?participant=` on every WebSocket. The server keeps only its hash, and
// shows a direct message's history to the two keys it was between, so a
// reload or a fresh rejoin still shows our private messages. Treat it like a
// password: it is never logged or shown.
import { PARTICIPANT_KEY_PATTERN } from '../../shared/protocol.js';

export const PARTICIPANT_KEY_STORAGE = 'parley.participant';

/** The part of Storage used here; tests pass a Map-backed one. */
export interface KeyStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** 32 random bytes as base64url: 43 characters, 256 bits. */
export function newParticipantKey(random: (bytes: Uint8Array) => Uint8Array = (b) => crypto.getRandomValues(b)): string {
  const bytes = random(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

/**
 * The stored key, or a new one stored for next time. A stored value the
 * server would refuse (edited by hand, an older format) is replaced. Without
 * storage (private mode may refuse it) the key lasts as long as the page.
 */
export function participantKey(storage: KeyStorage | undefined): string {
  try {
    const stored = storage?.getItem(PARTICIPANT_KEY_STORAGE);
    if (stored && PARTICIPANT_KEY_PATTERN.test(stored)) return stored;
  } catch {
    // Storage that throws on reading is storage we do not have.
  }
  const key = newParticipantKey();
  try {
    storage?.setItem(PARTICIPANT_KEY_STORAGE, key);
  } catch {
    // Not kept: direct messages are then ours only while this page lives.
  }
  return key;
}
