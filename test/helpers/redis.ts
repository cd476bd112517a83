// Starts a real redis-server (Debian's /usr/bin/redis-server) on loopback, on
// a free port, with its own data folder, appendonly yes and appendfsync
// always: the settings under which an acknowledged write survives a kill -9
// (`appendOnly: false` for a Redis that forgets everything on a restart).
// It is ready once it answers PING. `kill9()` kills it without warning,
// `restart()` starts it again (killing it first if it runs) on the same port
// and folder, and `stop()` ends it by its pid and removes the folder (call it
// in afterAll; also on failure). The one helper for every test and benchmark
// that needs Redis.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const REDIS_SERVER = '/usr/bin/redis-server';

export interface RedisServer {
  readonly port: number;
  /** redis://127.0.0.1:<port> */
  readonly url: string;
  /** The folder holding its appendonly files. */
  readonly dir: string;
  /** The running process's pid (a new one after restart). */
  pid(): number;
  /** Everything redis-server has printed so far, for failure messages. */
  log(): string;
  /** SIGKILL: no shutdown, no final fsync. Resolves once the process is gone. */
  kill9(): Promise<void>;
  /** Starts it again on the same port and folder (SIGKILL first if it still runs); resolves once it answers. */
  restart(): Promise<void>;
  /** Stops it by its pid and removes its folder; safe to call twice. */
  stop(): Promise<void>;
}

export async function startRedis({ appendOnly = true, readyTimeoutMs = 10_000 } = {}): Promise<RedisServer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'parley-redis-'));
  const port = await freePort();
  let output = '';
  let child: ChildProcess;

  const launch = async () => {
    child = spawn(
      REDIS_SERVER,
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--dir',
        dir,
        '--appendonly',
        appendOnly ? 'yes' : 'no',
        '--appendfsync',
        'always',
        '--save',
        '',
        '--daemonize',
        'no',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      await whenAnswering(port, child, readyTimeoutMs);
    } catch (error) {
      await stopProcess(child, 'SIGKILL');
      throw new Error(`redis-server did not start: ${(error as Error).message}\n${output.slice(-2000)}`);
    }
  };

  let stopping: Promise<void> | undefined;
  const server: RedisServer = {
    port,
    url: `redis://127.0.0.1:${port}`,
    dir,
    pid: () => child.pid ?? -1,
    log: () => output,
    kill9: () => stopProcess(child, 'SIGKILL'),
    async restart() {
      await stopProcess(child, 'SIGKILL');
      await launch();
    },
    stop() {
      stopping ??= stopProcess(child, 'SIGTERM').finally(() => rmSync(dir, { recursive: true, force: true }));
      return stopping;
    },
  };
  try {
    await launch();
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return server;
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

/**
 * Resolves once redis-server has loaded its appendonly file and listens: it
 * prints "Ready to accept connections" then. A PING confirms it answers.
 */
function whenAnswering(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let seen = '';
    const finish = (error?: Error) => {
      clearTimeout(deadline);
      child.off('exit', onExit);
      child.stdout?.off('data', onOutput);
      if (error) reject(error);
      else resolve();
    };
    const onExit = (code: number | null) => finish(new Error(`redis-server exited with code ${code}`));
    const onOutput = (chunk: Buffer) => {
      seen += chunk.toString();
      if (!seen.includes('Ready to accept connections')) return;
      child.stdout?.off('data', onOutput);
      ping(port).then(
        () => finish(),
        (error: Error) => finish(error),
      );
    };
    child.once('exit', onExit);
    child.stdout?.on('data', onOutput);
    const deadline = setTimeout(() => finish(new Error(`not ready on port ${port} within ${timeoutMs} ms`)), timeoutMs);
  });
}

function ping(port: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let answer = '';
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk: Buffer) => {
      answer += chunk.toString();
      if (answer.includes('\r\n')) socket.destroy();
    });
    socket.on('error', reject);
    socket.on('close', () => (answer.startsWith('+PONG') ? resolve() : reject(new Error(`PING answered ${JSON.stringify(answer)}`))));
  });
}

function stopProcess(child: ChildProcess, signal: 'SIGTERM' | 'SIGKILL'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    process.kill(child.pid!, signal);
  });
}
