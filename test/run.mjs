#!/usr/bin/env node
// `npm test`: makes sure the system programs the tests drive are present
// (installing them with apt-get when running as root), runs the static checks
// (types, import rules, lint, format; each counts as one test), builds the
// client the browser tests load, runs every vitest project, and ends with one
// line "N passed, N failed".
import { spawn, spawnSync } from 'node:child_process';
import { Buffer } from 'node:buffer';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureDebianPackages } from '../scripts/debian-packages.mjs';

/** System programs the suite needs: [what to look for, Debian package]. */
const SYSTEM_NEEDS = [
  ['/usr/lib/chromium/chromium', 'chromium'],
  ['/usr/bin/turnserver', 'coturn'],
  ['/usr/bin/redis-server', 'redis-server'],
];

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  return result.status ?? 1;
}

const missing = ensureDebianPackages('npm test', SYSTEM_NEEDS);
if (missing) {
  console.error(missing);
  console.error('0 passed, 1 failed');
  process.exit(1);
}

/** Static checks: [name, npm script]. Each counts as one test; all run even after a failure. */
const STATIC_CHECKS = [
  ['types (tsc --noEmit)', 'typecheck'],
  ['import rules (dependency-cruiser)', 'deps'],
  ['lint (eslint)', 'lint'],
  ['format (prettier --check)', 'format:check'],
];
/** Runs `npm run <script>` with its output gathered, so that parallel checks print one after another. */
function runQuietly(script) {
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    const output = [];
    child.stdout.on('data', (chunk) => output.push(chunk));
    child.stderr.on('data', (chunk) => output.push(chunk));
    child.on('error', (error) => resolve({ status: 1, output: Buffer.from(String(error)) }));
    child.on('close', (status) => resolve({ status, output: Buffer.concat(output) }));
  });
}

// The checks and the client build run side by side: each is mostly one
// thread, and together they take about half as long as one after another
// (the CI run has 20 minutes in all).
const started = Date.now();
const [build, ...checks] = await Promise.all([runQuietly('build:client'), ...STATIC_CHECKS.map(([, script]) => runQuietly(script))]);
let staticPassed = 0;
let staticFailed = 0;
STATIC_CHECKS.forEach(([name, script], i) => {
  console.log(`\n▶ ${name}`);
  process.stdout.write(checks[i].output);
  if (checks[i].status === 0) {
    staticPassed++;
  } else {
    staticFailed++;
    console.error(`✗ ${name} failed (npm run ${script})`);
  }
});
console.log(`\n▶ client build (vite)`);
process.stdout.write(build.output);
console.log(`Static checks and build: ${((Date.now() - started) / 1000).toFixed(0)} s`);
if (build.status !== 0) {
  console.error('The client build failed.');
  console.error(`${staticPassed} passed, ${staticFailed + 1} failed`);
  process.exit(1);
}

const reportFile = path.join(mkdtempSync(path.join(tmpdir(), 'parley-test-')), 'report.json');
const extra = process.argv.slice(2);
const status = run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${reportFile}`, ...extra]);

let passed = staticPassed;
let failed = staticFailed;
if (existsSync(reportFile)) {
  const report = JSON.parse(readFileSync(reportFile, 'utf8'));
  passed += report.numPassedTests ?? 0;
  failed += (report.numFailedTests ?? 0) + (report.numRuntimeErrorTestSuites ?? 0);
  // A file that fails to load has no tests counted; count it as a failure.
  for (const suite of report.testResults ?? []) {
    if (suite.status === 'failed' && (suite.assertionResults ?? []).length === 0) failed++;
  }
}
if (status !== 0 && failed === staticFailed) failed++;
console.log(`${passed} passed, ${failed} failed`);
process.exit(status === 0 && failed === 0 ? 0 : 1);
