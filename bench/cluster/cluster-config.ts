// The sizes of the cluster benchmarks (bench/cluster/run-cluster.ts), full
// and smoke (seconds, numbers meaningless: it only proves the script works).
export interface ClusterConfig {
  /** Runs of each measurement; the report gives medians. */
  runs: number;
  /** Closed-loop relay: pairs, frames in flight per pair. */
  relay: { pairs: number; inFlight: number; warmupMs: number; measureMs: number };
  /** Open-loop relay at a fixed rate, on 1, 2 and 3 nodes. */
  rate: { pairs: number; ratePerSecond: number; warmupMs: number; measureMs: number };
  /** Idle rooms of two split over two nodes: the lease renewals' cost. */
  idle: { rooms: number; measureMs: number };
}

export const CLUSTER_FULL: ClusterConfig = {
  runs: 3,
  relay: { pairs: 50, inFlight: 20, warmupMs: 1500, measureMs: 5000 },
  rate: { pairs: 50, ratePerSecond: 5000, warmupMs: 1500, measureMs: 5000 },
  idle: { rooms: 500, measureMs: 10_000 },
};

export const CLUSTER_SMOKE: ClusterConfig = {
  runs: 1,
  relay: { pairs: 4, inFlight: 4, warmupMs: 100, measureMs: 300 },
  rate: { pairs: 4, ratePerSecond: 500, warmupMs: 100, measureMs: 300 },
  idle: { rooms: 4, measureMs: 500 },
};
