// What the lobby says when a join fails: each refusal the server explains
// with a close code (docs/protocol-reliability.md §1) in the user's words,
// and whether the room wants a password. Anything else means the server
// could not be reached.
import { SignalerError, type RefusalCode } from './signaler-events.js';

const WORDS: Record<RefusalCode, string> = {
  'password-required': 'This room is locked with a password. Enter it to join.',
  'wrong-password': 'Wrong password. Check it with whoever invited you, and try again.',
  'room-full': 'This room is full. Try again when someone leaves.',
  'too-many-connections': 'Too many connections from your network. Close other Parley tabs, then try again.',
};

const UNREACHABLE = 'Could not reach the server. Check your connection and try again.';

export interface JoinFailure {
  message: string;
  /** The lobby should ask for the room's password. */
  needsPassword: boolean;
}

export function explainJoinFailure(error: unknown): JoinFailure {
  const code = error instanceof SignalerError ? error.code : '';
  if (!isRefusal(code)) return { message: UNREACHABLE, needsPassword: false };
  return { message: WORDS[code], needsPassword: code === 'password-required' || code === 'wrong-password' };
}

function isRefusal(code: string): code is RefusalCode {
  return Object.hasOwn(WORDS, code);
}
