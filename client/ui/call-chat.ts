// The chat as the call view shows it: the messages and their paging state
// from the Manager's ChatLog (client/call/chat-log.ts), the unread count for
// the Chat button, and whom the field writes to privately. A
// ReactiveController, so call-view.ts only renders what it holds.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ChatMessage, PrivateTarget } from '../call/chat-log.js';
import type { Manager } from '../call/manager.js';

export interface ChatHost extends ReactiveControllerHost {
  readonly manager: Manager;
}

export class CallChat implements ReactiveController {
  messages: readonly ChatMessage[] = [];
  /** Older messages remain on the server. */
  hasOlder = false;
  isLoadingOlder = false;
  unread = 0;
  /** Whom the chat writes to privately; undefined: everyone. */
  target: PrivateTarget | undefined;
  readonly #host: ChatHost;
  #offs: (() => void)[] = [];

  constructor(host: ChatHost) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected(): void {
    const chat = this.#host.manager.chat;
    this.#show();
    this.#offs = [
      chat.on('change', () => this.#show()),
      chat.on('unread', (n) => {
        this.unread = n;
        this.#host.requestUpdate();
      }),
    ];
  }

  hostDisconnected(): void {
    for (const off of this.#offs) off();
  }

  /** Writes privately to `target` from now on (undefined: to everyone). */
  setTarget(target: PrivateTarget | undefined): void {
    this.target = target;
    this.#host.requestUpdate();
  }

  #show(): void {
    const chat = this.#host.manager.chat;
    this.messages = chat.messages;
    this.hasOlder = chat.hasOlder;
    this.isLoadingOlder = chat.isLoadingOlder;
    this.#host.requestUpdate();
  }
}
