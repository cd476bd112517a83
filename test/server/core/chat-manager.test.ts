// The core with fake sockets: routing, ground control's answers, leaving,
// and the events that logs and metrics hang on.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ChatManager } from '../../../server/core/chat-manager.js';
import { boundedUsername, type TextMessage } from '../../../server/core/room-texts.js';
import type { ChatClient } from '../../../server/core/chat-client.js';
import type { Router } from '../../../server/core/local-router.js';
import { compiledChecker } from '../../../shared/compiled-checker.js';
import { FakeSocket } from '../../helpers/fake-socket.js';

function makeManager(router?: Router): ChatManager {
  let n = 0;
  return new ChatManager({
    makeChecker: compiledChecker,
    maxTextLength: 10,
    maxUsernameLength: 8,
    iceServersFor: (client) => [{ urls: 'stun:stun.example.org', username: client.id }],
    newId: () => `c${++n}`,
    router,
  });
}

function connect(manager: ChatManager, room = 'r'): { client: ChatClient; socket: FakeSocket } {
  const socket = new FakeSocket();
  const client = manager.handleConnect(room, socket);
  socket.onClose = () => manager.handleClose(client);
  return { client, socket };
}

const send = (manager: ChatManager, client: ChatClient, frame: unknown) => manager.handleMessage(client, JSON.stringify(frame));

describe('ChatManager', () => {
  let manager: ChatManager;
  beforeEach(() => {
    manager = makeManager();
  });

  it('greets a connection with its id and tells no one else', () => {
    const a = connect(manager);
    const b = connect(manager);
    expect(b.socket.frames()).toEqual([{ sender: 'ground control', receiver: 'c2', type: 'greeting', data: expect.any(String) }]);
    expect(a.socket.frames()).toHaveLength(1);
    expect(manager.clientCount).toBe(2);
    expect(manager.roomCount).toBe(1);
  });

  it('announces a profile to the whole room, with the name trimmed and cut', () => {
    const a = connect(manager);
    const b = connect(manager);
    send(manager, b.client, { receiver: 'ground control', type: 'profile', data: { username: '  Bartholomew  ' } });
    const expected = {
      room_id: 'r',
      clients: [
        { id: 'c1', username: '' },
        { id: 'c2', username: 'Bartholo' },
      ],
    };
    expect(a.socket.last()).toMatchObject({ type: 'room-info', receiver: 'c1', data: expected });
    expect(b.socket.last()).toMatchObject({ type: 'room-info', receiver: 'c2', data: expected });
  });

  it('hands out ICE servers per client', () => {
    const a = connect(manager);
    send(manager, a.client, { receiver: 'ground control', type: 'get-ice-servers', id: 1 });
    expect(a.socket.last()).toEqual({ sender: 'ground control', receiver: 'c1', type: 'ice-servers', data: [{ urls: 'stun:stun.example.org', username: 'c1' }], id: 1 });
  });

  it('routes every peer frame through the router', () => {
    const toClient = vi.fn(() => true);
    const toRoom = vi.fn(() => 0);
    const router: Router = { toClient, toRoom };
    manager = makeManager(router);
    const a = connect(manager);
    connect(manager);
    send(manager, a.client, { receiver: 'c2', type: 'offer', data: { type: 'offer', sdp: 'x' } });
    send(manager, a.client, { receiver: 'room', type: 'bye' });
    send(manager, a.client, { receiver: 'room', type: 'text', data: { text: 'hi' } });
    expect(toClient).toHaveBeenCalledTimes(1);
    expect(toRoom).toHaveBeenCalledTimes(2);
  });

  it('relays a room-wide peer frame to everyone but the sender', () => {
    const a = connect(manager);
    const b = connect(manager);
    const c = connect(manager);
    send(manager, a.client, { receiver: 'room', type: 'greeting', data: 'hello all' });
    expect(b.socket.last()).toEqual({ receiver: 'room', type: 'greeting', data: 'hello all', sender: 'c1' });
    expect(c.socket.last()).toEqual({ receiver: 'room', type: 'greeting', data: 'hello all', sender: 'c1' });
    expect(a.socket.frames()).toHaveLength(1);
  });

  // Guards the byte path the edge uses: the sender is stamped in the bytes, and a forged one replaced.
  it('relays frames given as bytes with the sender stamped, as it does text', () => {
    const a = connect(manager);
    const b = connect(manager);
    manager.handleMessage(a.client, Buffer.from(JSON.stringify({ receiver: 'c2', type: 'offer', data: { type: 'offer', sdp: 'h\u00e9' } })));
    expect(b.socket.last()).toEqual({ receiver: 'c2', type: 'offer', data: { type: 'offer', sdp: 'h\u00e9' }, sender: 'c1' });
    manager.handleMessage(a.client, Buffer.from(JSON.stringify({ sender: 'c2', receiver: 'c2', type: 'icecandidate', data: { candidate: 'x' } })));
    expect(b.socket.last()).toEqual({ sender: 'c1', receiver: 'c2', type: 'icecandidate', data: { candidate: 'x' } });
    manager.handleMessage(a.client, Buffer.from('{"receiver":"c9","type":"offer","data":{"type":"offer","sdp":"x"}}'));
    expect(a.socket.last()).toMatchObject({ type: 'error', data: { code: 'unknown-receiver' } });
    expect(b.socket.frames()).toHaveLength(3);
  });

  describe('text', () => {
    beforeEach(() => {
      vi.useFakeTimers();
      vi.setSystemTime(new Date('2026-11-22T10:00:00Z'));
    });
    afterEach(() => {
      vi.useRealTimers();
    });

    it('stamps server time and the profile name, and passes every text through one event', () => {
      const seen: TextMessage[] = [];
      manager.on('text', (message) => seen.push(message));
      const a = connect(manager);
      const b = connect(manager);
      send(manager, a.client, { receiver: 'ground control', type: 'profile', data: { username: 'Ada' } });
      send(manager, a.client, { receiver: 'room', type: 'text', data: { from: 'Eve', time: 1, text: 'hi' } });
      const frame = { sender: 'c1', receiver: 'room', type: 'text', data: { from: 'Ada', time: Date.parse('2026-11-22T10:00:00Z'), text: 'hi' } };
      expect(a.socket.last()).toEqual(frame);
      expect(b.socket.last()).toEqual(frame);
      expect(seen).toEqual([{ roomId: 'r', sender: 'c1', receiver: 'room', from: 'Ada', time: frame.data.time, text: 'hi' }]);
    });

    it('uses the client-given name, bounded, when no profile was sent', () => {
      const a = connect(manager);
      send(manager, a.client, { receiver: 'room', type: 'text', data: { from: ' Guest With A Long Name ', text: 'x' } });
      expect(a.socket.last()?.data.from).toBe('Guest Wi');
    });

    it('refuses empty and over-long text, delivering nothing', () => {
      const a = connect(manager);
      const b = connect(manager);
      send(manager, a.client, { receiver: 'room', type: 'text', data: { text: '   ' }, id: 'e' });
      expect(a.socket.last()).toMatchObject({ type: 'error', id: 'e', data: { code: 'bad-payload' } });
      send(manager, a.client, { receiver: 'room', type: 'text', data: { text: '12345678901' } });
      expect(a.socket.last()).toMatchObject({ type: 'error', data: { code: 'text-too-long' } });
      expect(b.socket.frames()).toHaveLength(1);
    });
  });

  it('counts relayed frames by type and emits frame-error events, for metrics', () => {
    const errors: string[] = [];
    manager.on('frame-error', ({ code }) => errors.push(code));
    const a = connect(manager);
    connect(manager);
    send(manager, a.client, { receiver: 'c2', type: 'answer', data: { type: 'answer', sdp: '' } });
    manager.handleMessage(a.client, 'not json');
    send(manager, a.client, { receiver: 'c9', type: 'ping' });
    send(manager, a.client, { receiver: 'room', type: 'text', data: { text: 'hi' } });
    send(manager, a.client, { receiver: 'c2', type: 'answer', data: { type: 'answer', sdp: '' } });
    expect([...manager.relayCounts]).toEqual([
      ['answer', 2],
      ['text', 1],
    ]);
    expect(errors).toEqual(['bad-json', 'unknown-receiver']);
  });

  it('on leave, tells the rest of the room once, and forgets an empty room', () => {
    const a = connect(manager);
    const b = connect(manager);
    const leaves: string[] = [];
    manager.on('leave', ({ client, reason }) => leaves.push(`${client.id}:${reason}`));
    send(manager, b.client, { receiver: 'ground control', type: 'bye' });
    manager.handleClose(b.client); // the socket's close follows the bye
    expect(b.socket.closedWith).toEqual({ code: 1000, reason: 'bye' });
    expect(a.socket.last()).toMatchObject({ type: 'room-info', data: { clients: [{ id: 'c1' }] } });
    expect(a.socket.frames().filter((f) => f.type === 'room-info')).toHaveLength(1);
    manager.handleClose(a.client);
    expect(leaves).toEqual(['c2:bye', 'c1:closed']);
    expect(manager.roomCount).toBe(0);
    expect(manager.room('r')).toBeUndefined();
  });

  it('ignores frames from a client that has already left', () => {
    const a = connect(manager);
    const b = connect(manager);
    manager.handleClose(a.client);
    const before = b.socket.sent.length;
    send(manager, a.client, { receiver: 'c2', type: 'ping' });
    expect(b.socket.sent.length).toBe(before);
  });

  it('keeps rooms apart: an id from another room is unknown', () => {
    const a = connect(manager, 'one');
    const b = connect(manager, 'two');
    send(manager, a.client, { receiver: b.client.id, type: 'ping', id: 5 });
    expect(a.socket.last()).toMatchObject({ type: 'error', id: 5, data: { code: 'unknown-receiver' } });
    expect(b.socket.frames()).toHaveLength(1);
  });
});

describe('boundedUsername', () => {
  it('never splits a surrogate pair', () => {
    expect(boundedUsername('😀😀😀', 2)).toBe('😀😀');
  });
});
