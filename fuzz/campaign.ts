// A fuzz campaign: several fuzzed rooms at once against one server process,
// plus a calm pair in a room of its own that must hear nothing of them. Runs
// round after round (one batch per room, then a health check: same pid,
// /healthz, RSS bound, the calm pair relaying) until a frame count or a
// deadline; stops at the first crash or violation with the frames of the
// batch that caused it. Used by test/integration/protocol-fuzz.test.ts and by
// `npm run fuzz` (fuzz/main.ts).
import { GROUND_CONTROL } from '../shared/protocol.js';
import { FRAME_CLASSES, frameGenerator, type FrameClass, type FuzzFrame } from './frame-generator.js';
import { FuzzRoom, FuzzViolation, type RoomLimits } from './fuzz-room.js';
import type { FuzzTargets } from './leaves.js';
import { Peer } from './peer.js';
import { ServerCrash, type FuzzServer } from './server-target.js';

export interface CampaignOptions {
  server: FuzzServer;
  seed: number;
  rooms: number;
  /** Frames per batch per room (pipelined before the batch is checked). */
  batchSize: number;
  limits: RoomLimits;
  /** Stop once this many frames have been sent... */
  maxFrames?: number;
  /** ...or at this time (Date.now()), whichever comes first. */
  deadline?: number;
  /** The server's RSS must stay under this. */
  rssLimitBytes: number;
  /** How long any one step may wait for the server. */
  timeoutMs?: number;
  /** Called after each round, e.g. to print progress. */
  onRound?: (stats: CampaignStats) => void;
}

export interface CampaignStats {
  frames: number;
  bytes: number;
  batches: number;
  seconds: number;
  rssPeakBytes: number;
  byClass: Record<FrameClass, number>;
}

/** What a failed campaign reports: enough to save, replay and explain. */
export class FuzzFailure extends Error {
  constructor(
    readonly reason: Error,
    readonly seed: number,
    readonly room: string | undefined,
    /** The batch in flight in that room (all rooms' batches when the room is unknown). */
    readonly frames: FuzzFrame[],
    readonly frameIndex: number | undefined,
    /** The ids the frames were aimed at, so a replay can put live ids in their place. */
    readonly ids: { self: string; members: string[]; strangers: string[] } | undefined,
    readonly stats: CampaignStats,
  ) {
    super(reason.message);
    this.name = 'FuzzFailure';
  }

  /** The failure in words, with the seed and the frame at fault (or the suspects), for a test's message. */
  report(): string {
    const suspects =
      this.frameIndex !== undefined ? [this.frames[this.frameIndex]] : this.frames.filter((frame) => frame.cls === 'deep' || frame.bytes.length > 10_000).slice(0, 5);
    const shown = suspects
      .filter((frame): frame is FuzzFrame => frame !== undefined)
      .map((frame) => `  ${frame.cls}, ${frame.bytes.length} bytes${frame.isBinary ? ', binary' : ''}: ${frame.bytes.subarray(0, 200).toString('latin1')}`);
    return [`fuzz seed ${this.seed}, after ${this.stats.frames} frames${this.room ? `, in ${this.room}` : ''}: ${this.message}`, ...shown].join('\n');
  }
}

export async function runCampaign(options: CampaignOptions): Promise<CampaignStats> {
  const { server, limits } = options;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const stats: CampaignStats = {
    frames: 0,
    bytes: 0,
    batches: 0,
    seconds: 0,
    rssPeakBytes: 0,
    byClass: Object.fromEntries(FRAME_CLASSES.map((cls) => [cls, 0])) as Record<FrameClass, number>,
  };
  const rooms: FuzzRoom[] = [];
  const calm = await CalmPair.open(server.url, `calm-${options.seed}`);
  const started = performance.now();
  try {
    for (let i = 0; i < options.rooms; i++) rooms.push(await FuzzRoom.open(server.url, `fuzz-${options.seed}-${i}`, limits));
    const targetsOf = rooms.map((room): FuzzTargets => ({
      self: room.fuzzerId,
      members: room.memberIds,
      // Members of the calm room and of the other fuzzed rooms: nothing may reach them.
      strangers: [...calm.ids, ...rooms.filter((other) => other !== room).flatMap((other) => other.memberIds)],
      maxFrameBytes: limits.maxFrameBytes,
      maxTextLength: limits.maxTextLength,
    }));
    const generators = targetsOf.map((targets, i) => frameGenerator(options.seed * 7919 + i, targets));
    const isDone = () => (options.maxFrames !== undefined && stats.frames >= options.maxFrames) || (options.deadline !== undefined && Date.now() >= options.deadline);
    while (!isDone()) {
      await Promise.all(
        rooms.map(async (room, i) => {
          targetsOf[i]!.self = room.fuzzerId;
          try {
            const frames = await room.runBatch(generators[i]!, options.batchSize, server.failed, timeoutMs);
            stats.batches++;
            for (const frame of frames) {
              stats.frames++;
              stats.bytes += frame.bytes.length;
              stats.byClass[frame.cls]++;
            }
          } catch (error) {
            const index = error instanceof FuzzViolation ? error.frameIndex : undefined;
            const ids = { self: targetsOf[i]!.self, members: room.memberIds, strangers: targetsOf[i]!.strangers };
            // On a crash, every room's batch is a suspect.
            stats.seconds = (performance.now() - started) / 1000;
            const reason = await server.explain(asError(error));
            const frames = reason instanceof ServerCrash ? rooms.flatMap((r) => r.lastBatch) : room.lastBatch;
            throw new FuzzFailure(reason, options.seed, reason instanceof FuzzViolation ? room.name : undefined, frames, index, ids, stats);
          }
        }),
      );
      try {
        const rss = await server.check();
        stats.rssPeakBytes = Math.max(stats.rssPeakBytes, rss);
        if (rss > options.rssLimitBytes) throw new Error(`the server's RSS is ${mib(rss)} MiB, over the ${mib(options.rssLimitBytes)} MiB bound`);
        await calm.probe(server.failed, timeoutMs);
      } catch (error) {
        stats.seconds = (performance.now() - started) / 1000;
        throw new FuzzFailure(
          await server.explain(asError(error)),
          options.seed,
          undefined,
          rooms.flatMap((r) => r.lastBatch),
          undefined,
          undefined,
          stats,
        );
      }
      stats.seconds = (performance.now() - started) / 1000;
      options.onRound?.(stats);
    }
    return stats;
  } finally {
    for (const room of rooms) room.close();
    calm.close();
  }
}

/** Two members of a room no fuzzer is in: they hear only each other and ground control. */
class CalmPair {
  #leak: Error | undefined;
  #seen = new Set<string>();
  #probes = 0;
  #wake: () => void = () => {};

  private constructor(
    readonly one: Peer,
    readonly two: Peer,
  ) {
    for (const [me, partner] of [
      [one, two],
      [two, one],
    ] as const) {
      me.onFrame = (received) => {
        if (!received.ok) this.#leak ??= new Error(`calm room: ${received.problem}`);
        else if (received.frame.sender === partner.id && typeof received.frame.id === 'string') this.#seen.add(received.frame.id);
        else if (received.frame.sender !== GROUND_CONTROL) this.#leak ??= new Error(`calm room: a frame crossed rooms: ${JSON.stringify(received.frame).slice(0, 300)}`);
        this.#wake();
      };
    }
  }

  static async open(url: string, room: string): Promise<CalmPair> {
    return new CalmPair(await Peer.join(url, room, 'calm-1'), await Peer.join(url, room, 'calm-2'));
  }

  get ids(): string[] {
    return [this.one.id, this.two.id];
  }

  /** Each sends the other an offer; both must arrive, and nothing else may have. */
  async probe(failed: Promise<never>, timeoutMs: number): Promise<void> {
    const n = ++this.#probes;
    const want = [`calm-${n}-1`, `calm-${n}-2`];
    this.one.send(JSON.stringify({ receiver: this.two.id, type: 'offer', id: want[0], data: { type: 'offer', sdp: 'v=0\r\n' } }));
    this.two.send(JSON.stringify({ receiver: this.one.id, type: 'offer', id: want[1], data: { type: 'offer', sdp: 'v=0\r\n' } }));
    let timer: NodeJS.Timeout | undefined;
    const arrived = new Promise<void>((resolve, reject) => {
      const check = () => {
        if (this.#leak) reject(this.#leak);
        else if (want.every((id) => this.#seen.has(id))) resolve();
      };
      this.#wake = check;
      check();
      timer = setTimeout(() => reject(new Error(`calm room: the pair's offers did not arrive within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([arrived, failed]);
    } finally {
      clearTimeout(timer);
      this.#wake = () => {};
    }
  }

  close(): void {
    this.one.terminate();
    this.two.terminate();
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

function mib(bytes: number): string {
  return (bytes / 2 ** 20).toFixed(0);
}
