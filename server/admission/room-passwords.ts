// Room passwords: the first person into an empty room may set one, and every
// later joiner must give it. Only a salted scrypt hash is kept, and only while
// the room has members; the room forgets it when it empties. scrypt runs on
// libuv's thread pool, so checking a password does not block the event loop.
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

export interface PasswordHash {
  salt: Buffer;
  hash: Buffer;
}

/** scrypt cost; Node's default N=16384 takes tens of ms, which a join can afford. */
export const DEFAULT_SCRYPT: ScryptOptions = { N: 16384, r: 8, p: 1 };
const KEY_BYTES = 32;

function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, KEY_BYTES, options, (error, key) => (error ? reject(error) : resolve(key))),
  );
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
 * - `open`: the room has no password (one given to a non-empty room is ignored);
 * - `set`: the room was empty and now has the given password;
 * - `ok`: the password matches;
 * - `required`: the room has one and none was given;
 * - `wrong`: it does not match.
 */
export type PasswordVerdict = 'open' | 'set' | 'ok' | 'required' | 'wrong';

export class RoomPasswords {
  // A promise, so that a second joiner arriving while the first one's hash is
  // still being computed checks against it instead of seeing an open room.
  readonly #records = new Map<string, Promise<PasswordHash>>();

  constructor(private readonly scryptOptions: ScryptOptions = DEFAULT_SCRYPT) {}

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
      const record = this.#records.get(roomId);
      if (!record) {
        if (password === undefined || !isRoomEmpty()) return 'open';
        const created = hashPassword(password, this.scryptOptions);
        this.#records.set(roomId, created);
        created.catch(() => {
          if (this.#records.get(roomId) === created) this.#records.delete(roomId);
        });
        await created;
        return 'set';
      }
      if (password === undefined) return 'required';
      const isMatch = await verifyPassword(await record, password, this.scryptOptions);
      if (this.#records.get(roomId) === record) return isMatch ? 'ok' : 'wrong';
    }
    return 'wrong';
  }

  /** The room emptied: its password goes with it. */
  forget(roomId: string): void {
    this.#records.delete(roomId);
  }
}
