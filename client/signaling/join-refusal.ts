// What the lobby says when a join fails: each refusal the server explains
// with a close code in the user's words (refusals.ts), and whether the room
// wants a password. Anything else means the server could not be reached.
import { REFUSALS, isRefusalCode } from './refusals.js';
import { SignalerError } from './signaler-events.js';

const UNREACHABLE = 'Could not reach the server. Check your connection and try again.';

export interface JoinFailure {
  message: string;
  /** The lobby should ask for the room's password. */
  needsPassword: boolean;
  /** The lobby should stop offering the lock: the room has people in it. */
  isRoomInUse: boolean;
}

export function explainJoinFailure(error: unknown): JoinFailure {
  const code = error instanceof SignalerError ? error.code : '';
  if (!isRefusalCode(code)) return { message: UNREACHABLE, needsPassword: false, isRoomInUse: false };
  const { sentence, needsPassword, isRoomInUse = false } = REFUSALS[code];
  return { message: sentence, needsPassword, isRoomInUse };
}
