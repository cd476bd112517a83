// The RoomBus over Redis pub/sub (docs/cluster.md): one channel per room
// that has members on this node, subscribed when the room gets its first
// local member and dropped UNSUBSCRIBE_DELAY_MS after the last one leaves;
// a channel per node for frames to one member. It keeps a cache of each
// room's members on other nodes, fed by their announcements (joined,
// updated, left, and the `left` a reaper publishes for a dead node's
// members) and read again from Redis whenever a message may have been
// missed: after every (re)subscription, once other nodes have had time to
// write their members after Redis came back, and on a `sync` (another node
// wrote its members again). Subscriptions are made by this class, not by
// ioredis: after every reconnection it subscribes every channel again. This
// node's own members are written on join, update and leave; the node's
// lease (node-lease.ts) asks for them all again (renewAll) after a
// reconnection or when the lease was lost.
// Longer than ~300 lines for a reason: the channels, the cache of other
// nodes' members and the writes of our own are one state, changed together
// by every message and every reconnection; split, each part would need the
// others' internals.
import type { Redis } from 'ioredis';
import { TypedEmitter } from '../../shared/typed-emitter.js';
import type { ChatClient } from '../core/chat-client.js';
import type { ChatRoom } from '../core/chat-room.js';
import { OutgoingFrame, type Payload } from '../core/outgoing-frame.js';
import type { RemoteMember, RoomBus } from '../core/room-bus.js';
import { decodeBatch, decodeBusMessage, decodeLockChange, decodeMember, encodeBusMessage, encodeMember, type BusMessage, type StoredMember } from './bus-message.js';
import { FrameDelivery } from './frame-delivery.js';
import { LockEchoes, type LockEcho } from './lock-echoes.js';
import { MemberCache } from './member-cache.js';
import { LuaScript } from './lua-script.js';
import { LEAVE, LIVE_MEMBERS, NODES_KEY, REWRITE, nodeChannel, presenceKeys, roomChannel, roomKeys } from './presence-scripts.js';
import { TakeoverBuffer } from './takeover-buffer.js';

/** What the bus needs of the core (ChatManager). */
export interface LocalRooms {
  room(id: string): ChatRoom | undefined;
  roomIds(): Iterable<string>;
  handleRemoteFrame(roomId: string, payload: Payload, target: { to?: string; except?: string }): void;
  handleRemoteMembers(roomId: string): void;
  /** A local member resumed on another node: it leaves here without a word to the room. */
  handleMovedAway(roomId: string, clientId: string): void;
  /** A member on another node locked (`isLocked`) or unlocked the room from inside the call. */
  handleRemoteLock(roomId: string, isLocked: boolean, by: { by: string; name: string }): void;
}

export interface RedisBusOptions {
  nodeId: string;
  /** How long a node's lease lasts; its members vanish this long after it stops renewing (plus one renewal). */
  leaseMs: number;
  /** How often every node renews its lease: after Redis came back, the caches are read again once every node has. */
  renewMs: number;
  unsubscribeDelayMs: number;
  /** The lock (password hash) this node knows for a room, '' for none: restored if Redis lost it. */
  lockOf: (roomId: string) => string;
  /** MAX_BUFFERED_BYTES: how much is kept for a client whose node died before its slot is dropped. */
  maxHeldBytes: number;
}

export interface RedisBusEvents extends Record<string, unknown> {
  /** Every channel was subscribed again after the subscriber (re)connected. */
  subscribed: { channels: number };
  /** The room's last local member left a while ago: its channel was dropped. */
  dropped: { roomId: string };
  /** A member on another node changed the room's lock: `lock` as Redis now holds it ('' = open). */
  lock: { roomId: string; lock: string };
  /** A Redis command failed, or a message from Redis was malformed and dropped; the bus carries on. */
  error: { error: unknown; during: string };
}

const rewriteScript = new LuaScript(REWRITE, 5);
const liveMembersScript = new LuaScript(LIVE_MEMBERS, 2);
const leaveScript = new LuaScript(LEAVE, 5);

export class RedisBus extends TypedEmitter<RedisBusEvents> implements RoomBus {
  /** Per room with local members: its members on other nodes. */
  readonly #remote = new MemberCache();
  readonly #unsubscribeTimers = new Map<string, NodeJS.Timeout>();
  readonly #nodeChannel: string;
  readonly #takeovers = new TakeoverBuffer();
  /** This node's lock changes awaiting their own message from Redis. */
  readonly #lockEchoes = new LockEchoes();
  readonly #delivery: FrameDelivery;
  #rooms: LocalRooms | undefined;
  /** Reads every room again once the other nodes wrote theirs after Redis came back. */
  #settleTimer: NodeJS.Timeout | undefined;
  /** Until then, a reconciliation adds members but removes none: after an outage, other nodes' leases need one renewal to come back. */
  #settleUntil = 0;
  #hasBeenReady = false;
  /** Frames handed to Redis, received from it, and dropped because it was down. */
  readonly counts = { published: 0, received: 0, dropped: 0 };

  constructor(
    private readonly command: Redis,
    private readonly subscriber: Redis,
    private readonly options: RedisBusOptions,
  ) {
    super();
    this.#nodeChannel = nodeChannel(options.nodeId);
    this.#delivery = new FrameDelivery(command, options, this.counts, (error) => this.emit('error', { error, during: 'publish' }));
    subscriber.on('messageBuffer', (channel: Buffer, message: Buffer) => this.#handleMessage(channel.toString(), message));
    subscriber.on('ready', () => void this.#subscribeAll());
    // A message lost with the connection never comes back: the changes waiting for theirs are told by their node.
    subscriber.on('close', () => this.#lockEchoes.settleAll());
    command.on('ready', () => {
      // This node's rewrite is asked by its lease (node-lease.ts), right after its renewal.
      if (!this.#hasBeenReady) return void (this.#hasBeenReady = true); // a first connection: nothing was missed
      this.#settleUntil = Date.now() + options.leaseMs;
      clearTimeout(this.#settleTimer);
      this.#settleTimer = setTimeout(() => this.reconcileAll(), options.leaseMs + options.renewMs);
      this.#settleTimer.unref();
    });
  }

  attach(rooms: LocalRooms): void {
    this.#rooms = rooms;
  }

  get isUp(): boolean {
    return this.command.status === 'ready' && this.subscriber.status === 'ready';
  }

  /** Channels this node wants: its own, and one per room with local members. */
  channels(): string[] {
    return [this.#nodeChannel, ...[...this.#remote.roomIds()].map(roomChannel)];
  }

  /** Subscribes the room's channel (if not yet) and resolves once Redis confirmed it; before a seat is claimed. */
  async prepare(roomId: string): Promise<void> {
    this.#cancelUnsubscribe(roomId);
    if (this.#remote.has(roomId)) return;
    this.#remote.open(roomId);
    if (this.subscriber.status === 'ready') await this.subscriber.subscribe(roomChannel(roomId));
  }

  /** Call before sending a script whose reply goes to reconcile(): what messages say after this point wins over the reply. */
  mark(): number {
    return this.#remote.mark();
  }

  /** The members hash as a script returned it (flat id, record pairs), read after mark() `since`: replaces the cache of remote members. */
  reconcile(roomId: string, flat: unknown, since: number): void {
    if (!this.#remote.has(roomId) || !Array.isArray(flat)) return;
    const fresh = new Map<string, StoredMember>();
    for (let i = 1; i < flat.length; i += 2) {
      const text: unknown = flat[i];
      const member = typeof text === 'string' ? decodeMember(text) : undefined;
      // A member held here is not remote, whatever a record says (one that resumed here, before its old node let go).
      if (member && member.node !== this.options.nodeId && !this.#rooms?.room(roomId)?.get(member.id)) fresh.set(member.id, member);
    }
    if (this.#remote.replace(roomId, fresh, since, Date.now() < this.#settleUntil)) this.#rooms?.handleRemoteMembers(roomId);
  }

  memberJoined(client: ChatClient, isFirst: boolean): void {
    if (isFirst) void this.prepare(client.roomId).catch((error: unknown) => this.emit('error', { error, during: 'subscribe' }));
    // It was remote until now if it resumed here a session another node held.
    this.#remote.heardLeft(client.roomId, client.id);
    this.#announce('joined', client);
  }

  memberUpdated(client: ChatClient): void {
    this.#announce('updated', client);
  }

  memberLeft(client: ChatClient, isLast: boolean): void {
    if (this.command.status === 'ready') {
      this.#delivery.flush(); // its last frames go before its leave
      const keys = presenceKeys(client.roomId, this.options.nodeId);
      leaveScript.run(this.command, keys, [client.id, this.options.nodeId, client.roomId]).catch((error: unknown) => this.emit('error', { error, during: 'leave' }));
      this.#publish(roomChannel(client.roomId), 'left', client.roomId, client.id, '');
    }
    if (isLast) this.#scheduleUnsubscribe(client.roomId);
  }

  remoteMembers(roomId: string): readonly RemoteMember[] {
    const remote = this.#remote.room(roomId);
    return remote ? [...remote.values()] : [];
  }

  remoteMember(roomId: string, clientId: string): RemoteMember | undefined {
    return this.#remote.get(roomId, clientId);
  }

  /** Published, and kept for members whose node died (delivery-scripts.ts). */
  publishToRoom(roomId: string, payload: Payload, exceptId?: string): void {
    const remote = this.#remote.room(roomId);
    if (!remote?.size) return; // every member is here: Redis is not involved
    this.#delivery.toRoom(roomId, remote.values(), payload, exceptId);
  }

  /** Sent to the node holding its slot (or the one it was announced on), and kept if that node died. */
  publishToClient(roomId: string, clientId: string, payload: Payload): boolean {
    const member = this.#remote.get(roomId, clientId);
    if (!member) return false;
    this.#delivery.toClient(roomId, member, payload);
    return true;
  }

  /** This node is about to change the room's lock (SET_LOCK): its members here hear it when its message comes back (lock-echoes.ts). */
  expectOwnLock(roomId: string): LockEcho {
    return this.#lockEchoes.expect(roomId);
  }

  /** This node is about to take `clientId` over: frames for it published after the takeover are kept until settleTakeover. */
  expectTakeover(roomId: string, clientId: string): void {
    this.#takeovers.expect(roomId, clientId);
  }

  /** The taken-over client's session is in the room (or the takeover failed): the frames kept for it go to it now. */
  settleTakeover(roomId: string, clientId: string): void {
    for (const payload of this.#takeovers.settle(roomId, clientId)) this.#rooms?.handleRemoteFrame(roomId, payload, { to: clientId });
  }

  /** Writes this node's members of every room it holds again (REWRITE: after Redis came back, or the node's lease was lost), and reconciles each room. */
  renewAll(): void {
    if (!this.#rooms || this.command.status !== 'ready') return;
    for (const roomId of this.#rooms.roomIds()) this.#rewrite(roomId);
  }

  /** Reads every cached room's live members from Redis again: a message about them may have been missed. */
  reconcileAll(): void {
    for (const roomId of this.#remote.roomIds()) this.#reconcileRoom(roomId);
  }

  close(): void {
    this.#delivery.flush();
    clearTimeout(this.#settleTimer);
    for (const timer of this.#unsubscribeTimers.values()) clearTimeout(timer);
    this.#unsubscribeTimers.clear();
  }

  #rewrite(roomId: string): void {
    const room = this.#rooms?.room(roomId);
    if (!room) return;
    const args: string[] = [this.options.nodeId, roomId, this.options.lockOf(roomId)];
    for (const client of room.clients()) args.push(client.id, encodeMember(this.#member(client)));
    const since = this.mark();
    rewriteScript.run(this.command, presenceKeys(roomId, this.options.nodeId), args).then(
      (flat) => this.reconcile(roomId, flat, since),
      (error: unknown) => this.emit('error', { error, during: 'rewrite' }),
    );
  }

  #reconcileRoom(roomId: string): void {
    if (this.command.status !== 'ready') return;
    const [members] = roomKeys(roomId);
    const since = this.mark();
    liveMembersScript.run(this.command, [members, NODES_KEY], []).then(
      (flat) => this.reconcile(roomId, flat, since),
      (error: unknown) => this.emit('error', { error, during: 'reconcile' }),
    );
  }

  #member(client: ChatClient): StoredMember {
    return { id: client.id, username: client.username, party: client.party, node: this.options.nodeId };
  }

  #announce(kind: 'joined' | 'updated', client: ChatClient): void {
    if (this.command.status !== 'ready') return; // the rewrite after reconnecting writes it
    const record = encodeMember(this.#member(client));
    const [members] = roomKeys(client.roomId);
    this.#delivery.flush();
    this.command.hset(members, client.id, record).catch((error: unknown) => this.emit('error', { error, during: kind }));
    this.#publish(roomChannel(client.roomId), kind, client.roomId, client.id, record);
  }

  /** A membership change (frames go through FrameDelivery). */
  #publish(channel: string, kind: 'joined' | 'updated' | 'left', roomId: string, target: string, payload: string): void {
    if (this.command.status !== 'ready') return;
    this.#delivery.flush(); // frames sent before the change reach other nodes before it
    const message = encodeBusMessage(this.options.nodeId, kind, roomId, target, payload);
    this.command.publish(channel, message).catch((error: unknown) => this.emit('error', { error, during: 'publish' }));
  }

  #handleMessage(channel: string, bytes: Buffer): void {
    const message = decodeBusMessage(bytes);
    if (message?.kind === 'batch') return this.#handleBatch(channel, message);
    this.#handleDecoded(channel, message);
  }

  /** Frames another node sent in one turn: each checked as if it came alone; a batch that does not decode is dropped whole. */
  #handleBatch(channel: string, batch: BusMessage): void {
    if (batch.origin === this.options.nodeId) return;
    const entries = decodeBatch(batch.payload) ?? [];
    const messages: BusMessage[] = [];
    for (const bytes of entries) {
      const message = decodeBusMessage(bytes);
      // Only frames, and only in their node's name: nothing else is ever batched.
      if (!message || message.origin !== batch.origin || (message.kind !== 'room' && message.kind !== 'client')) break;
      messages.push(message);
    }
    if (messages.length === 0 || messages.length !== entries.length) {
      const error = new Error(`malformed batch from ${batch.origin} on ${channel} (${batch.payload.length} bytes): dropped`);
      return void this.emit('error', { error, during: 'batch' });
    }
    for (const message of messages) this.#handleDecoded(channel, message);
  }

  #handleDecoded(channel: string, message: BusMessage | undefined): void {
    // The marker comes from Redis (TAKE), in this node's name, on its own channel only.
    if (message?.kind === 'taken' && channel === this.#nodeChannel) return this.#takeovers.mark(message.room, message.target);
    if (message?.kind === 'lock' && message.origin === this.options.nodeId) return this.#handleOwnLock(channel, message.room, message.payload);
    if (!message || message.origin === this.options.nodeId) return;
    // A room's channel speaks only for that room; the node channel names the room per frame.
    if (channel !== this.#nodeChannel && channel !== roomChannel(message.room)) return;
    const rooms = this.#rooms;
    if (!rooms || !this.#remote.has(message.room)) return;
    switch (message.kind) {
      case 'room': {
        this.counts.received++;
        const frame = OutgoingFrame.ofBytes(message.payload);
        this.#takeovers.captureForRoom(message.room, frame, message.target || undefined);
        return rooms.handleRemoteFrame(message.room, frame, { except: message.target || undefined });
      }
      case 'client': {
        this.counts.received++;
        const frame = OutgoingFrame.ofBytes(message.payload);
        if (this.#takeovers.captureForClient(message.room, message.target, frame)) return;
        return rooms.handleRemoteFrame(message.room, frame, { to: message.target });
      }
      case 'taken':
        return;
      case 'lock': {
        const change = decodeLockChange(message.payload.toString());
        if (!change || change.by !== message.target) return;
        this.emit('lock', { roomId: message.room, lock: change.lock });
        return rooms.handleRemoteLock(message.room, change.lock !== '', { by: change.by, name: change.name });
      }
      case 'joined':
      case 'updated': {
        const member = decodeMember(message.payload.toString());
        if (!member || member.node !== message.origin || member.id !== message.target) return;
        this.#remote.heardJoined(message.room, member);
        if (message.kind === 'updated') rooms.handleRemoteMembers(message.room);
        else if (rooms.room(message.room)?.get(member.id)) this.#handleMovedAway(message.room, member.id);
        return;
      }
      case 'left':
        if (this.#remote.get(message.room, message.target)?.node === message.origin && this.#remote.heardLeft(message.room, message.target))
          rooms.handleRemoteMembers(message.room);
        return;
      case 'sync':
        return this.#reconcileRoom(message.room);
    }
  }

  /** This node's lock change came back from Redis: its members here hear it now, in line with other nodes' changes. */
  #handleOwnLock(channel: string, roomId: string, payload: Buffer): void {
    const change = decodeLockChange(payload.toString());
    if (!this.#lockEchoes.isWaiting(roomId) || !change || channel !== roomChannel(roomId)) return;
    this.#rooms?.handleRemoteLock(roomId, change.lock !== '', { by: change.by, name: change.name });
    this.#lockEchoes.settle(roomId, true);
  }

  /** A member held here resumed on another node: this node lets go of it, and of the room's channel if it was the last. */
  #handleMovedAway(roomId: string, clientId: string): void {
    this.#rooms?.handleMovedAway(roomId, clientId);
    if (this.#rooms?.room(roomId)) return;
    this.#scheduleUnsubscribe(roomId);
    // Its record is the other node's now (LEAVE leaves it); the room stops being this node's if it holds nobody else there.
    if (this.command.status === 'ready')
      leaveScript
        .run(this.command, presenceKeys(roomId, this.options.nodeId), [clientId, this.options.nodeId, roomId])
        .catch((error: unknown) => this.emit('error', { error, during: 'leave' }));
  }

  async #subscribeAll(): Promise<void> {
    const channels = this.channels();
    try {
      await this.subscriber.subscribe(...channels);
      // What was said while this connection was away is lost: read each room again.
      this.reconcileAll();
      this.emit('subscribed', { channels: channels.length });
    } catch (error) {
      this.emit('error', { error, during: 'subscribe' });
    }
  }

  #scheduleUnsubscribe(roomId: string): void {
    this.#cancelUnsubscribe(roomId);
    const timer = setTimeout(() => {
      this.#unsubscribeTimers.delete(roomId);
      if (this.#rooms?.room(roomId)) return; // someone came back
      this.#remote.drop(roomId);
      this.emit('dropped', { roomId });
      if (this.subscriber.status === 'ready')
        this.subscriber.unsubscribe(roomChannel(roomId)).catch((error: unknown) => this.emit('error', { error, during: 'unsubscribe' }));
    }, this.options.unsubscribeDelayMs);
    timer.unref();
    this.#unsubscribeTimers.set(roomId, timer);
  }

  #cancelUnsubscribe(roomId: string): void {
    const timer = this.#unsubscribeTimers.get(roomId);
    if (timer === undefined) return;
    clearTimeout(timer);
    this.#unsubscribeTimers.delete(roomId);
  }
}
