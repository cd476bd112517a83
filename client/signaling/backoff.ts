// How long to wait before the next reconnection attempt: exponential backoff
// with jitter, so a server that restarts under a full house is not hit by
// every browser in the same instant. docs/protocol-reliability.md §4 asks for
// 0.5 s doubling to 8 s, ±50 %.

export interface BackoffOptions {
  /** The first wait, before jitter. */
  baseMs?: number;
  /** The longest wait, before jitter. */
  maxMs?: number;
  /** How far a wait may stray from its nominal value, as a fraction (0.5 = ±50 %). */
  jitter?: number;
  /** A number in [0, 1); tests inject their own to pin the jitter. */
  random?: () => number;
}

export const DEFAULT_BACKOFF = { baseMs: 500, maxMs: 8000, jitter: 0.5 } as const;

/** The wait before attempt `attempt` (0 for the first retry after a drop), in ms. */
export function backoffDelay(attempt: number, options: BackoffOptions = {}): number {
  const { baseMs, maxMs, jitter } = { ...DEFAULT_BACKOFF, ...options };
  const random = options.random ?? Math.random;
  // 2 ** attempt overflows to Infinity long before attempt does, and min() handles Infinity.
  const nominal = Math.min(baseMs * 2 ** Math.max(0, attempt), maxMs);
  return Math.round(nominal * (1 + jitter * (2 * random() - 1)));
}
