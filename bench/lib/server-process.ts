// Starts one server under test as a child process on the server core, with
// --expose-gc and the memory probe preloaded, and reads its CPU time and
// memory from outside. Each scenario gets a fresh process, so no scenario
// inherits another's heap.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, connect } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WireProtocol } from '../clients/wire-protocols.js';
import { serverCommand, type Pinning } from './cpu-pinning.js';
import { cpuSeconds } from './proc-stat.js';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const PROBE = path.join(REPO_ROOT, 'bench', 'servers', 'probe.mjs');

export type ServerKey = 'parley' | 'raw' | 'peerjs' | 'socketio';

export interface ServerSpec {
  key: ServerKey;
  label: string;
  protocol: WireProtocol;
  /** Node arguments that start it, after the benchmark's own flags. */
  entry: string[];
  env?: Record<string, string>;
  /** Whether it has rooms and presence (fan-out and churn need them). */
  hasRooms: boolean;
}

export interface MemorySample {
  rss: number;
  heapUsed: number;
}

export interface LaunchOptions {
  pinning: Pinning;
  /** Extra node flags (e.g. --cpu-prof) for this process. */
  nodeFlags?: string[];
  /** How long start-up may take (default 20 s; a loaded machine needs more). */
  readyTimeoutMs?: number;
}

export class ServerProcess {
  readonly #child: ChildProcess;
  readonly #exited: Promise<number | null>;
  #stderr = '';

  private constructor(
    readonly spec: ServerSpec,
    readonly port: number,
    child: ChildProcess,
  ) {
    this.#child = child;
    this.#exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    child.stderr?.on('data', (chunk: Buffer) => {
      this.#stderr = (this.#stderr + chunk.toString()).slice(-4000);
    });
  }

  static async launch(spec: ServerSpec, options: LaunchOptions): Promise<ServerProcess> {
    const port = await freePort();
    const argv = serverCommand(options.pinning, [process.execPath, '--expose-gc', '--import', PROBE, ...(options.nodeFlags ?? []), ...spec.entry]);
    const child = spawn(argv[0]!, argv.slice(1), {
      cwd: REPO_ROOT,
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', ...spec.env },
      stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
    });
    const server = new ServerProcess(spec, port, child);
    await server.#waitUntilListening(options.readyTimeoutMs);
    return server;
  }

  get pid(): number {
    const pid = this.#child.pid;
    if (pid === undefined) throw new Error(`${this.spec.label} has no process id`);
    return pid;
  }

  /** CPU seconds (user + system, all threads) the server has used so far. */
  cpuSeconds(): number {
    return cpuSeconds(this.pid);
  }

  /** RSS and heap after the server has collected its garbage. */
  measureMemory(timeoutMs = 30_000): Promise<MemorySample> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => done(new Error(`${this.spec.label} did not answer a memory probe`)), timeoutMs);
      const onMessage = (message: unknown): void => {
        if (typeof message !== 'object' || message === null || !('cmd' in message) || message.cmd !== 'measure') return;
        if ('error' in message) return done(new Error(String(message.error)));
        if ('rss' in message && 'heapUsed' in message && typeof message.rss === 'number' && typeof message.heapUsed === 'number') {
          done(undefined, { rss: message.rss, heapUsed: message.heapUsed });
        }
      };
      const done = (error?: Error, sample?: MemorySample): void => {
        clearTimeout(timer);
        this.#child.off('message', onMessage);
        if (error) reject(error);
        else resolve(sample!);
      };
      this.#child.on('message', onMessage);
      this.#child.send({ cmd: 'measure' });
    });
  }

  /** Asks the server to stop (SIGTERM, so --cpu-prof can write), kills it if it lingers. */
  async stop(graceMs = 10_000): Promise<void> {
    if (this.#child.exitCode !== null || this.#child.signalCode !== null) return;
    this.#child.kill('SIGTERM');
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), graceMs);
    await this.#exited;
    clearTimeout(timer);
  }

  async #waitUntilListening(timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let hasExited = false;
    void this.#exited.then(() => (hasExited = true));
    // Retrying a TCP connect is the one signal every server under test gives.
    while (!(await canConnect(this.port))) {
      if (hasExited) throw new Error(`${this.spec.label} exited during start-up:\n${this.#stderr}`);
      if (Date.now() > deadline) {
        await this.stop();
        throw new Error(`${this.spec.label} did not listen on ${this.port} within ${timeoutMs} ms:\n${this.#stderr}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
