// How a frame reaches members on other nodes: through a script that
// publishes it and keeps it for members whose node died
// (delivery-scripts.ts), on the command connection, so that frames and
// membership changes keep one order. Used by RedisBus (redis-bus.ts).
import type { Redis } from 'ioredis';
import type { Payload } from '../core/outgoing-frame.js';
import { encodeBusHeader, type StoredMember } from './bus-message.js';
import { DELIVER_TO_CLIENT, DELIVER_TO_ROOM } from './delivery-scripts.js';
import { LuaScript } from './lua-script.js';
import { roomChannel, roomKeys } from './presence-scripts.js';

const toClientScript = new LuaScript(DELIVER_TO_CLIENT, 1);
const toRoomScript = new LuaScript(DELIVER_TO_ROOM, 1);

type Arg = string | Buffer | number;

export interface DeliveryCounts {
  published: number;
  dropped: number;
}

export class FrameDelivery {
  constructor(
    private readonly command: Redis,
    private readonly options: { nodeId: string; maxHeldBytes: number },
    private readonly counts: DeliveryCounts,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** To every member in `remote` (the room's members on other nodes) but `exceptId`. */
  toRoom(roomId: string, remote: Iterable<StoredMember>, payload: Payload, exceptId = ''): void {
    const header = encodeBusHeader(this.options.nodeId, 'room', roomId, exceptId);
    const args: Arg[] = [roomChannel(roomId), header, bytesOf(payload), exceptId, this.options.maxHeldBytes];
    for (const member of remote) args.push(member.node, member.id);
    this.#run(toRoomScript, roomId, args);
  }

  /** To `member`, on the node holding its slot (or the one it was announced on). */
  toClient(roomId: string, member: StoredMember, payload: Payload): void {
    const header = encodeBusHeader(this.options.nodeId, 'client', roomId, member.id);
    this.#run(toClientScript, roomId, [member.id, member.node, header, bytesOf(payload), this.options.maxHeldBytes]);
  }

  #run(script: LuaScript, roomId: string, args: Arg[]): void {
    if (this.command.status !== 'ready') {
      this.counts.dropped++;
      return;
    }
    this.counts.published++;
    script.runInOrder(this.command, [roomKeys(roomId)[0]], args).catch((error: unknown) => {
      this.counts.dropped++;
      this.onError(error);
    });
  }
}

/** The frame as Redis gets it: its bytes as they are (no copy), or its text. */
function bytesOf(payload: Payload): Buffer | string {
  if (typeof payload === 'string') return payload;
  const { buffer, byteOffset, byteLength } = payload.bytes;
  return Buffer.from(buffer, byteOffset, byteLength);
}
