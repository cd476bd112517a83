// The core's relay path alone, in-process: parse (with the nesting check),
// schema, stamp and route, for the frames of one call's setup
// (SIGNALING_MIX), from one client to another over sockets that drop what
// they are given. No network and no ws: what it leaves out only makes a
// change to this path look bigger than it is in the relay bench, so it is
// the conservative way to compare two versions on a machine too busy for
// `npm run bench` to tell 3% apart. CPU time, not wall time, per frame.
// Run: npx tsx bench/relay-core.ts [rounds]
// To compare versions, copy this file into each checkout and alternate runs.
import { ChatManager } from '../server/core/chat-manager.js';
import type { Payload } from '../server/core/outgoing-frame.js';
import { compiledChecker } from '../shared/compiled-checker.js';
import { camus } from './clients/wire-protocols.js';
import { SIGNALING_MIX } from './clients/sample-frames.js';

class DroppingSocket {
  bufferedAmount = 0;
  sent = 0;
  send(_data: Payload): void {
    this.sent++;
  }
  close(): void {}
}

const manager = new ChatManager({ makeChecker: compiledChecker, maxTextLength: 4000, maxUsernameLength: 64, iceServersFor: () => [] });
const toSocket = new DroppingSocket();
const from = manager.handleConnect('bench', new DroppingSocket());
const to = manager.handleConnect('bench', toSocket);
const frames = SIGNALING_MIX.map((kind, i) => Buffer.from(camus.signal(kind, to.id, i)));

const PER_ROUND = 100_000;
const rounds = Number(process.argv[2] ?? 7);
for (let i = 0; i < 20_000; i++) manager.handleMessage(from, frames[i % frames.length]!); // warm up the JIT
const perFrame: number[] = [];
for (let r = 0; r < rounds; r++) {
  const before = process.cpuUsage();
  for (let i = 0; i < PER_ROUND; i++) manager.handleMessage(from, frames[i % frames.length]!);
  const used = process.cpuUsage(before);
  perFrame.push(((used.user + used.system) * 1000) / PER_ROUND);
}
if (toSocket.sent < rounds * PER_ROUND) throw new Error(`only ${toSocket.sent} frames were relayed`);
perFrame.sort((a, b) => a - b);
console.log(
  `ns of CPU per relayed frame (SIGNALING_MIX), median of ${rounds} rounds of ${PER_ROUND}: ${perFrame[rounds >> 1]!.toFixed(0)} (min ${perFrame[0]!.toFixed(0)})`,
);
