// Graceful shutdown of the real process: started as `node --import tsx
// server/main.ts`, signalled by pid, and killed in `finally` whatever happens.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { TestClient } from '../helpers/ws-client.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

interface Started {
  child: ChildProcess;
  url: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts the server on a free port and resolves once it logs that it listens. */
function startProcess(env: Record<string, string>): Promise<Started> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', HISTORY_STORE: 'memory', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return new Promise((resolve, reject) => {
    let buffered = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      for (const line of buffered.split('\n')) {
        if (!line.includes('"listening"')) continue;
        const { port } = JSON.parse(line) as { port: number };
        resolve({ child, url: `http://127.0.0.1:${port}`, exited });
      }
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    void exited.then(({ code }) => reject(new Error(`server exited (${code}) before listening: ${stderr}`)));
  });
}

// Starting a process takes seconds on a busy 2-core machine; the bounds that
// matter are measured from the signal.
describe('graceful shutdown', { timeout: 60_000 }, () => {
  it('on SIGTERM says bye to every client, closes them with 1001, refuses newcomers and exits 0', async () => {
    let started: Started | undefined;
    const clients: TestClient[] = [];
    let stuck: TestClient | undefined;
    try {
      started = await startProcess({ SHUTDOWN_TIMEOUT_MS: '3000' });
      const { url, child, exited } = started;
      clients.push(await TestClient.connect(url, 'a'), await TestClient.connect(url, 'a'), await TestClient.connect(url, 'b', {}, '?session=1'));
      // One client that never answers the close keeps the shutdown open for its timeout.
      stuck = await TestClient.connect(url, 'c');
      stuck.ws.pause();
      const signalledAt = Date.now();
      child.kill('SIGTERM');
      for (const client of clients) {
        const bye = await client.next((f) => f.type === 'bye');
        expect(bye).toEqual({ sender: 'ground control', receiver: client.id, type: 'bye', data: 'server shutting down' });
        expect(await client.closedWith()).toEqual({ code: 1001, reason: 'server shutting down' });
      }
      await expect(TestClient.connect(url, 'late')).rejects.toThrow(/upgrade refused: 503/);
      expect(await exited).toEqual({ code: 0, signal: null });
      expect(Date.now() - signalledAt).toBeLessThan(3000 + 5000);
    } finally {
      for (const client of clients) client.ws.terminate();
      stuck?.ws.terminate();
      started?.child.kill('SIGKILL');
    }
  });

  it('exits within SHUTDOWN_TIMEOUT_MS even when a client never finishes closing', async () => {
    let started: Started | undefined;
    let stuck: TestClient | undefined;
    try {
      started = await startProcess({ SHUTDOWN_TIMEOUT_MS: '500' });
      stuck = await TestClient.connect(started.url, 'stuck');
      stuck.ws.pause(); // never reads the close frame, so never answers it
      const signalledAt = Date.now();
      started.child.kill('SIGINT');
      expect(await started.exited).toEqual({ code: 0, signal: null });
      // 500 ms of waiting, then cut off; generous margin for a busy machine.
      expect(Date.now() - signalledAt).toBeLessThan(4000);
      expect(Date.now() - signalledAt).toBeGreaterThanOrEqual(450);
    } finally {
      stuck?.ws.terminate();
      started?.child.kill('SIGKILL');
    }
  });
});
