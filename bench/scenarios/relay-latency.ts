// Relay latency at a fixed offered rate (open loop): frames leave on a
// schedule whatever the server does, spread over pairs, and each one's trip
// is timed from its send to its arrival, both inside this process (one clock).
import { connectAll } from '../clients/load-client.js';
import { SIGNALING_MIX } from '../clients/sample-frames.js';
import { sequenceOf } from '../clients/wire-protocols.js';
import type { BenchConfig } from '../lib/bench-config.js';
import { FrameTemplate } from '../lib/frame-template.js';
import type { ServerProcess } from '../lib/server-process.js';
import { perCpuSecond, percentile } from '../lib/stats.js';
import { settle, type Metrics, type Scenario } from './scenario.js';

export function relayLatency(isPinned: boolean): Scenario {
  return {
    id: 'latency',
    title: 'Unicast relay latency at a fixed offered rate',
    skipReason: () => undefined,
    run: (server, config) => run(server, config, isPinned),
  };
}

async function run(server: ServerProcess, config: BenchConfig, isPinned: boolean): Promise<Metrics> {
  const { pairs, ratePerSecond, warmupMs, measureMs } = config.latency;
  const protocol = server.spec.protocol;
  const rooms = Array.from({ length: pairs * 2 }, (_, i) => `latency-${i >> 1}`);
  const clients = await connectAll(protocol, server.port, rooms);
  const total = Math.round((ratePerSecond * (warmupMs + measureMs)) / 1000);
  const firstMeasured = Math.round((ratePerSecond * warmupMs) / 1000);
  const sentAt = new Float64Array(total);
  const latencies = new Float64Array(total - firstMeasured);
  let received = 0;
  let measured = 0;
  let maxScheduleLagMs = 0;
  try {
    const senders = Array.from({ length: pairs }, (_, p) => {
      const receiver = clients[2 * p + 1]!;
      receiver.onFrame = (bytes) => {
        const seq = sequenceOf(bytes);
        if (seq < 0 || seq >= total) return;
        received++;
        if (seq >= firstMeasured) latencies[measured++] = performance.now() - sentAt[seq]!;
      };
      return { client: clients[2 * p]!, templates: SIGNALING_MIX.map((kind) => new FrameTemplate((seq) => protocol.signal(kind, receiver.id, seq))) };
    });
    const intervalMs = 1000 / ratePerSecond;
    const start = performance.now() + 20;
    let sent = 0;
    let cpuStart = 0;
    await new Promise<void>((resolve) => {
      const tick = (): void => {
        const now = performance.now();
        while (sent < total && start + sent * intervalMs <= now) {
          if (sent === firstMeasured && cpuStart === 0) cpuStart = server.cpuSeconds();
          maxScheduleLagMs = Math.max(maxScheduleLagMs, now - (start + sent * intervalMs));
          const sender = senders[sent % pairs]!;
          sentAt[sent] = performance.now();
          sender.client.send(sender.templates[Math.floor(sent / pairs) % sender.templates.length]!.with(sent));
          sent++;
        }
        if (sent < total) schedule(tick);
        else resolve();
      };
      // Pinned, the generator owns its core and may spin (setImmediate polls
      // I/O every turn, so arrivals are timed at once); unpinned it must not
      // steal the server's CPU, and ticks every millisecond instead.
      const schedule = isPinned ? (fn: () => void) => setImmediate(fn) : (fn: () => void) => setTimeout(fn, 1);
      schedule(tick);
    });
    const cpuEnd = server.cpuSeconds();
    const isComplete = await settle(() => received >= total, 5000);
    const sorted = latencies.slice(0, measured).sort();
    const windowSeconds = (total - firstMeasured) / ratePerSecond;
    return {
      p50Ms: percentile(sorted, 50),
      p99Ms: percentile(sorted, 99),
      p999Ms: percentile(sorted, 99.9),
      maxMs: percentile(sorted, 100),
      offeredPerSecond: ratePerSecond,
      serverCpuShare: (cpuEnd - cpuStart) / windowSeconds,
      // The same work for every server at this rate, so a steadier efficiency figure than a closed loop's.
      framesPerCpuSecond: perCpuSecond(total - firstMeasured, cpuEnd - cpuStart),
      framesMeasured: measured,
      framesLost: isComplete ? 0 : total - received,
      maxScheduleLagMs,
    };
  } finally {
    await Promise.all(clients.map((c) => c.terminate()));
  }
}
