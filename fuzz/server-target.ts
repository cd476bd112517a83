// The server under fuzz: a real process (never an in-process instance, so a
// crash is a crash), watched for exit, and checked between batches: the same
// pid still alive, /healthz answering 200, and its resident memory, read
// from its own /metrics, under a bound.
import { startServerProcess, type ServerProcess } from '../test/helpers/server-process.js';

export class ServerCrash extends Error {
  constructor(
    readonly exit: { code: number | null; signal: NodeJS.Signals | null },
    readonly outputTail: string,
  ) {
    super(`the server process exited (${exit.signal ?? `code ${exit.code}`}); its last words:\n${lastWords(outputTail)}`);
    this.name = 'ServerCrash';
  }
}

export interface FuzzServer {
  readonly process: ServerProcess;
  readonly url: string;
  /** Never resolves; rejects with a ServerCrash when the process exits. */
  readonly failed: Promise<never>;
  /** Checks the process is alive and healthy; returns its RSS in bytes. */
  check(): Promise<number>;
  /**
   * What `error` really was: a dying server resets its sockets a moment before
   * its exit is seen, so a reset or a 1006 is first given `graceMs` to turn
   * out to be a crash.
   */
  explain(error: Error, graceMs?: number): Promise<Error>;
  stop(): Promise<void>;
}

export async function startFuzzServer(env: Record<string, string>, entry: 'tsx' | 'dist' = 'tsx'): Promise<FuzzServer> {
  // No history: texts are relayed in the turn they arrive, the exact order the
  // oracle predicts (a store delivers them after its commit), and get-history
  // is answered with history-off. The history protocol has its own tests.
  const proc = await startServerProcess({ HISTORY_STORE: 'off', ...env }, { entry });
  let isStopping = false;
  const failed = proc.exited.then((exit) => {
    throw new ServerCrash(exit, proc.outputTail());
  });
  failed.catch(() => {}); // observed by whoever races it; a deliberate stop is not a crash
  return {
    process: proc,
    url: proc.url,
    failed,
    async check() {
      const alive = await Promise.race([failed, Promise.resolve(true)]);
      if (!alive || !isPidAlive(proc.pid)) throw new ServerCrash({ code: null, signal: null }, proc.outputTail());
      const health = await Promise.race([failed, fetch(`${proc.url}/healthz`)]);
      if (health.status !== 200) throw new Error(`/healthz answered ${health.status}`);
      const metrics = await Promise.race([failed, fetch(`${proc.url}/metrics`).then((res) => res.text())]);
      // prom-client's default metric, under the registry's prefix: parley_process_process_resident_memory_bytes.
      const rss = /^\w*process_resident_memory_bytes (\d+(?:\.\d+)?(?:e\+\d+)?)$/m.exec(metrics)?.[1];
      if (rss === undefined) throw new Error('/metrics has no process_resident_memory_bytes');
      return Number(rss);
    },
    async explain(error, graceMs = 2000) {
      if (error instanceof ServerCrash) return error;
      let timer: NodeJS.Timeout | undefined;
      const calm = new Promise<Error>((resolve) => (timer = setTimeout(() => resolve(error), graceMs)));
      try {
        return await Promise.race([failed.catch((crash: ServerCrash) => crash), calm]);
      } finally {
        clearTimeout(timer);
      }
    },
    async stop() {
      if (isStopping) return;
      isStopping = true;
      await proc.kill('SIGTERM');
    },
  };
}

function isPidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** What a dying process printed outside its JSON log lines (the uncaught error and its stack), else its last lines. */
export function lastWords(output: string): string {
  const lines = output.trim().split('\n').slice(1); // the first may be cut
  const plain = lines.filter((line) => line.trim() !== '' && !line.startsWith('{'));
  return (plain.length > 0 ? plain : lines).slice(-16).join('\n');
}
