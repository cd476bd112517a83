// Frames per second per client, as a token bucket. Taking a token is one
// decrement and one comparison, with no clock read and no allocation, because
// it runs on every frame. The clock is read only by the Refiller, which tops
// up every live bucket on one shared timer.
//
// A bucket may go into debt: a frame taken from an empty bucket is refused
// (Verdict.Limited) but still counts, and refills pay the debt back first.
// So a client that is briefly over the limit recovers, while one that keeps
// sending faster than the refill sinks past `floodTolerance` (Verdict.Flood)
// and is disconnected. See docs/reliability.md for the sizing.

export const Verdict = {
  /** Within the limit: handle the frame. */
  Allowed: 0,
  /** Over the limit: drop the frame and say so. */
  Limited: 1,
  /** Over the limit for too long: close the connection. */
  Flood: 2,
} as const;
export type Verdict = (typeof Verdict)[keyof typeof Verdict];

export interface BucketOptions {
  /** Tokens when full: the largest burst let through at once. */
  burst: number;
  /** Refused frames, net of refill, before a frame is judged a flood. */
  floodTolerance: number;
}

export class TokenBucket {
  #tokens: number;

  constructor(private readonly options: BucketOptions) {
    if (!(options.burst >= 1)) throw new TypeError(`burst must be at least 1, got ${options.burst}`);
    if (!(options.floodTolerance >= 0)) throw new TypeError(`floodTolerance must be at least 0, got ${options.floodTolerance}`);
    this.#tokens = options.burst;
  }

  /** Tokens left; negative when in debt. */
  get tokens(): number {
    return this.#tokens;
  }

  /** Takes one token for one frame. */
  take(): Verdict {
    if (--this.#tokens >= 0) return Verdict.Allowed;
    return this.#tokens >= -this.options.floodTolerance ? Verdict.Limited : Verdict.Flood;
  }

  /** Adds `amount` tokens, paying back any debt first, never past `burst`. */
  refill(amount: number): void {
    this.#tokens = Math.min(this.options.burst, this.#tokens + amount);
  }
}

/** Tops up every registered bucket by `perSecond` tokens per second, on one timer. */
export class Refiller {
  readonly #buckets = new Set<TokenBucket>();
  readonly #timer: ReturnType<typeof setInterval>;

  /**
   * @param perSecond tokens added per second
   * @param periodMs how often to add them; shorter is smoother, longer is cheaper
   * @param onFault told when a tick throws, which would otherwise escape the timer and stop the process
   */
  constructor(perSecond: number, periodMs = 250, onFault?: (error: unknown) => void) {
    const amount = (perSecond * periodMs) / 1000;
    this.#timer = setInterval(() => {
      try {
        for (const bucket of this.#buckets) bucket.refill(amount);
      } catch (error) {
        if (!onFault) throw error;
        onFault(error);
      }
    }, periodMs);
    // The refill timer alone must not keep the process alive.
    this.#timer.unref?.();
  }

  get size(): number {
    return this.#buckets.size;
  }

  add(bucket: TokenBucket): void {
    this.#buckets.add(bucket);
  }

  delete(bucket: TokenBucket): void {
    this.#buckets.delete(bucket);
  }

  /** Stops the timer; safe to call more than once. */
  close(): void {
    clearInterval(this.#timer);
    this.#buckets.clear();
  }
}
