// Requests per address in fixed windows, for the REST routes (history, room status): cheap,
// and its memory is bounded by the addresses seen in one window (the map is
// dropped whole when a window ends).
export class WindowLimiter {
  #windowStart = 0;
  #counts = new Map<string, number>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** Counts one request from `address`; false when it is over the limit for this window. */
  take(address: string): boolean {
    const now = this.now();
    if (now - this.#windowStart >= this.windowMs) {
      this.#windowStart = now;
      this.#counts = new Map();
    }
    const count = (this.#counts.get(address) ?? 0) + 1;
    this.#counts.set(address, count);
    return count <= this.limit;
  }

  /** Whole seconds until the window ends. */
  secondsLeft(): number {
    return Math.max(1, Math.ceil((this.#windowStart + this.windowMs - this.now()) / 1000));
  }
}
