// FrameDelivery: every frame for other nodes in one turn of the event loop
// goes to Redis in one script call (the cross-node relay's cost was per
// command, not per byte), in the order the frames were sent, in runs of one
// channel each, and a turn's only frame by the lighter one-frame script; a batch is sent early at its size cap, so no PUBLISH grows
// without bound; frames gathered while Redis is down are dropped and
// counted, never sent late. The script's own work is tested against a real
// redis-server in test/integration/cluster-batch.test.ts.
import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { decodeBatch, decodeBusMessage } from '../../../server/cluster/bus-message.js';
import { DELIVER_ONE } from '../../../server/cluster/delivery-scripts.js';
import { FrameDelivery } from '../../../server/cluster/frame-delivery.js';
import { OutgoingFrame } from '../../../server/core/outgoing-frame.js';

type Arg = string | Buffer | number;

const sha1 = (source: string) => createHash('sha1').update(source).digest('hex');

/** A command connection that records each script call: which script (a turn's only frame, or a batch), its keys and ARGV. */
class FakeCommand extends EventEmitter {
  status = 'ready';
  readonly calls: { isOne: boolean; keys: string[]; args: Arg[] }[] = [];
  eval(source: string, keyCount: number, ...rest: Arg[]): Promise<number> {
    return this.evalsha(sha1(source), keyCount, ...rest);
  }
  evalsha(sha: string, keyCount: number, ...rest: Arg[]): Promise<number> {
    this.calls.push({ isOne: sha === sha1(DELIVER_ONE), keys: rest.slice(0, keyCount).map(String), args: rest.slice(keyCount) });
    return Promise.resolve(0);
  }
}

/** A run as the script gets it: channel, message bytes, frame count, then the routes. */
interface SentRun {
  channel: string;
  frames: string[];
  count: number;
}

/** Reads a call's ARGV back into runs, each message's frame as text. */
function runsOf(call: { isOne: boolean; args: Arg[] }): SentRun[] {
  const { args } = call;
  const framesOf = (bytes: Arg | undefined) => {
    if (!Buffer.isBuffer(bytes)) throw new Error('a run carries its message as bytes');
    const header = decodeBusMessage(bytes);
    const messages = header?.kind === 'batch' ? (decodeBatch(header.payload) ?? []) : [bytes];
    return messages.map((b) => decodeBusMessage(b)?.payload.toString() ?? '?');
  };
  if (call.isOne) return [{ channel: String(args[1]), frames: framesOf(args[2]), count: 1 }];
  const runs: SentRun[] = [];
  let i = 1;
  while (i < args.length) {
    const [channel, m] = [String(args[i]), Number(args[i + 2])];
    runs.push({ channel, frames: framesOf(args[i + 1]), count: m });
    i += 3;
    for (let f = 0; f < m; f++) i += 5 + 2 * Number(args[i + 4]);
  }
  return runs;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
const member = (id: string, node: string) => ({ id, username: '', party: '', node });
const frame = (text: string) => OutgoingFrame.ofBytes(Buffer.from(text));

function delivery(command: FakeCommand, batchMaxBytes?: number) {
  const counts = { published: 0, dropped: 0 };
  const errors: unknown[] = [];
  const d = new FrameDelivery(command as unknown as Redis, { nodeId: 'node-a', maxHeldBytes: 1000, batchMaxBytes }, counts, (e) => errors.push(e));
  return { d, counts, errors };
}

describe('FrameDelivery', () => {
  it('sends every frame of one turn in one script call, in order, one run per channel in a row', async () => {
    const command = new FakeCommand();
    const { d, counts } = delivery(command);
    d.toClient('r1', member('bob', 'node-b'), frame('1'));
    d.toClient('r2', member('cy', 'node-b'), frame('2'));
    d.toRoom('r1', [member('bob', 'node-b'), member('dee', 'node-c')], frame('3'), 'ada');
    d.toClient('r1', member('bob', 'node-b'), frame('4'));
    expect(command.calls).toHaveLength(0); // nothing before the turn ends
    await nextTurn();
    expect(command.calls).toHaveLength(1);
    const [call] = command.calls;
    expect(call!.keys).toEqual(['parley:{r1}:members', 'parley:{r2}:members']);
    expect(call!.isOne).toBe(false);
    expect(runsOf(call!)).toEqual([
      { channel: 'parley:node:node-b', frames: ['1', '2'], count: 2 },
      { channel: 'parley:{r1}:channel', frames: ['3'], count: 1 },
      { channel: 'parley:node:node-b', frames: ['4'], count: 1 },
    ]);
    expect(counts).toEqual({ published: 4, dropped: 0 });
    await nextTurn();
    expect(command.calls).toHaveLength(1); // the turn's batch went once
  });

  it('gives the script the routes it checks: each member and the node it is believed on, the room with its other nodes', async () => {
    const command = new FakeCommand();
    const { d } = delivery(command);
    d.toRoom('r1', [member('bob', 'node-b'), member('dee', 'node-c')], frame('x'), 'ada');
    d.toClient('r1', member('bob', 'node-b'), frame('y'));
    d.flush();
    const args = command.calls[0]!.args;
    expect(args.slice(4, 13)).toEqual(['r', 1, 'ada', '', 2, 'node-b', 'bob', 'node-c', 'dee']);
    expect(args.slice(16)).toEqual(['c', 1, 'bob', 'node-b', 0]);
  });

  it("sends a turn's only frame by the one-frame script: its channel, its message and its route, with no batch fields", async () => {
    const command = new FakeCommand();
    const { d, counts } = delivery(command);
    d.toClient('r1', member('bob', 'node-b'), frame('1'));
    await nextTurn();
    d.toRoom('r2', [member('cy', 'node-b'), member('dee', 'node-c')], frame('2'), 'ada');
    await nextTurn();
    expect(command.calls.map((c) => c.isOne)).toEqual([true, true]);
    const [one, two] = command.calls;
    expect(one!.keys).toEqual(['parley:{r1}:members']);
    expect(runsOf(one!)).toEqual([{ channel: 'parley:node:node-b', frames: ['1'], count: 1 }]);
    expect([one!.args[0], ...one!.args.slice(3)]).toEqual([1000, 'c', 'bob', 'node-b', 0]);
    expect(two!.keys).toEqual(['parley:{r2}:members']);
    expect(runsOf(two!)).toEqual([{ channel: 'parley:{r2}:channel', frames: ['2'], count: 1 }]);
    expect(two!.args.slice(3)).toEqual(['r', 'ada', '', 2, 'node-b', 'cy', 'node-c', 'dee']);
    expect(counts).toEqual({ published: 2, dropped: 0 });
  });

  it('sends a batch early once it reaches its size cap, so no call carries much more than the cap', async () => {
    const command = new FakeCommand();
    const { d, counts } = delivery(command, 1000);
    const big = 'x'.repeat(300);
    for (let i = 0; i < 10; i++) d.toClient('r1', member('bob', 'node-b'), frame(`${i}${big}`));
    await nextTurn();
    const sizes = command.calls.map((c) => runsOf(c).reduce((n, r) => n + r.count, 0));
    expect(sizes.reduce((a, b) => a + b)).toBe(10);
    expect(sizes).toEqual([3, 3, 3, 1]); // 318 bytes each with the header: a fourth would pass 1000
    const order = command.calls.flatMap((c) => runsOf(c).flatMap((r) => r.frames.map((f) => f[0])));
    expect(order).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    for (const call of command.calls) for (const arg of call.args) if (Buffer.isBuffer(arg)) expect(arg.length).toBeLessThanOrEqual(1000 + 3 * 4 + 17);
    expect(counts.published).toBe(10);
  });

  it('drops and counts frames while Redis is down, and frames gathered when it went down are not sent later', async () => {
    const command = new FakeCommand();
    const { d, counts } = delivery(command);
    d.toClient('r1', member('bob', 'node-b'), frame('1'));
    command.status = 'reconnecting';
    d.toClient('r1', member('bob', 'node-b'), frame('2'));
    await nextTurn();
    command.status = 'ready';
    await nextTurn();
    expect(command.calls).toHaveLength(0);
    expect(counts).toEqual({ published: 0, dropped: 2 });
  });

  it('counts a batch Redis refused as dropped, and says why', async () => {
    const command = new FakeCommand();
    const refuse = () => Promise.reject(new Error('ERR boom'));
    command.eval = refuse;
    command.evalsha = refuse;
    const { d, counts, errors } = delivery(command);
    d.toClient('r1', member('bob', 'node-b'), frame('1'));
    d.toClient('r1', member('bob', 'node-b'), frame('2'));
    d.flush();
    await nextTurn();
    expect(counts).toEqual({ published: 2, dropped: 2 });
    expect(errors).toHaveLength(1);
  });
});
