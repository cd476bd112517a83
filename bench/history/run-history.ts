// `npm run bench:history`: the chat-history benchmarks (issue 12), as ratios
// from one run, written to docs/benchmarks-history.md. Each figure comes
// from a freshly started server (pinned to its own core, as in
// `npm run bench`), with its store in a new temporary file:
//  - acked texts per server CPU-second: SQLite vs memory vs naive SQLite
//    (one INSERT and commit per message);
//  - ack latency at a fixed 2,000 texts/s;
//  - signaling relay while texts are stored at full speed, vs history off;
//  - a late joiner's first page with 1,000,000 messages in 1,000 rooms.
//  - the Redis store (issue 13) beside them: acked texts per CPU-second of
//    Parley plus redis-server, and ack latency, with appendfsync always.
// `-- --smoke` runs it tiny, into a temporary folder; `-- --only=a,b` runs
// only the named measurements (e.g. acked-sqlite,acked-memory) and writes
// nothing but the console.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { SqliteHistory } from '../../server/history/sqlite-history.js';
import { cpuSeconds } from '../lib/proc-stat.js';
import { startRedis } from '../../test/helpers/redis.js';
import { pinGenerator, planPinning } from '../lib/cpu-pinning.js';
import { machineInfo } from '../lib/machine-info.js';
import { REPO_ROOT, ServerProcess, type ServerSpec } from '../lib/server-process.js';
import { SERVERS } from '../lib/servers-under-test.js';
import { ratio } from '../lib/stats.js';
import { ackedTexts, ackLatency, lateJoiner, relayUnderTexts, type Timing } from './history-scenarios.js';

const isSmoke = process.argv.includes('--smoke');
const only = process.argv
  .find((arg) => arg.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');
const timing: Timing = isSmoke ? { warmupMs: 300, measureMs: 700 } : { warmupMs: 2000, measureMs: 8000 };
const prefill = isSmoke ? { rooms: 10, perRoom: 100 } : { rooms: 1000, perRoom: 1000 };
const outFile =
  isSmoke || only ? path.join(mkdtempSync(path.join(tmpdir(), 'parley-bench-history-')), 'benchmarks-history.md') : path.join(REPO_ROOT, 'docs', 'benchmarks-history.md');

const pinning = planPinning();
if (pinning.warning) console.warn(`warning: ${pinning.warning}`);
pinGenerator(pinning);

console.log('Building the servers under test (tsc -p tsconfig.bench.json)...');
const tsc = spawnSync(process.execPath, [path.join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.bench.json'], {
  cwd: REPO_ROOT,
  stdio: 'inherit',
});
if (tsc.status !== 0) throw new Error('the servers under test did not build');

const freshDb = () => path.join(mkdtempSync(path.join(tmpdir(), 'parley-bench-history-db-')), 'parley.db');
const base = SERVERS.parley;
function parley(label: string, env: Record<string, string>, entry = base.entry): ServerSpec {
  return { ...base, label, entry, env: { ...base.env, DATABASE_PATH: freshDb(), ...env } };
}
const specs = {
  sqlite: () => parley('SQLite (group commit)', { HISTORY_STORE: 'sqlite' }),
  memory: () => parley('memory', { HISTORY_STORE: 'memory' }),
  naive: () => parley('naive SQLite (commit per message)', { HISTORY_STORE: 'sqlite' }, ['dist/bench/servers/parley-naive-history.js']),
  off: () => parley('history off', { HISTORY_STORE: 'off' }),
};
// One redis-server for the Redis store's figures, as the tests run it: appendonly yes, appendfsync always.
const redis = await startRedis();
const redisSpec = () => parley('Redis (appendfsync always)', { HISTORY_STORE: 'redis', REDIS_URL: redis.url });
const redisCpu = () => cpuSeconds(redis.pid());

async function withServer<T>(spec: ServerSpec, run: (server: ServerProcess) => Promise<T>): Promise<T> {
  const server = await ServerProcess.launch(spec, { pinning });
  try {
    return await run(server);
  } finally {
    await server.stop();
  }
}

const results: Record<string, Record<string, number | null>> = {};
async function measure(name: string, spec: ServerSpec, run: (server: ServerProcess) => Promise<Record<string, number | null>>): Promise<void> {
  // `--only=late-joiner` takes its floor (`late-joiner-floor`) with it.
  if (only && !only.some((o) => name === o || name.startsWith(`${o}-`))) return;
  process.stdout.write(`${name} (${spec.label})... `);
  results[name] = await withServer(spec, run);
  console.log(JSON.stringify(results[name]));
}

try {
  await measure('acked-sqlite', specs.sqlite(), (s) => ackedTexts(s, timing));
  await measure('acked-memory', specs.memory(), (s) => ackedTexts(s, timing));
  await measure('acked-naive', specs.naive(), (s) => ackedTexts(s, timing));
  await measure('acked-redis', redisSpec(), (s) => ackedTexts(s, timing, redisCpu));
  await measure('latency-sqlite', specs.sqlite(), (s) => ackLatency(s, timing));
  await measure('latency-memory', specs.memory(), (s) => ackLatency(s, timing));
  await measure('latency-redis', redisSpec(), (s) => ackLatency(s, timing));
  await measure('relay-sqlite', specs.sqlite(), (s) => relayUnderTexts(s, timing));
  await measure('relay-off', specs.off(), (s) => relayUnderTexts(s, timing));
} finally {
  await redis.stop();
}

if (!only || only.includes('late-joiner')) {
  process.stdout.write(`Filling a store with ${prefill.rooms * prefill.perRoom} messages in ${prefill.rooms} rooms... `);
  const filled = freshDb();
  const fillStart = performance.now();
  const history = new SqliteHistory({ path: filled, synchronous: 'NORMAL', isGroupCommit: true });
  const t0 = Date.now() - 86_400_000;
  for (let r = 0; r < prefill.rooms; r++) {
    history.append(
      Array.from({ length: prefill.perRoom }, (_, i) => ({
        room: `room-${r}`,
        sender: 'a',
        receiver: 'room',
        from: 'Ada',
        time: t0 + i,
        text: `message ${i} in room ${r}, of a typical length`,
      })),
    );
  }
  history.close();
  console.log(`${((performance.now() - fillStart) / 1000).toFixed(1)} s`);
  await measure('late-joiner', { ...specs.sqlite(), env: { ...specs.sqlite().env, DATABASE_PATH: filled, HISTORY_MAX_PER_ROOM: '10000' } }, (s) =>
    lateJoiner(s, prefill.rooms, isSmoke ? 5 : 100, isSmoke ? 100 : 2000),
  );
  // The same requests to a server that answers with a page built once: what the machine and ws alone take.
  await measure('late-joiner-floor', SERVERS.raw, (s) => lateJoiner(s, prefill.rooms, isSmoke ? 5 : 100, isSmoke ? 100 : 2000));
}

const get = (name: string, key: string) => results[name]?.[key] ?? null;
const fmt = (value: number | null, digits = 0) =>
  value === null ? 'n/a' : value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const minus = (a: number | null, b: number | null) => (a === null || b === null ? null : a - b);
const x = (value: number | null) => (value === null ? 'n/a' : `${value.toFixed(2)}×`);
const vsMemory = ratio(get('acked-sqlite', 'ackedPerCpuSecond'), get('acked-memory', 'ackedPerCpuSecond'));
const vsNaive = ratio(get('acked-sqlite', 'ackedPerCpuSecond'), get('acked-naive', 'ackedPerCpuSecond'));
const redisVsSqlite = ratio(get('acked-redis', 'ackedPerCpuSecond'), get('acked-sqlite', 'ackedPerCpuSecond'));
const relayRatio = ratio(get('relay-sqlite', 'relayedPerSecond'), get('relay-off', 'relayedPerSecond'));
const machine = machineInfo();
const report = `# Chat history benchmarks

\`npm run bench:history\`${isSmoke ? ' (smoke run: tiny sizes, figures meaningless)' : ''}, ${new Date().toISOString().slice(0, 10)},
${machine.cpuModel ?? 'unknown CPU'}, ${machine.cores ?? '?'} cores, Node ${process.versions.node}; server ${pinning.isPinned ? `pinned to core ${pinning.serverCore}` : 'not pinned'}.
Load average when it finished: ${loadavg()
  .map((l) => l.toFixed(1))
  .join(', ')} (the machine is shared).
One run; each figure from a fresh server whose store is a new SQLite file (WAL, synchronous=NORMAL),
memory, or a local redis-server. Warm-up ${timing.warmupMs} ms, measured ${timing.measureMs} ms.

| what | figure | target |
| --- | --- | --- |
| Acked texts per server CPU-second, SQLite (group commit) | ${fmt(get('acked-sqlite', 'ackedPerCpuSecond'))} | |
| … memory store | ${fmt(get('acked-memory', 'ackedPerCpuSecond'))} | |
| … naive SQLite (one INSERT and commit per message) | ${fmt(get('acked-naive', 'ackedPerCpuSecond'))} | |
| SQLite ÷ memory | ${x(vsMemory)} | ≥ 0.7× |
| SQLite ÷ naive | ${x(vsNaive)} | ≥ 3× |
| Ack latency at 2,000 texts/s, p50 / p99 | ${fmt(get('latency-sqlite', 'p50Ms'), 2)} / ${fmt(get('latency-sqlite', 'p99Ms'), 2)} ms | p99 ≤ 5 ms |
| … memory store, for comparison (what the machine adds without a file) | ${fmt(get('latency-memory', 'p50Ms'), 2)} / ${fmt(get('latency-memory', 'p99Ms'), 2)} ms | |
| Redis store (issue 13): acked texts per CPU-second of Parley + redis-server | ${fmt(get('acked-redis', 'ackedPerCpuSecond'))} (${x(redisVsSqlite)} SQLite's) | |
| … its ack latency at 2,000 texts/s, p50 / p99 | ${fmt(get('latency-redis', 'p50Ms'), 2)} / ${fmt(get('latency-redis', 'p99Ms'), 2)} ms | |
| Signaling relayed per second while texts are stored at full speed | ${fmt(get('relay-sqlite', 'relayedPerSecond'))} (p99 ${fmt(get('relay-sqlite', 'relayP99Ms'), 2)} ms; ${fmt(get('relay-sqlite', 'textsAckedPerSecond'))} texts/s stored) | |
| … with history off | ${fmt(get('relay-off', 'relayedPerSecond'))} (p99 ${fmt(get('relay-off', 'relayP99Ms'), 2)} ms; ${fmt(get('relay-off', 'textsAckedPerSecond'))} texts/s relayed) | |
| SQLite ÷ off | ${x(relayRatio)} | ≥ 0.9× |
| Late joiner's first page (50) with ${fmt(prefill.rooms * prefill.perRoom)} messages in ${fmt(prefill.rooms)} rooms, p50 / p99 | ${fmt(get('late-joiner', 'p50Ms'), 2)} / ${fmt(get('late-joiner', 'p99Ms'), 2)} ms (${fmt(get('late-joiner', 'pageBytes'))} bytes) | p99 ≤ 2 ms |
| … each room's first request alone (cold), p50 / max | ${fmt(get('late-joiner', 'coldP50Ms'), 2)} / ${fmt(get('late-joiner', 'coldMaxMs'), 2)} ms | |
| … the floor: a raw ws server answering with a page built once (same bytes), p50 / p99 | ${fmt(get('late-joiner-floor', 'p50Ms'), 2)} / ${fmt(get('late-joiner-floor', 'p99Ms'), 2)} ms (${fmt(get('late-joiner-floor', 'pageBytes'))} bytes) | |
| Parley − floor, p50 / p99 | ${fmt(minus(get('late-joiner', 'p50Ms'), get('late-joiner-floor', 'p50Ms')), 2)} / ${fmt(minus(get('late-joiner', 'p99Ms'), get('late-joiner-floor', 'p99Ms')), 2)} ms | |

How each is measured (bench/history/):
- *Acked texts*: 20 rooms of two, the sender keeping 20 texts with a \`mid\` unacked; a new one leaves when an ack comes back. Server CPU is user+system of all its threads (the SQLite worker included).
- *Ack latency*: 20 senders, 2,000 texts/s in total on a timer, from send to ack, measured at the client.
- *Redis store*: the same two measurements with \`HISTORY_STORE=redis\` against a local redis-server 7 with appendonly yes and appendfsync always (an fsync before every answer); its CPU is added to the server's, and it is not pinned.
- *Relay*: 20 pairs bounce offers/answers/candidates with one frame in flight (so the rate is bound by how long a frame waits in the server), while 10 other rooms send texts (20 in flight each) as fast as their echoes come back (after the commit, when stored). With history off those texts are relayed, not stored.
- *Late joiner*: the file is filled first (1,000 messages per room); the server is warmed with 1,000 requests from members of 100 other rooms (as a server that has run for a while is); then one member in each of 100 random rooms asks \`get-history\` in turn, 2,000 requests, one at a time; round trip over the WebSocket. The measured rooms' first requests are cold, and are also given on their own. The floor is the raw ws forwarder (bench/servers/raw-forwarder.ts) asked the same way, answering every \`get-history\` with one page of the same size built at start-up: its tail is what the machine, Node and ws add to any reply, with no store behind it.

Raw figures: \`${JSON.stringify(results)}\`
`;
writeFileSync(outFile, report);
console.log(`\n${report}\nWritten to ${outFile}`);
