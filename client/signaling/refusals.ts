// The one table of refusals: each reason the server turns a join away with an
// application close code (docs/protocol-reliability.md §1), with the words the
// call uses in a sentence and the words the lobby shows.
import { AppCloseCode, ErrorCode } from '../../shared/protocol.js';

export type RefusalCode =
  typeof ErrorCode.PasswordRequired | typeof ErrorCode.WrongPassword | typeof ErrorCode.RoomFull | typeof ErrorCode.TooManyConnections | typeof ErrorCode.RoomNotEmpty;

interface RefusalWords {
  closeCode: AppCloseCode;
  /** A fallback for a refusal whose `error` frame was not read, to go in a sentence ("Could not get back in: …"). */
  short: string;
  /** What the lobby shows. */
  sentence: string;
  /** The lobby should ask for the room's password. */
  needsPassword: boolean;
  /** The lobby should stop offering to lock the room: someone is in it. */
  isRoomInUse?: boolean;
}

export const REFUSALS: Readonly<Record<RefusalCode, RefusalWords>> = {
  'password-required': {
    closeCode: AppCloseCode.PasswordRequired,
    short: 'the room has a password',
    sentence: 'This room is locked with a password. Enter it to join.',
    needsPassword: true,
  },
  'wrong-password': {
    closeCode: AppCloseCode.WrongPassword,
    short: 'wrong password',
    sentence: 'Wrong password. Check it with whoever invited you, and try again.',
    needsPassword: true,
  },
  'room-full': {
    closeCode: AppCloseCode.RoomFull,
    short: 'the room is full',
    sentence: 'This room is full. Try again when someone leaves.',
    needsPassword: false,
  },
  'too-many-connections': {
    closeCode: AppCloseCode.TooManyConnections,
    short: 'too many connections from this address',
    sentence: 'Too many connections from your network. Close other Parley tabs, then try again.',
    needsPassword: false,
  },
  'room-not-empty': {
    closeCode: AppCloseCode.RoomNotEmpty,
    short: 'the room has people in it and no password, so ours was not set',
    sentence: 'Someone is already in this room, so your password was not set and you did not join. Join without one; you can lock the room from inside the call.',
    needsPassword: false,
    isRoomInUse: true,
  },
};

const BY_CLOSE_CODE: ReadonlyMap<number, RefusalCode> = new Map(Object.entries(REFUSALS).map(([code, { closeCode }]) => [closeCode, code as RefusalCode]));

/** The refusal a close code stands for, if it is one. */
export function refusalOfCloseCode(closeCode: number): RefusalCode | undefined {
  return BY_CLOSE_CODE.get(closeCode);
}

export function isRefusalCode(code: string): code is RefusalCode {
  return Object.hasOwn(REFUSALS, code);
}
