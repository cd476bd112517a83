// What every scenario is to the runner: an id, a title, the servers it
// applies to, and a run against one freshly started server that returns named
// numbers (null where a run was too short to measure).
import type { BenchConfig } from '../lib/bench-config.js';
import type { ServerProcess, ServerSpec } from '../lib/server-process.js';

export type Metrics = Record<string, number | null>;

export interface Scenario {
  id: string;
  title: string;
  /** Why it cannot run against `spec`, or undefined when it can. */
  skipReason(spec: ServerSpec): string | undefined;
  run(server: ServerProcess, config: BenchConfig): Promise<Metrics>;
}

/** Waits until `isDone()` or `timeoutMs`; returns whether it was done. Polls: this is a benchmark, not a test. */
export async function settle(isDone: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!isDone()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return true;
}
