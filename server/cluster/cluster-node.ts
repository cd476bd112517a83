// This node's membership of a cluster (REDIS_URL, docs/cluster.md): two Redis
// connections (commands and publishing; subscriptions, which a connection in
// subscriber mode cannot mix with commands), the node's lease, the bus and
// the seat ledger over them, and whether Redis is reachable. ioredis reconnects by itself, every
// RECONNECT_MS at most; its errors are reported as events and never thrown,
// so Redis going away degrades the node, never stops it.
import { randomUUID } from 'node:crypto';
import type { ScryptOptions } from 'node:crypto';
import { Redis, type RedisOptions } from 'ioredis';
import { TypedEmitter } from '../../shared/typed-emitter.js';
import type { ClusterRoomView } from '../admission/room-status-api.js';
import { NodeLease } from './node-lease.js';
import { RedisBus, type LocalRooms } from './redis-bus.js';
import { readRoomView } from './redis-room-view.js';
import { RedisSeats } from './redis-seats.js';
import { RedisSlots } from './redis-slots.js';

/** The node's lease and its renewal: a dead node's members go within LEASE_MS + RENEW_MS of its last renewal (8 s, under the 10 s asked). */
export const LEASE_MS = 6000;
export const RENEW_MS = 2000;
/** Silent this long, a node's attached members' slots get the rest of their grace period; its members leave once its lease ends. */
export const SUSPECT_MS = 3000;
/** A room's channel is kept this long after its last local member left, for one who comes straight back. */
export const UNSUBSCRIBE_DELAY_MS = 5000;
/** Longest wait between reconnection attempts, so a returning Redis is found within it. */
export const RECONNECT_MS = 250;
/** How long start-up waits for Redis before it goes on degraded. */
const CONNECT_WAIT_MS = 5000;

export interface ClusterEvents extends Record<string, unknown> {
  up: { nodeId: string };
  down: { reason: string };
  error: { error: unknown; during: string };
}

export interface ClusterHealth {
  status: 'ok' | 'degraded';
  reason?: string;
}

export interface ClusterOptions {
  nodeId?: string;
  /** Room passwords' scrypt cost (tests pass cheaper settings). */
  scrypt?: ScryptOptions;
  /** RESUME_GRACE_MS: how long a dropped client's slot is held in Redis for it to resume on any node. */
  graceMs?: number;
  /** MAX_BUFFERED_BYTES: what Redis keeps for a client whose node died, at most (delivery-scripts.ts). */
  maxHeldBytes?: number;
}

export class ClusterNode extends TypedEmitter<ClusterEvents> {
  readonly nodeId: string;
  readonly bus: RedisBus;
  readonly seats: RedisSeats;
  /** Resumable sessions' slots and replay logs, for resuming on another node. */
  readonly slots: RedisSlots;
  /** This node's one lease in Redis, which also reaps dead nodes. */
  readonly lease: NodeLease;
  readonly #command: Redis;
  readonly #subscriber: Redis;
  #isUp = false;
  #reason = 'connecting to Redis';
  /** Times Redis became unreachable since start. */
  outages = 0;

  constructor(url: string, options: ClusterOptions = {}) {
    super();
    this.nodeId = options.nodeId ?? randomUUID();
    const redisOptions: RedisOptions = {
      lazyConnect: true,
      // A command while Redis is away fails at once instead of queueing:
      // frames are for now or never, and membership is rewritten on return.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      autoResubscribe: false,
      connectTimeout: 2000,
      retryStrategy: (times) => Math.min(times * 50, RECONNECT_MS),
    };
    this.#command = new Redis(url, { ...redisOptions, connectionName: `parley-${this.nodeId}` });
    this.#subscriber = new Redis(url, { ...redisOptions, connectionName: `parley-sub-${this.nodeId}` });
    this.bus = new RedisBus(this.#command, this.#subscriber, {
      nodeId: this.nodeId,
      leaseMs: LEASE_MS,
      renewMs: RENEW_MS,
      unsubscribeDelayMs: UNSUBSCRIBE_DELAY_MS,
      lockOf: (roomId) => this.seats.lockOf(roomId),
      maxHeldBytes: options.maxHeldBytes ?? 1024 * 1024,
    });
    this.seats = new RedisSeats(this.#command, this.bus, { nodeId: this.nodeId, leaseMs: LEASE_MS, scrypt: options.scrypt });
    this.slots = new RedisSlots(this.#command, this.bus, { nodeId: this.nodeId, graceMs: options.graceMs ?? 0 }, (error, during) =>
      this.emit('error', { error, during }),
    );
    // Registered after the bus's own 'ready' handler: the lease is renewed, then the members written.
    this.lease = new NodeLease(this.#command, { nodeId: this.nodeId, leaseMs: LEASE_MS, renewMs: RENEW_MS, suspectMs: SUSPECT_MS });
    this.lease.on('rewrite', () => this.bus.renewAll());
    this.lease.on('error', (event) => this.emit('error', event));
    this.bus.on('error', (event) => this.emit('error', event));
    this.bus.on('dropped', ({ roomId }) => this.seats.forget(roomId));
    this.bus.on('lock', ({ roomId, lock }) => this.seats.handleLockChanged(roomId, lock));
    for (const redis of [this.#command, this.#subscriber]) {
      redis.on('error', (error: Error) => {
        this.#reason = `Redis: ${error.message}`;
      });
      redis.on('ready', () => this.#update());
      redis.on('reconnecting', () => this.#update());
      redis.on('close', () => this.#update());
      redis.on('end', () => this.#update());
    }
  }

  /** Starts connecting; resolves once both connections are ready, or after CONNECT_WAIT_MS (then degraded, retrying). */
  async start(rooms: LocalRooms): Promise<void> {
    this.bus.attach(rooms);
    this.lease.start();
    const ready = new Promise<void>((resolve) => {
      if (this.#isUp) return resolve();
      const timer = setTimeout(resolve, CONNECT_WAIT_MS);
      this.once('up', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    for (const redis of [this.#command, this.#subscriber]) redis.connect().catch(() => {}); // retried; reported by 'error'
    await ready;
  }

  get isUp(): boolean {
    return this.#isUp;
  }

  /** The room's members on every live node and its lock, for the lobby's status; undefined while Redis is unreachable. */
  roomView(roomId: string): Promise<ClusterRoomView | undefined> {
    return this.#isUp ? readRoomView(this.#command, roomId) : Promise.resolve(undefined);
  }

  health(): ClusterHealth {
    return this.#isUp ? { status: 'ok' } : { status: 'degraded', reason: this.#reason };
  }

  async close(): Promise<void> {
    this.bus.close();
    // Members still here leave every room now, rather than when the lease would have ended.
    await this.lease.close();
    // quit() lets the leaves already sent reach Redis; disconnect() if it is away.
    await Promise.all(
      [this.#command, this.#subscriber].map(async (redis) => {
        if (redis.status !== 'ready') return redis.disconnect();
        await redis.quit().catch(() => redis.disconnect());
      }),
    );
  }

  #update(): void {
    const isUp = this.#command.status === 'ready' && this.#subscriber.status === 'ready';
    if (isUp === this.#isUp) return;
    this.#isUp = isUp;
    if (isUp) {
      this.#reason = '';
      this.emit('up', { nodeId: this.nodeId });
    } else {
      this.outages++;
      this.#reason ||= 'Redis connection lost';
      this.emit('down', { reason: this.#reason });
    }
  }
}
