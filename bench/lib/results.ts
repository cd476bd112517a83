// The shape of one benchmark run's results (written as benchmarks.json), and
// the medians across runs that the report is built from.
import type { BrowserResults } from '../browser/browser-scenario.js';
import type { Metrics } from '../scenarios/scenario.js';
import type { BenchConfig } from './bench-config.js';
import type { Pinning } from './cpu-pinning.js';
import type { MachineInfo } from './machine-info.js';
import type { ServerKey } from './server-process.js';
import { median } from './stats.js';

export interface Measurement {
  scenario: string;
  server: ServerKey;
  run: number;
  metrics: Metrics;
}

export interface Failure {
  scenario: string;
  server?: ServerKey;
  run?: number;
  message: string;
}

export interface BenchResults {
  schema: 'parley-bench/1';
  date: string;
  mode: BenchConfig['mode'];
  durationSeconds: number;
  config: BenchConfig;
  machine: MachineInfo;
  versions: Record<string, string>;
  pinning: Pinning;
  /** Load averages (1, 5, 15 min) when the run started and ended. */
  load: { before: number[]; after: number[] };
  servers: { key: ServerKey; label: string }[];
  scenarios: { id: string; title: string }[];
  measurements: Measurement[];
  skipped: { scenario: string; server: ServerKey; reason: string }[];
  failures: Failure[];
  browser?: BrowserResults | { failed: string };
}

/** Median of each metric across runs, by scenario then server. */
export type Summary = Record<string, Partial<Record<ServerKey, Metrics>>>;

export function summarize(measurements: Measurement[]): Summary {
  const grouped = new Map<string, Map<ServerKey, Measurement[]>>();
  for (const m of measurements) {
    let byServer = grouped.get(m.scenario);
    if (!byServer) grouped.set(m.scenario, (byServer = new Map<ServerKey, Measurement[]>()));
    byServer.set(m.server, [...(byServer.get(m.server) ?? []), m]);
  }
  const summary: Summary = {};
  for (const [scenario, byServer] of grouped) {
    const row: Partial<Record<ServerKey, Metrics>> = {};
    for (const [server, runs] of byServer) {
      const names = new Set(runs.flatMap((r) => Object.keys(r.metrics)));
      const metrics: Metrics = {};
      for (const name of names) metrics[name] = median(runs.map((r) => r.metrics[name]).filter((v): v is number => typeof v === 'number'));
      row[server] = metrics;
    }
    summary[scenario] = row;
  }
  return summary;
}

/**
 * Median over runs of a/b, each run's two figures taken minutes apart at
 * most: steadier than a ratio of medians when the machine's load drifts.
 */
export function pairedRatio(measurements: Measurement[], scenario: string, metric: string, a: ServerKey, b: ServerKey): number | null {
  if (a === b) return measurements.some((m) => m.scenario === scenario && m.server === a && m.metrics[metric] != null) ? 1 : null;
  const byRun = new Map<number, { a?: number | null; b?: number | null }>();
  for (const m of measurements) {
    if (m.scenario !== scenario || (m.server !== a && m.server !== b)) continue;
    const entry = byRun.get(m.run) ?? {};
    entry[m.server === a ? 'a' : 'b'] = m.metrics[metric];
    byRun.set(m.run, entry);
  }
  const ratios: number[] = [];
  for (const { a: x, b: y } of byRun.values()) if (x != null && y != null && y !== 0) ratios.push(x / y);
  return median(ratios);
}
