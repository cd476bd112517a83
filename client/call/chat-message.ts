// A chat message as the page shows it, and how one is made from a delivered
// `text` frame or a stored `history` message (docs/protocol-history.md).
import { ROOM, type HistoryMessage } from '../../shared/protocol.js';
import type { TextMessageData } from '../signaling/signaler-events.js';

/** A direct message's mark: "privately to Bob" (ours) or "privately from Bob". */
export interface PrivateMark {
  direction: 'to' | 'from';
  /** The other party's name at the time. */
  name: string;
  /** The other party's client id at the time (it may have changed since: see ChatLog.send). */
  peerId: string;
}

/** Where an own message stands: written, stored and acked, or refused / never acked. */
export type DeliveryState = 'sending' | 'sent' | 'failed';

export interface ChatMessage {
  /** Stable and unique in the log, so the UI can key on it. */
  key: string;
  /** The room's message counter; absent on a server without history, and on our messages not yet stored. */
  seq?: number;
  mid?: string;
  senderId: string;
  /** The sender's name, as the server stamped it. */
  from: string;
  /** Server time, ms since the epoch (our own clock while ours is sending). */
  time: number;
  text: string;
  isOwn: boolean;
  /** Set on our own messages. */
  state?: DeliveryState;
  /** Why an own message failed, in words. */
  failure?: string;
  /** Set on direct messages. */
  private?: PrivateMark;
  /** Came from the history: said before we joined (or paged back to), shown above the divider. */
  isEarlier: boolean;
}

/** A stored message, or one delivered live: what the ChatHistory orders. Its key is given there. */
export type StoredText = Omit<ChatMessage, 'key' | 'state' | 'failure'>;

/** A `text` frame as it was delivered to us. */
export function fromDelivered(
  frame: { sender: string; receiver: string; data: TextMessageData },
  selfId: string,
  nameOf: (id: string) => string | undefined,
): StoredText {
  const { sender, receiver, data } = frame;
  const isOwn = sender === selfId;
  const message: StoredText = { senderId: sender, from: data.from, time: data.time, text: data.text, isOwn, isEarlier: false };
  if (data.seq !== undefined) message.seq = data.seq;
  if (data.mid !== undefined) message.mid = data.mid;
  if (receiver !== ROOM) {
    message.private = isOwn ? { direction: 'to', name: nameOf(receiver) ?? '', peerId: receiver } : { direction: 'from', name: data.from, peerId: sender };
  }
  return message;
}

/** A message from a `history` page; `mine` says it is ours (same participant key). */
export function fromHistory(stored: HistoryMessage): StoredText {
  const isOwn = stored.mine === true;
  const message: StoredText = { seq: stored.seq, senderId: stored.sender, from: stored.from, time: stored.time, text: stored.text, isOwn, isEarlier: true };
  if (stored.mid !== undefined) message.mid = stored.mid;
  if (stored.receiver !== ROOM) {
    message.private = isOwn ? { direction: 'to', name: stored.to ?? '', peerId: stored.receiver } : { direction: 'from', name: stored.from, peerId: stored.sender };
  }
  return message;
}
