// Chat texts and their history: a `text` is checked, stored (when the server
// keeps history) and only then delivered and acked, so what anyone saw is in
// the history; `get-history` reads pages back. A direct message is stored
// with its two parties, who alone may read it later. Without a store, texts
// are relayed at once, as Camus did. See docs/protocol-history.md.
import { ErrorCode, HISTORY_PAGE_DEFAULT, ROOM, type ClientFrameOf, type FrameId } from '../../shared/protocol.js';
import type { HistoryStore, NewMessage } from '../history/history-store.js';
import { toHistoryData } from '../history/history-wire.js';
import { HistoryWriter, type WriteOutcome } from '../history/history-writer.js';
import type { ChatClient } from './chat-client.js';
import type { ChatRoom } from './chat-room.js';
import type { Router } from './local-router.js';
import { OutgoingFrame } from './outgoing-frame.js';
import type { RemoteMember, RoomBus } from './room-bus.js';

/** A text message as it leaves the server: the seam where a history store records it. */
export interface TextMessage {
  roomId: string;
  sender: string;
  receiver: string;
  from: string;
  time: number;
  text: string;
  /** A direct message's receiver's name when it was sent (absent for the room). */
  to?: string;
}

export interface RoomTextsOptions {
  maxTextLength: number;
  maxUsernameLength: number;
  history: HistoryStore | undefined;
  bus: RoomBus | undefined;
  router: Router;
  now: () => number;
  /** The room, if it still has members here (a commit may end after the last one left). */
  roomOf: (roomId: string) => ChatRoom | undefined;
  /** Tells the client its frame was refused (and the manager's listeners). */
  fail: (client: ChatClient, code: ErrorCode, description: string, id?: FrameId) => void;
  /** A text was accepted: the manager's `text` event. */
  accepted: (message: TextMessage) => void;
  /** A text was delivered: counted with the relayed frames. */
  delivered: () => void;
  /** The store failed a write or a read. */
  storeFailed: (error: unknown) => void;
}

export class RoomTexts {
  readonly #writer: HistoryWriter | undefined;

  constructor(private readonly options: RoomTextsOptions) {
    if (options.history) this.#writer = new HistoryWriter(options.history, options.storeFailed);
  }

  handleText(room: ChatRoom, client: ChatClient, frame: ClientFrameOf<'text'>): void {
    const { options } = this;
    const text = frame.data.text;
    if (text.length > options.maxTextLength) {
      return options.fail(client, ErrorCode.TextTooLong, `text is ${text.length} characters; the limit is ${options.maxTextLength}`, frame.id);
    }
    if (text.trim() === '') return options.fail(client, ErrorCode.BadPayload, 'text is empty', frame.id);
    const isToRoom = frame.receiver === ROOM;
    const target = isToRoom ? undefined : (room.get(frame.receiver) ?? options.bus?.remoteMember(room.id, frame.receiver));
    if (!isToRoom && !target) {
      return options.fail(client, ErrorCode.UnknownReceiver, 'no client with that id in this room', frame.id);
    }
    // The server owns identity and time: `from` is the sender's profile name
    // when it has one, and `time` is the server's clock.
    const from = client.username || boundedUsername(frame.data.from ?? '', options.maxUsernameLength);
    const message: TextMessage = { roomId: room.id, sender: client.id, receiver: frame.receiver, from, time: options.now(), text };
    if (target) message.to = target.username;
    options.accepted(message);
    if (!this.#writer) return this.#deliver(room, client, message, frame.id);
    // Delivered and acked only once stored: what anyone saw is in the history.
    const stored = toNewMessage(message, client, target, frame.data.mid);
    this.#writer.write(stored, (outcome) => this.#handleStored(client, message, stored.mid, frame.id, outcome));
  }

  handleGetHistory(client: ChatClient, frame: ClientFrameOf<'get-history'>): void {
    const { history: store, fail, storeFailed } = this.options;
    if (!store) return fail(client, ErrorCode.HistoryOff, 'this server keeps no chat history', frame.id);
    const { before, after, limit = HISTORY_PAGE_DEFAULT } = frame.data ?? {};
    store.page({ room: client.roomId, before, after, limit, viewer: client.party }).then(
      (page) => client.sendFromServer('history', toHistoryData(page, client.party), frame.id),
      (error: unknown) => {
        storeFailed(error);
        fail(client, ErrorCode.HistoryUnavailable, 'the history could not be read', frame.id);
      },
    );
  }

  #handleStored(client: ChatClient, message: TextMessage, mid: string | undefined, id: FrameId | undefined, outcome: WriteOutcome): void {
    if (!outcome.ok) {
      this.options.storeFailed(outcome.error);
      return this.options.fail(client, ErrorCode.HistoryUnavailable, 'the message could not be stored, and was not delivered', id);
    }
    const { seq, time, isDuplicate } = outcome.result;
    // A duplicate mid was delivered when it was first stored: it is only acked again.
    const room = this.options.roomOf(message.roomId);
    if (!isDuplicate && room) this.#deliver(room, client, message, id, seq, mid);
    if (mid !== undefined) client.sendFromServer('ack', { mid, seq, time }, id);
  }

  #deliver(room: ChatRoom, client: ChatClient, message: TextMessage, id: FrameId | undefined, seq?: number, mid?: string): void {
    const { from, time, text, receiver, to } = message;
    // Encoded to bytes once, however many receive it.
    const payload = OutgoingFrame.ofText(JSON.stringify({ sender: client.id, receiver, type: 'text', data: { from, time, text, seq, mid, to }, id }));
    if (receiver === ROOM) {
      this.options.router.toRoom(room, payload);
    } else {
      this.options.router.toClient(room, receiver, payload);
      if (receiver !== client.id) client.sendRaw(payload); // the sender's confirmation
    }
    this.options.delivered();
  }
}

/** A text as the store keeps it: a direct message names both parties, who alone may read it later. */
function toNewMessage(message: TextMessage, client: ChatClient, target: ChatClient | RemoteMember | undefined, mid: string | undefined): NewMessage {
  const { roomId: room, sender, receiver, from, time, text } = message;
  const stored: NewMessage = { room, sender, receiver, from, time, text, senderParty: client.party };
  if (mid !== undefined) stored.mid = mid;
  if (target) stored.receiverParty = target.party;
  if (message.to !== undefined) stored.to = message.to;
  return stored;
}

/** Trims, and cuts to `max` characters without splitting a surrogate pair. */
export function boundedUsername(name: string, max: number): string {
  const trimmed = name.trim();
  if (trimmed.length <= max) return trimmed;
  return Array.from(trimmed).slice(0, max).join('').trim();
}
