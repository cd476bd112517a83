// The participant key: random, kept per origin, replaced when the stored one
// would be refused, and made anew when storage refuses.
import { describe, expect, it } from 'vitest';
import { PARTICIPANT_KEY_STORAGE, newParticipantKey, participantKey, type KeyStorage } from '../../../client/signaling/participant-key.js';
import { PARTICIPANT_KEY_PATTERN } from '../../../shared/protocol.js';

function memoryStorage(initial: Record<string, string> = {}): KeyStorage & { items: Map<string, string> } {
  const items = new Map(Object.entries(initial));
  return { items, getItem: (k) => items.get(k) ?? null, setItem: (k, v) => void items.set(k, v) };
}

describe('participant key', () => {
  it('is 43 base64url characters from 32 random bytes, which the server accepts', () => {
    const key = newParticipantKey();
    expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(PARTICIPANT_KEY_PATTERN.test(key)).toBe(true);
    expect(newParticipantKey()).not.toBe(key);
    expect(newParticipantKey((b) => b.fill(255))).toBe('_'.repeat(42) + '8');
  });

  it('is made once and kept: the next page of the same origin gets the same one', () => {
    const storage = memoryStorage();
    const first = participantKey(storage);
    expect(storage.items.get(PARTICIPANT_KEY_STORAGE)).toBe(first);
    expect(participantKey(storage)).toBe(first);
  });

  it('replaces a stored value the server would refuse', () => {
    const storage = memoryStorage({ [PARTICIPANT_KEY_STORAGE]: 'short' });
    const key = participantKey(storage);
    expect(key).not.toBe('short');
    expect(storage.items.get(PARTICIPANT_KEY_STORAGE)).toBe(key);
  });

  it('still gives a key when there is no storage, or it throws', () => {
    const throwing: KeyStorage = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
    };
    expect(PARTICIPANT_KEY_PATTERN.test(participantKey(throwing))).toBe(true);
    expect(PARTICIPANT_KEY_PATTERN.test(participantKey(undefined))).toBe(true);
  });
});
