#!/usr/bin/env node
// `npm run cluster`: a Parley cluster on this machine to try (docs/cluster.md):
// redis-server, three nodes sharing it (REDIS_URL), and nginx in front with
// docs/nginx-cluster.conf, all on loopback. Prints the URL to open; Ctrl-C
// stops every process it started, by pid. Installs nginx and redis-server
// with apt-get when missing and running as root, as `npm test` does for its
// programs. PORT (default 8080) is nginx's port; the nodes and Redis take
// free ports. Kill a node (its pid is printed) to watch calls resume on the
// others.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { clearTimeout, setTimeout } from 'node:timers';
import { fileURLToPath } from 'node:url';
import { ensureDebianPackages } from './debian-packages.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const NGINX = '/usr/sbin/nginx';
const REDIS_SERVER = '/usr/bin/redis-server';
const NODES = 3;
const port = Number(process.env.PORT || '8080');

/** Every process started here, stopped by pid on the way out. */
const children = [];
let workDir;
let isStopping = false;

function ensurePrograms() {
  const missing = ensureDebianPackages('npm run cluster', [
    [NGINX, 'nginx'],
    [REDIS_SERVER, 'redis-server'],
  ]);
  if (missing) fail(missing);
}

/** Ends start-up: main's catch prints the message and stops what was started. */
function fail(message) {
  throw new Error(message);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port: free } = server.address();
      server.close(() => resolve(free));
    });
  });
}

/**
 * Starts `command` with its output in <work folder>/<name>.log, and resolves
 * once something accepts connections on `port`; rejects if it exits first.
 */
async function start(name, command, args, { env = {}, port: listenPort }) {
  const logPath = path.join(workDir, `${name.replace(/\s+/g, '-')}.log`);
  const log = openSync(logPath, 'a');
  const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', log, log] });
  closeSync(log);
  children.push({ name, child });
  const exited = new Promise((_resolve, reject) =>
    child.once('exit', (code, signal) => {
      if (isStopping) return;
      console.error(`${name} (pid ${child.pid}) exited (${code ?? signal}); its output: ${logPath}`);
      reject(new Error(`${name} stopped:\n${readFileSync(logPath, 'utf8').slice(-2000)}`));
    }),
  );
  exited.catch(() => {}); // after start-up, an exit is only reported
  await Promise.race([untilListening(listenPort), exited]);
  return { child, logPath };
}

async function main() {
  ensurePrograms();
  console.log('Building the server and the client...');
  if (spawnSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' }).status !== 0) fail('the build failed');
  workDir = mkdtempSync(path.join(tmpdir(), 'parley-cluster-'));

  const redisPort = await freePort();
  const redisDir = path.join(workDir, 'redis');
  mkdirSync(redisDir);
  // appendonly with an fsync per write: an acked chat message survives a crash (docs/cluster.md).
  const redisArgs = ['--port', String(redisPort), '--bind', '127.0.0.1', '--dir', redisDir, '--appendonly', 'yes', '--appendfsync', 'always', '--save', ''];
  const redis = await start('redis-server', REDIS_SERVER, redisArgs, { port: redisPort });
  const redisUrl = `redis://127.0.0.1:${redisPort}`;

  const nodePorts = [];
  for (let i = 0; i < NODES; i++) nodePorts.push(await freePort());
  const nodes = await Promise.all(
    nodePorts.map((nodePort, i) =>
      start(`node ${i + 1}`, process.execPath, ['dist/server/main.js'], {
        // Each node's own "listening" line; TRUSTED_PROXIES lets it count clients by the address nginx forwards.
        env: { PORT: String(nodePort), HOST: '127.0.0.1', REDIS_URL: redisUrl, TRUSTED_PROXIES: '127.0.0.1' },
        port: nodePort,
      }),
    ),
  );

  const nginxDir = path.join(workDir, 'nginx');
  mkdirSync(nginxDir);
  const servers = nodePorts.map((nodePort) => `    server 127.0.0.1:${nodePort} max_fails=1 fail_timeout=2s;`).join('\n');
  const conf = readFileSync(path.join(ROOT, 'docs', 'nginx-cluster.conf'), 'utf8')
    .replaceAll('{{PREFIX}}', nginxDir)
    .replaceAll('{{LISTEN}}', `127.0.0.1:${port}`)
    .replaceAll('{{SERVERS}}', servers);
  const confPath = path.join(nginxDir, 'nginx.conf');
  writeFileSync(confPath, conf);
  const test = spawnSync(NGINX, ['-t', '-q', '-p', nginxDir, '-c', confPath, '-e', path.join(nginxDir, 'error.log')], { encoding: 'utf8' });
  if (test.status !== 0) fail(`nginx refused ${confPath}:\n${test.stderr}`);
  // In the foreground, so that it is this script's child and stops with it.
  const nginx = await start('nginx', NGINX, ['-p', nginxDir, '-c', confPath, '-e', path.join(nginxDir, 'error.log'), '-g', 'daemon off;'], { port });

  console.log('');
  console.log(`redis-server  pid ${redis.child.pid}  ${redisUrl}`);
  nodes.forEach((node, i) => console.log(`node ${i + 1}        pid ${node.child.pid}  http://127.0.0.1:${nodePorts[i]}  (log: ${node.logPath})`));
  console.log(`nginx         pid ${nginx.child.pid}  http://127.0.0.1:${port}`);
  console.log('');
  console.log(`Parley cluster ready: open http://localhost:${port}`);
  console.log('Ctrl-C stops everything.');
}

/** Resolves once something accepts connections on `listenPort` (nginx in the foreground prints nothing when ready). */
async function untilListening(listenPort) {
  for (let attempt = 0; attempt < 3600; attempt++) {
    const isOpen = await new Promise((resolve) => {
      const socket = connect({ port: listenPort, host: '127.0.0.1' });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (isOpen) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  fail(`nothing listens on port ${listenPort} after 3 minutes`);
}

/** Stops every child by its pid (SIGTERM, then SIGKILL after 5 s), removes the work folder, exits. */
async function stop(code) {
  if (isStopping) return;
  isStopping = true;
  await Promise.all(
    children.map(
      ({ child }) =>
        new Promise((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          const force = setTimeout(() => process.kill(child.pid, 'SIGKILL'), 5000);
          child.once('exit', () => {
            clearTimeout(force);
            resolve();
          });
          process.kill(child.pid, 'SIGTERM');
        }),
    ),
  );
  if (workDir) rmSync(workDir, { recursive: true, force: true });
  process.exit(code);
}

for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => void stop(0));
main().catch((error) => {
  console.error(`cluster: ${error.message}`);
  void stop(1);
});
