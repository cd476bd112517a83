// The room's chat as this participant sees it: what was said before we
// joined (a history page, and older ones as the reader scrolls up), what is
// said now, and our own messages with their delivery state, each once and in
// the room's order; and how many arrived while the chat panel was hidden
// (direct messages included). The Manager says when we are in (the latest
// page is read then); the rest follows the Signaler: after a reconnect, our
// unacked messages go again with their mids and the gap is filled with
// `after` (docs/protocol-history.md).
import { ErrorCode, HISTORY_PAGE_MAX, ROOM } from '../../shared/protocol.js';
import { TypedEmitter } from '../../shared/typed-emitter.js';
import type { Signaler } from '../signaling/signaler.js';
import { SignalerError } from '../signaling/signaler-events.js';
import { ChatHistory } from './chat-history.js';
import { fromDelivered, fromHistory, type ChatMessage, type StoredText } from './chat-message.js';
import { Outbox, type OutboxOptions, type Outgoing, type PrivateTarget } from './outbox.js';

export type { ChatMessage, PrivateMark, DeliveryState } from './chat-message.js';
export type { PrivateTarget } from './outbox.js';

/** Messages the page shows on joining, and per page scrolled back. */
export const HISTORY_PAGE = 50;
/** Pages of HISTORY_PAGE_MAX a gap fill reads at most; a longer absence leaves the rest to paging. */
const MAX_GAP_PAGES = 10;

export interface ChatLogEvents extends Record<string, unknown> {
  /** Messages came, went or changed state; or paging changed. */
  change: undefined;
  /** The unread count changed. */
  unread: number;
  /** A message from someone else came live (not from the history): the call may preview it. */
  received: StoredText;
}

/** What the chat needs of the Signaler; tests give a real one on a fake socket. */
export type ChatLink = Pick<Signaler, 'id' | 'isOpen' | 'on' | 'sendText' | 'getHistory'>;

export interface ChatLogOptions extends Pick<OutboxOptions, 'ackTimeoutMs' | 'newMid' | 'now'> {
  /** Our name as we go by now, stamped on texts. */
  username?: () => string;
}

export class ChatLog extends TypedEmitter<ChatLogEvents> {
  readonly #link: ChatLink;
  readonly #username: () => string;
  readonly #history = new ChatHistory();
  readonly #outbox: Outbox;
  /** Who the room lists now: id → name, to address a direct message and to name its receiver. */
  #roster = new Map<string, string>();
  #messages: ChatMessage[] = [];
  #unread = 0;
  #isVisible = false;
  #isLoadingOlder = false;
  /** The server keeps no history (`history-off`): no pages, and a mid is not recognised. */
  #isHistoryOff = false;
  /** The first page has come: until then there is nothing to page back from or fill after. */
  #hasFirstPage = false;

  constructor(link: ChatLink, options: ChatLogOptions = {}) {
    super();
    this.#link = link;
    this.#username = options.username ?? (() => '');
    this.#outbox = new Outbox(
      {
        get isOpen() {
          return link.isOpen;
        },
        receiverFor: (to) => this.#receiverFor(to),
        send: (text, receiver, mid) => link.sendText(text, this.#username(), receiver, mid),
      },
      options,
    );
    this.#outbox.on('change', () => this.#refresh());
    link.on('room-info', (info) => (this.#roster = new Map(info.clients.map((c) => [c.id, c.username]))));
    link.on('text', (frame) => this.#onText(frame));
    link.on('ack', ({ mid }) => this.#outbox.handleSent(mid));
    link.on('server-error', ({ id, description }) => {
      if (typeof id === 'string') this.#outbox.handleError(id, description);
    });
    link.on('connection', ({ state }) => {
      if (state !== 'connected') this.#outbox.handleDrop();
    });
    link.on('resumed', () => this.#catchUp());
    link.on('rejoined', () => this.#catchUp());
    link.on('close', () => this.#outbox.handleClose());
  }

  /** Everything to show, oldest first: stored messages in the room's order, then ours still on their way. */
  get messages(): readonly ChatMessage[] {
    return this.#messages;
  }

  get unread(): number {
    return this.#unread;
  }

  get isVisible(): boolean {
    return this.#isVisible;
  }

  /** Whether older messages can be loaded (scrolling up). */
  get hasOlder(): boolean {
    return this.#history.hasOlder;
  }

  get isLoadingOlder(): boolean {
    return this.#isLoadingOlder;
  }

  /**
   * Writes a message to the room, or privately to `to`. It shows at once as
   * sending, and goes when the link is up. False for blank text.
   */
  send(text: string, to?: PrivateTarget): boolean {
    if (text.trim() === '') return false;
    this.#outbox.send(text, to);
    return true;
  }

  /** Whether a server `error` with this frame id is about one of our messages (the chat shows it there). */
  isAbout(id: unknown): boolean {
    return typeof id === 'string' && this.#outbox.messages.some((m) => m.mid === id);
  }

  /** Sends a failed message again, with the same mid. */
  retry(mid: string): void {
    this.#outbox.retry(mid);
  }

  /**
   * We are in the room: show what was said before. Called by the Manager once
   * the join is done, so the page's first render of the history does not
   * hold up the join's first peer connections.
   */
  handleJoined(): void {
    void this.#loadLatest();
  }

  /** Loads the page before the oldest message shown; nothing when there is none or one is on its way. */
  async loadOlder(): Promise<void> {
    const before = this.#history.oldestSeq;
    if (!this.#history.hasOlder || this.#isLoadingOlder || before === undefined || !this.#link.isOpen) return;
    this.#isLoadingOlder = true;
    this.#refresh();
    try {
      const page = await this.#link.getHistory({ before, limit: HISTORY_PAGE });
      this.#addPage(page.messages.map(fromHistory), page.has_more, 'back');
    } catch {
      // Dropped or refused: the next scroll up asks again.
    } finally {
      this.#isLoadingOlder = false;
      this.#refresh();
    }
  }

  /** The panel was shown or hidden; showing it reads everything. */
  setVisible(isVisible: boolean): void {
    this.#isVisible = isVisible;
    if (isVisible) this.#setUnread(0);
  }

  async #loadLatest(): Promise<void> {
    try {
      const page = await this.#link.getHistory({ limit: HISTORY_PAGE });
      this.#hasFirstPage = true;
      this.#addPage(page.messages.map(fromHistory), page.has_more, 'back');
      this.#refresh();
    } catch (error) {
      if (error instanceof SignalerError && error.code === ErrorCode.HistoryOff) this.#isHistoryOff = true;
      // Otherwise (dropped, store failing) the next reconnection tries again.
    }
  }

  /** Back after a drop: our unacked messages again, then what was said meanwhile. */
  #catchUp(): void {
    this.#outbox.handleReconnect({ isResendSafe: !this.#isHistoryOff });
    if (this.#isHistoryOff) return;
    if (!this.#hasFirstPage) return void this.#loadLatest();
    void this.#fillGap();
  }

  async #fillGap(): Promise<void> {
    try {
      for (let pages = 0; pages < MAX_GAP_PAGES; pages++) {
        const after = this.#history.newestSeq;
        const page = await this.#link.getHistory(after === undefined ? { limit: HISTORY_PAGE } : { after, limit: HISTORY_PAGE_MAX });
        const added = this.#addPage(
          page.messages.map((m) => ({ ...fromHistory(m), isEarlier: after === undefined })),
          page.has_more,
          after === undefined ? 'back' : 'forward',
        );
        this.#countUnread(added.filter((m) => !m.isOwn).length);
        this.#refresh();
        if (!page.has_more || after === undefined) return;
      }
    } catch {
      // Dropped again: the next reconnection fills from where this one got.
    }
  }

  /** Adds a page; any of ours on it is stored, whether or not its ack came. */
  #addPage(texts: StoredText[], hasMore: boolean, direction: 'back' | 'forward'): StoredText[] {
    const added = this.#history.addPage(texts, hasMore, direction);
    for (const m of added) if (m.isOwn && m.mid !== undefined) this.#outbox.handleSent(m.mid);
    return added;
  }

  #onText(frame: Parameters<typeof fromDelivered>[0] & { id?: string | number }): void {
    const text = fromDelivered(frame, this.#link.id, (id) => this.#roster.get(id));
    // Our echo confirms the message: by its mid, or on a server without history (which drops the mid) by the frame id we gave it.
    const mid = text.mid ?? (text.isOwn && typeof frame.id === 'string' ? frame.id : undefined);
    if (text.isOwn && mid !== undefined) {
      text.mid = mid;
      this.#outbox.handleSent(mid);
    }
    const isNew = this.#history.add(text) && !text.isOwn;
    if (isNew) this.#countUnread(1);
    this.#refresh();
    if (isNew) this.emit('received', text);
  }

  #receiverFor(to: PrivateTarget | undefined): string | undefined {
    if (!to) return ROOM;
    if (this.#roster.has(to.id)) return to.id;
    // They rejoined under a new id (or we did, and the id we knew is gone): the one member by that name.
    const named = [...this.#roster].filter(([id, name]) => name === to.name && id !== this.#link.id);
    return named.length === 1 ? named[0]![0] : undefined;
  }

  #refresh(): void {
    const stored = this.#history.messages;
    const pending = this.#outbox.messages.filter((m) => !this.#history.hasMid(m.mid)).map((m) => this.#pendingMessage(m));
    this.#messages = [...stored.map((m) => (m.isOwn ? { ...m, state: 'sent' as const } : m)), ...pending];
    this.emit('change', undefined);
  }

  #pendingMessage(m: Outgoing): ChatMessage {
    const message: ChatMessage = {
      key: `o${m.mid}`,
      mid: m.mid,
      senderId: this.#link.id,
      from: this.#username(),
      time: m.time,
      text: m.text,
      isOwn: true,
      state: m.state,
      isEarlier: false,
    };
    if (m.failure) message.failure = m.failure;
    if (m.to) message.private = { direction: 'to', name: m.to.name, peerId: m.to.id };
    return message;
  }

  #countUnread(count: number): void {
    if (count > 0 && !this.#isVisible) this.#setUnread(this.#unread + count);
  }

  #setUnread(count: number): void {
    if (count === this.#unread) return;
    this.#unread = count;
    this.emit('unread', count);
  }
}
