// The sizes of every scenario, for a full run and for the smoke run that
// `npm test` uses to keep the benchmark working (tiny, seconds, numbers
// meaningless). Full-run sizes follow issue 6.
export interface BenchConfig {
  mode: 'full' | 'smoke';
  /** Runs of each scenario; the report gives the median. */
  runs: number;
  /**
   * One server process per scenario (full runs: no scenario inherits another's
   * heap), or one per server for the whole run (smoke: start-ups dominate).
   */
  isServerPerScenario: boolean;
  idle: { connections: number; roomSize: number };
  relay: { pairs: number; inFlight: number[]; warmupMs: number; measureMs: number };
  latency: { pairs: number; ratePerSecond: number; warmupMs: number; measureMs: number };
  fanout: { roomSizes: number[]; membersPerSize: number; inFlightPerRoom: number; warmupMs: number; measureMs: number };
  churn: { rooms: number; roomSize: number; warmupMs: number; measureMs: number };
  browser: { runs: number };
}

export const FULL: BenchConfig = {
  mode: 'full',
  runs: 5,
  isServerPerScenario: true,
  idle: { connections: 10_000, roomSize: 4 },
  relay: { pairs: 50, inFlight: [1, 20], warmupMs: 1500, measureMs: 5000 },
  latency: { pairs: 50, ratePerSecond: 15_000, warmupMs: 1500, measureMs: 5000 },
  fanout: { roomSizes: [8, 50], membersPerSize: 200, inFlightPerRoom: 4, warmupMs: 1000, measureMs: 4000 },
  churn: { rooms: 16, roomSize: 8, warmupMs: 1000, measureMs: 4000 },
  browser: { runs: 5 },
};

export const SMOKE: BenchConfig = {
  mode: 'smoke',
  runs: 1,
  isServerPerScenario: false,
  idle: { connections: 40, roomSize: 4 },
  relay: { pairs: 4, inFlight: [1, 20], warmupMs: 50, measureMs: 250 },
  latency: { pairs: 4, ratePerSecond: 2000, warmupMs: 50, measureMs: 250 },
  fanout: { roomSizes: [8, 50], membersPerSize: 50, inFlightPerRoom: 2, warmupMs: 50, measureMs: 250 },
  churn: { rooms: 2, roomSize: 4, warmupMs: 50, measureMs: 250 },
  browser: { runs: 1 },
};
