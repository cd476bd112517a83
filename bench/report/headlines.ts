// Which figure of each scenario the report leads with, how it is read (higher
// or lower is better), and the targets of issue 6, which inform and never
// fail the run.
import type { ServerKey } from '../lib/server-process.js';
import { pairedRatio, type Measurement, type Summary } from '../lib/results.js';

export interface Headline {
  scenario: string;
  metric: string;
  label: string;
  unit: string;
  /** Converts the stored value to the unit shown. */
  scale: number;
  isHigherBetter: boolean;
  /** The target's wording and whether Parley meets it, when the data allow saying. */
  target?: { text: string; isMet(summary: Summary, measurements: Measurement[]): boolean | null };
}

export const KB = 1024;

const value = (summary: Summary, scenario: string, server: ServerKey, metric: string): number | null => summary[scenario]?.[server]?.[metric] ?? null;

function relayTarget(scenario: string): Headline['target'] {
  return {
    text: '≥ 0.9× raw, > PeerJS',
    isMet(_summary, measurements) {
      const vsRaw = pairedRatio(measurements, scenario, 'framesPerCpuSecond', 'parley', 'raw');
      const vsPeer = pairedRatio(measurements, scenario, 'framesPerCpuSecond', 'parley', 'peerjs');
      if (vsRaw === null || vsPeer === null) return null;
      return vsRaw >= 0.9 && vsPeer > 1;
    },
  };
}

function atMost(scenario: string, metric: string, limit: number, text: string): Headline['target'] {
  return {
    text,
    isMet(summary) {
      const v = value(summary, scenario, 'parley', metric);
      return v === null ? null : v <= limit;
    },
  };
}

export const HEADLINES: Headline[] = [
  {
    scenario: 'relay-1',
    metric: 'framesPerCpuSecond',
    label: 'Unicast relay, 1 in flight per pair',
    unit: 'frames / CPU-s',
    scale: 1,
    isHigherBetter: true,
    target: relayTarget('relay-1'),
  },
  {
    scenario: 'relay-20',
    metric: 'framesPerCpuSecond',
    label: 'Unicast relay, 20 in flight per pair',
    unit: 'frames / CPU-s',
    scale: 1,
    isHigherBetter: true,
    target: relayTarget('relay-20'),
  },
  { scenario: 'latency', metric: 'p50Ms', label: 'Relay latency p50 at a fixed rate', unit: 'ms', scale: 1, isHigherBetter: false },
  {
    scenario: 'latency',
    metric: 'p99Ms',
    label: 'Relay latency p99 at a fixed rate',
    unit: 'ms',
    scale: 1,
    isHigherBetter: false,
    target: atMost('latency', 'p99Ms', 4, '≤ 4 ms'),
  },
  { scenario: 'latency', metric: 'p999Ms', label: 'Relay latency p99.9 at a fixed rate', unit: 'ms', scale: 1, isHigherBetter: false },
  {
    scenario: 'idle',
    metric: 'rssPerConnectionBytes',
    label: 'Idle connection, RSS after GC',
    unit: 'KB / connection',
    scale: 1 / KB,
    isHigherBetter: false,
    target: atMost('idle', 'rssPerConnectionBytes', 7 * KB, '≤ 7 KB'),
  },
  { scenario: 'idle', metric: 'heapPerConnectionBytes', label: 'Idle connection, JS heap after GC', unit: 'KB / connection', scale: 1 / KB, isHigherBetter: false },
  { scenario: 'fanout-8', metric: 'deliveriesPerCpuSecond', label: 'Text fan-out, room of 8', unit: 'deliveries / CPU-s', scale: 1, isHigherBetter: true },
  { scenario: 'fanout-50', metric: 'deliveriesPerCpuSecond', label: 'Text fan-out, room of 50', unit: 'deliveries / CPU-s', scale: 1, isHigherBetter: true },
  { scenario: 'churn', metric: 'joinsPerCpuSecond', label: 'Join/leave churn', unit: 'joins / CPU-s', scale: 1, isHigherBetter: true },
  { scenario: 'churn', metric: 'joinsPerSecond', label: 'Join/leave churn (wall clock)', unit: 'joins / s', scale: 1, isHigherBetter: true },
];
