// A batch from Redis (several frames of one node in one message,
// bus-message.ts) is taken apart and each frame checked as if it came alone;
// one that does not decode (a bad length, a cut message, a message that is
// not a frame or not in the batch's node's name) is dropped whole with an
// error event (server.ts logs it), delivers nothing, and the bus goes on.
// Redis is shared: bytes on a channel are never trusted.
import { EventEmitter } from 'node:events';
import type { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeBatch, encodeBatch, encodeBatchHeader, encodeBusMessage } from '../../../server/cluster/bus-message.js';
import { RedisBus, type LocalRooms } from '../../../server/cluster/redis-bus.js';
import { nodeChannel } from '../../../server/cluster/presence-scripts.js';
import type { ChatRoom } from '../../../server/core/chat-room.js';
import type { Payload } from '../../../server/core/outgoing-frame.js';

/** A connection that is never ready: the bus sends it nothing, and only its events matter here. */
class FakeConnection extends EventEmitter {
  status = 'connecting';
}

const frameOf = (origin: string, room: string, to: string, text: string) => encodeBusMessage(origin, 'client', room, to, text);
const ME = nodeChannel('node-a');

const buses: RedisBus[] = [];
afterEach(() => {
  for (const bus of buses.splice(0)) bus.close();
});

async function busWithRoom() {
  const subscriber = new FakeConnection();
  const bus = new RedisBus(new FakeConnection() as unknown as Redis, subscriber as unknown as Redis, {
    nodeId: 'node-a',
    leaseMs: 6000,
    renewMs: 2000,
    unsubscribeDelayMs: 5000,
    lockOf: () => '',
    maxHeldBytes: 1000,
  });
  buses.push(bus);
  const delivered: string[] = [];
  const errors: string[] = [];
  const rooms: LocalRooms = {
    room: () => undefined as ChatRoom | undefined,
    roomIds: () => ['r1'],
    handleRemoteFrame: (roomId: string, payload: Payload, target: { to?: string }) =>
      delivered.push(`${roomId}/${target.to}:${typeof payload === 'string' ? payload : Buffer.from(payload.bytes).toString()}`),
    handleRemoteMembers: () => {},
    handleMovedAway: () => {},
    handleRemoteLock: () => {},
  };
  bus.attach(rooms);
  bus.on('error', ({ during }) => errors.push(during));
  await bus.prepare('r1');
  const send = (bytes: Buffer) => subscriber.emit('messageBuffer', Buffer.from(ME), bytes);
  return { send, delivered, errors };
}

describe('decodeBatch', () => {
  it('gives back the messages encodeBatch joined, in order, as they were', () => {
    const messages = [frameOf('b', 'r1', 'x', 'one'), frameOf('b', 'r1', 'y', ''), frameOf('b', 'r2', 'z', 'three\nlines\n')];
    const batch = encodeBatch('b', messages);
    expect(batch.subarray(0, encodeBatchHeader('b').length)).toEqual(encodeBatchHeader('b'));
    const decoded = decodeBatch(batch.subarray(encodeBatchHeader('b').length));
    expect(decoded?.map((m) => m.toString())).toEqual(messages.map((m) => m.toString()));
  });

  it('refuses a length that is not digits, too long, or runs past the end, and an empty batch', () => {
    for (const text of ['x\nabc', '3\nab', '-1\n', '\nabc', '1234567890\na', '3\nabc4\nab', ''])
      expect(decodeBatch(Buffer.from(text)), JSON.stringify(text)).toBeUndefined();
    expect(decodeBatch(Buffer.from('3\nabc0\n'))?.map(String)).toEqual(['abc', '']);
  });
});

describe('RedisBus, a batch from Redis', () => {
  it('delivers each frame of a batch in order', async () => {
    const { send, delivered, errors } = await busWithRoom();
    send(encodeBatch('node-b', [frameOf('node-b', 'r1', 'ada', '1'), frameOf('node-b', 'r1', 'bob', '2'), frameOf('node-b', 'r1', 'ada', '3')]));
    expect(delivered).toEqual(['r1/ada:1', 'r1/bob:2', 'r1/ada:3']);
    expect(errors).toEqual([]);
  });

  it('drops a malformed batch whole with an error, delivers none of it, and carries on', async () => {
    const { send, delivered, errors } = await busWithRoom();
    const good = frameOf('node-b', 'r1', 'ada', 'ok');
    const header = encodeBatchHeader('node-b');
    const malformed = [
      Buffer.concat([header, Buffer.from('99\n'), good]), // a length past the end
      Buffer.concat([header, Buffer.from(`${good.length}\n`), good, Buffer.from('zz\n')]), // not a length
      encodeBatch('node-b', [good, encodeBusMessage('node-b', 'joined', 'r1', 'eve', '{}')]), // not a frame
      encodeBatch('node-b', [good, frameOf('node-c', 'r1', 'ada', 'forged')]), // another node's name
      encodeBatch('node-b', [good, encodeBatch('node-b', [good])]), // a batch in a batch
      encodeBatch('node-b', [good, Buffer.from('not a bus message')]),
      header, // empty
    ];
    for (const bytes of malformed) expect(() => send(bytes)).not.toThrow();
    expect(delivered).toEqual([]);
    expect(errors).toEqual(malformed.map(() => 'batch'));
    send(encodeBatch('node-b', [good]));
    expect(delivered).toEqual(['r1/ada:ok']);
  });

  it("ignores its own node's batch and frames for a room it holds nobody of", async () => {
    const { send, delivered, errors } = await busWithRoom();
    send(encodeBatch('node-a', [frameOf('node-a', 'r1', 'ada', 'mine')]));
    send(encodeBatch('node-b', [frameOf('node-b', 'elsewhere', 'ada', 'x'), frameOf('node-b', 'r1', 'ada', 'y')]));
    expect(delivered).toEqual(['r1/ada:y']);
    expect(errors).toEqual([]);
  });
});
