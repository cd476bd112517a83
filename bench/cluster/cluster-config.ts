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
  // A latency is a steady state's: after 1.5 s the nodes were still warming
  // (a dump of each frame's latency: mean 1.6 ms over the window's first
  // 0.5 s, 0.3 ms after it, and most of the p99's frames there), so 5 s.
  rate: { pairs: 50, ratePerSecond: 5000, warmupMs: 5000, measureMs: 5000 },
  idle: { rooms: 500, measureMs: 10_000 },
};

export const CLUSTER_SMOKE: ClusterConfig = {
  runs: 1,
  relay: { pairs: 4, inFlight: 4, warmupMs: 100, measureMs: 300 },
  rate: { pairs: 4, ratePerSecond: 500, warmupMs: 100, measureMs: 300 },
  idle: { rooms: 4, measureMs: 500 },
};
