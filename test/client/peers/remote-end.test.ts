// RemoteEnd: holding candidates until the description, telling an ICE
// restart (same SDP session) from a new connection, and dropping candidates
// of an ICE session that has been replaced.
import { describe, expect, it } from 'vitest';
import { MAX_HELD_CANDIDATES, RemoteEnd } from '../../../client/peers/remote-end.js';

const sdp = (session: string, ufrag: string) => `v=0\r\no=- ${session} 2 IN IP4 127.0.0.1\r\na=ice-ufrag:${ufrag}\r\n`;

describe('RemoteEnd', () => {
  it('offering: holds candidates until the answer, then hands over those of its ICE session', () => {
    const remote = new RemoteEnd();
    expect(remote.sentOwn()).toEqual([]);
    expect(remote.hold({ candidate: 'candidate:1 1 udp 1 10.0.0.1 1 typ host ufrag u1' })).toBe(true);
    expect(remote.hold({ candidate: 'candidate:2', usernameFragment: 'old' })).toBe(true);
    expect(remote.take(sdp('s1', 'u1'))).toEqual([{ candidate: 'candidate:1 1 udp 1 10.0.0.1 1 typ host ufrag u1' }]);
    expect(remote.hold({ candidate: 'candidate:3' })).toBe(false);
  });

  it('answering: holds candidates until the offer has come and our answer has gone', () => {
    const remote = new RemoteEnd();
    expect(remote.hold({ candidate: 'candidate:1', usernameFragment: 'u1' })).toBe(true);
    expect(remote.take(sdp('s1', 'u1'))).toEqual([]);
    expect(remote.hold({ candidate: 'candidate:2', usernameFragment: 'u1' })).toBe(true);
    expect(remote.hold({ candidate: 'candidate:3', usernameFragment: 'old' })).toBe(true);
    expect(remote.sentOwn()).toEqual([
      { candidate: 'candidate:1', usernameFragment: 'u1' },
      { candidate: 'candidate:2', usernameFragment: 'u1' },
    ]);
    expect(remote.hold({ candidate: 'candidate:4' })).toBe(false);
  });

  it('knows an offer from the same connection (an ICE restart) from a new one', () => {
    const remote = new RemoteEnd();
    expect(remote.isSameSession(sdp('s1', 'u1'))).toBe(false); // nothing yet
    remote.take(sdp('s1', 'u1'));
    expect(remote.isSameSession(sdp('s1', 'u2'))).toBe(true);
    expect(remote.isSameSession(sdp('s2', 'u1'))).toBe(false);
    expect(remote.isSameSession('v=0\r\n')).toBe(false);
  });

  it('after a restart, takes candidates of the new ICE session and drops the old', () => {
    const remote = new RemoteEnd();
    remote.take(sdp('s1', 'u1'));
    remote.take(sdp('s1', 'u2'));
    expect(remote.belongs({ candidate: 'candidate:1', usernameFragment: 'u2' })).toBe(true);
    expect(remote.belongs({ candidate: 'candidate:1 1 udp 1 10.0.0.1 1 typ host ufrag u1' })).toBe(false);
    expect(remote.belongs({ candidate: 'candidate:no-ufrag' })).toBe(true);
  });

  it('holds at most MAX_HELD_CANDIDATES for a peer that floods candidates and never describes itself', () => {
    const remote = new RemoteEnd();
    for (let i = 0; i < MAX_HELD_CANDIDATES * 10; i++) expect(remote.hold({ candidate: `candidate:${i}` })).toBe(true);
    remote.sentOwn();
    expect(remote.take(sdp('s1', 'u1')).map((c) => c.candidate)).toEqual(Array.from({ length: MAX_HELD_CANDIDATES }, (_, i) => `candidate:${i}`));
  });
});
