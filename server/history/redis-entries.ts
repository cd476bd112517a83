// Messages to and from the Redis stream's entries. What Redis hands back is
// outside this process's control (another tool, another version of Parley),
// so it is checked field by field, like a row read from the SQLite file.
import type { AppendResult, NewMessage, StoredMessage } from './history-store.js';

export class BadEntryError extends Error {}

/** The stream fields of one message, as flat name/value pairs for XADD (see redis-scripts.ts). */
export function entryFields(message: NewMessage): string[] {
  const fields = ['t', String(message.time), 's', message.sender, 'r', message.receiver, 'f', message.from, 'x', message.text];
  if (message.mid !== undefined) fields.push('m', message.mid);
  if (message.senderParty !== undefined) fields.push('sp', message.senderParty);
  if (message.receiverParty !== undefined) fields.push('rp', message.receiverParty);
  if (message.to !== undefined) fields.push('to', message.to);
  return fields;
}

/** The APPEND script's answer: [seq, time, isDuplicate] per message. */
export function appendResults(reply: unknown, count: number): AppendResult[] {
  if (!Array.isArray(reply) || reply.length !== count * 3) throw new BadEntryError('the append script answered malformed');
  const items: unknown[] = reply;
  const results: AppendResult[] = [];
  for (let i = 0; i < items.length; i += 3) {
    const [seq, time, duplicate] = [items[i], items[i + 1], items[i + 2]];
    if (!isCount(seq) || !isCount(time) || (duplicate !== 0 && duplicate !== 1)) throw new BadEntryError('the append script answered malformed');
    results.push({ seq, time, isDuplicate: duplicate === 1 });
  }
  return results;
}

/** One stream entry, `[id, [name, value, ...]]`, as the message it stores. */
export function entryToMessage(entry: unknown, room: string): StoredMessage {
  if (!Array.isArray(entry) || entry.length !== 2) throw new BadEntryError('a stored entry is not [id, fields]');
  const parts: unknown[] = entry;
  const [id, list] = [parts[0], parts[1]];
  const seq = typeof id === 'string' ? Number(id.slice(0, id.indexOf('-'))) : NaN;
  if (!isCount(seq) || seq === 0) throw new BadEntryError('a stored entry has a bad id');
  if (!Array.isArray(list) || list.length % 2 !== 0) throw new BadEntryError('a stored entry has malformed fields');
  const pairs: unknown[] = list;
  const fields = new Map<string, string>();
  for (let i = 0; i < pairs.length; i += 2) {
    const [name, value] = [pairs[i], pairs[i + 1]];
    if (typeof name !== 'string' || typeof value !== 'string') throw new BadEntryError('a stored entry has a non-string field');
    fields.set(name, value);
  }
  const required = (name: string): string => {
    const value = fields.get(name);
    if (value === undefined) throw new BadEntryError(`a stored entry lacks ${name}`);
    return value;
  };
  const time = Number(required('t'));
  if (!isCount(time)) throw new BadEntryError('a stored entry has a bad time');
  const message: StoredMessage = { room, seq, time, sender: required('s'), receiver: required('r'), from: required('f'), text: required('x') };
  const optional: [keyof StoredMessage & ('mid' | 'senderParty' | 'receiverParty' | 'to'), string][] = [
    ['mid', 'm'],
    ['senderParty', 'sp'],
    ['receiverParty', 'rp'],
    ['to', 'to'],
  ];
  for (const [key, name] of optional) {
    const value = fields.get(name);
    if (value !== undefined) message[key] = value;
  }
  return message;
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}
