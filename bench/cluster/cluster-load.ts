// The load the cluster benchmarks put on a deployment: pairs of clients,
// each pair alone in its room, the sender on one node and the receiver on
// another (or the same), relaying a call's signaling. Closed loop (a fixed
// number in flight: frames per CPU-second at saturation) or open loop (a
// fixed rate: latency, and CPU per frame of the nodes and of Redis apart).
import { LoadClient } from '../clients/load-client.js';
import { SIGNALING_MIX } from '../clients/sample-frames.js';
import { sequenceOf } from '../clients/wire-protocols.js';
import { FrameTemplate } from '../lib/frame-template.js';
import { delay, perCpuSecond, percentile } from '../lib/stats.js';
import { settle, type Metrics } from '../scenarios/scenario.js';
import type { Deployment } from './cluster-deployment.js';

/** Which node each end of pair `p` joins, given the number of nodes. */
export type Placement = (pair: number, nodes: number) => { sender: number; receiver: number };

/** Sender on node p mod n, receiver on the next node: every pair crosses nodes when n > 1. */
export const crossNodes: Placement = (p, n) => ({ sender: p % n, receiver: (p + 1) % n });
/** Both ends on node 0. */
export const sameNode: Placement = () => ({ sender: 0, receiver: 0 });

/** A sequence number no measured frame uses: the probe that tells a pair's route is ready. */
const PROBE = 999_999_999;
let roomSerial = 0;

interface Pair {
  sender: LoadClient;
  receiver: LoadClient;
  /** Signaling frames to the receiver, in a call's mix. */
  templates: FrameTemplate[];
  /** A chat text to the room (stored in history, then delivered). */
  text: FrameTemplate;
}

/** What the closed loop sends: signaling to the peer, or chat texts to the room. */
export type LoadKind = 'signal' | 'text';

async function connectPairs(deployment: Deployment, pairs: number, placement: Placement): Promise<Pair[]> {
  const protocol = deployment.servers[0]!.spec.protocol;
  const ports = deployment.ports;
  const tag = `c${++roomSerial}-${Date.now().toString(36)}`;
  const result: Pair[] = [];
  try {
    for (let p = 0; p < pairs; p++) {
      const where = placement(p, ports.length);
      const room = `${tag}-${p}`;
      const [sender, receiver] = await Promise.all([
        LoadClient.connect(protocol, ports[where.sender]!, room, 2 * p),
        LoadClient.connect(protocol, ports[where.receiver]!, room, 2 * p + 1),
      ]);
      result.push({
        sender,
        receiver,
        templates: SIGNALING_MIX.map((kind) => new FrameTemplate((seq) => protocol.signal(kind, receiver.id, seq))),
        text: new FrameTemplate((seq) => protocol.roomText(seq) ?? '{}'),
      });
    }
    // A node learns of a member on another node through Redis: until then a
    // frame to it is refused (unknown-receiver). Probe each route until one arrives.
    await Promise.all(result.map((pair) => whenRouted(pair)));
    return result;
  } catch (error) {
    await closePairs(result);
    throw error;
  }
}

// Probes are few (4 a second per pair): on a loaded machine a node given a
// few percent of a core falls behind a faster probe, and never catches up.
function whenRouted(pair: Pair, timeoutMs = 60_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const send = () => pair.sender.send(pair.templates[2]!.with(PROBE));
    const timer = setInterval(send, 250);
    const deadline = setTimeout(() => finish(new Error(`no route from ${pair.sender.id} to ${pair.receiver.id} within ${timeoutMs} ms`)), timeoutMs);
    const finish = (error?: Error) => {
      clearInterval(timer);
      clearTimeout(deadline);
      pair.receiver.onFrame = () => {};
      if (error) reject(error);
      else resolve();
    };
    pair.receiver.onFrame = (bytes) => {
      if (sequenceOf(bytes) === PROBE) finish();
    };
    send();
  });
}

async function closePairs(pairs: Pair[]): Promise<void> {
  await Promise.all(pairs.flatMap((p) => [p.sender.terminate(), p.receiver.terminate()]));
}

export interface Timing {
  warmupMs: number;
  measureMs: number;
}

/**
 * Closed loop: `inFlight` frames per pair, a new one when one reaches the
 * receiver. Frames per CPU-second of nodes + Redis, and each one's CPU per frame.
 */
export async function relayThroughput(
  deployment: Deployment,
  placement: Placement,
  pairs: number,
  inFlight: number,
  timing: Timing,
  kind: LoadKind = 'signal',
): Promise<Metrics> {
  const connected = await connectPairs(deployment, pairs, placement);
  let sent = 0;
  let received = 0;
  let isRunning = true;
  try {
    for (const pair of connected) {
      let next = 0;
      const sendOne = (): void => {
        const template = kind === 'text' ? pair.text : pair.templates[next++ % pair.templates.length]!;
        pair.sender.send(template.with(sent++));
      };
      pair.receiver.onFrame = (bytes) => {
        const seq = sequenceOf(bytes);
        if (seq < 0 || seq === PROBE) return;
        received++;
        if (isRunning) sendOne();
      };
      for (let i = 0; i < inFlight; i++) sendOne();
    }
    await delay(timing.warmupMs);
    const cpu0 = deployment.cpu();
    const count0 = received;
    const t0 = performance.now();
    await delay(timing.measureMs);
    const cpu1 = deployment.cpu();
    const frames = received - count0;
    const wallSeconds = (performance.now() - t0) / 1000;
    isRunning = false;
    const isDrained = await settle(() => received >= sent, 10_000);
    const nodes = cpu1.nodes - cpu0.nodes;
    const redis = cpu1.redis - cpu0.redis;
    return {
      framesPerCpuSecond: perCpuSecond(frames, nodes + redis),
      framesPerSecond: frames / wallSeconds,
      nodesCpuShare: nodes / wallSeconds,
      redisCpuShare: redis / wallSeconds,
      nodeCpuUsPerFrame: frames > 0 ? (nodes * 1e6) / frames : null,
      redisCpuUsPerFrame: frames > 0 ? (redis * 1e6) / frames : null,
      framesMeasured: frames,
      framesLost: isDrained ? 0 : sent - received,
    };
  } finally {
    isRunning = false;
    await closePairs(connected);
  }
}

/** Open loop at `ratePerSecond`: send-to-arrival percentiles, and CPU per frame of the nodes and of Redis. */
export async function relayAtRate(
  deployment: Deployment,
  placement: Placement,
  pairs: number,
  ratePerSecond: number,
  timing: Timing,
  isPinned: boolean,
): Promise<Metrics> {
  const connected = await connectPairs(deployment, pairs, placement);
  const total = Math.round((ratePerSecond * (timing.warmupMs + timing.measureMs)) / 1000);
  const firstMeasured = Math.round((ratePerSecond * timing.warmupMs) / 1000);
  const sentAt = new Float64Array(total);
  const latencies = new Float64Array(total - firstMeasured);
  let received = 0;
  let measured = 0;
  try {
    for (const pair of connected) {
      pair.receiver.onFrame = (bytes) => {
        const seq = sequenceOf(bytes);
        if (seq < 0 || seq >= total) return;
        received++;
        if (seq >= firstMeasured) latencies[measured++] = performance.now() - sentAt[seq]!;
      };
    }
    const intervalMs = 1000 / ratePerSecond;
    const start = performance.now() + 20;
    let sent = 0;
    let cpuStart = deployment.cpu();
    // Pinned, the generator owns its core and may spin; unpinned it ticks every millisecond (as bench/scenarios/relay-latency.ts).
    const schedule = isPinned ? (fn: () => void) => setImmediate(fn) : (fn: () => void) => setTimeout(fn, 1);
    await new Promise<void>((resolve) => {
      const tick = (): void => {
        const now = performance.now();
        while (sent < total && start + sent * intervalMs <= now) {
          if (sent === firstMeasured) cpuStart = deployment.cpu();
          const pair = connected[sent % connected.length]!;
          sentAt[sent] = performance.now();
          pair.sender.send(pair.templates[Math.floor(sent / connected.length) % pair.templates.length]!.with(sent));
          sent++;
        }
        if (sent < total) schedule(tick);
        else resolve();
      };
      schedule(tick);
    });
    const cpuEnd = deployment.cpu();
    const isComplete = await settle(() => received >= total, 5000);
    const sorted = latencies.slice(0, measured).sort();
    const frames = total - firstMeasured;
    const windowSeconds = frames / ratePerSecond;
    const nodes = cpuEnd.nodes - cpuStart.nodes;
    const redis = cpuEnd.redis - cpuStart.redis;
    return {
      p50Ms: percentile(sorted, 50),
      p99Ms: percentile(sorted, 99),
      maxMs: percentile(sorted, 100),
      nodeCpuUsPerFrame: (nodes * 1e6) / frames,
      redisCpuUsPerFrame: (redis * 1e6) / frames,
      perNodeCpuShare: nodes / deployment.servers.length / windowSeconds,
      redisCpuShare: redis / windowSeconds,
      framesMeasured: measured,
      framesLost: isComplete ? 0 : total - received,
    };
  } finally {
    await closePairs(connected);
  }
}
