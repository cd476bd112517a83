import { describe, expect, it } from 'vitest';
import { ChatClient } from '../../../server/core/chat-client.js';
import { ChatRoom } from '../../../server/core/chat-room.js';
import { FakeSocket } from '../../helpers/fake-socket.js';

describe('ChatRoom', () => {
  it('lists its members in join order with their usernames', () => {
    const room = new ChatRoom('lobby');
    const a = new ChatClient('a', 'lobby', new FakeSocket());
    const b = new ChatClient('b', 'lobby', new FakeSocket());
    room.add(a);
    room.add(b);
    b.username = 'Bob';
    expect(room.info()).toEqual({
      room_id: 'lobby',
      clients: [
        { id: 'a', username: '' },
        { id: 'b', username: 'Bob' },
      ],
    });
    expect(room.size).toBe(2);
  });

  // Guards against a late close of a replaced connection removing its successor.
  it('removes a client only if it still holds that id', () => {
    const room = new ChatRoom('lobby');
    const old = new ChatClient('a', 'lobby', new FakeSocket());
    const replacement = new ChatClient('a', 'lobby', new FakeSocket());
    room.add(old);
    room.add(replacement);
    expect(room.remove(old)).toBe(false);
    expect(room.get('a')).toBe(replacement);
    expect(room.remove(replacement)).toBe(true);
    expect(room.isEmpty).toBe(true);
  });
});
