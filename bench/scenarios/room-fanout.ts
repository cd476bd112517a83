// Room fan-out: one member of each room sends chat text to the whole room,
// with a few messages in flight, and every member's copy counts as one
// delivery (the sender's own copy too: it is the server's confirmation).
// PeerJS has no rooms: there the sender sends one frame per other member,
// which is what an application on PeerJS would have to do.
import { connectAll } from '../clients/load-client.js';
import { sequenceOf } from '../clients/wire-protocols.js';
import type { BenchConfig } from '../lib/bench-config.js';
import { FrameTemplate } from '../lib/frame-template.js';
import type { ServerProcess } from '../lib/server-process.js';
import { delay, perCpuSecond } from '../lib/stats.js';
import { settle, type Metrics, type Scenario } from './scenario.js';

export function roomFanout(roomSize: number): Scenario {
  return {
    id: `fanout-${roomSize}`,
    title: `Text fan-out to a room of ${roomSize}`,
    skipReason: () => undefined,
    run: (server, config) => run(server, config, roomSize),
  };
}

async function run(server: ServerProcess, config: BenchConfig, roomSize: number): Promise<Metrics> {
  const { membersPerSize, inFlightPerRoom, warmupMs, measureMs } = config.fanout;
  const protocol = server.spec.protocol;
  const roomCount = Math.max(1, Math.floor(membersPerSize / roomSize));
  const rooms = Array.from({ length: roomCount * roomSize }, (_, i) => `fanout-${Math.floor(i / roomSize)}`);
  const clients = await connectAll(protocol, server.port, rooms);
  let deliveries = 0;
  let messagesSent = 0;
  let messagesDone = 0;
  let isRunning = true;
  const isEmulated = protocol.roomText(0) === undefined;
  try {
    for (let r = 0; r < roomCount; r++) {
      const members = clients.slice(r * roomSize, (r + 1) * roomSize);
      const sender = members[0]!;
      const last = members[roomSize - 1]!;
      // One message = one room frame, or one unicast per other member when emulated.
      const frames = isEmulated
        ? members.slice(1).map((m) => new FrameTemplate((seq) => protocol.signal('icecandidate', m.id, seq)))
        : [new FrameTemplate((seq) => protocol.roomText(seq)!)];
      const sendMessage = (): void => {
        const seq = messagesSent++;
        for (const frame of frames) sender.send(frame.with(seq));
      };
      for (const member of members) {
        member.onFrame = (bytes) => {
          if (sequenceOf(bytes) < 0) return;
          deliveries++;
          // The last member gets each message's last copy: the message is done.
          if (member !== last) return;
          messagesDone++;
          if (isRunning) sendMessage();
        };
      }
      for (let i = 0; i < inFlightPerRoom; i++) sendMessage();
    }
    await delay(warmupMs);
    const cpu0 = server.cpuSeconds();
    const count0 = deliveries;
    const t0 = performance.now();
    await delay(measureMs);
    const cpu1 = server.cpuSeconds();
    const count = deliveries - count0;
    const wallSeconds = (performance.now() - t0) / 1000;
    isRunning = false;
    await settle(() => messagesDone >= messagesSent, 10_000);
    return {
      deliveriesPerCpuSecond: perCpuSecond(count, cpu1 - cpu0),
      deliveriesPerSecond: count / wallSeconds,
      serverCpuShare: (cpu1 - cpu0) / wallSeconds,
      deliveriesMeasured: count,
      isEmulated: isEmulated ? 1 : 0,
    };
  } finally {
    isRunning = false;
    await Promise.all(clients.map((c) => c.terminate()));
  }
}
