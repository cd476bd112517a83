// Rows read back from the SQLite file are checked, field by field, before
// they become StoredMessages: the file is outside this process's control
// (another tool, a bad disk), so it is a boundary like a socket frame.
import type { StoredMessage } from './history-store.js';

export interface StoredLock {
  salt: Uint8Array;
  hash: Uint8Array;
}

export class BadRowError extends Error {}

type Row = Record<string, unknown>;

function isRow(row: unknown): row is Row {
  return typeof row === 'object' && row !== null;
}

function text(row: Row, key: string): string {
  const value = row[key];
  if (typeof value !== 'string') throw new BadRowError(`stored message has a bad ${key}`);
  return value;
}

function optionalText(row: Row, key: string): string | undefined {
  const value = row[key];
  if (value === null || value === undefined) return undefined;
  if (typeof value !== 'string') throw new BadRowError(`stored message has a bad ${key}`);
  return value;
}

function integer(row: Row, key: string): number {
  const value = row[key];
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw new BadRowError(`stored message has a bad ${key}`);
  return value;
}

export function rowToMessage(row: unknown, room: string): StoredMessage {
  if (!isRow(row)) throw new BadRowError('stored message is not a row');
  const message: StoredMessage = {
    room,
    seq: integer(row, 'seq'),
    time: integer(row, 'time'),
    sender: text(row, 'sender'),
    receiver: text(row, 'receiver'),
    from: text(row, 'from_name'),
    text: text(row, 'text'),
  };
  const mid = optionalText(row, 'mid');
  const senderParty = optionalText(row, 'sender_party');
  const receiverParty = optionalText(row, 'receiver_party');
  const to = optionalText(row, 'to_name');
  if (mid !== undefined) message.mid = mid;
  if (senderParty !== undefined) message.senderParty = senderParty;
  if (receiverParty !== undefined) message.receiverParty = receiverParty;
  if (to !== undefined) message.to = to;
  return message;
}

/** A room's lock, or undefined when it has none. */
export function rowToLock(row: unknown): StoredLock | undefined {
  if (!isRow(row)) throw new BadRowError('stored room is not a row');
  const { lock_salt: salt, lock_hash: hash } = row;
  if (salt === null && hash === null) return undefined;
  if (!(salt instanceof Uint8Array) || !(hash instanceof Uint8Array)) throw new BadRowError('stored room lock is malformed');
  return { salt, hash };
}
