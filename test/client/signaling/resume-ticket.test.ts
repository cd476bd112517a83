// What the client keeps to take its place back: the URL of the next
// connection (resume within the grace period, fresh after, the password
// encoded either way) and the `seen` count by the protocol's rule.
import { describe, expect, it } from 'vitest';
import { ResumeTicket } from '../../../client/signaling/resume-ticket.js';

const GC = 'ground control';

describe('ResumeTicket', () => {
  it('asks for a session on the first connection, with the password encoded', () => {
    const session = new ResumeTicket('wss://h/r/room/ws', 'a&b=c d');
    expect(session.url(0)).toBe('wss://h/r/room/ws?session=1&password=a%26b%3Dc+d');
    expect(new ResumeTicket('wss://h/r/room/ws').url(0)).toBe('wss://h/r/room/ws?session=1');
  });

  it('resumes while the drop is younger than grace_ms, and joins fresh from then on', () => {
    const session = new ResumeTicket('ws://h/r/x/ws');
    session.handleSession({ token: 'tok', resumed: false, grace_ms: 1000 });
    session.handleDrop(5000);
    session.handleDrop(5600); // a failed attempt: the grace still runs from the first drop
    expect(session.url(5999)).toBe('ws://h/r/x/ws?resume=tok&seen=0');
    expect(session.url(6000)).toBe('ws://h/r/x/ws?session=1');
  });

  it('counts frames after the session frame, except ground control greetings and session frames', () => {
    const session = new ResumeTicket('ws://h/r/x/ws');
    session.handleFrame(GC, 'greeting'); // before the session frame: not counted
    session.handleSession({ token: 't1', resumed: false, grace_ms: 1000 });
    for (const [sender, type] of [
      ['peer', 'offer'],
      ['peer', 'greeting'], // a peer's greeting counts
      [GC, 'room-info'],
      [GC, 'error'],
      [undefined, undefined], // a frame that failed the check was still sent
      [GC, 'greeting'],
      [GC, 'session'],
    ] as const) {
      session.handleFrame(sender, type);
    }
    expect(session.seen).toBe(5);
    // A resumption carries the count on; a fresh session starts it again.
    session.handleSession({ token: 't2', resumed: true, grace_ms: 1000 });
    session.handleFrame('peer', 'answer');
    expect(session.seen).toBe(6);
    session.handleSession({ token: 't3', resumed: false, grace_ms: 1000 });
    expect(session.seen).toBe(0);
  });
});
