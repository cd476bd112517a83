// Runs a Lua script by its SHA1 (EVALSHA), loading it with EVAL the first
// time and again whenever Redis has forgotten it (a restart empties the
// script cache: NOSCRIPT).
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

export class LuaScript {
  readonly #sha: string;
  /** Per connection: whether Redis has run this script since the connection was last (re)established. */
  readonly #isLoaded = new WeakMap<Redis, boolean>();

  constructor(
    private readonly source: string,
    /** Undefined: as many as each call passes (a script over a variable set of rooms). */
    private readonly keyCount?: number,
  ) {
    this.#sha = createHash('sha1').update(source).digest('hex');
  }

  async run(redis: Redis, keys: readonly string[], args: readonly (string | Buffer | number)[]): Promise<unknown> {
    try {
      return await redis.evalsha(this.#sha, this.keyCount ?? keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return redis.eval(this.source, this.keyCount ?? keys.length, ...keys, ...args);
    }
  }

  /**
   * Like run(), but never overtaken by a command sent after it: run()'s
   * NOSCRIPT retry goes out after whatever was sent meanwhile, which would
   * reorder frames. So the whole script is sent (EVAL, which also loads it)
   * until Redis has run it once on this connection, and EVALSHA after that;
   * a reconnection (maybe to a restarted, empty Redis) starts over.
   */
  async runInOrder(redis: Redis, keys: readonly string[], args: readonly (string | Buffer | number)[]): Promise<unknown> {
    const isLoaded = this.#isLoaded.get(redis);
    if (isLoaded === undefined) {
      this.#isLoaded.set(redis, false);
      redis.on('ready', () => this.#isLoaded.set(redis, false));
    }
    if (isLoaded) return this.run(redis, keys, args);
    const reply = await redis.eval(this.source, this.keyCount ?? keys.length, ...keys, ...args);
    this.#isLoaded.set(redis, true);
    return reply;
  }
}
