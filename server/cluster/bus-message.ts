// What nodes say to each other on Redis pub/sub, as bytes: a header of four
// newline-ended fields (sending node, kind, room, target), then the payload.
// A relayed frame's payload is the very bytes the sending node stamped, so
// the receiving node forwards them without parsing or re-encoding. Node ids,
// room names and client ids never contain a newline (ROOM_NAME_PATTERN, uuid).
import type { RemoteMember } from '../core/room-bus.js';

/**
 * - `room`: a frame for every member of the room but `target` (may be empty);
 * - `client`: a frame for the member `target` (sent on its node's channel);
 * - `joined` / `updated`: a member (payload: encodeMember) joined or renamed;
 * - `left`: the member `target` left (also published by Redis itself, in
 *   the name of a dead node, when a script reaps its members:
 *   presence-scripts.ts);
 * - `sync`: published by Redis itself (the REWRITE script) when the origin
 *   node wrote its members of the room again: re-read them;
 * - `taken`: published by Redis itself (the TAKE script, resume-scripts.ts) on
 *   the node channel of the node taking the member `target` over: frames for
 *   it that follow were published after the takeover, those before it are in
 *   the replay log the node was given;
 * - `lock`: published by Redis itself (the SET_LOCK script, presence-scripts.ts)
 *   on the room's channel when the member `target` locked or unlocked the
 *   room from inside the call (payload: encodeLockChange);
 * - `batch`: several `room` / `client` messages of one node, in order, built
 *   by the DELIVER_BATCH script (delivery-scripts.ts); room `*`, target
 *   empty, payload: each message as its byte length in decimal, a newline,
 *   then its bytes (decodeBatch).
 */
export type BusKind = 'room' | 'client' | 'joined' | 'updated' | 'left' | 'sync' | 'taken' | 'lock' | 'batch';

const KIND_CODES: Record<BusKind, string> = { room: 'r', client: 'c', joined: 'j', updated: 'u', left: 'l', sync: 's', taken: 't', lock: 'k', batch: 'b' };
const CODE_KINDS = new Map<string, BusKind>([
  ['r', 'room'],
  ['c', 'client'],
  ['j', 'joined'],
  ['u', 'updated'],
  ['l', 'left'],
  ['s', 'sync'],
  ['t', 'taken'],
  ['k', 'lock'],
  ['b', 'batch'],
]);

export interface BusMessage {
  origin: string;
  kind: BusKind;
  room: string;
  target: string;
  payload: Buffer;
}

const NEWLINE = 0x0a;

export function encodeBusMessage(origin: string, kind: BusKind, room: string, target: string, payload: Uint8Array | string): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload) : payload;
  return Buffer.concat([encodeBusHeader(origin, kind, room, target), body]);
}

/** The header alone: a script that publishes a frame and may also keep it (delivery-scripts.ts) joins the two itself. */
export function encodeBusHeader(origin: string, kind: BusKind, room: string, target: string): Buffer {
  return Buffer.from(`${origin}\n${KIND_CODES[kind]}\n${room}\n${target}\n`);
}

/** undefined for bytes that are not a bus message (another program on the channel). */
export function decodeBusMessage(bytes: Buffer): BusMessage | undefined {
  const fields: string[] = [];
  let start = 0;
  for (let i = 0; i < 4; i++) {
    const end = bytes.indexOf(NEWLINE, start);
    if (end < 0) return undefined;
    fields.push(bytes.toString('utf8', start, end));
    start = end + 1;
  }
  const [origin, code, room, target] = fields;
  const kind = CODE_KINDS.get(code ?? '');
  if (!origin || !kind || !room || target === undefined) return undefined;
  return { origin, kind, room, target, payload: bytes.subarray(start) };
}

/** The envelope of a batch: what DELIVER_BATCH puts before the messages. */
export function encodeBatchHeader(origin: string): Buffer {
  return encodeBusHeader(origin, 'batch', '*', '');
}

/** A batch's bytes from its messages: what the DELIVER_BATCH script builds in Redis (here for tests and benchmarks). */
export function encodeBatch(origin: string, messages: readonly Buffer[]): Buffer {
  const parts: Buffer[] = [encodeBatchHeader(origin)];
  for (const message of messages) parts.push(Buffer.from(`${message.length}\n`), message);
  return Buffer.concat(parts);
}

/** A length's digits: more than this is not a length a PUBLISH of ours could carry. */
const MAX_LENGTH_DIGITS = 9;

/**
 * The messages of a batch's payload, as views of its bytes (no copy), or
 * undefined if any length is not digits or runs past the end: the whole
 * batch is then dropped, since nothing after a bad length can be trusted.
 */
export function decodeBatch(payload: Buffer): Buffer[] | undefined {
  const messages: Buffer[] = [];
  let start = 0;
  while (start < payload.length) {
    const end = payload.indexOf(NEWLINE, start);
    if (end <= start || end - start > MAX_LENGTH_DIGITS) return undefined;
    let length = 0;
    for (let i = start; i < end; i++) {
      const digit = (payload[i] ?? 0) - 0x30;
      if (digit < 0 || digit > 9) return undefined;
      length = length * 10 + digit;
    }
    if (end + 1 + length > payload.length) return undefined;
    messages.push(payload.subarray(end + 1, end + 1 + length));
    start = end + 1 + length;
  }
  return messages.length > 0 ? messages : undefined;
}

/** A member as it is kept in Redis (the room's members hash) and announced: with the node that holds it. */
export interface StoredMember extends RemoteMember {
  node: string;
}

export function encodeMember({ id, username, party, node }: StoredMember): string {
  return JSON.stringify({ i: id, u: username, p: party, n: node });
}

/** undefined for anything that is not a member record (never trusted blindly: Redis is shared). */
export function decodeMember(text: string): StoredMember | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const id = 'i' in value ? value.i : undefined;
  const username = 'u' in value ? value.u : undefined;
  const party = 'p' in value ? value.p : undefined;
  const node = 'n' in value ? value.n : undefined;
  if (typeof id !== 'string' || typeof username !== 'string' || typeof party !== 'string' || typeof node !== 'string') return undefined;
  return { id, username, party, node };
}

/** A lock changed from inside the call: the lock as Redis now holds it ('' = open), and who changed it. */
export interface LockChange {
  lock: string;
  by: string;
  name: string;
}

export function encodeLockChange({ lock, by, name }: LockChange): string {
  return JSON.stringify({ l: lock, b: by, n: name });
}

/** undefined for anything that is not a lock change (another node's bytes are checked like a client's). */
export function decodeLockChange(text: string): LockChange | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const lock = 'l' in value ? value.l : undefined;
  const by = 'b' in value ? value.b : undefined;
  const name = 'n' in value ? value.n : undefined;
  if (typeof lock !== 'string' || typeof by !== 'string' || by === '' || typeof name !== 'string') return undefined;
  return { lock, by, name };
}
