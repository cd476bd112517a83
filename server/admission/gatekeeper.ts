// Lets an accepted WebSocket into its room, or turns it away with a reason
// the browser can read: an `error` frame with a code, then an application
// close code (a browser cannot read an HTTP refusal of an upgrade). It checks
// the room password and the room size, takes a resume token back to its slot,
// and ties each ClientSession's end to the core, so that every way a session
// ends (bye, drop, grace run out, flood, slow reader, shutdown) leaves the
// room the same way. See docs/protocol-reliability.md.
import { AppCloseCode, ErrorCode, GROUND_CONTROL } from '../../shared/protocol.js';
import { TypedEmitter } from '../../shared/typed-emitter.js';
import type { ChatClient } from '../core/chat-client.js';
import type { ChatManager } from '../core/chat-manager.js';
import { ClientSession, type EndReason, type SessionOwner, type Transport } from '../resume/client-session.js';
import type { TokenBucket } from './token-bucket.js';
import type { RoomPasswords } from './room-passwords.js';
import type { ResumableSlot, ResumeTokens } from '../resume/resume-tokens.js';
import { FaultSite, type Faults } from '../ops/faults.js';
import type { PasswordVerdict } from './room-passwords.js';
import type { SeatLedger, SeatVerdict } from './seat-ledger.js';
import type { SlotLedger, TakenSlot } from './slot-ledger.js';

export interface JoinRequest {
  roomId: string;
  password?: string;
  /** A token from an earlier `session` frame. */
  resumeToken?: string;
  /** With resumeToken: how many numbered frames the client has received in this session. */
  seen?: number;
  /** Asked for a `session` frame (?session=1). */
  wantsSession: boolean;
  /** The hash of the ?participant= key, if one was given (server/history/participant.ts). */
  party?: string;
}

export interface Refusal {
  code: ErrorCode;
  description: string;
  closeCode: AppCloseCode;
}

/** `refusal` is absent when the socket closed while the join was being checked. */
export type Admission = ({ ok: true; resumed: boolean } & ResumableSlot) | { ok: false; refusal?: Refusal };

export interface GatekeeperOptions {
  maxRoomSize: number;
  graceMs: number;
  maxBufferedBytes: number;
  /** A fresh frame budget for a new session. */
  newBucket: () => TokenBucket;
  /** The budget's session ended; stop refilling it. */
  dropBucket?: (bucket: TokenBucket) => void;
  /** Where a failure in a session's timer is reported. */
  faults: Faults;
  /** In a cluster: the shared ledger of seats and passwords (seat-ledger.ts); without one, this node decides alone. */
  seats?: SeatLedger;
  /** In a cluster: where resumable sessions are mirrored, so that another node can take one over (slot-ledger.ts). */
  slots?: SlotLedger;
}

export interface GatekeeperEvents extends Record<string, unknown> {
  joined: ResumableSlot & { resumed: boolean };
  refused: { roomId: string; refusal: Refusal };
  parked: ResumableSlot & { graceMs: number };
  ended: ResumableSlot & { reason: EndReason };
}

export class Gatekeeper extends TypedEmitter<GatekeeperEvents> {
  /** Joins still checking a password, per room: the room is not empty while one is. */
  readonly #joining = new Map<string, number>();
  /** Live sessions, parked ones included, and the client each speaks for. */
  readonly #live = new Map<ClientSession, ChatClient>();
  /** Ties every session's end to the core; one object for all of them. */
  readonly #owner: SessionOwner = {
    handleParked: (session, graceMs) => {
      const client = this.#live.get(session);
      if (client) this.emit('parked', { client, session, graceMs });
    },
    handleEnded: (session, reason) => {
      const client = this.#live.get(session);
      if (!client) return;
      this.#live.delete(session);
      this.registry.forget(session);
      this.options.dropBucket?.(session.bucket);
      this.manager.handleClose(client);
      this.#forgetPasswordIfEmpty(client.roomId);
      this.emit('ended', { client, session, reason });
    },
    handleExpiryFault: (session, error) => {
      const client = this.#live.get(session);
      this.options.faults.report({ where: FaultSite.ResumeExpiry, error, room: client?.roomId, client: client?.id });
    },
  };

  constructor(
    private readonly manager: ChatManager,
    private readonly passwords: RoomPasswords,
    private readonly registry: ResumeTokens,
    private readonly options: GatekeeperOptions,
  ) {
    super();
    // Another node took a slot over: this node's copy goes without a word to the room.
    manager.on('moved', ({ client }) => {
      for (const [session, held] of this.#live) {
        if (held === client) return session.end('moved', { code: AppCloseCode.SessionReplaced, reason: 'session-replaced' });
      }
    });
  }

  /** Sessions that have not ended, parked ones included. */
  get sessionCount(): number {
    return this.#live.size;
  }

  /**
   * Decides whether `transport` joins `request.roomId`. On success the client
   * has its greeting (and `session` frame when asked); on refusal the caller
   * sends it with `refuse`. `isOpen` is asked after the password check, which
   * takes time, so that a socket gone meanwhile is not let in.
   */
  async admit(request: JoinRequest, transport: Transport, isOpen: () => boolean): Promise<Admission> {
    const { roomId } = request;
    if (request.resumeToken !== undefined) {
      const slot = this.registry.redeem(request.resumeToken, roomId);
      if (slot && request.seen !== undefined && slot.session.canResume(request.seen)) return this.#resume(slot, transport, request.seen);
      // The client is back but cannot carry on without a gap: its old slot
      // goes now rather than at the end of the grace period.
      slot?.session.end('replay-gap', { code: AppCloseCode.SessionReplaced, reason: 'session-replaced' });
      // Not held here: in a cluster, maybe on another node (or on one that died).
      if (!slot && request.seen !== undefined && this.options.slots) {
        const taken = await this.options.slots.take(roomId, request.resumeToken, request.seen).catch(() => undefined);
        if (taken && isOpen()) return this.#takeOver(roomId, taken, request.seen, transport);
        if (taken) {
          this.options.slots.release(roomId, taken.clientId);
          this.options.slots.settle(roomId, taken.clientId);
        }
      }
      // Unknown, expired or unresumable: a fresh join, told so by `resumed: false`.
    }
    const seat = await this.#claimSeat(request);
    const verdict = seat?.verdict ?? (await this.#checkPasswordHere(request));
    const refusal = this.#check(roomId, verdict, seat !== undefined);
    if (refusal || !isOpen()) {
      if (seat && !refusal) this.options.seats?.release(roomId, seat.clientId);
      this.#forgetPasswordIfEmpty(roomId);
      if (refusal) this.emit('refused', { roomId, refusal });
      return { ok: false, refusal };
    }
    const wantsSession = request.wantsSession || request.resumeToken !== undefined;
    const session = new ClientSession(transport, {
      maxBufferedBytes: this.options.maxBufferedBytes,
      graceMs: this.options.graceMs,
      isResumable: wantsSession && this.options.graceMs > 0,
      bucket: this.options.newBucket(),
      owner: this.#owner,
    });
    const client = this.manager.handleConnect(roomId, session, { isLegacy: !wantsSession, party: request.party, id: seat?.clientId });
    const slot = { client, session };
    this.#live.set(session, client);
    // Mirrored only when the cluster's ledger admitted it: with Redis away, the session is this node's alone.
    const slots = this.options.slots;
    if (seat && slots && session.isResumable) session.mirrorTo(slots.mirror(client, session.nextSeq));
    if (wantsSession) this.#sendSession(slot, false);
    session.startNumbering();
    this.manager.handleAdmitted(client, verdict === 'set' ? 'set' : verdict === 'ok' ? 'held' : undefined);
    this.emit('joined', { ...slot, resumed: false });
    return { ok: true, resumed: false, ...slot };
  }

  /** Turns away a socket refused before admission began (too many from its address). */
  refuseOverLimit(transport: Transport, roomId: string, refusal: Refusal): void {
    this.emit('refused', { roomId, refusal });
    refuse(transport, refusal);
  }

  /** Says bye to every client, then closes each with 1001: the server is going away. */
  closeAll(byeData: string): void {
    const slots = [...this.#live];
    for (const [, client] of slots) client.sendFromServer('bye', byeData);
    // Sealed first, so that the room-info each leave sends goes to nobody.
    for (const [session] of slots) session.seal();
    for (const [session] of slots) session.end('shutdown', { code: 1001, reason: 'server shutting down' });
  }

  /** The cluster's verdict on a seat, under a fresh client id; undefined outside a cluster or while the ledger is unavailable. */
  async #claimSeat(request: JoinRequest): Promise<{ clientId: string; verdict: SeatVerdict } | undefined> {
    const seats = this.options.seats;
    if (!seats) return undefined;
    const clientId = this.manager.newClientId();
    const party = request.party ?? `conn:${clientId}`;
    const verdict = await seats
      .claim({ roomId: request.roomId, clientId, password: request.password, maxRoomSize: this.options.maxRoomSize, party })
      .catch((): SeatVerdict => 'unavailable');
    return verdict === 'unavailable' ? undefined : { clientId, verdict };
  }

  /** This node's own password check: the room is empty only if no member and no other joiner is here. */
  async #checkPasswordHere({ roomId, password }: JoinRequest): Promise<PasswordVerdict> {
    this.#joining.set(roomId, (this.#joining.get(roomId) ?? 0) + 1);
    try {
      return await this.passwords.check(roomId, password, () => this.#memberCount(roomId) === 0 && this.#joining.get(roomId) === 1);
    } finally {
      const left = (this.#joining.get(roomId) ?? 1) - 1;
      if (left === 0) this.#joining.delete(roomId);
      else this.#joining.set(roomId, left);
    }
  }

  /** `isCounted`: the ledger counted the room's members on every node (and said `full` if it had to). */
  #check(roomId: string, verdict: SeatVerdict, isCounted: boolean): Refusal | undefined {
    if (verdict === 'required') {
      return { code: ErrorCode.PasswordRequired, description: 'this room has a password; give it as ?password=', closeCode: AppCloseCode.PasswordRequired };
    }
    if (verdict === 'wrong') {
      return { code: ErrorCode.WrongPassword, description: 'wrong password for this room', closeCode: AppCloseCode.WrongPassword };
    }
    if (verdict === 'not-empty') {
      return {
        code: ErrorCode.RoomNotEmpty,
        description: 'this room already has people in it and no password, so yours was not set; join without one, and lock the room from inside the call',
        closeCode: AppCloseCode.RoomNotEmpty,
      };
    }
    if (verdict === 'full' || (!isCounted && this.#memberCount(roomId) >= this.options.maxRoomSize)) {
      return { code: ErrorCode.RoomFull, description: `the room is full (${this.options.maxRoomSize} people)`, closeCode: AppCloseCode.RoomFull };
    }
    return undefined;
  }

  #resume(slot: ResumableSlot, transport: Transport, seen: number): Admission {
    slot.session.resume(transport, seen, () => {
      // The same id as before, so the client (and its peers) carry on.
      this.manager.greet(slot.client);
      this.#sendSession(slot, true);
    });
    this.manager.handleResumed(slot.client);
    this.emit('joined', { ...slot, resumed: true });
    return { ok: true, resumed: true, ...slot };
  }

  /** A slot another node held, taken over: the same id and name, then the frames the client missed. */
  #takeOver(roomId: string, taken: TakenSlot, seen: number, transport: Transport): Admission {
    const session = new ClientSession(transport, {
      maxBufferedBytes: this.options.maxBufferedBytes,
      graceMs: this.options.graceMs,
      isResumable: true,
      bucket: this.options.newBucket(),
      owner: this.#owner,
      held: { firstSeq: seen + 1, frames: taken.frames },
    });
    const { clientId: id, party, username } = taken;
    const client = this.manager.handleConnect(roomId, session, { party, id, username });
    const slot = { client, session };
    this.#live.set(session, client);
    if (this.options.slots) session.mirrorTo(this.options.slots.mirror(client, session.nextSeq));
    this.#sendSession(slot, true);
    session.startNumbering();
    session.sendHeld();
    // Then what was published for it during the takeover, then the room as it is now.
    this.options.slots?.settle(roomId, id);
    this.manager.handleResumed(client, { lock: taken.lock });
    this.emit('joined', { ...slot, resumed: true });
    return { ok: true, resumed: true, ...slot };
  }

  #sendSession(slot: ResumableSlot, resumed: boolean): void {
    const token = this.registry.issue(slot);
    slot.session.handleTokenIssued(token);
    slot.client.sendFromServer('session', { token, resumed, grace_ms: this.options.graceMs });
  }

  #memberCount(roomId: string): number {
    return this.manager.room(roomId)?.size ?? 0;
  }

  #forgetPasswordIfEmpty(roomId: string): void {
    if (this.#memberCount(roomId) === 0 && !this.#joining.has(roomId)) this.passwords.forget(roomId);
  }
}

/** Turns a socket away before it joined: an `error` frame (receiver "", as it has no id), then the close code. */
export function refuse(transport: Transport, refusal: Refusal): void {
  const frame = { sender: GROUND_CONTROL, receiver: '', type: 'error', data: { code: refusal.code, description: refusal.description } };
  transport.send(JSON.stringify(frame));
  transport.close(refusal.closeCode, refusal.code);
}

export function tooManyConnections(limit: number): Refusal {
  return {
    code: ErrorCode.TooManyConnections,
    description: `this address has ${limit} connections open already`,
    closeCode: AppCloseCode.TooManyConnections,
  };
}
