// The room's lock, for the call view: its state as RoomLock reports it
// (client/call/room-lock.ts), a notice when someone locks or unlocks the
// room, and a change asked for in the top bar (room-lock-control.ts) with
// its busy state and, if it fails, why in the user's words. A
// ReactiveController, so call-view.ts only renders what it holds.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { RoomLock, RoomLockState } from '../call/room-lock.js';
import { SignalerError } from '../signaling/signaler-events.js';

/** Added to "Link copied" while the room is locked. */
const PASSWORD_NEEDED = ' The room is locked: they will need its password too.';

/** Why a lock change failed, in the user's words. */
function lockFailure(error: unknown): string {
  const code = error instanceof SignalerError ? error.code : '';
  if (code === 'history-unavailable') return 'The server could not store the lock. The room is as it was; try again.';
  if (code === 'closed' || code === 'timeout') return 'The server did not answer. The room is as it was; try again once reconnected.';
  return 'The room could not be changed. Try again.';
}

export interface LockHost extends ReactiveControllerHost {
  /** The room's lock; none where the page has no lock to offer. */
  readonly lock: RoomLock | undefined;
}

export class CallLock implements ReactiveController {
  state: RoomLockState = { isLocked: false, byName: '', isByMe: false };
  /** A change is on its way to the server. */
  isBusy = false;
  /** Why the last change failed; empty if it did not. */
  error = '';
  readonly #host: LockHost;
  readonly #notify: (message: string) => void;
  #off: (() => void) | undefined;

  constructor(host: LockHost, notify: (message: string) => void) {
    this.#host = host;
    this.#notify = notify;
    host.addController(this);
  }

  /** What "Link copied" adds: guests need the password while the room is locked. */
  get linkNote(): string {
    return this.state.isLocked ? PASSWORD_NEEDED : '';
  }

  hostConnected(): void {
    const lock = this.#host.lock;
    if (!lock) return;
    this.state = lock.state;
    this.#off = lock.on('change', (change) => this.#onChange(change));
  }

  hostDisconnected(): void {
    this.#off?.();
  }

  #onChange({ isNews, ...state }: RoomLockState & { isNews: boolean }): void {
    this.state = state;
    this.#host.requestUpdate();
    if (!isNews) return;
    const who = state.isByMe ? 'You' : state.byName || 'Someone';
    this.#notify(state.isLocked ? `${who} locked the room. Guests now need the password.` : `${who} unlocked the room. Anyone with the link can join.`);
  }

  /** Applies a change; true if the server took it (the panel may close). */
  async change(apply: (lock: RoomLock) => Promise<void>): Promise<boolean> {
    const lock = this.#host.lock;
    if (!lock || this.isBusy) return false;
    this.isBusy = true;
    this.error = '';
    this.#host.requestUpdate();
    try {
      await apply(lock);
      return true;
    } catch (error) {
      this.error = lockFailure(error);
      return false;
    } finally {
      this.isBusy = false;
      this.#host.requestUpdate();
    }
  }
}
