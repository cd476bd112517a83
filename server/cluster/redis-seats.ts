// The SeatLedger over Redis (server/admission/seat-ledger.ts): MAX_ROOM_SIZE
// and the room password hold across every node, decided by the ADMIT script
// in one atomic step. The password is checked here (scrypt runs on this
// node's thread pool, never in Redis): the node reads the room's lock,
// verifies the joiner against it, and the script admits only if the lock is
// still the one verified (else the node reads it again), or, for a joiner
// setting a password, only if the room is still empty and unlocked.
import type { Redis } from 'ioredis';
import type { ScryptOptions } from 'node:crypto';
import { DEFAULT_SCRYPT, hashPassword, verifyPassword, type PasswordHash } from '../admission/room-passwords.js';
import type { SeatLedger, SeatRequest, SeatVerdict } from '../admission/seat-ledger.js';
import { encodeBusMessage, encodeLockChange, encodeMember } from './bus-message.js';
import { LuaScript } from './lua-script.js';
import { ADMIT, LEAVE, NODES_KEY, SET_LOCK, presenceKeys, roomChannel, roomKeys } from './presence-scripts.js';
import type { RedisBus } from './redis-bus.js';

const admitScript = new LuaScript(ADMIT, 5);
const leaveScript = new LuaScript(LEAVE, 5);
const setLockScript = new LuaScript(SET_LOCK, 4);
/** Rounds of read-verify-admit before a joiner whose room keeps changing its lock is refused. */
const ATTEMPTS = 3;
const VERDICTS = new Set<SeatVerdict>(['ok', 'open', 'set', 'full', 'not-empty']);

export class RedisSeats implements SeatLedger {
  /** The lock this node verified or set per room, so that a rewrite (RedisBus.renewAll) can restore it if Redis lost it. */
  readonly #locks = new Map<string, string>();

  constructor(
    private readonly command: Redis,
    private readonly bus: RedisBus,
    private readonly options: { nodeId: string; leaseMs: number; scrypt?: ScryptOptions },
  ) {}

  lockOf(roomId: string): string {
    return this.#locks.get(roomId) ?? '';
  }

  forget(roomId: string): void {
    this.#locks.delete(roomId);
  }

  /**
   * A member of this node locked the room (`lock`) or unlocked it (undefined)
   * from inside the call: Redis's lock, which every node's admission checks,
   * becomes the new one and every node hears it (SET_LOCK), atomically. The
   * cache follows, so that a rewrite restores the new lock, never the old.
   * With Redis away the change is this node's alone (docs/cluster.md).
   * Resolves to true once this node's members were told, when the change's
   * own message came back from Redis (RedisBus.expectOwnLock); false when
   * they are still to be told.
   */
  async setLock(roomId: string, lock: PasswordHash | undefined, by: { id: string; name: string }): Promise<boolean> {
    const text = lock === undefined ? '' : formatLock(lock, by.id);
    this.handleLockChanged(roomId, text);
    if (!this.bus.isUp) return false;
    const message = encodeBusMessage(this.options.nodeId, 'lock', roomId, by.id, encodeLockChange({ lock: text, by: by.id, name: by.name }));
    const echo = this.bus.expectOwnLock(roomId);
    try {
      const args = [text, roomChannel(roomId), message, roomId, this.options.leaseMs];
      const isSet = (await setLockScript.run(this.command, [...roomKeys(roomId), NODES_KEY], args)) === 1;
      return isSet && (await echo.told);
    } finally {
      echo.cancel();
    }
  }

  /** The room's lock changed (here, or on another node: its `lock` message): what a rewrite restores. */
  handleLockChanged(roomId: string, lock: string): void {
    if (lock === '') this.#locks.delete(roomId);
    else this.#locks.set(roomId, lock);
  }

  async claim({ roomId, clientId, password, maxRoomSize, party }: SeatRequest): Promise<SeatVerdict> {
    if (!this.bus.isUp) return 'unavailable';
    // Subscribed before the seat exists: a frame to the newcomer may follow its announcement at once.
    await this.bus.prepare(roomId);
    const keys = presenceKeys(roomId, this.options.nodeId);
    const record = encodeMember({ id: clientId, username: '', party, node: this.options.nodeId });
    const scrypt = this.options.scrypt ?? DEFAULT_SCRYPT;
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const stored = await this.command.get(keys[2]);
      // '' is a room unlocked from inside the call (SET_LOCK): open.
      const lock = stored === '' ? null : stored;
      let mode: 'check' | 'set' = 'check';
      let lockArg = lock ?? '';
      if (lock !== null) {
        if (password === undefined) return 'required';
        const parsed = parseLock(lock);
        if (!parsed || !(await verifyPassword(parsed, password, scrypt))) return 'wrong';
      } else if (password !== undefined) {
        mode = 'set';
        lockArg = formatLock(await hashPassword(password, scrypt), clientId);
      }
      const args = [clientId, record, maxRoomSize, this.options.nodeId, roomId, mode, lockArg, this.options.leaseMs];
      const since = this.bus.mark();
      const reply = await admitScript.run(this.command, keys, args);
      const verdict = Array.isArray(reply) ? VERDICTS_BY_NAME.get(String(reply[0])) : undefined;
      if (verdict === undefined) continue; // `retry`: the lock changed meanwhile
      if (verdict !== 'full' && verdict !== 'not-empty') {
        if (verdict !== 'open') this.#locks.set(roomId, lockArg);
        this.bus.reconcile(roomId, Array.isArray(reply) ? reply.slice(1) : [], since);
      }
      return verdict;
    }
    return 'wrong';
  }

  release(roomId: string, clientId: string): void {
    leaveScript.run(this.command, presenceKeys(roomId, this.options.nodeId), [clientId, this.options.nodeId, roomId]).catch(() => {
      // Not given back (Redis away): the seat stays until this node's lease ends (docs/cluster.md, "Not done yet").
    });
  }
}

const VERDICTS_BY_NAME = new Map<string, SeatVerdict>([...VERDICTS].map((verdict) => [verdict, verdict]));

/**
 * The room's lock as Redis holds it: salt and hash, hex, and the id of the
 * member who set it, so that a node that did not see it set can say who did
 * (a resumed client's `room-lock`).
 */
function formatLock({ salt, hash }: PasswordHash, by: string): string {
  return `${salt.toString('hex')}.${hash.toString('hex')}.${by}`;
}

const LOCK_PATTERN = /^([0-9a-f]+)\.([0-9a-f]+)(?:\.([^.]+))?$/;

function parseLock(text: string): PasswordHash | undefined {
  const match = LOCK_PATTERN.exec(text);
  if (!match) return undefined;
  return { salt: Buffer.from(match[1]!, 'hex'), hash: Buffer.from(match[2]!, 'hex') };
}

/** Who set the lock Redis holds (`text`, '' for none): undefined when the room is open. */
export function lockHolder(text: string): { by?: string } | undefined {
  if (text === '') return undefined;
  const by = LOCK_PATTERN.exec(text)?.[3];
  return by === undefined ? {} : { by };
}
