// `npm run bench`: starts every server under test in turn on its own core,
// drives each scenario from this process (the one load generator, on the
// other core), repeats the runs, and writes the medians with ratios to
// docs/benchmarks.md, docs/benchmarks.svg and docs/benchmarks.json.
// `npm run bench -- --smoke` runs everything tiny, into a temp folder.
// Not part of `npm test`, except the smoke run in test/bench-smoke.test.ts.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runBrowserScenario } from './browser/browser-scenario.js';
import { FULL, SMOKE, type BenchConfig } from './lib/bench-config.js';
import { parseCli } from './lib/cli-options.js';
import { pinGenerator, planPinning, releaseGenerator } from './lib/cpu-pinning.js';
import { loadAverages, machineInfo, packageVersions } from './lib/machine-info.js';
import { openFileLimit } from './lib/proc-stat.js';
import { summarize, type BenchResults } from './lib/results.js';
import { REPO_ROOT, ServerProcess, type ServerKey } from './lib/server-process.js';
import { SERVERS } from './lib/servers-under-test.js';
import { HEADLINES } from './report/headlines.js';
import { writeReport } from './report/write-report.js';
import { idleConnections } from './scenarios/idle-connections.js';
import { churn } from './scenarios/join-churn.js';
import { relayLatency } from './scenarios/relay-latency.js';
import { relayThroughput } from './scenarios/relay-throughput.js';
import { roomFanout } from './scenarios/room-fanout.js';
import type { Scenario } from './scenarios/scenario.js';

const startedAt = performance.now();
const options = parseCli(process.argv.slice(2), process.env);
const base = options.isSmoke ? SMOKE : FULL;
const config: BenchConfig = structuredClone({ ...base, runs: options.runs ?? base.runs, browser: { runs: options.runs ?? base.browser.runs } });
const wants = (id: string): boolean => options.scenarios.length === 0 || options.scenarios.includes(id);

const pinning = planPinning();
if (pinning.warning) console.warn(`warning: ${pinning.warning}`);
pinGenerator(pinning);

// Each idle connection is a file descriptor here and one in the server.
const fdLimit = openFileLimit();
if (wants('idle') && fdLimit < config.idle.connections + 1024) {
  const capped = Math.max(100, fdLimit - 1024);
  console.warn(
    `warning: open-file limit ${fdLimit} is too low for ${config.idle.connections} connections; running ${capped}. Raise it with: ulimit -n ${config.idle.connections + 4096}`,
  );
  config.idle.connections = capped;
}

if (!options.isBuildSkipped) {
  console.log('Building the servers under test (tsc -p tsconfig.bench.json)...');
  const tsc = spawnSync(process.execPath, [path.join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.bench.json'], {
    cwd: REPO_ROOT,
    stdio: 'inherit',
  });
  if (tsc.status !== 0) throw new Error('the servers under test did not build');
  // The browser scenario loads Parley's client from dist/client. The smoke
  // run inside `npm test` uses the build the suite made just before: building
  // again would empty dist/client under the browser tests running beside it.
  const hasClient = existsSync(path.join(REPO_ROOT, 'dist', 'client', 'index.html'));
  if (!options.isBrowserSkipped && wants('browser') && !(options.isSmoke && hasClient)) {
    console.log('Building the browser client (vite build)...');
    const vite = spawnSync(process.execPath, [path.join(REPO_ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], {
      cwd: REPO_ROOT,
      stdio: 'inherit',
    });
    if (vite.status !== 0) throw new Error('the browser client did not build');
  }
}

const scenarios: Scenario[] = [
  idleConnections(config.idle.connections),
  ...config.relay.inFlight.map((n) => relayThroughput(n)),
  relayLatency(pinning.isPinned),
  ...config.fanout.roomSizes.map((n) => roomFanout(n)),
  churn,
].filter((s) => wants(s.id));

const results: BenchResults = {
  schema: 'parley-bench/1',
  date: new Date().toISOString(),
  mode: config.mode,
  durationSeconds: 0,
  config,
  machine: machineInfo(),
  versions: packageVersions(),
  pinning,
  load: { before: loadAverages(), after: [] },
  servers: options.servers.map((key) => ({ key, label: SERVERS[key].label })),
  scenarios: scenarios.map(({ id, title }) => ({ id, title })),
  measurements: [],
  skipped: [],
  failures: [],
};

// Servers kept for the whole run when config.isServerPerScenario is false.
const kept = new Map<ServerKey, ServerProcess>();
async function serverFor(key: ServerKey, scenario: string, run: number): Promise<ServerProcess> {
  const nodeFlags =
    options.profileDir && key === 'parley'
      ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(options.profileDir)}`, `--cpu-prof-name=parley-${scenario}-run${run}.cpuprofile`]
      : [];
  if (config.isServerPerScenario) return ServerProcess.launch(SERVERS[key], { pinning, nodeFlags });
  let server = kept.get(key);
  if (!server) kept.set(key, (server = await ServerProcess.launch(SERVERS[key], { pinning, nodeFlags })));
  return server;
}

/** Every run of each scenario in `phase`, on every server (one fresh server process per scenario unless kept). */
async function runScenarios(phase: Scenario[]): Promise<void> {
  for (let run = 1; run <= config.runs; run++) {
    for (const scenario of phase) {
      // Rotate the order each run so slow drift in machine load spreads evenly.
      const order = options.servers.map((_, i, all) => all[(i + run - 1) % all.length]!);
      for (const key of order) {
        const spec = SERVERS[key];
        const reason = scenario.skipReason(spec);
        if (reason) {
          if (run === 1) results.skipped.push({ scenario: scenario.id, server: key, reason });
          continue;
        }
        let server: ServerProcess | undefined;
        try {
          server = await serverFor(key, scenario.id, run);
          const metrics = await scenario.run(server, config);
          results.measurements.push({ scenario: scenario.id, server: key, run, metrics });
          console.log(`[run ${run}/${config.runs}] ${scenario.id.padEnd(9)} ${spec.label.padEnd(17)} ${brief(metrics)}`);
        } catch (error) {
          const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
          results.failures.push({ scenario: scenario.id, server: key, run, message });
          console.error(`[run ${run}/${config.runs}] ${scenario.id} ${spec.label} FAILED: ${message}`);
        } finally {
          if (config.isServerPerScenario) await server?.stop();
        }
      }
    }
  }
}

// The idle scenario runs last, after the browser: for a minute or more after
// 10,000 connections have come and gone, the machine stalls for 25 to 40 ms
// now and then. Measured: relay p99 at a fixed rate 3 to 13 ms for every
// server, the raw forwarder included, when the latency scenario followed the
// idle one (a GC of the generator in between did not help), and 0.3 to 2.5 ms
// in every run when it did not. Idle's own figure is memory, which such
// stalls do not change.
await runScenarios(scenarios.filter((s) => s.id !== 'idle'));
await Promise.all([...kept.values()].map((s) => s.stop()));
kept.clear();

if (!options.isBrowserSkipped && wants('browser')) {
  console.log("Browser: in-page WebRTC lower bound and Parley's Join → first remote frame in Chromium...");
  releaseGenerator(pinning);
  try {
    results.browser = await runBrowserScenario(config.browser.runs, pinning);
    for (const s of [...results.browser.lowerBound, ...results.browser.parley])
      console.log(`  ${s.label}: median ${s.medianMs?.toFixed(0)} ms (${s.firstFrameMs.map((v) => v.toFixed(0)).join(', ')})`);
  } catch (error) {
    results.browser = { failed: error instanceof Error ? error.message : String(error) };
    results.failures.push({ scenario: 'browser', message: results.browser.failed });
    console.error(`browser scenario FAILED: ${results.browser.failed}`);
  }
  pinGenerator(pinning);
}

await runScenarios(scenarios.filter((s) => s.id === 'idle'));
await Promise.all([...kept.values()].map((s) => s.stop()));

results.load.after = loadAverages();
results.durationSeconds = (performance.now() - startedAt) / 1000;
const summary = summarize(results.measurements);
const outDir = options.outDir ?? (options.isSmoke ? mkdtempSync(path.join(tmpdir(), 'parley-bench-smoke-')) : path.join(REPO_ROOT, 'docs'));
const files = writeReport(results, summary, outDir);

console.log('\nMedians:');
for (const h of HEADLINES) {
  const row = summary[h.scenario];
  if (!row) continue;
  const cells = results.servers.map((s) => `${s.label} ${fmt(row[s.key]?.[h.metric], h.scale)}`);
  console.log(`  ${h.label} (${h.unit}): ${cells.join(', ')}`);
}
console.log(`\nWrote ${files.markdown}, ${files.chart}, ${files.json} in ${results.durationSeconds.toFixed(0)} s.`);
if (results.failures.length) {
  console.error(`${results.failures.length} scenario run(s) failed; see above.`);
  process.exitCode = 1;
}

function brief(metrics: Record<string, number | null>): string {
  return Object.entries(metrics)
    .slice(0, 4)
    .map(([k, v]) => `${k}=${fmt(v)}`)
    .join(' ');
}

function fmt(v: number | null | undefined, scale = 1): string {
  if (v == null) return 'n/a';
  const x = v * scale;
  return Math.abs(x) >= 100 ? Math.round(x).toString() : x.toFixed(2);
}
