import { describe, expect, it } from 'vitest';
import { ChatClient } from '../../server/chat-client.js';
import { ClientSession } from '../../server/client-session.js';
import { TokenBucket } from '../../server/rate-limiter.js';
import { SessionRegistry } from '../../server/session-resume.js';
import { FakeTransport } from '../helpers/fake-transport.js';

function slot(roomId = 'r') {
  const session = new ClientSession(new FakeTransport(), {
    maxBufferedBytes: 1000,
    graceMs: 1000,
    isResumable: true,
    bucket: new TokenBucket({ burst: 1, floodTolerance: 0 }),
    owner: { handleParked: () => undefined, handleEnded: () => undefined, handleExpiryFault: () => undefined },
  });
  return { client: new ChatClient('c1', roomId, session), session };
}

describe('SessionRegistry', () => {
  it('issues long random tokens that are not the id', () => {
    const registry = new SessionRegistry();
    const s = slot();
    const token = registry.issue(s);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(token).not.toContain(s.client.id);
    expect(registry.issue(slot())).not.toBe(registry.issue(slot()));
  });

  // Guards against replay: a token that leaked after use must not work again.
  it('redeems a token once only', () => {
    const registry = new SessionRegistry();
    const s = slot();
    const token = registry.issue(s);
    expect(registry.redeem(token, 'r')).toBe(s);
    expect(registry.redeem(token, 'r')).toBeUndefined();
    expect(registry.size).toBe(0);
  });

  it('revokes the old token when it issues a new one for the same session', () => {
    const registry = new SessionRegistry();
    const s = slot();
    const first = registry.issue(s);
    const second = registry.issue(s);
    expect(registry.redeem(first, 'r')).toBeUndefined();
    expect(registry.redeem(second, 'r')).toBe(s);
  });

  it('refuses a token in another room, or whose session has ended, or that was forgotten', () => {
    const registry = new SessionRegistry();
    const a = slot('a');
    expect(registry.redeem(registry.issue(a), 'b')).toBeUndefined();
    const ended = slot();
    const endedToken = registry.issue(ended);
    ended.session.end('left', undefined);
    expect(registry.redeem(endedToken, 'r')).toBeUndefined();
    const forgotten = slot();
    const forgottenToken = registry.issue(forgotten);
    registry.forget(forgotten.session);
    expect(registry.redeem(forgottenToken, 'r')).toBeUndefined();
    expect(registry.redeem('made-up', 'r')).toBeUndefined();
  });
});
