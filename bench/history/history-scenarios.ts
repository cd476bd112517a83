// The history benchmarks' scenarios, each against one freshly started
// server: acked texts per CPU-second, ack latency at a fixed rate, signaling
// relay while texts are stored at full speed, and a late joiner's first page.
import { randomInt } from 'node:crypto';
import { connectAll, type LoadClient } from '../clients/load-client.js';
import { SIGNALING_MIX } from '../clients/sample-frames.js';
import { camus, sequenceOf } from '../clients/wire-protocols.js';
import { FrameTemplate } from '../lib/frame-template.js';
import type { ServerProcess } from '../lib/server-process.js';
import { delay, percentile, perCpuSecond } from '../lib/stats.js';
import { ackedSeq, isAck, SeqSource, textRooms, textTemplate } from './text-load.js';

const TEXT_TYPE = Buffer.from('"type":"text"');

export interface Timing {
  warmupMs: number;
  measureMs: number;
}

/**
 * Closed loop: each sender keeps `inFlight` texts unacked; the figure is acks
 * per server CPU-second. `storeCpu` adds the CPU seconds of a store in a
 * process of its own (Redis), so that its work is counted too.
 */
export async function ackedTexts(
  server: ServerProcess,
  timing: Timing,
  storeCpu: () => number = () => 0,
  rooms = 20,
  inFlight = 20,
): Promise<Record<string, number | null>> {
  const { senders, all } = await textRooms(server.port, 'acked', rooms);
  const seqs = new SeqSource();
  let acks = 0;
  let isRunning = true;
  try {
    for (const sender of senders) {
      sender.onFrame = (bytes) => {
        if (!isAck(bytes)) return;
        acks++;
        if (isRunning) sender.send(textTemplate.with(seqs.take()));
      };
      for (let i = 0; i < inFlight; i++) sender.send(textTemplate.with(seqs.take()));
    }
    await delay(timing.warmupMs);
    const cpu = () => server.cpuSeconds() + storeCpu();
    const [cpu0, acks0, t0] = [cpu(), acks, performance.now()];
    await delay(timing.measureMs);
    const [cpu1, acks1, t1] = [cpu(), acks, performance.now()];
    return {
      ackedPerCpuSecond: perCpuSecond(acks1 - acks0, cpu1 - cpu0),
      ackedPerSecond: (acks1 - acks0) / ((t1 - t0) / 1000),
      cpuShare: (cpu1 - cpu0) / ((t1 - t0) / 1000),
    };
  } finally {
    isRunning = false;
    await Promise.all(all.map((c) => c.terminate()));
  }
}

/** Open loop at `rate` texts/s spread over the senders; latency from send to ack. */
export async function ackLatency(server: ServerProcess, timing: Timing, rate = 2000, rooms = 20): Promise<Record<string, number | null>> {
  const { senders, all } = await textRooms(server.port, 'latency', rooms);
  const seqs = new SeqSource();
  const sentAt = new Map<number, number>();
  const latencies: number[] = [];
  let isMeasuring = false;
  for (const sender of senders) {
    sender.onFrame = (bytes) => {
      if (!isAck(bytes)) return;
      const seq = ackedSeq(bytes);
      const at = sentAt.get(seq);
      sentAt.delete(seq);
      if (at !== undefined && isMeasuring) latencies.push(performance.now() - at);
    };
  }
  const start = performance.now();
  let sent = 0;
  let next = 0;
  const total = timing.warmupMs + timing.measureMs;
  try {
    const warmupEnd = start + timing.warmupMs;
    while (performance.now() - start < total) {
      isMeasuring = performance.now() >= warmupEnd;
      const due = Math.floor(((performance.now() - start) / 1000) * rate);
      for (; sent < due; sent++) {
        const seq = seqs.take();
        sentAt.set(seq, performance.now());
        senders[next++ % senders.length]!.send(textTemplate.with(seq));
      }
      await delay(1);
    }
    await delay(200); // the last acks
    latencies.sort((a, b) => a - b);
    return { p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99), samples: latencies.length, unacked: sentAt.size };
  } finally {
    await Promise.all(all.map((c) => c.terminate()));
  }
}

/**
 * Signaling pairs relay offers/answers/candidates (one in flight each, so
 * the figure is bound by how long a frame waits), while other rooms send
 * acked texts as fast as they are acked.
 */
export async function relayUnderTexts(server: ServerProcess, timing: Timing, pairs = 20, textRoomCount = 10): Promise<Record<string, number | null>> {
  const clients = await connectAll(
    camus,
    server.port,
    Array.from({ length: pairs * 2 }, (_, i) => `sig-${i >> 1}`),
  );
  const text = await textRooms(server.port, 'flood', textRoomCount);
  let isRunning = true;
  let relayed = 0;
  let texts = 0;
  const seqs = new SeqSource();
  const rtts: number[] = [];
  let isMeasuring = false;
  try {
    for (const sender of text.senders) {
      // Paced by the sender's own copy, which comes back in both modes (after the commit when stored).
      sender.onFrame = (bytes) => {
        if (!bytes.includes(TEXT_TYPE)) return;
        texts++;
        if (isRunning) sender.send(textTemplate.with(seqs.take()));
      };
      for (let i = 0; i < 20; i++) sender.send(textTemplate.with(seqs.take()));
    }
    for (let p = 0; p < pairs; p++) {
      const a = clients[2 * p]!;
      const b = clients[2 * p + 1]!;
      const toB = SIGNALING_MIX.map((kind) => new FrameTemplate((seq) => camus.signal(kind, b.id, seq)));
      const toA = SIGNALING_MIX.map((kind) => new FrameTemplate((seq) => camus.signal(kind, a.id, seq)));
      let n = 0;
      let sentAt = 0;
      const bounce = (from: typeof a, templates: FrameTemplate[]) => {
        sentAt = performance.now();
        from.send(templates[n % templates.length]!.with(n++));
      };
      b.onFrame = (bytes) => {
        if (sequenceOf(bytes) < 0) return;
        relayed++;
        if (isMeasuring) rtts.push(performance.now() - sentAt);
        if (isRunning) bounce(b, toA);
      };
      a.onFrame = (bytes) => {
        if (sequenceOf(bytes) < 0) return;
        relayed++;
        if (isMeasuring) rtts.push(performance.now() - sentAt);
        if (isRunning) bounce(a, toB);
      };
      bounce(a, toB);
    }
    await delay(timing.warmupMs);
    isMeasuring = true;
    const [relayed0, texts0, t0] = [relayed, texts, performance.now()];
    await delay(timing.measureMs);
    const seconds = (performance.now() - t0) / 1000;
    isMeasuring = false;
    rtts.sort((x, y) => x - y);
    return {
      relayedPerSecond: (relayed - relayed0) / seconds,
      textsAckedPerSecond: (texts - texts0) / seconds,
      relayP50Ms: percentile(rtts, 50),
      relayP99Ms: percentile(rtts, 99),
    };
  } finally {
    isRunning = false;
    await Promise.all([...clients, ...text.all].map((c) => c.terminate()));
  }
}

/**
 * `get-history` (the latest 50) from members of random rooms of a prefilled
 * store, one request at a time. The server is warmed first on other rooms
 * (as a server that has run for a while is), so the measured rooms are still
 * cold on their first request: what a late joiner meets.
 */
export async function lateJoiner(server: ServerProcess, roomCount: number, joiners = 100, requests = 2000, warmups = 1000): Promise<Record<string, number | null>> {
  const measured = new Set<number>();
  while (measured.size < Math.min(joiners, roomCount / 2)) measured.add(randomInt(roomCount));
  const others = Array.from({ length: roomCount }, (_, i) => i).filter((i) => !measured.has(i));
  const warmRooms = Array.from({ length: Math.min(joiners, others.length) }, (_, i) => `room-${others[i]!}`);
  const warmClients = await connectAll(camus, server.port, warmRooms);
  const clients = await connectAll(
    camus,
    server.port,
    [...measured].map((r) => `room-${r}`),
  );
  const ask = (client: LoadClient) =>
    new Promise<Buffer>((resolve) => {
      client.onFrame = (bytes) => {
        if (bytes.includes('"type":"history"')) resolve(bytes);
      };
      client.send('{"receiver":"ground control","type":"get-history","data":{"limit":50}}');
    });
  const times: number[] = [];
  let sizes = 0;
  try {
    for (let i = 0; i < warmups; i++) await ask(warmClients[i % warmClients.length]!);
    for (let i = 0; i < requests; i++) {
      const t0 = performance.now();
      const page = await ask(clients[i % clients.length]!);
      times.push(performance.now() - t0);
      sizes += page.length;
    }
    // The first request of each room on its own: the cold read.
    const firsts = times.slice(0, clients.length).sort((a, b) => a - b);
    times.sort((a, b) => a - b);
    return {
      p50Ms: percentile(times, 50),
      p99Ms: percentile(times, 99),
      coldP50Ms: percentile(firsts, 50),
      coldMaxMs: firsts.at(-1) ?? null,
      pageBytes: sizes / requests,
    };
  } finally {
    await Promise.all([...warmClients, ...clients].map((c) => c.terminate()));
  }
}
