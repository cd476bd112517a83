// Whether our room is locked, and by whom, as the server tells it
// (`room-lock`, docs/protocol-reliability.md §2), and the member's side of
// locking it from inside the call (`set-lock`). It also keeps the password a
// fresh rejoin gives in step: ours after we lock, none after the room is
// unlocked or someone else locks it (we do not know their password).
import type { RoomLockData } from '../../shared/protocol.js';
import { TypedEmitter } from '../../shared/typed-emitter.js';
import type { Signaler } from '../signaling/signaler.js';

export interface RoomLockState {
  isLocked: boolean;
  /** The name of whoever locked (or last unlocked) it; empty when not known. */
  byName: string;
  /** We did it. */
  isByMe: boolean;
}

export interface RoomLockEvents extends Record<string, unknown> {
  /** `isNews`: a member just changed it (say so); false for the state found on joining. */
  change: RoomLockState & { isNews: boolean };
}

/** What RoomLock needs of the Signaler; tests pass a fake. */
export type LockSignaler = Pick<Signaler, 'id' | 'on' | 'setLock' | 'setRejoinPassword'>;

const UNLOCKED: RoomLockState = { isLocked: false, byName: '', isByMe: false };

export class RoomLock extends TypedEmitter<RoomLockEvents> {
  #state: RoomLockState = UNLOCKED;
  readonly #offs: (() => void)[];

  constructor(private readonly signaler: LockSignaler) {
    super();
    this.#offs = [
      signaler.on('room-lock', (data) => this.handleRoomLock(data)),
      // A fresh rejoin (a new id): the server tells the room's state again if it is locked.
      signaler.on('rejoined', () => this.#set(UNLOCKED, false)),
    ];
  }

  get state(): RoomLockState {
    return this.#state;
  }

  /** Locks the room with `password`; rejects with the server's SignalerError. */
  async lock(password: string): Promise<void> {
    await this.signaler.setLock(password);
    this.signaler.setRejoinPassword(password);
  }

  async unlock(): Promise<void> {
    await this.signaler.setLock(undefined);
  }

  handleRoomLock(data: RoomLockData): void {
    const isByMe = data.by !== undefined && data.by === this.signaler.id;
    // After a change, the password we joined with is no longer the room's:
    // none now, or one we do not know. Our own new one is set by lock().
    if (data.changed && !(isByMe && data.locked)) this.signaler.setRejoinPassword(undefined);
    this.#set({ isLocked: data.locked, byName: data.name ?? '', isByMe }, data.changed);
  }

  /** Stops listening to the Signaler. */
  dispose(): void {
    for (const off of this.#offs) off();
  }

  #set(state: RoomLockState, isNews: boolean): void {
    this.#state = state;
    this.emit('change', { ...state, isNews });
  }
}
