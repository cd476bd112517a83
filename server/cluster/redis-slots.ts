// The SlotLedger over Redis (server/admission/slot-ledger.ts): each
// resumable session's slot and replay log, mirrored into Redis with
// RESUME_GRACE_MS to live (keys and scripts: resume-scripts.ts), so that a
// client can resume on any node, also after its node died. Frames are
// appended in one script call per session and turn of the event loop, after
// the socket write they copy; every call is fire-and-forget, and while Redis
// is away it is skipped: the session is then this node's alone (a client
// resumes where it was held, as on one node).
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { MirroredMember, SessionMirror, SlotLedger, TakenSlot } from '../admission/slot-ledger.js';
import { decodeMember, encodeMember } from './bus-message.js';
import { LuaScript } from './lua-script.js';
import { encodeBusMessage } from './bus-message.js';
import { LEAVE, nodeChannel, presenceKeys, roomKeys, roomsOfKey } from './presence-scripts.js';
import type { RedisBus } from './redis-bus.js';
import { lockHolder } from './redis-seats.js';
import { APPEND, END, PARK, TAKE, TOKEN, TRIM, slotKeys, tokenKey } from './resume-scripts.js';

const tokenScript = new LuaScript(TOKEN, 4);
const appendScript = new LuaScript(APPEND, 2);
const trimScript = new LuaScript(TRIM, 2);
const parkScript = new LuaScript(PARK, 3);
const endScript = new LuaScript(END, 3);
const takeScript = new LuaScript(TAKE, 7);
const leaveScript = new LuaScript(LEAVE, 5);
/** Frames per APPEND call: Lua's unpack has a stack limit of a few thousand. */
const APPEND_BATCH = 500;

export interface RedisSlotsOptions {
  nodeId: string;
  graceMs: number;
}

export class RedisSlots implements SlotLedger {
  constructor(
    private readonly command: Redis,
    private readonly bus: RedisBus,
    private readonly options: RedisSlotsOptions,
    private readonly onError: (error: unknown, during: string) => void = () => {},
  ) {}

  mirror(member: MirroredMember, nextSeq: number): SessionMirror {
    return new RedisMirror(this, member, nextSeq);
  }

  async take(roomId: string, token: string, seen: number): Promise<TakenSlot | undefined> {
    if (!this.bus.isUp || this.options.graceMs === 0) return undefined;
    const key = tokenKey(roomId, hashToken(token));
    const clientId = await this.command.get(key);
    if (clientId === null) return undefined;
    // Subscribed first: frames for the client may follow its move at once.
    await this.bus.prepare(roomId);
    // Kept from the `taken` marker on until settle(): those are not in the log.
    this.bus.expectTakeover(roomId, clientId);
    const taken = await this.#take(roomId, clientId, key, seen).catch(() => undefined);
    if (!taken) this.bus.settleTakeover(roomId, clientId);
    return taken;
  }

  async #take(roomId: string, clientId: string, key: string, seen: number): Promise<TakenSlot | undefined> {
    const { nodeId } = this.options;
    const keys = [...slotKeys(roomId, clientId), key, ...roomKeys(roomId), roomsOfKey(nodeId)];
    const marker = encodeBusMessage(nodeId, 'taken', roomId, clientId, '');
    const since = this.bus.mark();
    const reply = await takeScript.run(this.command, keys, [clientId, seen, nodeId, roomId, nodeChannel(nodeId), marker]);
    if (!Array.isArray(reply) || reply[0] !== 'ok' || typeof reply[1] !== 'string' || typeof reply[2] !== 'string' || typeof reply[3] !== 'number') return undefined;
    const member = decodeMember(reply[1]);
    if (!member || member.id !== clientId) return undefined;
    const frames = reply.slice(4, 4 + reply[3]).filter((frame): frame is string => typeof frame === 'string');
    // The room's other members, so that frames to them go out at once.
    this.bus.reconcile(roomId, reply.slice(4 + reply[3]), since);
    return { clientId, username: member.username, party: member.party, frames, lock: lockHolder(reply[2]) };
  }

  settle(roomId: string, clientId: string): void {
    this.bus.settleTakeover(roomId, clientId);
  }

  /** The slot, and the member the takeover wrote under this node, both go. */
  release(roomId: string, clientId: string): void {
    this.run(endScript, [...slotKeys(roomId, clientId), tokenKey(roomId, '-')], [this.options.nodeId], 'release');
    this.run(leaveScript, presenceKeys(roomId, this.options.nodeId), [clientId, this.options.nodeId, roomId], 'release');
  }

  /** Runs a script if Redis is there; a failure is reported, never thrown. */
  run(script: LuaScript, keys: readonly string[], args: readonly (string | number)[], during: string): void {
    if (!this.bus.isUp) return;
    script.runInOrder(this.command, keys, args).catch((error: unknown) => this.onError(error, during));
  }

  get nodeId(): string {
    return this.options.nodeId;
  }

  get graceMs(): number {
    return this.options.graceMs;
  }
}

/** One session's mirror: batches its frames, and knows its keys, its current token and the next frame's number. */
class RedisMirror implements SessionMirror {
  readonly #keys: [slot: string, replay: string];
  #tokenKey: string;
  #pending: string[] = [];
  #isFlushQueued = false;

  constructor(
    private readonly slots: RedisSlots,
    private readonly member: MirroredMember,
    /** The number the next appended frame has. */
    private nextSeq: number,
  ) {
    this.#keys = slotKeys(member.roomId, member.id);
    this.#tokenKey = tokenKey(member.roomId, '-');
  }

  append(frame: string): void {
    this.#pending.push(frame);
    this.nextSeq++;
    if (this.#isFlushQueued) return;
    this.#isFlushQueued = true;
    queueMicrotask(() => this.#flush());
  }

  trim(firstSeq: number): void {
    this.#flush();
    this.slots.run(trimScript, this.#keys, [this.slots.nodeId, firstSeq], 'resume-trim');
  }

  token(token: string): void {
    this.#flush();
    const previous = this.#tokenKey;
    this.#tokenKey = tokenKey(this.member.roomId, hashToken(token));
    // The member record is also in the room's members hash; this one is for a slot whose record there is gone.
    const { id, username, party } = this.member;
    const record = encodeMember({ id, username, party, node: this.slots.nodeId });
    const args = [this.slots.nodeId, this.slots.graceMs, this.nextSeq, record, hashToken(token), id];
    this.slots.run(tokenScript, [...this.#keys, this.#tokenKey, previous], args, 'resume-token');
  }

  park(remainingMs: number): void {
    this.#flush();
    this.slots.run(parkScript, [...this.#keys, this.#tokenKey], [this.slots.nodeId, remainingMs], 'resume-park');
  }

  end(isMoved: boolean): void {
    this.#pending = [];
    if (isMoved) return;
    this.slots.run(endScript, [...this.#keys, this.#tokenKey], [this.slots.nodeId], 'resume-end');
  }

  #flush(): void {
    this.#isFlushQueued = false;
    const frames = this.#pending;
    if (frames.length === 0) return;
    this.#pending = [];
    const first = this.nextSeq - frames.length;
    for (let i = 0; i < frames.length; i += APPEND_BATCH) {
      this.slots.run(appendScript, this.#keys, [this.slots.nodeId, first + i, ...frames.slice(i, i + APPEND_BATCH)], 'resume-append');
    }
  }
}

/** Tokens are kept in Redis only as their SHA-256: whoever reads Redis cannot resume anyone. */
function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
