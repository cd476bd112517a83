// What rooms cost the cluster while nobody in them says anything, and what
// presence costs Redis: rooms of two, one member on each of two nodes. The
// joins are measured (Redis's CPU per member joined: admission, the
// member's record and announcement, its room's channel, its session's
// slot), then Redis's and the nodes' CPU over a quiet window (each node
// renews only its one lease, every 2 s: nothing per room should remain),
// then one lease renewal's cost on that Redis, as the nodes run it
// (server/cluster/node-lease-scripts.ts LEASE), timed over many.
import { Redis } from 'ioredis';
import { LuaScript } from '../../server/cluster/lua-script.js';
import { LEASE, SUSPECTS_KEY } from '../../server/cluster/node-lease-scripts.js';
import { NODES_KEY } from '../../server/cluster/presence-scripts.js';
import { LoadClient } from '../clients/load-client.js';
import { delay } from '../lib/stats.js';
import type { Metrics } from '../scenarios/scenario.js';
import type { Deployment } from './cluster-deployment.js';

/** The lease renewal period (server/cluster/cluster-node.ts). */
const RENEW_MS = 2000;
/** Lease renewals timed for the per-renewal cost (cluster-report.ts says so). */
const LEASES = 5000;

export async function idleRooms(deployment: Deployment, rooms: number, measureMs: number): Promise<Metrics> {
  const protocol = deployment.servers[0]!.spec.protocol;
  const ports = deployment.ports;
  const clients: LoadClient[] = [];
  try {
    const joining = deployment.cpu();
    for (let r = 0; r < rooms; r += 25) {
      const batch = Array.from({ length: Math.min(25, rooms - r) }, (_, i) =>
        ports.map((port, n) => LoadClient.connect(protocol, port, `idle-${r + i}`, (r + i) * ports.length + n)),
      ).flat();
      clients.push(...(await Promise.all(batch)));
    }
    // One full renewal period first, so every join's writes are behind us.
    await delay(RENEW_MS + 500);
    const cpu0 = deployment.cpu();
    const t0 = performance.now();
    await delay(measureMs);
    const cpu1 = deployment.cpu();
    const seconds = (performance.now() - t0) / 1000;
    const redis = cpu1.redis - cpu0.redis;
    const nodes = cpu1.nodes - cpu0.nodes;
    return {
      rooms,
      leaseRenewalsPerSecond: (ports.length * 1000) / RENEW_MS,
      redisCpuShare: redis / seconds,
      redisCpuUsPerRoomSecond: (redis * 1e6) / rooms / seconds,
      nodeCpuUsPerMemberSecond: (nodes * 1e6) / (rooms * ports.length) / seconds,
      // Includes the quiet renewal period after the joins (a few leases, Redis's own upkeep): a little high.
      redisCpuUsPerJoin: ((cpu0.redis - joining.redis) * 1e6) / (rooms * ports.length),
      redisCpuUsPerLease: await leaseCost(deployment),
    };
  } finally {
    await Promise.all(clients.map((c) => c.terminate()));
  }
}

/** Redis CPU per LEASE call, for a node of its own among the deployment's, timed over LEASES calls. */
async function leaseCost(deployment: Deployment): Promise<number | null> {
  if (!deployment.redis) return null;
  const redis = new Redis(deployment.redis.url);
  try {
    const lease = new LuaScript(LEASE, 2);
    const run = () => lease.run(redis, [NODES_KEY, SUSPECTS_KEY], ['bench-lease', 60_000, 3000]);
    await run();
    const before = deployment.cpu().redis;
    for (let i = 0; i < LEASES; i += 100) await Promise.all(Array.from({ length: 100 }, run));
    return ((deployment.cpu().redis - before) * 1e6) / LEASES;
  } finally {
    await redis.zrem(NODES_KEY, 'bench-lease').catch(() => {});
    redis.disconnect();
  }
}
