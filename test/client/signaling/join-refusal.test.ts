import { describe, expect, it } from 'vitest';
import { explainJoinFailure } from '../../../client/signaling/join-refusal.js';
import { SignalerError, SignalerErrorCode } from '../../../client/signaling/signaler-events.js';

describe('explainJoinFailure', () => {
  it('asks for the password after password-required and wrong-password', () => {
    expect(explainJoinFailure(new SignalerError('password-required', 'x'))).toEqual({
      message: expect.stringMatching(/locked with a password/),
      needsPassword: true,
      isRoomInUse: false,
    });
    expect(explainJoinFailure(new SignalerError('wrong-password', 'x'))).toEqual({
      message: expect.stringMatching(/^Wrong password/),
      needsPassword: true,
      isRoomInUse: false,
    });
  });

  it('says a full room or too many connections in words, without asking for a password', () => {
    expect(explainJoinFailure(new SignalerError('room-full', 'x'))).toEqual({ message: expect.stringMatching(/room is full/), needsPassword: false, isRoomInUse: false });
    expect(explainJoinFailure(new SignalerError('too-many-connections', 'x'))).toEqual({
      message: expect.stringMatching(/Too many connections/),
      needsPassword: false,
      isRoomInUse: false,
    });
  });

  it('says a password could not be set in a room already in use, and stops offering the lock', () => {
    expect(explainJoinFailure(new SignalerError('room-not-empty', 'x'))).toEqual({
      message: expect.stringMatching(/Someone is already in this room, so your password was not set/),
      needsPassword: false,
      isRoomInUse: true,
    });
  });

  it('takes anything else for an unreachable server', () => {
    for (const error of [
      new SignalerError(SignalerErrorCode.ConnectFailed, 'x'),
      SignalerError.fromServer({ code: 'toString', description: 'x' }),
      new Error('boom'),
      undefined,
    ]) {
      expect(explainJoinFailure(error)).toEqual({ message: expect.stringMatching(/Could not reach the server/), needsPassword: false, isRoomInUse: false });
    }
  });
});
