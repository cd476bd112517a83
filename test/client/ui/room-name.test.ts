// Room names: unguessable when new, and read back from paths and pasted links.
import { describe, expect, it } from 'vitest';
import { newRoomName, roomFromInput, roomFromPath } from '../../../client/ui/room-name.js';
import { ROOM_NAME_PATTERN } from '../../../shared/protocol.js';

describe('room names', () => {
  it('makes names the server accepts, from 16 random bytes', () => {
    const name = newRoomName();
    expect(name).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    expect(ROOM_NAME_PATTERN.test(name)).toBe(true);
    expect(newRoomName()).not.toBe(name);
    expect(newRoomName((b) => b.fill(0))).toBe('aaaa-aaaa-aaaa-aaaa');
  });

  it('reads the room from /r/<room> and nothing else', () => {
    expect(roomFromPath('/r/abc-123')).toBe('abc-123');
    expect(roomFromPath('/r/abc-123/')).toBe('abc-123');
    expect(roomFromPath('/')).toBeUndefined();
    expect(roomFromPath('/r/abc/ws')).toBeUndefined();
    expect(roomFromPath('/r/-bad')).toBeUndefined();
    expect(roomFromPath('/r/%E0%A4%A')).toBeUndefined();
  });

  it('accepts a pasted link, path or bare name', () => {
    expect(roomFromInput(' https://parley.example/r/k7q2-mx9d ')).toBe('k7q2-mx9d');
    expect(roomFromInput('/r/team')).toBe('team');
    expect(roomFromInput('team')).toBe('team');
    expect(roomFromInput('not a room!')).toBeUndefined();
  });
});
