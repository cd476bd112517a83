// One deployment under test for the cluster benchmarks: N server processes
// (Parley, socket.io or raw forwarder nodes) on the server core, sharing a fresh
// redis-server of their own when clustered (no run inherits another's keys),
// and the CPU they use together, read from
// /proc for every process (nodes and redis-server apart, so a run can say
// which of them limits it).
import { spawnSync } from 'node:child_process';
import type { Pinning } from '../lib/cpu-pinning.js';
import { cpuSeconds } from '../lib/proc-stat.js';
import { ServerProcess, type ServerSpec } from '../lib/server-process.js';
import { SERVERS } from '../lib/servers-under-test.js';
import { startRedis, type RedisServer } from '../../test/helpers/redis.js';

/** Parley, socket.io with its Redis adapter, or the raw ws forwarder relaying through Redis (the floor). */
export type Kind = 'parley' | 'socketio' | 'raw';

export interface DeploymentPlan {
  kind: Kind;
  nodes: number;
  /** Whether the nodes get REDIS_URL (a cluster, even of one node). */
  isClustered: boolean;
  /** Settings beside the bench's own (e.g. HISTORY_STORE=redis). */
  env?: Record<string, string>;
}

export interface CpuSample {
  nodes: number;
  redis: number;
}

export class Deployment {
  private constructor(
    readonly plan: DeploymentPlan,
    readonly servers: ServerProcess[],
    readonly redis: RedisServer | undefined,
  ) {}

  /**
   * Starts redis-server (when clustered: appendonly off, as pub/sub and
   * leases need no durability; history's cost is bench:history's) and the nodes.
   */
  static async start(plan: DeploymentPlan, pinning: Pinning): Promise<Deployment> {
    const redis = plan.isClustered ? await startRedis({ appendOnly: false }) : undefined;
    if (redis) pinRedis(redis, pinning);
    const base = SERVERS[plan.kind];
    const spec: ServerSpec = {
      ...base,
      label: `${base.label} ×${plan.nodes}${plan.isClustered ? ' (Redis)' : ''}`,
      // Relay only: no texts are sent, so history's store does not matter; off keeps nodes from sharing a file.
      env: { ...base.env, HISTORY_STORE: 'off', ...(redis ? { REDIS_URL: redis.url } : {}), ...plan.env },
    };
    const servers: ServerProcess[] = [];
    try {
      for (let i = 0; i < plan.nodes; i++) servers.push(await ServerProcess.launch(spec, { pinning, readyTimeoutMs: 60_000 }));
    } catch (error) {
      await Promise.all(servers.map((s) => s.stop()));
      await redis?.stop();
      throw error;
    }
    return new Deployment(plan, servers, redis);
  }

  get ports(): number[] {
    return this.servers.map((s) => s.port);
  }

  cpu(): CpuSample {
    return {
      nodes: this.servers.reduce((sum, s) => sum + s.cpuSeconds(), 0),
      redis: this.redis ? cpuSeconds(this.redis.pid()) : 0,
    };
  }

  async stop(): Promise<void> {
    await Promise.all(this.servers.map((s) => s.stop()));
    await this.redis?.stop();
  }
}

/** Puts redis-server (all its threads) on the server core beside the nodes, so the generator's core stays its own. */
function pinRedis(redis: RedisServer, pinning: Pinning): void {
  if (!pinning.isPinned) return;
  spawnSync('taskset', ['-a', '-p', '-c', String(pinning.serverCore), String(redis.pid())]);
}
