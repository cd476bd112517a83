// Unicast relay at saturation: pairs of clients, each pair alone in its room,
// one member sending signaling frames (offers, answers, candidates in a call's
// proportion) to the other with a fixed number in flight: a new frame leaves
// when one arrives. The figure is frames relayed per second of server CPU.
import { connectAll } from '../clients/load-client.js';
import { SIGNALING_MIX } from '../clients/sample-frames.js';
import { sequenceOf } from '../clients/wire-protocols.js';
import type { BenchConfig } from '../lib/bench-config.js';
import { FrameTemplate } from '../lib/frame-template.js';
import type { ServerProcess } from '../lib/server-process.js';
import { delay, perCpuSecond } from '../lib/stats.js';
import { settle, type Metrics, type Scenario } from './scenario.js';

export function relayThroughput(inFlight: number): Scenario {
  return {
    id: `relay-${inFlight}`,
    title: `Unicast relay, ${inFlight} in flight per pair`,
    skipReason: () => undefined,
    run: (server, config) => run(server, config, inFlight),
  };
}

async function run(server: ServerProcess, config: BenchConfig, inFlight: number): Promise<Metrics> {
  const { pairs, warmupMs, measureMs } = config.relay;
  const protocol = server.spec.protocol;
  const rooms = Array.from({ length: pairs * 2 }, (_, i) => `relay-${i >> 1}`);
  const clients = await connectAll(protocol, server.port, rooms);
  let sent = 0;
  let received = 0;
  let misrouted = 0;
  let isRunning = true;
  try {
    for (let p = 0; p < pairs; p++) {
      const sender = clients[2 * p]!;
      const receiver = clients[2 * p + 1]!;
      const templates = SIGNALING_MIX.map((kind) => new FrameTemplate((seq) => protocol.signal(kind, receiver.id, seq)));
      let next = 0;
      const sendOne = (): void => {
        sender.send(templates[next % templates.length]!.with(sent++));
        next++;
      };
      receiver.onFrame = (bytes) => {
        if (sequenceOf(bytes) < 0) return void misrouted++;
        received++;
        if (isRunning) sendOne();
      };
      for (let i = 0; i < inFlight; i++) sendOne();
    }
    await delay(warmupMs);
    const cpu0 = server.cpuSeconds();
    const count0 = received;
    const t0 = performance.now();
    await delay(measureMs);
    const cpu1 = server.cpuSeconds();
    const count1 = received;
    const wallSeconds = (performance.now() - t0) / 1000;
    isRunning = false;
    const isDrained = await settle(() => received >= sent, 10_000);
    const frames = count1 - count0;
    return {
      framesPerCpuSecond: perCpuSecond(frames, cpu1 - cpu0),
      framesPerSecond: frames / wallSeconds,
      serverCpuShare: (cpu1 - cpu0) / wallSeconds,
      framesMeasured: frames,
      framesLost: isDrained ? 0 : sent - received,
      unexpectedFrames: misrouted,
    };
  } finally {
    isRunning = false;
    await Promise.all(clients.map((c) => c.terminate()));
  }
}
