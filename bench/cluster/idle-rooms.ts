// What a room costs the cluster while nobody in it says anything: each node
// renews its lease on every room it holds members of every 2 s (one Lua
// script, server/cluster/presence-scripts.ts RENEW). Rooms of two, one member
// on each of two nodes, then Redis's and the nodes' CPU over a quiet window.
import { LoadClient } from '../clients/load-client.js';
import { delay } from '../lib/stats.js';
import type { Metrics } from '../scenarios/scenario.js';
import type { Deployment } from './cluster-deployment.js';

/** The lease renewal period (server/cluster/cluster-node.ts). */
const RENEW_MS = 2000;

export async function idleRooms(deployment: Deployment, rooms: number, measureMs: number): Promise<Metrics> {
  const protocol = deployment.servers[0]!.spec.protocol;
  const ports = deployment.ports;
  const clients: LoadClient[] = [];
  try {
    for (let r = 0; r < rooms; r += 25) {
      const batch = Array.from({ length: Math.min(25, rooms - r) }, (_, i) =>
        ports.map((port, n) => LoadClient.connect(protocol, port, `idle-${r + i}`, (r + i) * ports.length + n)),
      ).flat();
      clients.push(...(await Promise.all(batch)));
    }
    // One full renewal period first, so every room's first renewal (and the joins' writes) are behind us.
    await delay(RENEW_MS + 500);
    const cpu0 = deployment.cpu();
    const t0 = performance.now();
    await delay(measureMs);
    const cpu1 = deployment.cpu();
    const seconds = (performance.now() - t0) / 1000;
    const renewals = (rooms * ports.length * seconds * 1000) / RENEW_MS;
    const redis = cpu1.redis - cpu0.redis;
    const nodes = cpu1.nodes - cpu0.nodes;
    return {
      rooms,
      renewalsPerSecond: renewals / seconds,
      redisCpuUsPerRenewal: (redis * 1e6) / renewals,
      nodeCpuUsPerRenewal: (nodes * 1e6) / renewals,
      redisCpuShare: redis / seconds,
    };
  } finally {
    await Promise.all(clients.map((c) => c.terminate()));
  }
}
