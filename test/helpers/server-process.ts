// Runs the real server as its own process (`node --import tsx
// server/main.ts`, or the built `node dist/server/main.js`), for tests that
// must kill it or watch it crash: it is ready once it logs that it listens,
// and is stopped by its pid (`kill()` is safe to call after it has exited,
// and in `finally`).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** How much of the process's recent output is kept, for a crash report. */
const OUTPUT_TAIL_CHARS = 16_384;

export interface ServerProcess {
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  /** Resolves when the process has exited. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends `signal` to the process (if still running) and waits for it to exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** The last few KB the process wrote to stdout and stderr (where a crash's stack lands). */
  outputTail(): string;
}

export interface ServerProcessOptions {
  /** `tsx` (default) runs the sources; `dist` runs dist/server/main.js, which must be built. */
  entry?: 'tsx' | 'dist';
}

/**
 * Starts the server with `env` on top of test defaults: PORT=0 unless given
 * (a restart passes the old port), loopback, no per-address cap, history in
 * memory unless HISTORY_STORE=sqlite is given (then in a fresh SQLite file
 * unless DATABASE_PATH is given: a restart passes the old one).
 */
export function startServerProcess(env: Record<string, string> = {}, options: ServerProcessOptions = {}): Promise<ServerProcess> {
  const args = options.entry === 'dist' ? ['dist/server/main.js'] : ['--import', 'tsx', 'server/main.ts'];
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      MAX_CONNECTIONS_PER_IP: '1000',
      HISTORY_STORE: 'memory',
      DATABASE_PATH: path.join(mkdtempSync(path.join(tmpdir(), 'parley-db-')), 'parley.db'),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const kill = async (signal: NodeJS.Signals = 'SIGKILL') => {
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) process.kill(child.pid, signal);
    await exited;
  };
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail += chunk.toString();
    if (tail.length > 2 * OUTPUT_TAIL_CHARS) tail = tail.slice(-OUTPUT_TAIL_CHARS);
  };
  const outputTail = () => tail.slice(-OUTPUT_TAIL_CHARS);
  return new Promise((resolve, reject) => {
    let buffered = '';
    let isListening = false;
    child.stdout!.on('data', (chunk: Buffer) => {
      keep(chunk);
      if (isListening) return;
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        if (!line.includes('"listening"')) continue;
        const { port } = JSON.parse(line) as { port: number };
        isListening = true;
        buffered = '';
        resolve({ url: `http://127.0.0.1:${port}`, port, pid: child.pid!, exited, kill, outputTail });
      }
    });
    child.stderr!.on('data', keep);
    void exited.then(({ code, signal }) => reject(new Error(`server exited (${code ?? signal}) before listening: ${outputTail()}`)));
  });
}
