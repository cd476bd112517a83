import { describe, expect, it } from 'vitest';
import { RoomPasswords, hashPassword, verifyPassword, type PasswordHash } from '../../../server/admission/room-passwords.js';

// Cheap scrypt settings keep the tests fast; production uses DEFAULT_SCRYPT.
const CHEAP = { N: 1024, r: 8, p: 1 };

describe('password hashing', () => {
  it('stores a salted hash, never the password, and verifies it', async () => {
    const a = await hashPassword('hunter2', CHEAP);
    const b = await hashPassword('hunter2', CHEAP);
    expect(a.hash.toString('utf8')).not.toContain('hunter2');
    expect(a.salt.equals(b.salt)).toBe(false);
    expect(a.hash.equals(b.hash)).toBe(false);
    expect(await verifyPassword(a, 'hunter2', CHEAP)).toBe(true);
    expect(await verifyPassword(a, 'hunter3', CHEAP)).toBe(false);
  });

  it('treats the two Unicode spellings of a password as one', async () => {
    const record = await hashPassword('caf\u00e9', CHEAP);
    expect(await verifyPassword(record, 'cafe\u0301', CHEAP)).toBe(true);
  });
});

describe('RoomPasswords', () => {
  it('lets the first joiner of an empty room set the password, and later joiners must give it', async () => {
    const passwords = new RoomPasswords(CHEAP);
    expect(await passwords.check('r', 'sesame', () => true)).toBe('set');
    expect(await passwords.check('r', undefined, () => false)).toBe('required');
    expect(await passwords.check('r', 'wrong', () => false)).toBe('wrong');
    expect(await passwords.check('r', 'sesame', () => false)).toBe('ok');
  });

  // Guards issue 14: Bob's password to a busy open room was dropped without a word, and Carol walked in.
  it('refuses, rather than ignores, a password given to a room that already has members and none', async () => {
    const passwords = new RoomPasswords(CHEAP);
    expect(await passwords.check('r', 'late', () => false)).toBe('not-empty');
    expect(passwords.has('r')).toBe(false);
    expect(await passwords.check('r', undefined, () => false)).toBe('open');
  });

  it('lets a member lock a room that has people in it, and unlock it again', async () => {
    const passwords = new RoomPasswords(CHEAP);
    expect(await passwords.isLocked('r')).toBe(false);
    await passwords.lock('r', 'inside');
    expect(await passwords.isLocked('r')).toBe(true);
    expect(await passwords.check('r', undefined, () => false)).toBe('required');
    expect(await passwords.check('r', 'inside', () => false)).toBe('ok');
    await passwords.lock('r', 'changed');
    expect(await passwords.check('r', 'inside', () => false)).toBe('wrong');
    await passwords.unlock('r');
    expect(await passwords.isLocked('r')).toBe(false);
    expect(await passwords.check('r', undefined, () => false)).toBe('open');
  });

  // Guards the race of a joiner checked against the old lock while a member changes it.
  it('checks a joiner in progress against a lock set or lifted meanwhile', async () => {
    const passwords = new RoomPasswords(CHEAP);
    await passwords.lock('r', 'old');
    const joining = passwords.check('r', 'old', () => false);
    const relocked = passwords.lock('r', 'new');
    expect(await joining).toBe('wrong');
    await relocked;
    const joiningOpen = passwords.check('r', undefined, () => false);
    const unlocked = passwords.unlock('r');
    expect(await joiningOpen).toBe('open');
    await unlocked;
  });

  // Guards against a race: a second joiner must not slip in while the first one's hash is computed.
  it('makes a joiner arriving while the first one is still hashing give the password', async () => {
    const passwords = new RoomPasswords(CHEAP);
    const first = passwords.check('r', 'sesame', () => true);
    const second = passwords.check('r', undefined, () => true);
    const third = passwords.check('r', 'sesame', () => true);
    expect(await Promise.all([first, second, third])).toEqual(['set', 'required', 'ok']);
  });

  it('forgets the password when told the room emptied', async () => {
    const passwords = new RoomPasswords(CHEAP);
    await passwords.check('r', 'sesame', () => true);
    passwords.forget('r');
    expect(passwords.size).toBe(0);
    expect(await passwords.check('r', undefined, () => true)).toBe('open');
  });
});

describe('RoomPasswords with stored locks', () => {
  // Guards a bug found by the bench: nine joiners arriving at once at an open
  // room with a store each saw the others drop the room's "open" record, took
  // it for a password set meanwhile, retried, and ended up refused as `wrong`.
  it('lets many joiners without a password into an open room at once', async () => {
    const locks = { lockOf: () => Promise.resolve(undefined), setLock: () => Promise.resolve(), clearLock: () => Promise.resolve() };
    const passwords = new RoomPasswords(CHEAP, locks);
    const verdicts = await Promise.all(Array.from({ length: 9 }, () => passwords.check('room', undefined, () => false)));
    expect(verdicts).toEqual(Array(9).fill('open'));
  });

  it('stores a lock set from inside the call, clears it on unlock, and reports it without keeping it in memory', async () => {
    let stored: PasswordHash | undefined;
    const locks = {
      lockOf: () => Promise.resolve(stored),
      setLock: (_room: string, lock: PasswordHash) => Promise.resolve(void (stored = lock)),
      clearLock: () => Promise.resolve(void (stored = undefined)),
    };
    const passwords = new RoomPasswords(CHEAP, locks);
    await passwords.lock('room', 'pw');
    expect(stored).toBeDefined();
    passwords.forget('room');
    expect(await passwords.isLocked('room')).toBe(true);
    expect(passwords.has('room')).toBe(false);
    expect(await passwords.check('room', 'pw', () => true)).toBe('ok');
    await passwords.unlock('room');
    expect(stored).toBeUndefined();
    passwords.forget('room');
    expect(await passwords.isLocked('room')).toBe(false);
  });

  it('keeps the room as it was when the store cannot take the lock', async () => {
    const locks = { lockOf: () => Promise.resolve(undefined), setLock: () => Promise.reject(new Error('disk')), clearLock: () => Promise.resolve() };
    const passwords = new RoomPasswords(CHEAP, locks);
    await expect(passwords.lock('room', 'pw')).rejects.toThrow('disk');
    expect(await passwords.isLocked('room')).toBe(false);
    expect(await passwords.check('room', undefined, () => false)).toBe('open');
  });

  it('still holds a stored lock against joiners who arrive at once', async () => {
    const lock = await hashPassword('pw', CHEAP);
    const locks = { lockOf: () => Promise.resolve(lock), setLock: () => Promise.resolve(), clearLock: () => Promise.resolve() };
    const passwords = new RoomPasswords(CHEAP, locks);
    const verdicts = await Promise.all([undefined, 'pw', 'nope', undefined].map((password) => passwords.check('room', password, () => true)));
    expect(verdicts).toEqual(['required', 'ok', 'wrong', 'required']);
  });
});
