// `npm run soak` (not part of CI): starts a real server process, churns
// WebSocket connections against it (joins, a little signalling and chat,
// then a bye, a plain close or an abrupt drop that parks a resumable slot),
// and prints the server's heap and RSS over time, read from its /metrics.
// Bounded both in connections and in time:
//   SOAK_CONNECTIONS (default 20000), SOAK_SECONDS (default 120),
//   SOAK_CONCURRENCY (default 50), SOAK_ROOMS (default 100).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TOTAL = Number(process.env.SOAK_CONNECTIONS ?? 20_000);
const SECONDS = Number(process.env.SOAK_SECONDS ?? 120);
const CONCURRENCY = Number(process.env.SOAK_CONCURRENCY ?? 50);
const ROOMS = Number(process.env.SOAK_ROOMS ?? 100);
const GRACE_MS = 5000;

const server = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
  cwd: ROOT,
  env: {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info', // for the "listening" line, which names the port; the rest is discarded
    DATABASE_PATH: ':memory:',
    MAX_CONNECTIONS_PER_IP: '100000',
    // Held slots count as members; rooms big enough that churn is not mostly refusals.
    MAX_ROOM_SIZE: '16',
    RESUME_GRACE_MS: String(GRACE_MS),
  },
  stdio: ['ignore', 'pipe', 'inherit'],
});

const port = await new Promise<number>((resolve, reject) => {
  server.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  let buffered = '';
  const onData = (chunk: Buffer) => {
    buffered += chunk.toString();
    const match = /"event":"listening","port":(\d+)/.exec(buffered);
    if (!match) return;
    server.stdout.off('data', onData);
    server.stdout.resume(); // drain and drop the per-connection log lines
    resolve(Number(match[1]));
  };
  server.stdout.on('data', onData);
});
const base = `http://127.0.0.1:${port}`;

async function sample(): Promise<{ heap: number; rss: number; refused: number; clients: number; rooms: number }> {
  const [metrics, health] = await Promise.all([
    fetch(`${base}/metrics`).then((r) => r.text()),
    fetch(`${base}/healthz`).then((r) => r.json() as Promise<{ clients: number; rooms: number }>),
  ]);
  const read = (name: string) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(metrics)?.[1] ?? NaN);
  const refused = [...metrics.matchAll(/^parley_refusals_total\{[^}]*\} (\S+)$/gm)].reduce((sum, m) => sum + Number(m[1]), 0);
  return { heap: read('parley_process_nodejs_heap_size_used_bytes'), rss: read('parley_process_process_resident_memory_bytes'), refused, ...health };
}

/** One participant's life: join, signal a little, chat, leave one of three ways. */
function life(n: number): Promise<void> {
  return new Promise((resolve) => {
    const isResumable = n % 3 === 0;
    const ws = new WebSocket(`${base.replace('http', 'ws')}/r/soak-${n % ROOMS}/ws${isResumable ? '?session=1' : ''}`);
    let frames = 0;
    const done = () => resolve();
    ws.on('error', done);
    ws.on('close', done);
    ws.on('message', () => {
      if (++frames !== 1) return;
      ws.send(JSON.stringify({ receiver: 'ground control', type: 'profile', data: { username: `soak ${n}` } }));
      ws.send(JSON.stringify({ receiver: 'ground control', type: 'get-room-info' }));
      ws.send(JSON.stringify({ receiver: 'room', type: 'text', data: { text: `hello from ${n}` } }));
      ws.send(JSON.stringify({ receiver: 'room', type: 'icecandidate', data: { candidate: 'candidate:1 1 udp 1 127.0.0.1 9 typ host' } }));
      setImmediate(() => {
        if (n % 3 === 0)
          ws.terminate(); // a drop: the slot is held for the grace period
        else if (n % 3 === 1) ws.send(JSON.stringify({ receiver: 'ground control', type: 'bye' }));
        else ws.close(1000);
      });
    });
  });
}

const startedAt = Date.now();
const deadline = startedAt + SECONDS * 1000;
let started = 0;
let finished = 0;
console.log(`soak: up to ${TOTAL} connections or ${SECONDS} s, ${CONCURRENCY} at a time, ${ROOMS} rooms, against ${base}`);
console.log('   t(s)  connections  refused  clients  rooms  heap(MiB)  rss(MiB)');
const print = async () => {
  const s = await sample();
  const t = ((Date.now() - startedAt) / 1000).toFixed(0).padStart(7);
  console.log(
    `${t}  ${String(finished).padStart(11)}  ${String(s.refused).padStart(7)}  ${String(s.clients).padStart(7)}  ${String(s.rooms).padStart(5)}  ${(s.heap / 2 ** 20).toFixed(1).padStart(9)}  ${(s.rss / 2 ** 20).toFixed(1).padStart(8)}`,
  );
};
await print();
const ticker = setInterval(() => void print(), 5000);

async function worker(): Promise<void> {
  while (started < TOTAL && Date.now() < deadline) {
    await life(started++);
    finished++;
  }
}
try {
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  clearInterval(ticker);
  await print();
  // After the grace period every held slot is gone: memory should settle.
  await new Promise((resolve) => setTimeout(resolve, GRACE_MS + 1000));
  await print();
} finally {
  clearInterval(ticker);
  server.kill('SIGTERM');
}
