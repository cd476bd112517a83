// This node's one lease in Redis (node-lease-scripts.ts): renewed every
// RENEW_MS by one script whatever the node holds, which also says whether
// the lease had been lost and which nodes' leases have ended. A lost lease
// (this node was reaped after a stall, or Redis lost its keys) and every
// reconnection make the node write its members again ('rewrite'); a node
// that fell silent is reaped here (REAP_NODE: its slots' TTLs, then its
// members), atomically, so of the nodes that saw it one does the work.
import type { Redis } from 'ioredis';
import { TypedEmitter } from '../../shared/typed-emitter.js';
import { LuaScript } from './lua-script.js';
import { LEASE, REAP_NODE, SUSPECTS_KEY } from './node-lease-scripts.js';
import { NODES_KEY, roomsOfKey } from './presence-scripts.js';

export interface NodeLeaseOptions {
  nodeId: string;
  /** How long a lease lasts: a dead node's members leave between LEASE_MS and LEASE_MS + RENEW_MS after its last renewal. */
  leaseMs: number;
  renewMs: number;
  /** How long a node is silent before its attached members' slots get the rest of their grace period (node-lease-scripts.ts). */
  suspectMs: number;
}

export interface NodeLeaseEvents extends Record<string, unknown> {
  /** This node's members must be written again: Redis came back, or the lease was found lost. */
  rewrite: { reason: 'reconnected' | 'lost' };
  /** This node reaped another whose lease had ended: `members` left its rooms. */
  reaped: { nodeId: string; members: number };
  error: { error: unknown; during: string };
}

const leaseScript = new LuaScript(LEASE, 2);
const reapScript = new LuaScript(REAP_NODE, 3);

export class NodeLease extends TypedEmitter<NodeLeaseEvents> {
  #timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly command: Redis,
    private readonly options: NodeLeaseOptions,
  ) {
    super();
    command.on('ready', () => void this.renew(true));
  }

  start(): void {
    this.#timer = setInterval(() => void this.renew(false), this.options.renewMs);
    this.#timer.unref();
  }

  /** Renews the lease, rewrites if it was lost (or `isReconnect`), and reaps the nodes whose lease ended. */
  async renew(isReconnect: boolean): Promise<void> {
    if (this.command.status !== 'ready') return;
    try {
      const { nodeId, leaseMs, suspectMs } = this.options;
      const reply = await leaseScript.run(this.command, [NODES_KEY, SUSPECTS_KEY], [nodeId, leaseMs, suspectMs]);
      if (!Array.isArray(reply)) return;
      if (isReconnect || reply[0] === 1) this.emit('rewrite', { reason: isReconnect ? 'reconnected' : 'lost' });
      for (const node of reply.slice(1)) if (typeof node === 'string' && node !== this.options.nodeId) await this.#reap(node, false);
    } catch (error) {
      this.emit('error', { error, during: 'lease' });
    }
  }

  /** Stops renewing; if Redis is there, this node's remaining members leave every room now, not when its lease ends. */
  async close(): Promise<void> {
    clearInterval(this.#timer);
    if (this.command.status !== 'ready') return;
    await this.#reap(this.options.nodeId, true).catch((error: unknown) => this.emit('error', { error, during: 'lease' }));
  }

  async #reap(nodeId: string, isSelf: boolean): Promise<void> {
    const { leaseMs, suspectMs } = this.options;
    const members = await reapScript.run(this.command, [NODES_KEY, SUSPECTS_KEY, roomsOfKey(nodeId)], [nodeId, leaseMs, suspectMs, isSelf ? '1' : '']);
    if (typeof members === 'number' && members >= 0 && !isSelf) this.emit('reaped', { nodeId, members });
  }
}
