import { describe, expect, it } from 'vitest';
import { RoomLock, type LockSignaler, type RoomLockState } from '../../../client/call/room-lock.js';
import type { SignalerEvents } from '../../../client/signaling/signaler-events.js';
import type { RoomLockData } from '../../../shared/protocol.js';
import { TypedEmitter } from '../../../shared/typed-emitter.js';

/** The Signaler's part RoomLock uses: the test plays the server's answers. */
class FakeSignaler extends TypedEmitter<SignalerEvents> implements LockSignaler {
  id = 'me';
  rejoinPassword: string | undefined = 'joined-with';
  readonly asked: (string | undefined)[] = [];
  answer: (password: string | undefined) => Promise<RoomLockData> = (password) => {
    const data = { locked: password !== undefined, changed: true, by: this.id, name: 'Me' };
    this.emit('room-lock', data);
    return Promise.resolve(data);
  };

  setLock(password: string | undefined): Promise<RoomLockData> {
    this.asked.push(password);
    return this.answer(password);
  }

  setRejoinPassword(password: string | undefined): void {
    this.rejoinPassword = password;
  }

  /** What the server's frames become: a Signaler event. */
  override emit<K extends keyof SignalerEvents>(event: K, payload: SignalerEvents[K]): void {
    super.emit(event, payload);
  }
}

function changes(lock: RoomLock): (RoomLockState & { isNews: boolean })[] {
  const seen: (RoomLockState & { isNews: boolean })[] = [];
  lock.on('change', (change) => seen.push(change));
  return seen;
}

describe('RoomLock', () => {
  it('takes the state found on joining quietly, and a member’s change as news with their name', () => {
    const signaler = new FakeSignaler();
    const lock = new RoomLock(signaler);
    const seen = changes(lock);
    signaler.emit('room-lock', { locked: true, changed: false, by: 'bob', name: 'Bob' });
    signaler.emit('room-lock', { locked: false, changed: true, by: 'carol', name: 'Carol' });
    expect(seen).toEqual([
      { isLocked: true, byName: 'Bob', isByMe: false, isNews: false },
      { isLocked: false, byName: 'Carol', isByMe: false, isNews: true },
    ]);
    expect(lock.state).toEqual({ isLocked: false, byName: 'Carol', isByMe: false });
  });

  it('keeps the password a fresh rejoin gives in step with the room’s', async () => {
    const signaler = new FakeSignaler();
    const lock = new RoomLock(signaler);
    // The lock found on joining is the one we gave the password of.
    signaler.emit('room-lock', { locked: true, changed: false, by: 'bob', name: 'Bob' });
    expect(signaler.rejoinPassword).toBe('joined-with');
    await lock.lock('ours');
    expect(signaler.asked).toEqual(['ours']);
    expect(signaler.rejoinPassword).toBe('ours');
    expect(lock.state).toEqual({ isLocked: true, byName: 'Me', isByMe: true });
    // Someone else's password: we do not know it.
    signaler.emit('room-lock', { locked: true, changed: true, by: 'bob', name: 'Bob' });
    expect(signaler.rejoinPassword).toBeUndefined();
    await lock.lock('again');
    await lock.unlock();
    expect(signaler.asked).toEqual(['ours', 'again', undefined]);
    expect(signaler.rejoinPassword).toBeUndefined();
  });

  it('rejects with the server’s error and changes nothing', async () => {
    const signaler = new FakeSignaler();
    signaler.answer = () => Promise.reject(new Error('history-unavailable'));
    const lock = new RoomLock(signaler);
    await expect(lock.lock('pw')).rejects.toThrow('history-unavailable');
    expect(signaler.rejoinPassword).toBe('joined-with');
    expect(lock.state.isLocked).toBe(false);
  });

  it('forgets the lock on a fresh rejoin (the server tells it again if it still holds), and stops listening when disposed', () => {
    const signaler = new FakeSignaler();
    const lock = new RoomLock(signaler);
    signaler.emit('room-lock', { locked: true, changed: false });
    signaler.emit('rejoined', { id: 'me2', previousId: 'me' });
    expect(lock.state.isLocked).toBe(false);
    lock.dispose();
    signaler.emit('room-lock', { locked: true, changed: true, by: 'x', name: 'X' });
    expect(lock.state.isLocked).toBe(false);
  });
});
