// Idle connections: what one joined, silent participant costs the server in
// memory. Both samples are taken after the server has collected its garbage,
// and the per-connection figure is the difference divided by the count.
import { connectAll } from '../clients/load-client.js';
import type { BenchConfig } from '../lib/bench-config.js';
import type { ServerProcess } from '../lib/server-process.js';
import type { Metrics, Scenario } from './scenario.js';

export function idleConnections(connections: number): Scenario {
  return {
    id: 'idle',
    title: `${connections.toLocaleString('en')} idle connections`,
    skipReason: () => undefined,
    run,
  };
}

async function run(server: ServerProcess, config: BenchConfig): Promise<Metrics> {
  const { connections, roomSize } = config.idle;
  const before = await server.measureMemory();
  const rooms = Array.from({ length: connections }, (_, i) => `idle-${Math.floor(i / roomSize)}`);
  const clients = await connectAll(server.spec.protocol, server.port, rooms, 128);
  try {
    const after = await server.measureMemory();
    return {
      rssPerConnectionBytes: (after.rss - before.rss) / connections,
      heapPerConnectionBytes: (after.heapUsed - before.heapUsed) / connections,
      baselineRssBytes: before.rss,
      connections,
    };
  } finally {
    await Promise.all(clients.map((c) => c.terminate()));
  }
}
