// Prometheus metrics for one server instance, fed by the ChatManager's events.
// A registry per instance keeps tests that start several servers independent.
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { ChatManager } from '../core/chat-manager.js';
import { FaultSite, type Faults } from './faults.js';

export function createMetrics(manager: ChatManager, faults: Faults): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'parley_process_' });
  new Gauge({
    name: 'parley_rooms',
    help: 'Rooms with at least one client',
    registers: [registry],
    collect() {
      this.set(manager.roomCount);
    },
  });
  new Gauge({
    name: 'parley_clients',
    help: 'Connected clients',
    registers: [registry],
    collect() {
      this.set(manager.clientCount);
    },
  });
  // The core counts relayed frames itself (they are per frame); they are
  // handed to prom-client only when /metrics is read.
  new Counter({
    name: 'parley_frames_relayed_total',
    help: 'Frames relayed between clients, by type',
    labelNames: ['type'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [type, count] of manager.relayCounts) this.inc({ type }, count);
    },
  });
  // Faults are counted where they are caught (server/ops/faults.ts) and read
  // here; every site is listed, at 0 too, so an alert can watch a series
  // that exists before the first fault.
  new Counter({
    name: 'parley_faults_total',
    help: 'Exceptions caught at a fault boundary (a server bug contained), by where: frame, socket, upgrade, join, http, heartbeat, resume-expiry, refill',
    labelNames: ['where'],
    registers: [registry],
    collect() {
      this.reset();
      for (const where of Object.values(FaultSite)) this.inc({ where }, faults.counts.get(where) ?? 0);
    },
  });
  const errors = new Counter({
    name: 'parley_errors_total',
    help: 'Error frames sent to clients, by code',
    labelNames: ['code'],
    registers: [registry],
  });
  const connections = new Counter({
    name: 'parley_connections_total',
    help: 'WebSocket connections accepted',
    registers: [registry],
  });
  manager.on('frame-error', ({ code }) => errors.labels(code).inc());
  manager.on('connect', () => connections.inc());
  return registry;
}
