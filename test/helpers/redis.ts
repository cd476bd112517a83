// Starts a real redis-server (Debian's /usr/bin/redis-server) on a free
// loopback port with its own folder, for the cluster tests. It is ready once
// it logs "Ready to accept connections"; `kill()` ends it by its pid (SIGKILL:
// a crash) and `restart()` starts it again on the same port and folder, so
// what it persisted (appendonly) comes back. `stop()` is safe in `finally`.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const REDIS_SERVER = '/usr/bin/redis-server';

export interface RedisProcess {
  readonly port: number;
  readonly url: string;
  readonly pid: number;
  /** Kills it with SIGKILL and waits for the exit. */
  kill(): Promise<void>;
  /** Starts it again on the same port and folder; resolves once it accepts connections. */
  restart(): Promise<void>;
  /** Stops it (if running) and removes its folder; safe to call twice. */
  stop(): Promise<void>;
  log(): string;
}

export async function startRedis({ appendOnly = true }: { appendOnly?: boolean } = {}): Promise<RedisProcess> {
  const dir = mkdtempSync(path.join(tmpdir(), 'parley-redis-'));
  const port = await freePort();
  let child: ChildProcess | undefined;
  let output = '';
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    dir,
    '--save',
    '',
    '--appendonly',
    appendOnly ? 'yes' : 'no',
    '--appendfsync',
    'always',
    '--logfile',
    '',
    '--daemonize',
    'no',
  ];
  const launch = async () => {
    const proc = spawn(REDIS_SERVER, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    await new Promise<void>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Ready to accept connections')) {
          proc.stdout?.off('data', onData);
          proc.off('exit', onExit);
          proc.stdout?.on('data', (more: Buffer) => (output = (output + more.toString()).slice(-8000)));
          resolve();
        }
      };
      const onExit = (code: number | null) => reject(new Error(`redis-server exited with code ${code}\n${output.slice(-2000)}`));
      proc.stdout?.on('data', onData);
      proc.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      proc.once('exit', onExit);
    });
  };
  const kill = async () => {
    const proc = child;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise((resolve) => proc.once('exit', resolve));
    proc.kill('SIGKILL');
    await exited;
  };
  let stopping: Promise<void> | undefined;
  const redis: RedisProcess = {
    port,
    url: `redis://127.0.0.1:${port}`,
    get pid() {
      return child?.pid ?? -1;
    },
    kill,
    async restart() {
      await kill();
      output = '';
      await launch();
    },
    stop() {
      stopping ??= kill().finally(() => rmSync(dir, { recursive: true, force: true }));
      return stopping;
    },
    log: () => output,
  };
  try {
    await launch();
  } catch (error) {
    await redis.stop();
    throw error;
  }
  return redis;
}

async function freePort(): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
