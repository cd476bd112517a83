// The core with a history store (the memory store) and fake sockets: texts
// are stored before they are delivered, a store failure is an error frame,
// direct messages are stored with their two parties, and no room's history
// shows in another's.
import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { ChatManager } from '../../../server/core/chat-manager.js';
import type { ChatClient } from '../../../server/core/chat-client.js';
import type { AppendResult, NewMessage } from '../../../server/history/history-store.js';
import { MemoryStore } from '../../../server/history/memory-store.js';
import { compiledChecker } from '../../../shared/compiled-checker.js';
import { FakeSocket } from '../../helpers/fake-socket.js';

class BreakableStore extends MemoryStore {
  isBroken = false;
  override append(batch: readonly NewMessage[]): Promise<AppendResult[]> {
    return this.isBroken ? Promise.reject(new Error('disk gone')) : super.append(batch);
  }
}

function setup() {
  const store = new BreakableStore();
  let n = 0;
  const manager = new ChatManager({
    makeChecker: compiledChecker,
    maxTextLength: 100,
    maxUsernameLength: 8,
    iceServersFor: () => [],
    newId: () => `c${++n}`,
    history: store,
  });
  const connect = (room: string, party?: string) => {
    const socket = new FakeSocket();
    return { client: manager.handleConnect(room, socket, { party: party }), socket };
  };
  const send = (client: ChatClient, frame: unknown) => manager.handleMessage(client, JSON.stringify(frame));
  /** Lets the writer's setImmediate and the store's promise run. */
  const settle = async () => {
    await nextTurn();
    await nextTurn();
  };
  return { store, manager, connect, send, settle };
}

describe('ChatManager with a history store', () => {
  it('delivers a text only once it is stored, then acks it', async () => {
    const { connect, send, settle } = setup();
    const a = connect('r');
    const b = connect('r');
    send(a.client, { receiver: 'room', type: 'text', data: { text: 'hi', mid: 'm1' }, id: 1 });
    expect(b.socket.frames().filter((f) => f.type === 'text')).toEqual([]); // not yet committed
    await settle();
    expect(b.socket.last()).toMatchObject({ type: 'text', data: { text: 'hi', seq: 1, mid: 'm1' } });
    expect(
      a.socket
        .frames()
        .slice(-2)
        .map((f) => f.type),
    ).toEqual(['text', 'ack']);
  });

  it('answers a store failure with history-unavailable and delivers nothing', async () => {
    const { store, connect, send, settle } = setup();
    const a = connect('r');
    const b = connect('r');
    store.isBroken = true;
    send(a.client, { receiver: 'room', type: 'text', data: { text: 'hi', mid: 'm1' }, id: 1 });
    await settle();
    expect(a.socket.last()).toMatchObject({ type: 'error', id: 1, data: { code: 'history-unavailable' } });
    expect(b.socket.frames().some((f) => f.type === 'text')).toBe(false);
  });

  it('stores a direct message with both parties, and keeps each room to itself', async () => {
    const { store, connect, send, settle } = setup();
    const a = connect('r', 'party-a');
    const b = connect('r', 'party-b');
    const other = connect('elsewhere', 'party-a');
    send(b.client, { receiver: 'ground control', type: 'profile', data: { username: 'Bob' } });
    send(a.client, { receiver: b.client.id, type: 'text', data: { text: 'psst' } });
    send(other.client, { receiver: 'room', type: 'text', data: { text: 'other room' } });
    await settle();
    const [dm] = (await store.page({ room: 'r', limit: 10, viewer: 'party-b' })).messages;
    expect(dm).toMatchObject({ text: 'psst', senderParty: 'party-a', receiverParty: 'party-b', receiver: b.client.id, to: 'Bob' });
    // Live, both ends get the receiver's name too, as history gives it.
    for (const end of [a, b])
      expect(
        end.socket
          .frames()
          .filter((f) => f.type === 'text')
          .at(-1),
      ).toMatchObject({ data: { text: 'psst', to: 'Bob' } });
    send(other.client, { receiver: 'ground control', type: 'get-history', id: 'h' });
    await settle();
    expect(other.socket.last()).toMatchObject({ type: 'history', data: { messages: [{ text: 'other room', mine: true }], has_more: false } });
  });
});
