// Clients for the history benchmarks: texts with a mid, sent to a room and
// counted when their ack comes back. Acks and history pages are recognised
// by a byte search, so the generator stays cheap next to the server.
import { connectAll, type LoadClient } from '../clients/load-client.js';
import { camus } from '../clients/wire-protocols.js';
import { FrameTemplate } from '../lib/frame-template.js';

/** A typical chat line, ~60 characters. */
const TEXT = 'Sounds good, I will share my screen in a minute or two. Ok?';

export const textTemplate = new FrameTemplate((seq) => JSON.stringify({ receiver: 'room', type: 'text', data: { text: TEXT, mid: `b${seq}` } }));

const ACK = Buffer.from('"type":"ack"');
const MID = Buffer.from('"mid":"b');

export function isAck(bytes: Buffer): boolean {
  return bytes.includes(ACK);
}

/** The seq inside an ack's `"mid":"b<seq>"`, or -1. */
export function ackedSeq(bytes: Buffer): number {
  const at = bytes.indexOf(MID);
  if (at < 0) return -1;
  let value = 0;
  for (let i = at + MID.length; i < bytes.length; i++) {
    const c = bytes[i]!;
    if (c < 48 || c > 57) break;
    value = value * 10 + (c - 48);
  }
  return value;
}

/** `rooms` rooms of two: a sender (even index) and a listener (odd) in each. */
export async function textRooms(port: number, prefix: string, rooms: number): Promise<{ senders: LoadClient[]; all: LoadClient[] }> {
  const all = await connectAll(
    camus,
    port,
    Array.from({ length: rooms * 2 }, (_, i) => `${prefix}-${i >> 1}`),
  );
  return { senders: all.filter((_, i) => i % 2 === 0), all };
}

/** Shared sequence numbers, so that every mid in one run is unique. */
export class SeqSource {
  #next = 1;
  take(): number {
    return this.#next++;
  }
}
