// A load balancer for tests, at the TCP level: it listens on a loopback port
// and pipes each connection to the first backend in its own order of
// preference that accepts it. A page behind proxy [1, 2, 3] lands on node 1
// while it is up, and on node 2 once node 1 is dead, as behind nginx with
// failover (docs/nginx-cluster.conf), but the test knows which node each page
// is on. When a backend's side closes, the client's side is cut too, as a
// dying node's connections are. `close()` ends every connection and the
// listener; safe in `finally`.
import { createConnection, createServer, type Socket } from 'node:net';

export interface FailoverProxy {
  readonly port: number;
  readonly url: string;
  /** The backend port each connection went to, in order. */
  readonly routed: number[];
  close(): Promise<void>;
}

export async function startFailoverProxy(backendPorts: readonly number[]): Promise<FailoverProxy> {
  const open = new Set<Socket>();
  const routed: number[] = [];
  const track = (socket: Socket) => {
    open.add(socket);
    socket.once('close', () => open.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const server = createServer((client) => {
    track(client);
    client.pause();
    const tryBackend = (index: number) => {
      if (index >= backendPorts.length || client.destroyed) return client.destroy();
      const port = backendPorts[index]!;
      const upstream = createConnection({ port, host: '127.0.0.1' });
      upstream.once('error', () => tryBackend(index + 1));
      upstream.once('connect', () => {
        upstream.removeAllListeners('error');
        track(upstream);
        routed.push(port);
        client.pipe(upstream);
        upstream.pipe(client);
        client.resume();
        upstream.once('close', () => client.destroy());
        client.once('close', () => upstream.destroy());
      });
    };
    tryBackend(0);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  let closing: Promise<void> | undefined;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    routed,
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      });
      return closing;
    },
  };
}
