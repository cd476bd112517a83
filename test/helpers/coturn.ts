// Starts a real coturn (Debian's /usr/bin/turnserver) on loopback in its
// use-auth-secret mode, for the TURN tests. Its pid file, database and log
// live in a temporary folder; it is ready once it answers a STUN Binding
// request, and `stop()` ends it by its process id (call it in afterAll).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const TURNSERVER = '/usr/bin/turnserver';

export interface Coturn {
  readonly port: number;
  readonly realm: string;
  /** turn:127.0.0.1:<port>?transport=udp */
  readonly udpUrl: string;
  /** turn:127.0.0.1:<port>?transport=tcp */
  readonly tcpUrl: string;
  readonly pid: number;
  /** The ports its relay candidates use (--min-port..--max-port). */
  readonly relayPorts: { min: number; max: number };
  /** Everything coturn has printed so far, for failure messages. */
  log(): string;
  /** Stops coturn by its pid and removes its folder; safe to call twice. */
  stop(): Promise<void>;
}

export interface CoturnOptions {
  secret: string;
  realm?: string;
  readyTimeoutMs?: number;
}

export async function startCoturn({ secret, realm = 'parley.test', readyTimeoutMs = 10_000 }: CoturnOptions): Promise<Coturn> {
  const dir = mkdtempSync(path.join(tmpdir(), 'parley-coturn-'));
  const port = await freePort();
  // A relay range of its own, so parallel runs rarely share ports; coturn
  // skips ports that are taken.
  const minPort = 20_000 + randomInt(0, 400) * 100;
  const child = spawn(
    TURNSERVER,
    [
      '-n',
      '--listening-ip=127.0.0.1',
      '--relay-ip=127.0.0.1',
      `--listening-port=${port}`,
      `--min-port=${minPort}`,
      `--max-port=${minPort + 99}`,
      '--use-auth-secret',
      `--static-auth-secret=${secret}`,
      `--realm=${realm}`,
      '--allow-loopback-peers',
      '--no-tls',
      '--no-dtls',
      '--no-cli',
      `--pidfile=${path.join(dir, 'turnserver.pid')}`,
      `--userdb=${path.join(dir, 'turndb')}`,
      '--log-file=stdout',
      '--simple-log',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));

  let stopping: Promise<void> | undefined;
  const coturn: Coturn = {
    port,
    realm,
    udpUrl: `turn:127.0.0.1:${port}?transport=udp`,
    tcpUrl: `turn:127.0.0.1:${port}?transport=tcp`,
    pid: child.pid ?? -1,
    relayPorts: { min: minPort, max: minPort + 99 },
    log: () => output,
    stop() {
      stopping ??= stopProcess(child).finally(() => rmSync(dir, { recursive: true, force: true }));
      return stopping;
    },
  };
  try {
    await whenAnswering(port, child, readyTimeoutMs);
  } catch (error) {
    await coturn.stop();
    throw new Error(`coturn did not start: ${(error as Error).message}\n${output.slice(-2000)}`);
  }
  return coturn;
}

/** A port free for both TCP and UDP on 127.0.0.1 (coturn listens on both). */
async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
      });
    });
    const isUdpFree = await new Promise<boolean>((resolve) => {
      const socket = createSocket('udp4');
      socket.once('error', () => resolve(false));
      socket.bind(port, '127.0.0.1', () => socket.close(() => resolve(true)));
    });
    if (isUdpFree) return port;
  }
}

/**
 * Resolves once coturn answers a STUN Binding request on `port`. UDP may drop
 * a request sent before the listener is up, so it is resent, as STUN clients
 * do (RFC 8489 retransmission), until the answer or the deadline.
 */
function whenAnswering(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const transactionId = randomBytes(12);
  const request = Buffer.concat([Buffer.from([0x00, 0x01, 0x00, 0x00, 0x21, 0x12, 0xa4, 0x42]), transactionId]);
  const socket = createSocket('udp4');
  return new Promise<void>((resolve, reject) => {
    const finish = (error?: Error) => {
      clearInterval(resend);
      clearTimeout(deadline);
      child.off('exit', onExit);
      socket.close();
      if (error) reject(error);
      else resolve();
    };
    const onExit = (code: number | null) => finish(new Error(`turnserver exited with code ${code}`));
    child.once('exit', onExit);
    socket.on('message', (message) => {
      // A Binding success response (0x0101) echoing our transaction id.
      if (message.readUInt16BE(0) === 0x0101 && message.subarray(8, 20).equals(transactionId)) finish();
    });
    socket.on('error', (error) => finish(error));
    const send = () => socket.send(request, port, '127.0.0.1');
    const resend = setInterval(send, 50);
    const deadline = setTimeout(() => finish(new Error(`no STUN answer on port ${port} within ${timeoutMs} ms`)), timeoutMs);
    send();
  });
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    process.kill(child.pid!, 'SIGTERM');
  });
}
