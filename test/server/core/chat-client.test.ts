import { describe, expect, it } from 'vitest';
import { ChatClient, SharedData } from '../../../server/core/chat-client.js';
import { FakeSocket } from '../../helpers/fake-socket.js';

describe('ChatClient', () => {
  it('addresses frames from ground control to itself and echoes the id', () => {
    const socket = new FakeSocket();
    new ChatClient('c1', 'r', socket).sendFromServer('pong', 12, 'q7');
    expect(socket.last()).toEqual({ sender: 'ground control', receiver: 'c1', type: 'pong', data: 12, id: 'q7' });
  });

  it('leaves out the id when the request had none', () => {
    const socket = new FakeSocket();
    new ChatClient('c1', 'r', socket).sendFromServer('greeting', 'hi');
    expect(socket.sent[0]).toBe('{"sender":"ground control","receiver":"c1","type":"greeting","data":"hi"}');
  });

  // Guards the shared serialization of room-info: it must be byte for byte what sendFromServer writes.
  it('sends data serialized once for many receivers exactly as sendFromServer would', () => {
    const info = {
      room_id: 'r',
      clients: [
        { id: 'c1', username: 'A "quoted" \u00e9' },
        { id: 'c2', username: '' },
      ],
    };
    const shared = new SharedData('room-info', info);
    for (const id of ['c1', 'c2']) {
      const direct = new FakeSocket();
      const viaShared = new FakeSocket();
      new ChatClient(id, 'r', direct).sendFromServer('room-info', info);
      new ChatClient(id, 'r', viaShared).sendShared(shared);
      expect(viaShared.sent).toEqual(direct.sent);
    }
  });

  it('closes its socket once and sends nothing after', () => {
    const socket = new FakeSocket();
    const client = new ChatClient('c1', 'r', socket);
    client.close(1000, 'bye');
    client.close(1001, 'again');
    client.sendRaw('{}');
    expect(socket.closedWith).toEqual({ code: 1000, reason: 'bye' });
    expect(socket.sent).toEqual([]);
    expect(client.isClosed).toBe(true);
  });
});
