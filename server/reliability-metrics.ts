// Prometheus metrics for admission and sessions, fed by the Gatekeeper's
// events: how often joins are refused and why, how sessions end, and how
// many slots are held for resumption right now.
import { Counter, Gauge, type Registry } from 'prom-client';
import type { Gatekeeper } from './gatekeeper.js';

export function registerReliabilityMetrics(registry: Registry, gatekeeper: Gatekeeper): void {
  const refusals = new Counter({
    name: 'parley_refusals_total',
    help: 'Connections turned away after the upgrade, by error code',
    labelNames: ['code'],
    registers: [registry],
  });
  const ended = new Counter({
    name: 'parley_sessions_ended_total',
    help: 'Sessions ended, by reason (left, expired, slow-consumer, overflow, replay-gap, rate-limited, fault, shutdown)',
    labelNames: ['reason'],
    registers: [registry],
  });
  const resumed = new Counter({
    name: 'parley_sessions_resumed_total',
    help: 'Dropped connections whose slot was taken back',
    registers: [registry],
  });
  let parked = 0;
  new Gauge({
    name: 'parley_sessions_parked',
    help: 'Slots held for a dropped client to resume',
    registers: [registry],
    collect() {
      this.set(parked);
    },
  });
  const parkedSessions = new WeakSet<object>();
  gatekeeper.on('refused', ({ refusal }) => refusals.labels(refusal.code).inc());
  gatekeeper.on('parked', ({ session }) => {
    if (!parkedSessions.has(session)) parked++;
    parkedSessions.add(session);
  });
  const unpark = (session: object) => {
    if (parkedSessions.delete(session)) parked--;
  };
  gatekeeper.on('joined', ({ session, resumed: isResumed }) => {
    if (!isResumed) return;
    resumed.inc();
    unpark(session);
  });
  gatekeeper.on('ended', ({ session, reason }) => {
    ended.labels(reason).inc();
    unpark(session);
  });
}
