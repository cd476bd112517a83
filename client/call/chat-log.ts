// The room's chat as this participant has seen it: the messages in order, and
// how many arrived while the chat panel was hidden.
import { TypedEmitter } from '../../shared/typed-emitter.js';

export interface ChatMessage {
  /** Position in the log; stable, so the UI can key on it. */
  seq: number;
  senderId: string;
  /** The sender's name, as the server stamped it. */
  from: string;
  /** Server time, ms since the epoch. */
  time: number;
  text: string;
  isOwn: boolean;
}

export interface ChatLogEvents extends Record<string, unknown> {
  message: ChatMessage;
  /** The unread count changed. */
  unread: number;
}

export class ChatLog extends TypedEmitter<ChatLogEvents> {
  readonly messages: ChatMessage[] = [];
  #unread = 0;
  #isVisible = false;

  get unread(): number {
    return this.#unread;
  }

  get isVisible(): boolean {
    return this.#isVisible;
  }

  add(message: Omit<ChatMessage, 'seq'>): ChatMessage {
    const entry = { ...message, seq: this.messages.length };
    this.messages.push(entry);
    this.emit('message', entry);
    if (!this.#isVisible && !entry.isOwn) this.#setUnread(this.#unread + 1);
    return entry;
  }

  /** The panel was shown or hidden; showing it reads everything. */
  setVisible(isVisible: boolean): void {
    this.#isVisible = isVisible;
    if (isVisible) this.#setUnread(0);
  }

  #setUnread(count: number): void {
    if (count === this.#unread) return;
    this.#unread = count;
    this.emit('unread', count);
  }
}
