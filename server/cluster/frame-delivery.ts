// How a frame reaches members on other nodes: every frame for another node
// in one turn of the event loop goes to Redis in ONE call of the
// DELIVER_BATCH script (delivery-scripts.ts), which publishes them, one
// message per channel run, and keeps them for members whose node died. The
// call goes out on setImmediate, after the poll phase has read every socket
// that had data, so nothing waits for a timer; and on the command
// connection, so that frames and membership changes keep one order (RedisBus
// flushes before it publishes a change). Used by RedisBus (redis-bus.ts).
import type { Redis } from 'ioredis';
import type { Payload } from '../core/outgoing-frame.js';
import { encodeBatchHeader, encodeBusMessage, type StoredMember } from './bus-message.js';
import { DELIVER_BATCH } from './delivery-scripts.js';
import { LuaScript } from './lua-script.js';
import { nodeChannel, roomChannel, roomKeys } from './presence-scripts.js';

const batchScript = new LuaScript(DELIVER_BATCH);

type Arg = string | Buffer | number;

/**
 * The most bytes of bus messages (header and frame) one batch carries: a
 * frame that would take it past this sends the batch first, so one PUBLISH
 * carries at most this much plus a length line per frame (a single larger
 * frame goes alone; frames are at most MAX_FRAME_BYTES). Redis's output
 * buffer for a subscriber, and the receiving node's turn, stay bounded.
 */
export const BATCH_MAX_BYTES = 256 * 1024;

export interface DeliveryCounts {
  published: number;
  dropped: number;
}

/** Consecutive frames for one channel: sent as one message. */
interface Run {
  channel: string;
  /** Each frame's bus message (header and frame). */
  messages: Buffer[];
  /** What DELIVER_BATCH needs to check each frame's route (delivery-scripts.ts). */
  routes: Arg[];
}

export class FrameDelivery {
  readonly #batchHeader: Buffer;
  /** The batch being gathered: its rooms' members keys (KEYS) and their index, and its runs. */
  #keys: string[] = [];
  #keyIndex = new Map<string, number>();
  #runs: Run[] = [];
  #frames = 0;
  #bytes = 0;
  #immediate: NodeJS.Immediate | undefined;

  constructor(
    private readonly command: Redis,
    private readonly options: { nodeId: string; maxHeldBytes: number; batchMaxBytes?: number },
    private readonly counts: DeliveryCounts,
    private readonly onError: (error: unknown) => void,
  ) {
    this.#batchHeader = encodeBatchHeader(options.nodeId);
  }

  /** To every member in `remote` (the room's members on other nodes) but `exceptId`. */
  toRoom(roomId: string, remote: Iterable<StoredMember>, payload: Payload, exceptId = ''): void {
    if (!this.#isReady()) return;
    const message = encodeBusMessage(this.options.nodeId, 'room', roomId, exceptId, bytesOf(payload));
    const nodes: Arg[] = [];
    for (const member of remote) nodes.push(member.node, member.id);
    this.#add(roomChannel(roomId), message, roomId, ['r', exceptId, '', nodes.length / 2, ...nodes]);
  }

  /** To `member`, on the node holding its slot (or the one it was announced on). */
  toClient(roomId: string, member: StoredMember, payload: Payload): void {
    if (!this.#isReady()) return;
    const message = encodeBusMessage(this.options.nodeId, 'client', roomId, member.id, bytesOf(payload));
    this.#add(nodeChannel(member.node), message, roomId, ['c', member.id, member.node, 0]);
  }

  /** Sends the frames gathered so far now: before anything else this node sends Redis that must come after them. */
  flush(): void {
    if (this.#immediate !== undefined) {
      clearImmediate(this.#immediate);
      this.#immediate = undefined;
    }
    if (this.#frames === 0) return;
    const { keys, runs, frames } = { keys: this.#keys, runs: this.#runs, frames: this.#frames };
    this.#keys = [];
    this.#keyIndex = new Map();
    this.#runs = [];
    this.#frames = 0;
    this.#bytes = 0;
    if (this.command.status !== 'ready') {
      this.counts.dropped += frames;
      return;
    }
    const args: Arg[] = [this.options.maxHeldBytes];
    for (const run of runs) args.push(run.channel, this.#bytesOf(run.messages), run.messages.length, ...run.routes);
    this.counts.published += frames;
    batchScript.runInOrder(this.command, keys, args).catch((error: unknown) => {
      this.counts.dropped += frames;
      this.onError(error);
    });
  }

  /** A run's message: its one frame's, or a batch of them all. */
  #bytesOf(messages: Buffer[]): Buffer {
    if (messages.length === 1) return messages[0]!;
    const parts: Buffer[] = [this.#batchHeader];
    for (const message of messages) parts.push(Buffer.from(`${message.length}\n`), message);
    return Buffer.concat(parts);
  }

  #isReady(): boolean {
    if (this.command.status === 'ready') return true;
    this.counts.dropped++;
    return false;
  }

  /**
   * Adds a frame to the batch: to its last run if that is for the same
   * channel (so the order across channels holds), else to a new one. A
   * frame that would take the batch past its cap sends the batch first: so
   * one PUBLISH carries at most the cap, or one frame larger than it.
   */
  #add(channel: string, message: Buffer, roomId: string, route: Arg[]): void {
    if (this.#frames > 0 && this.#bytes + message.length > (this.options.batchMaxBytes ?? BATCH_MAX_BYTES)) this.flush();
    let run = this.#runs[this.#runs.length - 1];
    if (run?.channel !== channel) {
      run = { channel, messages: [], routes: [] };
      this.#runs.push(run);
    }
    // The script's fields per frame: kind, room's key index, target, believed node, n, pairs.
    run.routes.push(route[0]!, this.#keyOf(roomId), ...route.slice(1));
    run.messages.push(message);
    this.#frames++;
    this.#bytes += message.length;
    this.#immediate ??= setImmediate(() => {
      this.#immediate = undefined;
      this.flush();
    });
  }

  /** The room's members key's 1-based index in KEYS (Lua's), added if new. */
  #keyOf(roomId: string): number {
    const key = roomKeys(roomId)[0];
    let index = this.#keyIndex.get(key);
    if (index === undefined) {
      index = this.#keys.push(key);
      this.#keyIndex.set(key, index);
    }
    return index;
  }
}

/** The frame as Redis gets it: its bytes as they are (no copy), or its text (already serialised: never encoded again). */
function bytesOf(payload: Payload): Buffer | string {
  if (typeof payload === 'string') return payload;
  const { buffer, byteOffset, byteLength } = payload.bytes;
  return Buffer.from(buffer, byteOffset, byteLength);
}
