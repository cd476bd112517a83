// FrameDelivery: every frame for other nodes in one turn of the event loop
// goes to Redis in one script call (the cross-node relay's cost was per
// command, not per byte), in the order the frames were sent, in runs of one
// channel each; a batch is sent early at its size cap, so no PUBLISH grows
// without bound; frames gathered while Redis is down are dropped and
// counted, never sent late. The script's own work is tested against a real
// redis-server in test/integration/cluster-batch.test.ts.
import { EventEmitter } from 'node:events';
import type { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { decodeBatch, decodeBusMessage } from '../../../server/cluster/bus-message.js';
import { FrameDelivery } from '../../../server/cluster/frame-delivery.js';
import { OutgoingFrame } from '../../../server/core/outgoing-frame.js';

type Arg = string | Buffer | number;

/** A command connection that records each script call's keys and ARGV. */
class FakeCommand extends EventEmitter {
  status = 'ready';
  readonly calls: { keys: string[]; args: Arg[] }[] = [];
  eval(_source: string, keyCount: number, ...rest: Arg[]): Promise<number> {
    this.calls.push({ keys: rest.slice(0, keyCount).map(String), args: rest.slice(keyCount) });
    return Promise.resolve(0);
  }
  evalsha(_sha: string, keyCount: number, ...rest: Arg[]): Promise<number> {
    return this.eval('', keyCount, ...rest);
  }
}

/** A run as the script gets it: channel, message bytes, frame count, then the routes. */
interface SentRun {
  channel: string;
  frames: string[];
  count: number;
}

/** Reads the script's ARGV back into runs, each message's frame as text. */
function runsOf(args: Arg[]): SentRun[] {
  const runs: SentRun[] = [];
  let i = 1;
  while (i < args.length) {
    const [channel, bytes, m] = [String(args[i]), args[i + 1], Number(args[i + 2])];
    if (!Buffer.isBuffer(bytes)) throw new Error('a run carries its message as bytes');
    const header = decodeBusMessage(bytes);
    const messages = header?.kind === 'batch' ? (decodeBatch(header.payload) ?? []) : [bytes];
    runs.push({ channel, frames: messages.map((b) => decodeBusMessage(b)?.payload.toString() ?? '?'), count: m });
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
    expect(runsOf(call!.args)).toEqual([
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

  it('sends a batch early once it reaches its size cap, so no call carries much more than the cap', async () => {
    const command = new FakeCommand();
    const { d, counts } = delivery(command, 1000);
    const big = 'x'.repeat(300);
    for (let i = 0; i < 10; i++) d.toClient('r1', member('bob', 'node-b'), frame(`${i}${big}`));
    await nextTurn();
    const sizes = command.calls.map((c) => runsOf(c.args).reduce((n, r) => n + r.count, 0));
    expect(sizes.reduce((a, b) => a + b)).toBe(10);
    expect(sizes).toEqual([3, 3, 3, 1]); // 318 bytes each with the header: a fourth would pass 1000
    const order = command.calls.flatMap((c) => runsOf(c.args).flatMap((r) => r.frames.map((f) => f[0])));
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
