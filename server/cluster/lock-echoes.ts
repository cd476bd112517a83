// A node's own lock changes (SET_LOCK, presence-scripts.ts) waiting for their
// message to come back from Redis on the room's channel. The node tells its
// members of its own change only then, in line with the other nodes' changes
// on the same channel, so that every member hears every change in the order
// Redis made them. A message that never comes (the subscription dropped, or
// was not yet renewed after a reconnection) must not hold the room's later
// changes forever: after WAIT_MS, or when the connection closes, the change
// is settled as not told, and its node tells its members itself.

/** How long a change waits for its own message before its node tells its members itself. */
export const LOCK_ECHO_WAIT_MS = 2000;

export interface LockEcho {
  /** true once the message came back and the members here were told (by `settle(room, true)`). */
  told: Promise<boolean>;
  /** The script failed or published nothing: nothing will come back. */
  cancel(): void;
}

export class LockEchoes {
  /** Per room: the change waiting (one at a time: RoomLocks makes a room's changes one after another). */
  readonly #waiting = new Map<string, (isTold: boolean) => void>();

  expect(roomId: string, waitMs = LOCK_ECHO_WAIT_MS): LockEcho {
    this.#waiting.get(roomId)?.(false);
    let settle: (isTold: boolean) => void = () => {};
    const told = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => settle(false), waitMs);
      timer.unref();
      settle = (isTold) => {
        clearTimeout(timer);
        if (this.#waiting.get(roomId) === settle) this.#waiting.delete(roomId);
        resolve(isTold);
      };
    });
    this.#waiting.set(roomId, settle);
    return { told, cancel: () => settle(false) };
  }

  isWaiting(roomId: string): boolean {
    return this.#waiting.has(roomId);
  }

  /** The room's change came back (true: its members were told) or never will (false). */
  settle(roomId: string, isTold: boolean): void {
    this.#waiting.get(roomId)?.(isTold);
  }

  /** The subscription dropped: what was in flight on it is lost. */
  settleAll(): void {
    for (const settle of [...this.#waiting.values()]) settle(false);
  }
}
