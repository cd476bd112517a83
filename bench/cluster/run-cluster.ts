// `npm run bench:cluster`: the cluster's relay benchmarks (issue 13), ratios
// from one run, written to docs/benchmarks-cluster.md (and .json beside it):
//  - relay across two nodes (each pair's ends on different nodes), frames per
//    CPU-second of both nodes plus redis-server, against one node without
//    Redis, and against socket.io with @socket.io/redis-adapter on two nodes;
//  - the same load all on one node with REDIS_URL set, against none;
//  - 1, 2 and 3 nodes at a fixed 5,000 frames/s: p50/p99 (the 2-node row is
//    the cross-node p99), and CPU per frame of the nodes and of Redis apart;
//  - the floor under the cross-node p99: the raw ws forwarder on 2 nodes
//    relaying through Redis at the same rate;
//  - idle rooms: what they cost Redis and the nodes with one lease per node, a
//    join, and a lease renewal.
// Each measurement gets fresh processes (nodes and redis-server), all on the
// server core; this process is the load generator on the other.
// `-- --smoke` runs it tiny (seconds), into a temporary folder; `-- --only
// a,b` runs only those measurements (ids as in the log), into the same report.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pinGenerator, planPinning } from '../lib/cpu-pinning.js';
import { loadAverages } from '../lib/machine-info.js';
import { REPO_ROOT } from '../lib/server-process.js';
import { median } from '../lib/stats.js';
import type { Metrics } from '../scenarios/scenario.js';
import { Deployment, type DeploymentPlan } from './cluster-deployment.js';
import { crossNodes, relayAtRate, relayThroughput, sameNode, type LoadKind } from './cluster-load.js';
import { CLUSTER_FULL, CLUSTER_SMOKE } from './cluster-config.js';
import { clusterReport, type ClusterResults } from './cluster-report.js';
import { idleRooms } from './idle-rooms.js';

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    smoke: { type: 'boolean', default: false },
    runs: { type: 'string' },
    out: { type: 'string' },
    only: { type: 'string' },
    'no-build': { type: 'boolean', default: false },
  },
});
const isSmoke = values.smoke || process.env.BENCH_SMOKE === '1';
const config = { ...(isSmoke ? CLUSTER_SMOKE : CLUSTER_FULL) };
if (values.runs !== undefined) {
  config.runs = Number(values.runs);
  if (!(Number.isInteger(config.runs) && config.runs > 0)) throw new Error(`--runs: "${values.runs}" is not a positive whole number`);
}
const outDir = values.out ?? (isSmoke ? mkdtempSync(path.join(tmpdir(), 'parley-bench-cluster-')) : path.join(REPO_ROOT, 'docs'));

const pinning = planPinning();
if (pinning.warning) console.warn(`warning: ${pinning.warning}`);
pinGenerator(pinning);

if (!values['no-build']) {
  console.log('Building the servers under test (tsc -p tsconfig.bench.json)...');
  const tsc = spawnSync(process.execPath, [path.join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.bench.json'], {
    cwd: REPO_ROOT,
    stdio: 'inherit',
  });
  if (tsc.status !== 0) throw new Error('the servers under test did not build');
}

const results: ClusterResults = {
  date: new Date().toISOString(),
  mode: isSmoke ? 'smoke' : 'full',
  config,
  pinning,
  load: { before: loadAverages(), after: [] },
  runs: {},
  medians: {},
  failures: [],
};

interface Measurement {
  id: string;
  plan: DeploymentPlan;
  run: (deployment: Deployment) => Promise<Metrics>;
}

const { relay, rate, idle } = config;
const throughput = (id: string, plan: DeploymentPlan, isSplit: boolean, kind: LoadKind = 'signal'): Measurement => ({
  id,
  plan,
  run: (d) => relayThroughput(d, isSplit ? crossNodes : sameNode, relay.pairs, relay.inFlight, relay, kind),
});
const atRate = (nodes: number): Measurement => ({
  id: `rate-${nodes}`,
  plan: { kind: 'parley', nodes, isClustered: true },
  run: (d) => relayAtRate(d, crossNodes, rate.pairs, rate.ratePerSecond, rate, pinning.isPinned),
});

// Each group runs `runs` times, its members in a rotating order, so that a
// ratio within a group compares figures taken a minute apart at most.
const groups: Measurement[][] = [
  [
    throughput('parley-2', { kind: 'parley', nodes: 2, isClustered: true }, true),
    throughput('parley-1', { kind: 'parley', nodes: 1, isClustered: false }, false),
    throughput('parley-1-redis', { kind: 'parley', nodes: 1, isClustered: true }, false),
    throughput('socketio-2', { kind: 'socketio', nodes: 2, isClustered: true }, true),
    throughput('socketio-1', { kind: 'socketio', nodes: 1, isClustered: false }, false),
  ],
  // The floor beside the 2-node row: the raw ws forwarder relaying through Redis
  // (bench/servers/raw-forwarder.ts), same rig, same load: what the machine
  // and the round trip through Redis cost before anything Parley does.
  [atRate(1), atRate(2), atRate(3), { ...atRate(2), id: 'rate-2-floor', plan: { kind: 'raw', nodes: 2, isClustered: true } }],
  // Chat texts across nodes, stored in the Redis history (appendonly off here: bench:history measures fsync's cost).
  [throughput('texts-2', { kind: 'parley', nodes: 2, isClustered: true, env: { HISTORY_STORE: 'redis' } }, true, 'text')],
  [{ id: 'idle-2', plan: { kind: 'parley', nodes: 2, isClustered: true }, run: (d) => idleRooms(d, idle.rooms, idle.measureMs) }],
];

const only = values.only?.split(',');
for (const all of groups) {
  const group = all.filter((m) => !only || only.includes(m.id));
  for (let run = 1; run <= config.runs; run++) {
    const order = group.map((_, i) => group[(i + run - 1) % group.length]!);
    for (const m of order) {
      let deployment: Deployment | undefined;
      try {
        deployment = await Deployment.start(m.plan, pinning);
        // The 1-minute load average beside each figure: on a shared machine it says how much to trust it.
        const metrics = { ...(await m.run(deployment)), loadAverage1m: loadAverages()[0] ?? null };
        (results.runs[m.id] ??= []).push(metrics);
        console.log(`[run ${run}/${config.runs}] ${m.id.padEnd(15)} ${brief(metrics)}  (load ${loadAverages()[0]})`);
      } catch (error) {
        const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
        results.failures.push({ id: m.id, run, message });
        console.error(`[run ${run}/${config.runs}] ${m.id} FAILED: ${message}`);
      } finally {
        await deployment?.stop();
      }
    }
  }
}

for (const [id, runs] of Object.entries(results.runs)) {
  const names = new Set(runs.flatMap((r) => Object.keys(r)));
  results.medians[id] = Object.fromEntries([...names].map((n) => [n, median(runs.map((r) => r[n]).filter((v): v is number => typeof v === 'number'))]));
}
results.load.after = loadAverages();
const markdown = clusterReport(results);
writeFileSync(path.join(outDir, 'benchmarks-cluster.md'), markdown);
writeFileSync(path.join(outDir, 'benchmarks-cluster.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log(`\n${markdown}\nWrote ${path.join(outDir, 'benchmarks-cluster.md')} and benchmarks-cluster.json.`);
if (results.failures.length) {
  console.error(`${results.failures.length} measurement(s) failed; see above.`);
  process.exitCode = 1;
}

function brief(metrics: Metrics): string {
  return Object.entries(metrics)
    .slice(0, 5)
    .map(([k, v]) => `${k}=${v == null ? 'n/a' : Math.abs(v) >= 100 ? Math.round(v) : v.toFixed(2)}`)
    .join(' ');
}
