// The cluster's figures on /metrics: whether Redis is reachable (and how
// often it was not), and the frames that crossed to other nodes.
import { Counter, Gauge, type Registry } from 'prom-client';
import type { ClusterNode } from './cluster-node.js';

export function registerClusterMetrics(registry: Registry, cluster: ClusterNode): void {
  new Gauge({
    name: 'parley_cluster_redis_up',
    help: '1 while Redis is reachable; 0 while the node is degraded (serving its own members only; /healthz gives the reason)',
    registers: [registry],
    collect() {
      this.set(cluster.isUp ? 1 : 0);
    },
  });
  new Counter({
    name: 'parley_cluster_redis_outages_total',
    help: 'Times Redis became unreachable since start',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(cluster.outages);
    },
  });
  new Counter({
    name: 'parley_cluster_frames_total',
    help: 'Frames for members on other nodes: published to Redis, received from it, dropped while it was unreachable',
    labelNames: ['direction'],
    registers: [registry],
    collect() {
      this.reset();
      const { published, received, dropped } = cluster.bus.counts;
      this.inc({ direction: 'published' }, published);
      this.inc({ direction: 'received' }, received);
      this.inc({ direction: 'dropped' }, dropped);
    },
  });
}
