import { describe, expect, it } from 'vitest';
import { ChatClient } from '../../server/chat-client.js';
import { FakeSocket } from '../helpers/fake-socket.js';

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
