// Bad links: what each is told, and the fixed room offered only when the
// fix is sure (spaces, accents), never for a name that means something else.
import { describe, expect, it } from 'vitest';
import { fixRoomName, linkProblem, nameFromInput, roomNameProblem } from '../../../client/ui/link-problem.js';
import { ROOM_NAME_PATTERN } from '../../../shared/protocol.js';

describe('link problems', () => {
  it('has nothing to say of the home page and of a valid room, capitals included', () => {
    expect(linkProblem('/')).toBeUndefined();
    expect(linkProblem('/r/standup')).toBeUndefined();
    expect(linkProblem('/r/Team_Standup-2/')).toBeUndefined();
  });

  it('turns spaces into "-" and drops accents, and offers that room', () => {
    expect(linkProblem('/r/a%20b')).toMatchObject({ headline: '“a b” is not a room name', detail: expect.stringContaining('a space'), fixed: 'a-b' });
    expect(linkProblem('/r/%C3%9Cn%C3%AFcode')).toMatchObject({ fixed: 'Unicode', detail: expect.stringContaining('“Ü”, “ï”') });
    expect(fixRoomName(' Team  Ünïcode ')).toBe('Team-Unicode');
    expect(ROOM_NAME_PATTERN.test(fixRoomName('café au lait')!)).toBe(true);
  });

  it('offers no fix where it would be a guess', () => {
    expect(linkProblem('/r/-bad')).toEqual({ headline: '“-bad” is not a room name', detail: 'Room names start with a letter or a digit.' });
    expect(linkProblem('/r/why%3F')).not.toHaveProperty('fixed');
    expect(linkProblem('/r/%F0%9F%98%80')).not.toHaveProperty('fixed');
    expect(fixRoomName('standup')).toBeUndefined();
  });

  it('counts the characters of a name over 64', () => {
    expect(linkProblem(`/r/${'a'.repeat(70)}`)).toEqual({ headline: 'This room name is too long', detail: 'Room names have at most 64 characters; this one has 70.' });
  });

  it('says when the name is missing, broken or the page unknown', () => {
    expect(linkProblem('/r/')).toMatchObject({ headline: 'This link has no room name' });
    expect(linkProblem('/r/%E0%A4%A')).toMatchObject({ headline: 'This room link is broken' });
    expect(linkProblem('/pricing')).toEqual({ headline: 'There is no page here', detail: 'Parley has no page at /pricing.' });
    expect(linkProblem('/r/a/b')).toMatchObject({ headline: 'There is no page here' });
  });

  it('reads the name out of what was typed into Open', () => {
    expect(nameFromInput(' https://parley.example/r/a%20b?x=1 ')).toBe('a b');
    expect(nameFromInput('/r/Ünïcode')).toBe('Ünïcode');
    expect(nameFromInput('team standup')).toBe('team standup');
    expect(roomNameProblem(nameFromInput('team standup'))).toMatchObject({ fixed: 'team-standup' });
  });
});
