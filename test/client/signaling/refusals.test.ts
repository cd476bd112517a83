import { describe, expect, it } from 'vitest';
import { AppCloseCode, ErrorCode } from '../../../shared/protocol.js';
import { REFUSALS, isRefusalCode, refusalOfCloseCode } from '../../../client/signaling/refusals.js';
import { SignalerError, SignalerErrorCode } from '../../../client/signaling/signaler-events.js';

describe('refusals', () => {
  it('maps each refusal close code to its error code and back', () => {
    expect(refusalOfCloseCode(AppCloseCode.PasswordRequired)).toBe(ErrorCode.PasswordRequired);
    expect(refusalOfCloseCode(AppCloseCode.WrongPassword)).toBe(ErrorCode.WrongPassword);
    expect(refusalOfCloseCode(AppCloseCode.RoomFull)).toBe(ErrorCode.RoomFull);
    expect(refusalOfCloseCode(AppCloseCode.TooManyConnections)).toBe(ErrorCode.TooManyConnections);
    for (const [code, { closeCode }] of Object.entries(REFUSALS)) expect(refusalOfCloseCode(closeCode)).toBe(code);
  });

  it('is not fooled by close codes that are no refusal, or by prototype keys', () => {
    expect(refusalOfCloseCode(AppCloseCode.SessionReplaced)).toBeUndefined();
    expect(refusalOfCloseCode(1000)).toBeUndefined();
    expect(isRefusalCode('toString')).toBe(false);
    expect(isRefusalCode('__proto__')).toBe(false);
  });
});

describe('SignalerError.fromServer', () => {
  it('keeps a code the protocol defines', () => {
    const error = SignalerError.fromServer({ code: 'room-full', description: 'full' });
    expect([error.code, error.message]).toEqual(['room-full', 'full']);
  });

  it('files a code this client does not know under unknown-server-error, keeping it in the description', () => {
    const error = SignalerError.fromServer({ code: 'from-the-future', description: 'later' });
    expect([error.code, error.message]).toEqual([SignalerErrorCode.UnknownServerError, 'from-the-future: later']);
  });
});
