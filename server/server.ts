// Assembles one Parley server from a Config: core, HTTP app, WebSocket edge,
// metrics. main.ts runs it; tests start it on port 0.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compiledChecker } from '../shared/compiled-checker.js';
import { ChatManager } from './core/chat-manager.js';
import type { Config } from './ops/config.js';
import type { Gatekeeper } from './admission/gatekeeper.js';
import { createHttpApp } from './edge/http-app.js';
import { IceServerProvider } from './ice/ice-servers.js';
import type { Logger } from './ops/logger.js';
import { createMetrics } from './ops/metrics.js';
import { registerReliabilityMetrics } from './ops/reliability-metrics.js';
import { attachWebSockets } from './edge/ws-edge.js';
import { Faults } from './ops/faults.js';
import { historyApi } from './history/history-api.js';
import { openHistoryStore } from './history/history-config.js';
import type { HistoryStore } from './history/history-store.js';
import { HistoryPruner } from './history/pruner.js';
import { RoomPasswords } from './admission/room-passwords.js';
import { roomStatusApi } from './admission/room-status-api.js';
import { Router } from 'express';
import { ClusterNode } from './cluster/cluster-node.js';
import { registerClusterMetrics } from './cluster/cluster-metrics.js';

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  readonly manager: ChatManager;
  /** Admission and sessions, parked ones included. */
  readonly gatekeeper: Gatekeeper;
  readonly http: Server;
  /** Exceptions caught at the fault boundaries, counted by site. */
  readonly faults: Faults;
  /** The chat history; undefined with HISTORY_STORE=off. */
  readonly history: HistoryStore | undefined;
  /** This node's part in a cluster; undefined without REDIS_URL. */
  readonly cluster: ClusterNode | undefined;
  close(): Promise<void>;
}

export interface StartOptions {
  /** A store to use instead of the one the settings name (benchmarks' baselines); `null` = none. */
  history?: HistoryStore | null;
}

const HERE = path.dirname(fileURLToPath(import.meta.url));
/** The repository root: two up from dist/server (built), one up from server/ (tsx). */
const ROOT = path.basename(path.dirname(HERE)) === 'dist' ? path.resolve(HERE, '..', '..') : path.resolve(HERE, '..');
/** dist/client, whether running from dist/server or from the sources via tsx. */
export const DEFAULT_CLIENT_DIR = path.join(ROOT, 'dist', 'client');

export async function startServer(config: Config, logger: Logger, clientDir = DEFAULT_CLIENT_DIR, options: StartOptions = {}): Promise<RunningServer> {
  // Opened first: a store that cannot be opened stops start-up (ConfigError naming DATABASE_PATH).
  const history = options.history === undefined ? await openHistoryStore(config.history) : (options.history ?? undefined);
  const iceServers = new IceServerProvider(config);
  const passwords = new RoomPasswords(undefined, history);
  const cluster = config.redisUrl === undefined ? undefined : new ClusterNode(config.redisUrl, { graceMs: config.resumeGraceMs, maxHeldBytes: config.maxBufferedBytes });
  const manager = new ChatManager({
    makeChecker: compiledChecker,
    maxTextLength: config.maxTextLength,
    maxUsernameLength: config.maxUsernameLength,
    iceServersFor: (client) => iceServers.serversFor(client.id),
    iceTransportPolicy: config.iceTransportPolicy,
    history,
    // In a cluster the change also goes to Redis, where every node's admission checks it, and to the other nodes.
    applyLock: async (roomId, password, by) => {
      if (password === undefined) await passwords.unlock(roomId);
      const lock = password === undefined ? undefined : await passwords.lock(roomId, password);
      return (await cluster?.seats.setLock(roomId, lock, by)) ?? false;
    },
    bus: cluster?.bus,
  });
  if (cluster) {
    logCluster(cluster, logger);
    await cluster.start(manager);
  }
  manager.on('history-error', ({ error }) => logger.error({ event: 'history-error', err: String(error) }, 'history store failed'));
  manager.on('frame-error', ({ client, code, description }) => logger.warn({ event: 'frame-error', room: client.roomId, client: client.id, code }, description));
  const faults = new Faults();
  logFaults(faults, logger);
  const metrics = createMetrics(manager, faults);
  const api = Router();
  api.use(
    historyApi({
      store: history,
      passwords,
      allowedOrigins: config.allowedOrigins,
      trustedProxies: config.trustedProxies,
      requestsPerMinute: config.history.apiRequestsPerMinute,
    }),
    roomStatusApi({
      memberCount: (roomId) => manager.room(roomId)?.size ?? 0,
      members: (roomId) => manager.members(roomId),
      passwords,
      clusterView: cluster && ((roomId) => cluster.roomView(roomId)),
      allowedOrigins: config.allowedOrigins,
      trustedProxies: config.trustedProxies,
      requestsPerMinute: config.roomStatusRequestsPerMinute,
    }),
  );
  if (cluster) registerClusterMetrics(metrics, cluster);
  const app = createHttpApp({
    manager,
    metrics,
    clientDir,
    startedAt: Date.now(),
    iceConfigFor: (id) => iceServers.configFor(id),
    faults,
    api,
    clusterHealth: cluster && (() => cluster.health()),
  });
  const http = createServer(app);
  const edge = attachWebSockets(http, manager, config, logger, faults, { passwords, seats: cluster?.seats, slots: cluster?.slots });
  const pruner = history && new HistoryPruner(history, { maxPerRoom: config.history.maxPerRoom, retentionMs: config.history.retentionDays * 86_400_000 });
  pruner?.on('failed', ({ error }) => logger.error({ event: 'history-prune-failed', err: String(error) }, 'pruning the history failed'));
  pruner?.start();
  registerReliabilityMetrics(metrics, edge.gatekeeper);

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(config.port, config.host, () => {
      http.off('error', reject);
      resolve();
    });
  });
  const { port } = http.address() as AddressInfo; // listen() on TCP always yields AddressInfo
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  logger.info({ event: 'listening', port, host: config.host }, `Parley listening on http://${host}:${port}`);

  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    port,
    manager,
    gatekeeper: edge.gatekeeper,
    http,
    faults,
    history,
    cluster,
    close() {
      closing ??= (async () => {
        pruner?.stop();
        await edge.close();
        http.closeAllConnections();
        await new Promise<void>((resolve) => http.close(() => resolve()));
        // After the edge: every leave has been sent to Redis first.
        await cluster?.close();
        await history?.close();
      })();
      return closing;
    },
  };
}

/** Redis going away and coming back, once each; a failed command at debug level (an outage makes many). */
function logCluster(cluster: ClusterNode, logger: Logger): void {
  cluster.on('down', ({ reason }) => logger.warn({ event: 'cluster-degraded', reason }, 'Redis unreachable: serving local members only'));
  cluster.on('up', ({ nodeId }) => logger.info({ event: 'cluster-up', node: nodeId }, 'connected to Redis'));
  cluster.on('error', ({ error, during }) => logger.debug({ event: 'cluster-error', during, err: String(error) }, 'Redis command failed'));
}

/**
 * One line per contained fault, with what it hit and the stack (pino's `err`
 * serializer keeps the cause's too); never the frame or request body, which
 * may be hostile and is at most a type name here.
 */
function logFaults(faults: Faults, logger: Logger): void {
  faults.on('fault', ({ where, error, room, client, frameType, route }) =>
    logger.error({ event: 'fault', where, room, client, type: frameType, route, err: error }, `fault contained (${where})`),
  );
}
