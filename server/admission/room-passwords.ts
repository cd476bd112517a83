// Room passwords: the first person into an empty room may set one, and every
// later joiner must give it. Only a salted scrypt hash is kept. Without a
// history store it is kept only while the room has members; with one, it is
// also stored with the room's history and holds until that expires, so a
// locked room's history stays locked after everyone left
// (docs/protocol-history.md). scrypt runs on libuv's thread pool, so
// checking a password does not block the event loop.
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

export interface PasswordHash {
  salt: Buffer;
  hash: Buffer;
}

/** scrypt cost; Node's default N=16384 takes tens of ms, which a join can afford. */
export const DEFAULT_SCRYPT: ScryptOptions = { N: 16384, r: 8, p: 1 };
const KEY_BYTES = 32;

function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => scrypt(password.normalize('NFC'), salt, KEY_BYTES, options, (error, key) => (error ? reject(error) : resolve(key))));
}

export async function hashPassword(password: string, options: ScryptOptions = DEFAULT_SCRYPT): Promise<PasswordHash> {
  const salt = randomBytes(16);
  return { salt, hash: await derive(password, salt, options) };
}

export async function verifyPassword(record: PasswordHash, password: string, options: ScryptOptions = DEFAULT_SCRYPT): Promise<boolean> {
  const key = await derive(password, record.salt, options);
  return timingSafeEqual(key, record.hash);
}

/**
 * - `open`: the room has no password, and none was given;
 * - `set`: the room was empty and now has the given password;
 * - `not-empty`: a password was given to a room with members and no password:
 *   it cannot be applied, and is refused rather than ignored;
 * - `ok`: the password matches;
 * - `required`: the room has one and none was given;
 * - `wrong`: it does not match.
 */
export type PasswordVerdict = 'open' | 'set' | 'not-empty' | 'ok' | 'required' | 'wrong';

/** Where locks outlive an emptied room: the history store. */
export interface RoomLocks {
  lockOf(roomId: string): Promise<PasswordHash | undefined>;
  setLock(roomId: string, lock: PasswordHash, at: number): Promise<void>;
  /** The room was unlocked from inside the call: its history is open again. */
  clearLock(roomId: string): Promise<void>;
}

export class RoomPasswords {
  // A promise, so that a second joiner arriving while the first one's hash is
  // still being computed (or read from the store) checks against it instead
  // of seeing an open room. Resolves to undefined for a room found open.
  readonly #records = new Map<string, Promise<PasswordHash | undefined>>();

  constructor(
    private readonly scryptOptions: ScryptOptions = DEFAULT_SCRYPT,
    private readonly locks?: RoomLocks,
    private readonly now: () => number = () => Date.now(),
  ) {}

  get size(): number {
    return this.#records.size;
  }

  has(roomId: string): boolean {
    return this.#records.has(roomId);
  }

  /**
   * Checks `password` for a joiner of `roomId`. `isRoomEmpty` says whether the
   * room has no members and no other joiner in progress: only then may a
   * password be set.
   */
  async check(roomId: string, password: string | undefined, isRoomEmpty: () => boolean): Promise<PasswordVerdict> {
    // Loops only if the room emptied and got a new password while we hashed.
    for (let attempt = 0; attempt < 3; attempt++) {
      const record = this.#recordOf(roomId);
      // No await without a record: the check and the set below must happen in one go.
      const lock = record === undefined ? undefined : await record;
      const current = this.#records.get(roomId);
      // A password set while we waited: check against it. (A record simply
      // gone means another joiner found the room open too, as we did.)
      if (record !== undefined && current !== undefined && current !== record) continue;
      if (!lock) {
        if (record !== undefined && current === record) this.#records.delete(roomId);
        if (password === undefined) return 'open';
        if (!isRoomEmpty()) return 'not-empty';
        const created = this.#create(roomId, password);
        this.#records.set(roomId, created);
        created.catch(() => {
          if (this.#records.get(roomId) === created) this.#records.delete(roomId);
        });
        await created;
        return 'set';
      }
      if (password === undefined) return 'required';
      const isMatch = await verifyPassword(lock, password, this.scryptOptions);
      if (this.#records.get(roomId) === record) return isMatch ? 'ok' : 'wrong';
    }
    return 'wrong';
  }

  /** For a reader of the room's history (REST): like a joiner's check, but never sets a password. */
  async checkReader(roomId: string, password: string | undefined): Promise<'open' | 'ok' | 'required' | 'wrong'> {
    const record = this.#recordOf(roomId);
    const lock = await record;
    if (record !== undefined && this.#records.get(roomId) === record && !lock) this.#records.delete(roomId);
    if (!lock) return 'open';
    if (password === undefined) return 'required';
    return (await verifyPassword(lock, password, this.scryptOptions)) ? 'ok' : 'wrong';
  }

  /** Whether the room has a password now (the lobby's room status); reads the store without keeping what it read. */
  async isLocked(roomId: string): Promise<boolean> {
    const record = this.#records.get(roomId) ?? this.locks?.lockOf(roomId);
    return (await record) !== undefined;
  }

  /**
   * A member locks the room (`set-lock`), replacing any password it had.
   * Resolves once the hash is in force (and stored, with a history store).
   * Joiners being checked meanwhile are checked again against it. Resolves
   * to the hash (a cluster hands it to Redis).
   */
  async lock(roomId: string, password: string): Promise<PasswordHash> {
    const created = this.#create(roomId, password);
    this.#records.set(roomId, created);
    try {
      return await created;
    } catch (error) {
      // The stored lock is unknown now: read it again at the next check.
      if (this.#records.get(roomId) === created) this.#records.delete(roomId);
      throw error;
    }
  }

  /** A member unlocks the room; resolves once the store forgot the lock too. */
  async unlock(roomId: string): Promise<void> {
    // A record resolving to "open", so that joiners checking against the old
    // lock meanwhile see it replaced and check again.
    const cleared = (this.locks?.clearLock(roomId) ?? Promise.resolve()).then(() => undefined);
    this.#records.set(roomId, cleared);
    try {
      await cleared;
    } catch (error) {
      if (this.#records.get(roomId) === cleared) this.#records.delete(roomId);
      throw error;
    }
  }

  /** The room's record: the one in memory, or the store's lock being read; undefined without either. */
  #recordOf(roomId: string): Promise<PasswordHash | undefined> | undefined {
    const record = this.#records.get(roomId);
    if (record || !this.locks) return record;
    const loading = this.locks.lockOf(roomId);
    this.#records.set(roomId, loading);
    loading.catch(() => {
      if (this.#records.get(roomId) === loading) this.#records.delete(roomId);
    });
    return loading;
  }

  async #create(roomId: string, password: string): Promise<PasswordHash> {
    const lock = await hashPassword(password, this.scryptOptions);
    await this.locks?.setLock(roomId, lock, this.now());
    return lock;
  }

  /** The room emptied: its password leaves memory (a stored lock stays, and is read again at the next join). */
  forget(roomId: string): void {
    this.#records.delete(roomId);
  }
}
