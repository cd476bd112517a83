// Locking a room from inside the call (`set-lock`, docs/protocol-reliability.md
// §2): the change is applied where passwords are kept (RoomPasswords, through
// `ApplyLock`, so the core knows no hashes), one change at a time per room,
// and then told to every opted-in member as `room-lock`, with who did it. A
// Camus client (ChatClient.isLegacy) has no handler for `room-lock` and is
// told nothing, unless it asked itself.
import { ErrorCode, type ClientFrameOf, type RoomLockData } from '../../shared/protocol.js';
import type { ChatClient } from './chat-client.js';
import type { ChatRoom, RoomLock } from './chat-room.js';

/**
 * Locks the room with `password`, or unlocks it (undefined), on behalf of
 * the member `by` (a cluster tells the other nodes who); rejects when the
 * change could not be made (the store failed). Resolves to true when the
 * room's members here were already told, through handleRemoteChange (a
 * cluster tells them when its own change comes back from Redis, so that
 * they hear every node's changes in Redis's order); false: RoomLocks tells them.
 */
export type ApplyLock = (roomId: string, password: string | undefined, by: { id: string; name: string }) => Promise<boolean>;

/** How the client got in: it set the room's password in the lobby, or gave the password of a locked room. */
export type AdmittedLock = 'set' | 'held';

export type LockFailure = (client: ChatClient, code: ErrorCode, description: string, id: ClientFrameOf<'set-lock'>['id'], error?: unknown) => void;

/** A member's name by id, on this node or another (in a cluster the locker may be elsewhere). */
export type NameOf = (room: ChatRoom, id: string) => string | undefined;

export class RoomLocks {
  /** The change under way per room: the next waits for it, so the room hears them in the order they took effect. */
  readonly #changes = new Map<string, Promise<void>>();
  /** The member whose change is under way per room, and its request's id: its answer, if the change is told as a remote one. */
  readonly #asking = new Map<string, { client: ChatClient; id: ClientFrameOf<'set-lock'>['id'] }>();

  constructor(
    private readonly apply: ApplyLock | undefined,
    private readonly fail: LockFailure,
    private readonly nameOf: NameOf = (room, id) => room.get(id)?.username,
  ) {}

  handleSetLock(room: ChatRoom, client: ChatClient, frame: ClientFrameOf<'set-lock'>): void {
    const apply = this.apply;
    if (!apply) return this.fail(client, ErrorCode.UnknownType, 'this server cannot lock rooms', frame.id);
    const password = frame.data.locked ? frame.data.password : undefined;
    const previous = this.#changes.get(room.id) ?? Promise.resolve();
    const change = previous.then(() => {
      this.#asking.set(room.id, { client, id: frame.id });
      return apply(room.id, password, { id: client.id, name: client.username })
        .then(
          (isTold) => {
            if (!isTold) this.#changed(room, client, password !== undefined, frame.id);
          },
          (error: unknown) => this.fail(client, ErrorCode.HistoryUnavailable, 'the lock could not be stored; the room is as it was', frame.id, error),
        )
        .finally(() => this.#asking.delete(room.id));
    });
    this.#changes.set(room.id, change);
    void change.finally(() => {
      if (this.#changes.get(room.id) === change) this.#changes.delete(room.id);
    });
  }

  /** After admission (greeting and session frame sent): notes a password the joiner got in with, and tells an opted-in joiner a locked room's state. */
  handleAdmitted(room: ChatRoom, client: ChatClient, admittedLock: AdmittedLock | undefined): void {
    if (admittedLock === 'set') room.lock = { by: client.id, name: '' };
    // A stored lock found by the room's first member: nobody here set it.
    else if (admittedLock === 'held' && room.size === 1) room.lock ??= {};
    if (room.lock && !client.isLegacy) client.sendFromServer('room-lock', this.#describe(room, room.lock, true, false));
  }

  /**
   * After a resumption (the frames it missed are out): the client hears the
   * room's state as a joiner would, and also when it is open, since it may
   * have known otherwise (a reloaded page, a change it missed). `found`: the
   * lock the cluster holds, for a node that had not seen the room locked.
   */
  handleResumed(room: ChatRoom, client: ChatClient, found: RoomLock | undefined): void {
    if (found) room.lock ??= found;
    if (client.isLegacy) return;
    client.sendFromServer('room-lock', room.lock ? this.#describe(room, room.lock, true, false) : { locked: false, changed: false });
  }

  /**
   * A cluster's lock change, as Redis made it (by a member on any node,
   * this one included): the members here hear it as on one node; the one who
   * asked, if here, gets it as its answer (with its request's id).
   */
  handleRemoteChange(room: ChatRoom, isLocked: boolean, lock: { by: string; name: string }): void {
    room.lock = isLocked ? { ...lock } : undefined;
    const data = this.#describe(room, { ...lock }, isLocked, true);
    const asking = this.#asking.get(room.id);
    for (const member of room.clients()) {
      if (member === asking?.client && member.id === lock.by) member.sendFromServer('room-lock', data, asking.id);
      else if (!member.isLegacy) member.sendFromServer('room-lock', data);
    }
  }

  #changed(room: ChatRoom, client: ChatClient, isLocked: boolean, id: ClientFrameOf<'set-lock'>['id']): void {
    const lock: RoomLock = { by: client.id, name: client.username };
    room.lock = isLocked ? lock : undefined;
    const data = this.#describe(room, lock, isLocked, true);
    for (const member of room.clients()) {
      // The one who asked gets its answer (with the request's id) even if it never opted in.
      if (member === client) member.sendFromServer('room-lock', data, id);
      else if (!member.isLegacy) member.sendFromServer('room-lock', data);
    }
  }

  #describe(room: ChatRoom, lock: RoomLock, locked: boolean, changed: boolean): RoomLockData {
    if (lock.by === undefined) return { locked, changed };
    // A lobby lock is set before its setter's profile: take the name now if they are still here.
    lock.name = this.nameOf(room, lock.by) || lock.name;
    return { locked, changed, by: lock.by, name: lock.name ?? '' };
  }
}
