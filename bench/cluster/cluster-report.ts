// docs/benchmarks-cluster.md from one `npm run bench:cluster` run: the
// targets of issue 13 with the figures beside them, the scaling table with
// what limits each size, and the per-operation costs the capacity model in
// docs/cluster.md is built from.
import type { Pinning } from '../lib/cpu-pinning.js';
import { machineInfo } from '../lib/machine-info.js';
import { median } from '../lib/stats.js';
import type { Metrics } from '../scenarios/scenario.js';
import { capacity, WORKLOAD, type MeasuredCosts } from './capacity-model.js';
import type { ClusterConfig } from './cluster-config.js';

/** LEASE calls idle-rooms.ts times. */
const LEASE_CALLS = 5000;

export interface ClusterResults {
  date: string;
  mode: 'full' | 'smoke';
  config: ClusterConfig;
  pinning: Pinning;
  load: { before: number[]; after: number[] };
  /** Every run's metrics, by measurement id, in run order. */
  runs: Record<string, Metrics[]>;
  medians: Record<string, Metrics>;
  failures: { id: string; run: number; message: string }[];
}

/** Median over runs of a/b, run by run: steadier than a ratio of medians when the load drifts. */
export function pairedRatio(results: ClusterResults, a: string, b: string, metric: string): number | null {
  const as = results.runs[a] ?? [];
  const bs = results.runs[b] ?? [];
  const ratios: number[] = [];
  for (let i = 0; i < Math.min(as.length, bs.length); i++) {
    const x = as[i]![metric];
    const y = bs[i]![metric];
    if (x != null && y != null && y > 0) ratios.push(x / y);
  }
  return median(ratios);
}

/** Frames/s at which the nodes (one core each) or Redis (one core) would be saturated, from CPU per frame. */
export function ceilings(m: Metrics, nodes: number): { nodes: number | null; redis: number | null } {
  const nodeUs = m.nodeCpuUsPerFrame;
  const redisUs = m.redisCpuUsPerFrame;
  return {
    nodes: nodeUs ? (nodes * 1e6) / nodeUs : null,
    redis: redisUs ? 1e6 / redisUs : null,
  };
}

/** The per-operation costs the capacity model needs, from this run's medians; undefined when one is missing. */
export function measuredCosts(r: ClusterResults): MeasuredCosts | undefined {
  const m = (id: string, metric: string) => r.medians[id]?.[metric] ?? null;
  // CPU share over frames per second = CPU per frame, from the closed loops.
  const perFrame = (id: string, share: string) => {
    const cpu = m(id, share);
    const rate = m(id, 'framesPerSecond');
    return cpu != null && rate ? (cpu * 1e6) / rate : null;
  };
  const costs = {
    nodeLocalUs: perFrame('parley-1', 'nodesCpuShare'),
    nodeCrossUs: perFrame('parley-2', 'nodesCpuShare'),
    redisCrossUs: perFrame('parley-2', 'redisCpuShare'),
    nodeTextUs: perFrame('texts-2', 'nodesCpuShare'),
    redisTextUs: perFrame('texts-2', 'redisCpuShare'),
    redisLeaseUs: m('idle-2', 'redisCpuUsPerLease'),
    redisJoinUs: m('idle-2', 'redisCpuUsPerJoin'),
    nodeIdleUs: m('idle-2', 'nodeCpuUsPerMemberSecond'),
  };
  return Object.values(costs).every((v) => v != null && Number.isFinite(v)) ? (costs as MeasuredCosts) : undefined;
}

function capacitySection(r: ClusterResults): string {
  const costs = measuredCosts(r);
  if (!costs) return 'Not computed: a measurement it needs failed or did not run.';
  const pct = (v: number) => `${Math.round(v * 100)}%`;
  const rows = [10_000, 100_000, 1_000_000].map((people) => {
    const c = capacity(people, costs);
    return `| ${num(people)} | ${num(c.rooms)} | ${num(c.nodes)} (${c.nodesBoundBy}) | ${num(c.nodeCores, 2)} | ${num(c.redisOpsPerSecond)} | ${num(c.redisCores, 2)} | ${pct(c.redisShare.presence)} / ${pct(c.redisShare.texts)} / ${pct(c.redisShare.signaling)} | ${num(c.redisShards)} |`;
  });
  return `Costs measured in this run (µs of CPU): node per local frame ${num(costs.nodeLocalUs, 1)}, nodes per cross-node frame ${num(costs.nodeCrossUs, 1)},
Redis per cross-node frame ${num(costs.redisCrossUs, 1)}, nodes per stored text across nodes ${num(costs.nodeTextUs, 1)}, Redis per such text ${num(costs.redisTextUs, 1)},
Redis per lease renewal (one per node every 2 s) ${num(costs.redisLeaseUs, 1)}, Redis per join (a leave counted as one more) ${num(costs.redisJoinUs, 1)},
nodes per idle member and second ${num(costs.nodeIdleUs, 1)}. Workload assumed
(bench/cluster/capacity-model.ts, reasons in docs/cluster.md): rooms of ${WORKLOAD.roomSizes[0]} to ${WORKLOAD.roomSizes.at(-1)}, ${WORKLOAD.staySeconds / 60}-minute stays,
${WORKLOAD.framesPerPairSetup} frames per pair set up, a renegotiation per pair every ${WORKLOAD.renegotiationSeconds / 60} min, ${num(WORKLOAD.textsPerPersonPerSecond * 60)} texts per person per minute,
${num(WORKLOAD.peoplePerNode)} people per node at most, every core planned at ${pct(WORKLOAD.utilisation)}.

| people in calls | rooms | nodes (bound by) | node cores used | Redis ops/s | Redis cores | Redis CPU: presence / chat / signaling | Redis shards |
| --- | --- | --- | --- | --- | --- | --- | --- |
${rows.join('\n')}`;
}

const num = (v: number | null | undefined, digits = 0): string =>
  v == null ? 'n/a' : v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const times = (v: number | null): string => (v == null ? 'n/a' : `${v.toFixed(2)}×`);
const verdict = (v: number | null, ok: (v: number) => boolean): string => (v == null ? '' : ok(v) ? 'met' : '**not met**');

export function clusterReport(r: ClusterResults): string {
  const m = (id: string, metric: string) => r.medians[id]?.[metric] ?? null;
  const vsSocketio = pairedRatio(r, 'parley-2', 'socketio-2', 'framesPerCpuSecond');
  const vsOneNode = pairedRatio(r, 'parley-2', 'parley-1', 'framesPerCpuSecond');
  const withRedis = pairedRatio(r, 'parley-1-redis', 'parley-1', 'framesPerCpuSecond');
  const socketioSplit = pairedRatio(r, 'socketio-2', 'socketio-1', 'framesPerCpuSecond');
  const p99 = m('rate-2', 'p99Ms');
  const machine = machineInfo();
  const { relay, rate, idle } = r.config;
  const scaleRows = [1, 2, 3].map((n) => {
    const row = r.medians[`rate-${n}`];
    if (!row) return `| ${n} | n/a | | | | | | |`;
    const c = ceilings(row, n);
    const limit = c.redis != null && c.nodes != null ? (c.redis < c.nodes ? 'Redis' : 'the nodes') : n === 1 ? 'the node' : 'n/a';
    return `| ${n} | ${num(row.p50Ms, 2)} / ${num(row.p99Ms, 2)} | ${num(row.nodeCpuUsPerFrame, 1)} | ${num(row.redisCpuUsPerFrame, 1)} | ${num(row.perNodeCpuShare, 2)} | ${num(row.redisCpuShare, 2)} | ${num(c.nodes)} / ${num(c.redis)} | ${limit} |`;
  });
  return `# Cluster relay benchmarks (issue 13)

\`npm run bench:cluster\`${r.mode === 'smoke' ? ' (**smoke run**: tiny sizes, figures meaningless)' : ''}, ${r.date.slice(0, 16).replace('T', ' ')} UTC,
${machine.cpuModel}, ${machine.cores} cores, Node ${process.versions.node}; ${r.pinning.isPinned ? `every node and redis-server pinned to core ${r.pinning.serverCore}, the load generator to core ${r.pinning.generatorCore}` : 'not pinned'}.
**Load average** (1, 5, 15 min) at the start: ${r.load.before.join(', ')}; at the end: ${r.load.after.join(', ')} (the machine is shared: figures taken under load are
noisy, ratios within one run less so). Median of ${r.config.runs} run(s); ratios are medians of each run's own ratio.
Every measurement starts fresh processes: the nodes (\`dist/server/main.js\` or bench/servers/socketio.ts) and its own redis-server 7 (appendonly off: pub/sub
and leases need no durability; history's appends are measured by \`npm run bench:history\`).

| what | figure | target |
| --- | --- | --- |
| Relay across 2 nodes: frames per CPU-second of both nodes + redis-server | ${num(m('parley-2', 'framesPerCpuSecond'))} | |
| … the same load on 1 node, no Redis | ${num(m('parley-1', 'framesPerCpuSecond'))} | |
| … socket.io + @socket.io/redis-adapter, 2 nodes (nodes + redis-server) | ${num(m('socketio-2', 'framesPerCpuSecond'))} | |
| … socket.io, 1 node | ${num(m('socketio-1', 'framesPerCpuSecond'))} | |
| Parley 2 nodes ÷ socket.io 2 nodes | ${times(vsSocketio)} | ≥ 2× ${verdict(vsSocketio, (v) => v >= 2)} |
| Parley 2 nodes ÷ Parley 1 node (what crossing Redis costs) | ${times(vsOneNode)} | |
| socket.io 2 nodes ÷ socket.io 1 node | ${times(socketioSplit)} | |
| Same-node relay with REDIS_URL set (node + redis-server) ÷ without | ${times(withRedis)} (${num(m('parley-1-redis', 'framesPerCpuSecond'))} vs ${num(m('parley-1', 'framesPerCpuSecond'))}) | ≥ 0.95× ${verdict(withRedis, (v) => v >= 0.95)} |
| Chat texts across 2 nodes, stored in Redis history: texts per CPU-second (nodes + redis-server) | ${num(m('texts-2', 'framesPerCpuSecond'))} | |
| Cross-node p99 at ${num(rate.ratePerSecond)} frames/s (2 nodes), p50 / p99 | ${num(m('rate-2', 'p50Ms'), 2)} / ${num(p99, 2)} ms | p99 ≤ 5 ms ${verdict(p99, (v) => v <= 5)} |
| … floor: the raw ws forwarder on 2 nodes, one PUBLISH per frame (same rig, same rate), p50 / p99 | ${num(m('rate-2-floor', 'p50Ms'), 2)} / ${num(m('rate-2-floor', 'p99Ms'), 2)} ms (CPU µs/frame: nodes ${num(m('rate-2-floor', 'nodeCpuUsPerFrame'), 1)}, Redis ${num(m('rate-2-floor', 'redisCpuUsPerFrame'), 1)}; Parley's ${num(m('rate-2', 'nodeCpuUsPerFrame'), 1)} and ${num(m('rate-2', 'redisCpuUsPerFrame'), 1)}) | |

## Scaling: 1, 2 and 3 nodes at the same ${num(rate.ratePerSecond)} frames/s

Every pair's sender on node *i*, its receiver on node *i+1* (all on one node for 1). CPU per frame is the sum over the nodes (sending and
receiving node both) and Redis's apart. The ceilings say at what rate each would fill one core: the nodes' grows with their number (each has a core
of its own in production), Redis's does not (one core, single-threaded); the lower one limits the cluster.

| nodes | p50 / p99 ms | node CPU µs/frame (all nodes) | Redis CPU µs/frame | CPU share per node | Redis CPU share | ceiling frames/s: nodes / Redis | limited by |
| --- | --- | --- | --- | --- | --- | --- | --- |
${scaleRows.join('\n')}

## Idle rooms and presence

${num(idle.rooms)} rooms of two, one member on each of 2 nodes: each node renews its one lease every 2 s (${num(m('idle-2', 'leaseRenewalsPerSecond'))} renewals/s
in all), nothing per room. Over ${num(idle.measureMs / 1000)} s Redis used ${num(m('idle-2', 'redisCpuShare'), 4)} of a core (${num(m('idle-2', 'redisCpuUsPerRoomSecond'), 2)} µs per room and
second, mostly Redis's own upkeep) and the nodes ${num(m('idle-2', 'nodeCpuUsPerMemberSecond'), 1)} µs per member and second. A join cost Redis
${num(m('idle-2', 'redisCpuUsPerJoin'), 1)} µs, one lease renewal ${num(m('idle-2', 'redisCpuUsPerLease'), 1)} µs (${num(LEASE_CALLS)} timed).

## Capacity model (from this run's costs)

${capacitySection(r)}

## How it is measured (bench/cluster/)

- Closed loop (the first table): ${relay.pairs} pairs, each alone in its room, the sender keeping ${relay.inFlight} frames in flight to its
  receiver (a call's mix: 1 offer, 1 answer, 8 ICE candidates, Chrome-sized); on 2 nodes every sender is on one node and its receiver on the
  other, half the pairs each way. Warm-up ${relay.warmupMs} ms, measured ${relay.measureMs} ms. CPU is user + system of every thread of every
  node and of redis-server, from /proc.
- Before measuring, each sender probes until a frame reaches its receiver: a node learns of another node's member through Redis.
- socket.io across nodes: the classic adapter (\`createAdapter\`, one pattern subscription, every node receives every broadcast and filters);
  a frame for a socket on another node goes to the room named by its id. The room check on such frames is skipped (socket.io cannot tell a
  remote socket's room without asking every node), which favours socket.io.
- Open loop (scaling): ${rate.pairs} pairs, frames on a fixed schedule whatever the servers do, timed from send to arrival in this process.
  Warm-up ${rate.warmupMs} ms, measured ${rate.measureMs} ms.
- The floor (bench/servers/raw-forwarder.ts with REDIS_URL): each client's node written once to a Redis hash; a frame for a receiver on
  another node is one PUBLISH of its bytes on that node's channel, parsed there and sent on. No validation, stamping, scripts, leases,
  presence across nodes or replay: what the rig (three processes on one core, loopback TCP, Redis's round trip) costs before Parley.
- Texts: the same pairs, the sender keeping ${relay.inFlight} room texts in flight (\`HISTORY_STORE=redis\`: each is appended to the room's
  stream, then delivered); counted at the receiver on the other node.
- Idle rooms: rooms of two, one member on each node, joined (Redis's CPU over the joins, per member); after one renewal period, Redis's
  and the nodes' CPU over the window; then LEASE timed on that Redis for a node of the benchmark's own.
- Each run's 1-minute load average is in benchmarks-cluster.json beside its figures (\`loadAverage1m\`).
- Failures: ${r.failures.length === 0 ? 'none' : r.failures.map((f) => `${f.id} run ${f.run}`).join(', ')}.
`;
}
